"""The ASGI ``http.response.pathsend`` extension: the server sends a local file itself.

Our test clients do not offer the extension, so these tests call the app over raw ASGI.
"""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path
from typing import Any

import pytest

from starlite import File, Starlite, get
from starlite.config import CompressionConfig, StaticFilesConfig
from tests.asgi_calls import call_asgi, http_scope

PATHSEND = "http.response.pathsend"


def offering_pathsend(
    path: str, method: str = "GET", headers: list[tuple[bytes, bytes]] | None = None
) -> dict[str, Any]:
    scope = http_scope(method, path, headers=[(b"host", b"testserver"), *(headers or [])])
    scope["extensions"] = {PATHSEND: {}}
    return scope


@pytest.fixture()
def assets(tmp_path: Path) -> Path:
    root = tmp_path / "assets"
    root.mkdir()
    (root / "app.js").write_bytes(b"console.log(1);" * 100)
    (root / "index.html").write_text("<h1>home</h1>")
    return root


def app_for(assets: Path, **options: Any) -> Starlite:
    return Starlite(
        [],
        static_files_config=StaticFilesConfig(path="/static", directories=[assets], html_mode=True),
        **options,
    )


@pytest.mark.anyio
async def test_a_local_file_goes_by_its_absolute_path(assets: Path) -> None:
    messages = await call_asgi(app_for(assets), offering_pathsend("/static/app.js"))
    start, sent = messages
    assert start["status"] == 200
    headers = dict(start["headers"])
    assert headers[b"content-length"] == b"1500"
    assert headers[b"content-type"] == b"text/javascript; charset=utf-8"
    assert sent == {"type": PATHSEND, "path": str((assets / "app.js").resolve())}
    assert os.path.isabs(sent["path"])


@pytest.mark.anyio
async def test_an_index_html_goes_by_its_path_too(assets: Path) -> None:
    messages = await call_asgi(app_for(assets), offering_pathsend("/static/"))
    assert messages[1] == {"type": PATHSEND, "path": str((assets / "index.html").resolve())}


@pytest.mark.anyio
async def test_without_the_extension_the_body_is_sent(assets: Path) -> None:
    messages = await call_asgi(app_for(assets), http_scope("GET", "/static/app.js"))
    assert [m["type"] for m in messages] == ["http.response.start", "http.response.body"]
    assert messages[1]["body"] == b"console.log(1);" * 100


@pytest.mark.anyio
async def test_head_range_and_304_never_use_it(assets: Path) -> None:
    app = app_for(assets)
    first = await call_asgi(app, offering_pathsend("/static/app.js"))
    etag = dict(first[0]["headers"])[b"etag"]
    cases = {
        "HEAD": (offering_pathsend("/static/app.js", "HEAD"), 200, b""),
        "range": (offering_pathsend("/static/app.js", headers=[(b"range", b"bytes=0-6")]), 206, b"console"),
        "304": (offering_pathsend("/static/app.js", headers=[(b"if-none-match", etag)]), 304, b""),
    }
    for name, (scope, status, body) in cases.items():
        messages = await call_asgi(app, scope)
        assert [m["type"] for m in messages] == ["http.response.start", "http.response.body"], name
        assert messages[0]["status"] == status, name
        assert messages[1]["body"] == body, name


@pytest.mark.anyio
async def test_another_file_system_is_read_here(assets: Path) -> None:
    class Wrapped:
        """Not the local file system as far as the response can tell: it may transform what it reads."""

        def info(self, path: str, **kwargs: Any) -> dict[str, Any]:
            result = os.stat(path)
            kind = "directory" if os.path.isdir(path) else "file"
            return {"name": path, "size": result.st_size, "type": kind, "mtime": result.st_mtime}

        def open(self, file: str, mode: str = "rb", buffering: int = -1) -> io.BytesIO:
            return io.BytesIO(Path(file).read_bytes())

    config = StaticFilesConfig(path="/static", directories=[assets], file_system=Wrapped())
    messages = await call_asgi(Starlite([], static_files_config=config), offering_pathsend("/static/app.js"))
    assert messages[1]["type"] == "http.response.body"
    assert messages[1]["body"] == b"console.log(1);" * 100


@pytest.mark.anyio
async def test_a_file_returned_by_a_handler_uses_it(assets: Path) -> None:
    @get("/download")
    def download() -> File:
        return File(path=assets / "app.js")

    messages = await call_asgi(Starlite([download]), offering_pathsend("/download"))
    assert messages[1] == {"type": PATHSEND, "path": str(assets / "app.js")}


@pytest.mark.anyio
async def test_compression_gets_the_body_when_the_client_accepts_a_coding(assets: Path) -> None:
    # The compression middleware withdraws the offer: the file is read and compressed here, as it is
    # for a server without the extension.
    app = app_for(assets, compression_config=CompressionConfig(backend="gzip"))
    compressed = await call_asgi(
        app, offering_pathsend("/static/app.js", headers=[(b"accept-encoding", b"gzip")])
    )
    assert dict(compressed[0]["headers"])[b"content-encoding"] == b"gzip"
    assert [m["type"] for m in compressed[1:]] == ["http.response.body"]
    import gzip

    assert gzip.decompress(compressed[1]["body"]) == b"console.log(1);" * 100
    # A client that accepts no coding gets the file by its path, its headers untouched.
    plain = await call_asgi(app, offering_pathsend("/static/app.js"))
    assert plain[1]["type"] == PATHSEND
    assert b"content-encoding" not in dict(plain[0]["headers"])


@pytest.mark.anyio
async def test_compression_passes_a_pathsend_message_through(assets: Path) -> None:
    # An ASGI app of the user's that sends a path while the client accepts gzip: the start and the
    # pathsend message reach the server untouched.
    async def sends_a_path(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1500")]})
        await send({"type": PATHSEND, "path": str(assets / "app.js")})

    from starlite import asgi

    app = Starlite([asgi("/raw")(sends_a_path)], compression_config=CompressionConfig(backend="gzip"))
    scope = http_scope("GET", "/raw", headers=[(b"host", b"testserver"), (b"accept-encoding", b"gzip")])
    messages = await call_asgi(app, scope)
    assert messages[0]["headers"] == [(b"content-length", b"1500")]
    assert messages[1] == {"type": PATHSEND, "path": str(assets / "app.js")}


@pytest.mark.anyio
async def test_before_send_hooks_see_the_pathsend_message(assets: Path) -> None:
    seen: list[str] = []

    def hook(message: Any, state: Any) -> None:
        seen.append(message["type"])

    await call_asgi(app_for(assets, before_send=[hook]), offering_pathsend("/static/app.js"))
    assert seen == ["http.response.start", PATHSEND]


@pytest.mark.anyio
async def test_request_logging_logs_a_pathsend_response(
    assets: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from starlite.middleware.logging import LoggingMiddlewareConfig

    app = app_for(
        assets, middleware=[LoggingMiddlewareConfig(response_log_fields=["status_code"]).middleware]
    )
    with caplog.at_level(logging.INFO, "starlite"):
        messages = await call_asgi(app, offering_pathsend("/static/app.js"))
    assert messages[1]["type"] == PATHSEND
    logged = [record.getMessage() for record in caplog.records if record.name == "starlite"]
    assert logged[-1].startswith("HTTP Response") and "200" in logged[-1]
