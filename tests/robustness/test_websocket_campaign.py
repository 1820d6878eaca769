"""Websocket frames a client may send: text, bytes and JSON, invalid UTF-8, bad JSON, any close code, on
good and bad paths and query strings.

Each case must end (no hang), with nothing logged as an error, and any close the app sends must be a
clean one: never 1011 or 4500 (a server error) for the client's frames. The echo handler's replies are
checked too: a frame of the other kind reads as empty, as in 1.5x, and bad JSON closes with 1007.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import anyio
import httpx
import pytest
from hypothesis import event, example, given, reject

from starlite.exceptions import WebSocketDisconnect
from starlite.testing import AsyncTestClient, TestClient
from starlite.utils.serialization import decode_json
from tests.robustness import strategies
from tests.robustness.app import create_app
from tests.robustness.conftest import campaign
from tests.robustness.driver import CASE_TIMEOUT, websocket_raw
from tests.robustness.invariants import SERVER_ERROR_CLOSE_CODES, LogSink, check_no_error_logged

# What the app may answer a websocket with: 1000 (done), 1003 (unknown mode), 1007 (not JSON), 4400 (a
# bad query parameter, refused before accepting), 4404 (no such path).
CLEAN_CLOSE_CODES = {1000, 1003, 1007, 4400, 4404}


def mode_of(target: str) -> str | None:
    path = target.partition("?")[0]
    return path.removeprefix("/ws/") if path.startswith("/ws/") else None


def as_text(kind: str, data: Any) -> str:
    return data if kind == "text" else ""


def expected_replies(target: str, frames: list[tuple[str, Any]]) -> list[Any] | None:
    """The echo handler's replies to ``frames`` (``None`` when the mode does not echo)."""
    mode = mode_of(target)
    if mode == "text":
        return [as_text(kind, data) for kind, data in frames]
    if mode == "bytes":
        return [data if kind == "bytes" else b"" for kind, data in frames]
    return None


@pytest.mark.anyio
# Issue 15's defect 2, tried in every run: a binary frame that is not UTF-8 read as text, bad JSON.
@example(script=("/ws/text", [("bytes", b"\xff")], 1000))
@example(script=("/ws/json", [("text", "{"), ("text", "[]")], 1000))
@example(script=("/ws/json", [("bytes", b"\xff")], 1000))
@campaign(120)
@given(script=strategies.websocket_scripts())
async def test_frames_over_raw_asgi(anyio_backend: str, logs: LogSink, count_case: Any, script: Any) -> None:
    target, frames, close_code = script
    logs.take()
    outcome = await websocket_raw(create_app(), target, frames, close_code or 1000)
    count_case()
    check_no_error_logged(logs)
    codes = outcome.close_codes
    event(f"closed by the app with {codes}" if codes else "closed by the client")
    assert not SERVER_ERROR_CLOSE_CODES & set(codes), outcome.sent
    assert set(codes) <= CLEAN_CLOSE_CODES, outcome.sent
    accepted = bool(outcome.sent) and outcome.sent[0]["type"] == "websocket.accept"
    expected = expected_replies(target, frames)
    if accepted and expected is not None and not codes:
        replies = [
            reply.get("text") if mode_of(target) == "text" else reply.get("bytes")
            for reply in outcome.replies
        ]
        assert replies == expected
    if accepted and mode_of(target) == "json":
        texts = [as_text(kind, data) for kind, data in frames]
        for index, reply in enumerate(outcome.replies):
            assert decode_json(reply["text"])["data"] == decode_json(texts[index])
        if 1007 in codes:
            # The first frame that is not JSON ends the connection; the ones before it were answered.
            assert len(outcome.replies) < len(frames)


async def _client_session(
    client: AsyncTestClient[Any], target: str, frames: list[tuple[str, Any]], close_code: int
) -> list[int]:
    """Run the script with the test client; the close codes the app sent (an app error is raised)."""
    codes: list[int] = []
    path, _, query = target.partition("?")
    target = path + "?" + quote(query, safe="=&;%+/")  # a client percent-encodes what it cannot send
    try:
        session = client.websocket_connect(target, timeout=CASE_TIMEOUT)
    except httpx.InvalidURL:
        reject()  # httpx sends no URL past 65,536 characters: the raw driver covers those
    try:
        async with session as socket:
            for kind, data in frames:
                if kind == "text":
                    await socket.send_text(data)
                else:
                    await socket.send_bytes(data)
                if mode_of(target) in ("text", "bytes", "json"):
                    reply = await socket.receive()
                    assert reply["type"] == "websocket.send"
            await socket.close(close_code)
    except WebSocketDisconnect as exc:
        codes.append(exc.code)
    return codes


@pytest.mark.anyio
@example(script=("/ws/text", [("bytes", b"\xff")], 1000))
@example(script=("/ws/json", [("text", "{")], 1000))
@campaign(80)
@given(script=strategies.websocket_scripts())
async def test_frames_through_async_test_client(
    anyio_backend: str, logs: LogSink, count_case: Any, script: Any
) -> None:
    target, frames, close_code = script
    logs.take()
    async with AsyncTestClient(create_app()) as client:
        with anyio.fail_after(CASE_TIMEOUT):
            codes = await _client_session(client, target, frames, close_code or 1000)
    count_case()
    check_no_error_logged(logs)
    assert set(codes) <= CLEAN_CLOSE_CODES, codes


@pytest.fixture
def client() -> Iterator[TestClient[Any]]:
    with TestClient(create_app()) as client:
        yield client


@campaign(60)
@given(script=strategies.websocket_scripts())
def test_json_frames_through_test_client(
    client: TestClient[Any], logs: LogSink, count_case: Any, script: Any
) -> None:
    """JSON frames with the sync client: a reply per JSON message, 1007 for the first that is not JSON."""
    _, frames, close_code = script
    logs.take()
    codes = []
    replies = 0
    try:
        with client.websocket_connect("/ws/json", timeout=CASE_TIMEOUT) as socket:
            for kind, data in frames:
                (socket.send_text if kind == "text" else socket.send_bytes)(data)
                assert socket.receive_json()["data"] == json.loads(as_text(kind, data))
                replies += 1
            socket.close(close_code or 1000)
    except WebSocketDisconnect as exc:
        codes.append(exc.code)
    count_case()
    check_no_error_logged(logs)
    assert codes in ([], [1007]), codes
    assert replies == len(frames) or codes == [1007]
