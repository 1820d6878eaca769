"""Serving a folder of assets under /static, and linking to them by name."""

from pathlib import Path

from starlite import MediaType, Request, Starlite, StaticFilesConfig, get
from starlite.testing import TestClient

ASSETS = Path(__file__).parent / "assets"


@get("/", media_type=MediaType.HTML)
def home(request: Request) -> str:
    # An absolute URL, built from the request's own scheme, host and root path.
    stylesheet = request.url_for_static_asset("assets", "css/site.css")
    return f'<link rel="stylesheet" href="{stylesheet}"><h1>Home</h1>'


app = Starlite(
    route_handlers=[home],
    static_files_config=StaticFilesConfig(path="/static", directories=[ASSETS], name="assets"),
)


def test_the_page_links_to_the_stylesheet() -> None:
    assert app.url_for_static_asset("assets", "css/site.css") == "/static/css/site.css"
    with TestClient(app=app) as client:
        page = client.get("/")
        assert 'href="http://testserver.local/static/css/site.css"' in page.text
        css = client.get("/static/css/site.css")
    assert css.status_code == 200
    assert css.headers["content-type"] == "text/css; charset=utf-8"
    assert css.headers["content-disposition"] == 'inline; filename="site.css"'


def test_a_browser_revalidates_with_the_etag() -> None:
    with TestClient(app=app) as client:
        first = client.get("/static/app.js")
        again = client.get("/static/app.js", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_a_video_player_asks_for_a_range() -> None:
    with TestClient(app=app) as client:
        part = client.get("/static/app.js", headers={"Range": "bytes=0-10"})
    assert part.status_code == 206
    assert part.text == "console.log"
    assert part.headers["content-range"].startswith("bytes 0-10/")


def test_a_missing_file_and_a_way_out_are_404() -> None:
    with TestClient(app=app) as client:
        assert client.get("/static/css/missing.css").status_code == 404
        assert client.get("/static/%2e%2e/serving_assets.py").status_code == 404
