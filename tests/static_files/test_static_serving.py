"""Serving files: several configs and directories, HTML mode, dispositions, methods, guards, names."""

from __future__ import annotations

import gzip
import logging
from pathlib import Path
from typing import Any

import pytest

from starlite import (
    ASGIConnection,
    MediaType,
    NoRouteMatchFoundException,
    NotAuthorizedException,
    Request,
    Response,
    Starlite,
    get,
)
from starlite.config import StaticFilesConfig
from starlite.testing import create_test_client


@pytest.fixture()
def assets(tmp_path: Path) -> Path:
    root = tmp_path / "assets"
    (root / "css").mkdir(parents=True)
    (root / "css" / "site.css").write_text("body { margin: 0 }")
    (root / "hello.txt").write_text("hello")
    return root


def test_a_file_is_served_with_its_media_type_inline(assets: Path) -> None:
    config = StaticFilesConfig(path="/static", directories=[assets])
    with create_test_client([], static_files_config=config) as client:
        response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert response.text == "body { margin: 0 }"
    assert response.headers["content-type"] == "text/css; charset=utf-8"
    assert response.headers["content-disposition"] == 'inline; filename="site.css"'
    assert response.headers["content-length"] == str(len("body { margin: 0 }"))


def test_send_as_attachment(assets: Path) -> None:
    config = StaticFilesConfig(path="/static", directories=[assets], send_as_attachment=True)
    with create_test_client([], static_files_config=config) as client:
        response = client.get("/static/hello.txt")
    assert response.headers["content-disposition"] == 'attachment; filename="hello.txt"'


def test_several_configs_each_serve_their_directory(tmp_path: Path) -> None:
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "same.txt").write_text(name)
    configs = [
        StaticFilesConfig(path="/one", directories=[tmp_path / "one"]),
        StaticFilesConfig(path="/two", directories=[tmp_path / "two"]),
    ]
    with create_test_client([], static_files_config=configs) as client:
        assert client.get("/one/same.txt").text == "one"
        assert client.get("/two/same.txt").text == "two"


def test_the_first_directory_holding_the_file_serves_it(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "both.txt").write_text("first")
    (second / "both.txt").write_text("second")
    (second / "only.txt").write_text("only in second")
    config = StaticFilesConfig(path="/static", directories=[first, second])
    with create_test_client([], static_files_config=config) as client:
        assert client.get("/static/both.txt").text == "first"
        assert client.get("/static/only.txt").text == "only in second"


def test_a_missing_file_is_a_json_404_naming_the_path(assets: Path) -> None:
    config = StaticFilesConfig(path="/static", directories=[assets])
    with create_test_client([], static_files_config=config) as client:
        response = client.get("/static/css/missing.css")
    assert response.status_code == 404
    assert response.json() == {
        "status_code": 404,
        "detail": "no file or directory match the path css/missing.css was found",
    }


def test_a_directory_is_404_outside_html_mode(assets: Path) -> None:
    config = StaticFilesConfig(path="/static", directories=[assets])
    with create_test_client([], static_files_config=config) as client:
        assert client.get("/static/css").status_code == 404
        assert client.get("/static").status_code == 404


def test_html_mode_serves_index_html_for_directories(assets: Path) -> None:
    (assets / "index.html").write_text("<h1>home</h1>")
    (assets / "css" / "index.html").write_text("<h1>css</h1>")
    config = StaticFilesConfig(path="/site", directories=[assets], html_mode=True)
    with create_test_client([], static_files_config=config) as client:
        for path in ("/site", "/site/"):
            response = client.get(path)
            assert response.status_code == 200
            assert response.text == "<h1>home</h1>"
            assert response.headers["content-type"] == "text/html; charset=utf-8"
            assert response.headers["content-disposition"] == 'inline; filename="index.html"'
        assert client.get("/site/css/").text == "<h1>css</h1>"
        assert client.get("/site/css/site.css").text == "body { margin: 0 }"


