"""Session cookies a client has tampered with: bit flips, truncations, chunks dropped, swapped,
reordered or duplicated, a cookie sealed with another secret or for another name, a replay after expiry.

Whatever the client sends, the request is answered (never a 5xx, nothing logged as an error), and a
session opens only when its sealed bytes are exactly what the app wrote; anything else reads as empty.
Through the raw ASGI driver and ``AsyncTestClient`` (cookies sealed by the backend), and through the sync
``TestClient`` (cookies the app set on a real response).
"""

from __future__ import annotations

import binascii
import time
from base64 import b64decode, b64encode
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from functools import partial
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from starlite.middleware.session.cookie_backend import CookieBackend, CookieBackendConfig
from starlite.testing import AsyncTestClient, TestClient
from tests.robustness import strategies
from tests.robustness.app import OTHER_SECRET, SECRET, SESSION_MAX_AGE, create_app, session_config
from tests.robustness.conftest import campaign
from tests.robustness.driver import Answer, Request, send_raw, send_with_client
from tests.robustness.invariants import LogSink, check_answer

Send = Callable[[Request], Awaitable[Answer]]

backend = CookieBackend(session_config)
other_secret_backend = CookieBackend(CookieBackendConfig(secret=OTHER_SECRET, max_age=SESSION_MAX_AGE))
other_name_backend = CookieBackend(CookieBackendConfig(secret=SECRET, key="other", max_age=SESSION_MAX_AGE))


def seal(data: dict[str, Any], tampering: str) -> list[str]:
    """The chunk values a client would hold for ``data`` (sealed wrongly for some tamperings)."""
    if tampering == "sealed with another secret":
        chunks = other_secret_backend.dump_data(data)
    elif tampering == "sealed for another cookie name":
        chunks = other_name_backend.dump_data(data)
    elif tampering == "replayed after expiry":
        chunks = backend.dump_data(data, now=time.time() - SESSION_MAX_AGE - 5)
    else:
        chunks = backend.dump_data(data)
    return [chunk.decode("ascii") for chunk in chunks]


def tamper(chunks: list[str], tampering: str, first: int, second: int) -> list[str]:
    """Apply what the client does to its chunk values (positions picked with ``first`` and ``second``)."""
    chunks = list(chunks)
    index = first % len(chunks)
    if tampering == "flip a bit of the sealed bytes":
        raw = bytearray(b64decode("".join(chunks)))
        raw[second % len(raw)] ^= 1 << (first % 8)
        token = b64encode(bytes(raw)).decode()
        size = len(chunks[0])
        return [token[start : start + size] for start in range(0, len(token), size)]
    if tampering == "flip a bit of the cookie text":
        text = bytearray(chunks[index].encode())
        text[second % len(text)] ^= 1 << (first % 7)  # stays ASCII
        chunks[index] = text.decode()
    elif tampering == "truncate a chunk":
        chunks[index] = chunks[index][: second % len(chunks[index])]
    elif tampering == "drop a chunk":
        del chunks[index]
    elif tampering == "swap two chunks":
        other = second % len(chunks)
        chunks[index], chunks[other] = chunks[other], chunks[index]
    elif tampering == "reverse the chunks":
        chunks.reverse()
    elif tampering == "duplicate a chunk":
        chunks.insert(index, chunks[index])
    elif tampering == "append a stray chunk":
        chunks.append(chunks[index][: second % 64 + 1])
    elif tampering == "replace a chunk with junk":
        chunks[index] = "A" * (second % 5000)
    return chunks


def sealed_bytes(chunks: list[str]) -> bytes | None:
    try:
        return b64decode("".join(chunks), validate=True)
    except (binascii.Error, ValueError):
        return None


def expected_session(
    original: list[str], sent: list[str], data: dict[str, Any], tampering: str
) -> dict[str, Any]:
    """The data when the sealed bytes the app reads are exactly those it wrote, else an empty session."""
    if tampering in ("sealed with another secret", "sealed for another cookie name", "replayed after expiry"):
        return {}
    return data if sealed_bytes(sent) == sealed_bytes(original) else {}


def cookie_header(chunks: list[str]) -> bytes:
    return "; ".join(f"session-{index}={value}" for index, value in enumerate(chunks)).encode()


@pytest.fixture(params=["raw", "client"])
async def send(request: pytest.FixtureRequest, anyio_backend: str) -> AsyncIterator[Send]:
    app = create_app()
    if request.param == "raw":
        yield partial(send_raw, app)
    else:
        async with AsyncTestClient(app) as client:
            yield partial(send_with_client, client)


@pytest.mark.anyio
@campaign(40)
@given(case=strategies.session_cases())
async def test_tampered_session_cookies(send: Send, logs: LogSink, count_case: Any, case: Any) -> None:
    data, first, second = case
    for tampering in strategies.TAMPERINGS:
        original = seal(data, tampering)
        sent = tamper(original, tampering, first, second)
        logs.take()
        request = Request(method="GET", raw_path=b"/session", headers=[(b"cookie", cookie_header(sent))])
        answer = await send(request)
        count_case()
        content = check_answer(answer, "GET", logs)
        assert answer.status == 200
        expected = expected_session(original, sent, data, tampering)
        event(f"{tampering}: {'opens' if expected else 'empty'}")
        assert content["session"] == expected, tampering


@pytest.fixture
def client() -> Iterator[TestClient[Any]]:
    with TestClient(create_app()) as client:
        yield client


@campaign(30)
@given(case=strategies.session_cases(), tampering=st.sampled_from(strategies.TAMPERINGS))
def test_tampered_session_cookies_set_by_the_app(
    client: TestClient[Any], logs: LogSink, count_case: Any, case: Any, tampering: str
) -> None:
    """The cookies the app set on a response, tampered with, then sent back with the sync client."""
    data, first, second = case
    client.cookies.clear()
    if tampering in ("sealed with another secret", "sealed for another cookie name", "replayed after expiry"):
        original = seal(data, tampering)
    else:
        written = client.post("/session", json=data)
        assert written.status_code == 201, written.text
        original = [client.cookies[f"session-{index}"] for index in range(len(client.cookies))]
    sent = tamper(original, tampering, first, second)
    client.cookies.clear()
    logs.take()
    answer = client.get("/session", headers={"cookie": cookie_header(sent).decode()})
    count_case()
    check_answer(Answer(answer.status_code, list(answer.headers.raw), answer.content), "GET", logs)
    assert answer.status_code == 200
    assert answer.json()["session"] == expected_session(original, sent, data, tampering), tampering
