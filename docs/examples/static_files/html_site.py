"""A static site at the root path: index.html for folders, 404.html for pages that do not exist."""

from pathlib import Path

from starlite import Starlite, StaticFilesConfig, get
from starlite.testing import TestClient

SITE = Path(__file__).parent / "site"


@get("/api/status")
def status() -> dict[str, str]:
    return {"status": "ok"}


# Handlers registered on the app answer first; every other path is looked up in the site folder.
app = Starlite(
    route_handlers=[status],
    static_files_config=StaticFilesConfig(path="/", directories=[SITE], html_mode=True),
)


def test_folders_are_answered_with_their_index() -> None:
    with TestClient(app=app) as client:
        assert "<h1>Welcome</h1>" in client.get("/").text
        assert "<h1>The guide</h1>" in client.get("/guide/").text
        assert client.get("/api/status").json() == {"status": "ok"}


def test_a_page_that_does_not_exist_gets_the_404_page() -> None:
    with TestClient(app=app) as client:
        response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "This page does not exist" in response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
