"""A ``str`` or ``path`` segment holding lone surrogates (invalid UTF-8 some servers decode with
``surrogateescape``) matches nothing: a 404, where it used to reach the handler and fail as a 500 when
the answer echoing it was encoded. Found by the bad-input campaign (tests/robustness/)."""

from __future__ import annotations

import logging

import pytest

from starlite import Starlite, get
from starlite.utils.serialization import decode_json
from tests.asgi_calls import call_asgi, http_scope


@get("/names/{name:str}")
async def greet(name: str) -> dict[str, str]:
    return {"name": name}


@get("/files/{file_path:path}")
async def file_path(file_path: str) -> dict[str, str]:
    return {"path": file_path}


app = Starlite([greet, file_path])


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("path", "raw_path"),
    [
        ("/names/\udcff", b"/names/%FF"),
        ("/names/caf\udcc3", b"/names/caf%C3"),
        ("/files/a/\udced\udca0\udc80/b", b"/files/a/%ED%A0%80/b"),
    ],
)
async def test_a_segment_that_is_not_unicode_is_a_404(
    path: str, raw_path: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        sent = await call_asgi(app, http_scope("GET", path, raw_path=raw_path))
    assert sent[0]["status"] == 404
    assert decode_json(sent[1]["body"]) == {"status_code": 404, "detail": "Not Found"}
    assert not caplog.records


@pytest.mark.anyio
async def test_valid_text_still_matches() -> None:
    sent = await call_asgi(app, http_scope("GET", "/names/caf\u00e9", raw_path=b"/names/caf%C3%A9"))
    assert (sent[0]["status"], decode_json(sent[1]["body"])) == (200, {"name": "caf\u00e9"})