def test_html_mode_at_the_root_path(assets: Path) -> None:
    (assets / "index.html").write_text("root")

    @get("/api", media_type=MediaType.TEXT)
    def api() -> str:
        return "api"

    config = StaticFilesConfig(path="/", directories=[assets], html_mode=True)
    with create_test_client([api], static_files_config=config) as client:
        assert client.get("/").text == "root"
        assert client.get("/hello.txt").text == "hello"
        assert client.get("/api").text == "api"


def test_html_mode_serves_404_html_with_status_404(assets: Path) -> None:
    (assets / "404.html").write_text("<p>lost</p>")
    config = StaticFilesConfig(path="/site", directories=[assets], html_mode=True)
    with create_test_client([], static_files_config=config) as client:
        for path in ("/site/nowhere.html", "/site/css"):  # a miss, and a directory without index.html
            response = client.get(path)
            assert response.status_code == 404
            assert response.text == "<p>lost</p>"
            assert response.headers["content-type"] == "text/html; charset=utf-8"
        head = client.head("/site/nowhere.html")
    assert head.status_code == 404
    assert head.content == b""


def test_html_mode_without_404_html_is_the_usual_404(assets: Path) -> None:
    config = StaticFilesConfig(path="/site", directories=[assets], html_mode=True)
    with create_test_client([], static_files_config=config) as client:
        response = client.get("/site")
    assert response.status_code == 404
    assert response.json() == {"status_code": 404, "detail": "no file or directory match the path  was found"}


@pytest.mark.parametrize(
    ("method", "status"),
    [
        ("GET", 200),
        ("HEAD", 200),
        ("POST", 405),
        ("PUT", 405),
        ("DELETE", 405),
        ("PATCH", 405),
        ("OPTIONS", 405),
    ],
)
def test_only_get_and_head_are_allowed(assets: Path, method: str, status: int) -> None:
    config = StaticFilesConfig(path="/static", directories=[assets])
    with create_test_client([], static_files_config=config) as client:
        response = client.request(method, "/static/hello.txt")
    assert response.status_code == status
    if status == 405:
        assert response.headers["allow"] == "GET, HEAD"


def test_head_sends_the_headers_only(assets: Path) -> None:
    config = StaticFilesConfig(path="/static", directories=[assets])
    with create_test_client([], static_files_config=config) as client:
        response = client.head("/static/hello.txt")
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-length"] == "5"
    assert "etag" in response.headers


def test_a_compressed_file_is_sent_with_its_content_encoding(tmp_path: Path) -> None:
    (tmp_path / "app.js.gz").write_bytes(gzip.compress(b"let x = 1;"))
    config = StaticFilesConfig(path="/static", directories=[tmp_path])
    with create_test_client([], static_files_config=config) as client:
        response = client.get("/static/app.js.gz")
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.text == "let x = 1;"  # httpx decodes it


def test_an_archive_is_sent_as_the_compressed_file_it_is(tmp_path: Path) -> None:
    # A client must save backup.tar.gz as it is, not unpack it as it would with Content-Encoding.
    archive = gzip.compress(b"tar bytes")
    (tmp_path / "backup.tar.gz").write_bytes(archive)
    config = StaticFilesConfig(path="/static", directories=[tmp_path])
    with create_test_client([], static_files_config=config) as client:
        response = client.get("/static/backup.tar.gz")
    assert "content-encoding" not in response.headers
    assert response.headers["content-type"] == "application/gzip"
    assert response.content == archive


def test_guards_and_opt_apply(assets: Path) -> None:
    seen: list[Any] = []

    def needs_token(connection: ASGIConnection, handler: Any) -> None:
        seen.append(handler.opt["area"])
        if connection.headers.get("x-token") != "secret":
            raise NotAuthorizedException("a token is needed")

    config = StaticFilesConfig(
        path="/private", directories=[assets], guards=[needs_token], opt={"area": "private"}
    )
    with create_test_client([], static_files_config=config) as client:
        refused = client.get("/private/hello.txt")
        served = client.get("/private/hello.txt", headers={"x-token": "secret"})
    assert refused.status_code == 401
    assert refused.json()["detail"] == "a token is needed"
    assert served.text == "hello"
    assert seen == ["private", "private"]


