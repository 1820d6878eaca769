"""A session value no backend can encode (an integer past 64 bits, read from a client's JSON) is a
``SerializationException``, as in 1.5x, which an exception handler can answer; it was a bare
``OverflowError``, a 500 nothing could catch by the documented name. Found by the bad-input campaign
(tests/robustness/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from starlite import Request, Response, get, post
from starlite.exceptions import SerializationException
from starlite.middleware.session.cookie_backend import CookieBackendConfig
from starlite.middleware.session.file_backend import FileBackendConfig
from starlite.testing import create_test_client

HUGE = 2**70  # valid JSON; MessagePack stops at 2**64 - 1


@get("/read")
def read(request: Request) -> dict[str, Any]:
    return request.session


@post("/write")
def write(request: Request, data: dict[str, Any]) -> dict[str, bool]:
    request.session.update(data)
    return {"written": True}


def refuse(request: Request, exc: SerializationException) -> Response[dict[str, Any]]:
    return Response({"status_code": 422, "detail": str(exc)}, status_code=422)


@pytest.mark.parametrize("backend", ["cookie", "file"])
def test_an_integer_past_64_bits_is_a_serialization_exception_the_app_can_answer(
    backend: str, tmp_path: Path
) -> None:
    config: Any = (
        CookieBackendConfig(secret=bytes(range(32)))
        if backend == "cookie"
        else FileBackendConfig(storage_path=tmp_path)
    )
    with create_test_client(
        [read, write], session_config=config, exception_handlers={SerializationException: refuse}
    ) as client:
        assert client.post("/write", json={"user": "ada"}).status_code == 201
        refused = client.post("/write", json={"big": HUGE})
        assert refused.status_code == 422
        assert "cannot be serialized" in refused.json()["detail"]
        # Nothing was stored: the session is the one before.
        assert client.get("/read").json() == {"user": "ada"}


def test_without_a_handler_the_exception_is_the_documented_one() -> None:
    with create_test_client([write], session_config=CookieBackendConfig(secret=bytes(range(32)))) as client:
        with pytest.raises(SerializationException, match="cannot be serialized"):
            client.post("/write", json={"big": HUGE})