def test_exception_handlers_answer_misses(assets: Path) -> None:
    def not_found(request: Request, exc: Exception) -> Response:
        return Response(f"no such asset: {request.url.path}", status_code=404, media_type=MediaType.TEXT)

    config = StaticFilesConfig(path="/static", directories=[assets], exception_handlers={404: not_found})
    with create_test_client([], static_files_config=config) as client:
        response = client.get("/static/nothing.js")
    assert response.status_code == 404
    assert response.text == "no such asset: /static/nothing.js"


def test_misses_and_refusals_log_no_error(assets: Path, caplog: pytest.LogCaptureFixture) -> None:
    config = StaticFilesConfig(path="/static", directories=[assets])
    with caplog.at_level(logging.DEBUG), create_test_client([], static_files_config=config) as client:
        assert client.get("/static/missing").status_code == 404
        assert client.post("/static/hello.txt").status_code == 405
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR or record.exc_info]


def test_url_for_static_asset_on_the_app(assets: Path) -> None:
    @get("/page", name="page")
    def page() -> None: ...

    app = Starlite(
        [page],
        static_files_config=[
            StaticFilesConfig(path="/static/", directories=[assets], name="assets"),
            StaticFilesConfig(path="/unnamed", directories=[assets]),
        ],
    )
    assert app.url_for_static_asset("assets", "css/site.css") == "/static/css/site.css"
    assert app.url_for_static_asset("assets", "/hello.txt") == "/static/hello.txt"
    with pytest.raises(NoRouteMatchFoundException, match="Static handler missing can not be found"):
        app.url_for_static_asset("missing", "x.css")
    with pytest.raises(
        NoRouteMatchFoundException, match="Handler with name page is not a static files handler"
    ):
        app.url_for_static_asset("page", "x.css")


def test_url_for_static_asset_on_a_request_is_an_absolute_url(assets: Path) -> None:
    @get("/page", media_type=MediaType.TEXT)
    def page(request: Request) -> str:
        return request.url_for_static_asset("assets", "css/site.css")

    config = StaticFilesConfig(path="/static", directories=[assets], name="assets")
    with create_test_client([page], static_files_config=config) as client:
        url = client.get("/page").text
        assert url == "http://testserver.local/static/css/site.css"
        assert client.get(url).text == "body { margin: 0 }"


def test_url_for_static_asset_under_a_root_path(assets: Path) -> None:
    @get("/page", media_type=MediaType.TEXT)
    def page(request: Request) -> str:
        return request.url_for_static_asset("assets", "hello.txt")

    config = StaticFilesConfig(path="/static", directories=[assets], name="assets")
    with create_test_client([page], static_files_config=config, root_path="/app") as client:
        assert client.get("/app/page").text == "http://testserver.local/app/static/hello.txt"


def test_a_handler_beside_the_static_path_still_answers(assets: Path) -> None:
    @get("/static/sub/{name:str}", media_type=MediaType.TEXT)
    def handler(name: str) -> str:
        return f"handler {name}"

    config = StaticFilesConfig(path="/static", directories=[assets])
    with create_test_client([handler], static_files_config=config) as client:
        assert client.get("/static/sub/x").text == "handler x"
        assert client.get("/static/hello.txt").text == "hello"


def test_an_unnamed_handler_is_listed_by_its_directories(assets: Path) -> None:
    app = Starlite([], static_files_config=StaticFilesConfig(path="/static", directories=[assets]))
    assert app.route_handler_method_view[f"StaticFiles(directories={[str(assets)]!r})"] == ["/static"]
