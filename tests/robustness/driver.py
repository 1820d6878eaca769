"""Two ways to send the campaign's requests: straight over ASGI with any bytes, or through a test client.

Both return an ``Answer``; both give up (and so fail the case) after ``CASE_TIMEOUT`` seconds instead of
hanging.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any
from urllib.parse import unquote_to_bytes

import anyio
import httpx

from starlite.testing import AsyncTestClient

CASE_TIMEOUT = 10.0
"""Seconds one case may take before it counts as a hang."""


@dataclasses.dataclass
class Request:
    """One request as the campaign builds it: bytes everywhere a client controls them."""

    method: str = "GET"
    raw_path: bytes = b"/"
    query_string: bytes = b""
    headers: list[tuple[bytes, bytes]] = dataclasses.field(default_factory=list)
    body: bytes = b""
    # How the raw driver cuts the body into ``http.request`` messages (lengths of all but the last piece).
    body_cuts: Sequence[int] = ()
    # How the raw driver turns ``raw_path`` into the scope's ``path`` (a server decodes %XX; invalid
    # UTF-8 becomes U+FFFD in most servers, lone surrogates in others).
    path_errors: str = "replace"


@dataclasses.dataclass
class Answer:
    """What the app answered."""

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes

    def header(self, name: bytes) -> bytes | None:
        """The first value of header ``name`` (lower case), or ``None``."""
        return next((value for key, value in self.headers if key.lower() == name), None)


def _body_messages(request: Request) -> list[dict[str, Any]]:
    pieces, start = [], 0
    for cut in request.body_cuts:
        pieces.append(request.body[start : start + cut])
        start += cut
    pieces.append(request.body[start:])
    return [
        {"type": "http.request", "body": piece, "more_body": index < len(pieces) - 1}
        for index, piece in enumerate(pieces)
    ]


async def send_raw(app: Any, request: Request) -> Answer:
    """Call ``app`` over ASGI as a server would, with the request's bytes exactly as they are.

    The client stays connected until the response is complete; only then does ``receive`` report a
    disconnect.
    """
    path = unquote_to_bytes(request.raw_path).decode("utf-8", request.path_errors)
    headers = [(b"host", b"testserver")] + list(request.headers)
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": "http",
        "path": path,
        "raw_path": request.raw_path,
        "root_path": "",
        "query_string": request.query_string,
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }
    pending = _body_messages(request)
    done = anyio.Event()
    start: dict[str, Any] = {}
    body = bytearray()

    async def receive() -> dict[str, Any]:
        if pending:
            return pending.pop(0)
        await done.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            assert not start, "a second http.response.start"
            start.update(message)
        elif message["type"] == "http.response.body":
            assert start, "a body before http.response.start"
            assert not done.is_set(), "a body after the last one"
            body.extend(message.get("body", b""))
            if not message.get("more_body", False):
                done.set()

    with anyio.fail_after(CASE_TIMEOUT):
        await app(scope, receive, send)
    assert start, "the app returned without answering"
    assert done.is_set(), "the app returned before the end of the body"
    return Answer(start["status"], list(start.get("headers", [])), bytes(body))


class ClientRefused(Exception):
    """httpx would not build this request (an invalid header name, say): no case to run."""


async def send_with_client(client: AsyncTestClient[Any], request: Request) -> Answer:
    """Send the request through the project's ``AsyncTestClient`` (httpx builds what goes over ASGI)."""
    # httpx sends header names in ASCII only (as HTTP/1.1 does): the others stay with the raw driver.
    headers = [(name, value) for name, value in request.headers if name.isascii()]
    try:
        url = httpx.URL("http://testserver.local", raw_path=request.raw_path + b"?" + request.query_string)
        built = client.build_request(request.method, url, headers=headers, content=request.body)
    except (httpx.InvalidURL, httpx.LocalProtocolError, ValueError, TypeError) as exc:
        raise ClientRefused(str(exc)) from exc
    client.cookies.clear()
    with anyio.fail_after(CASE_TIMEOUT):
        response = await client.send(built)
    return Answer(response.status_code, list(response.headers.raw), response.content)


@dataclasses.dataclass
class SocketOutcome:
    """What the app did on a websocket: the messages it sent, in order, and whether it accepted."""

    sent: list[dict[str, Any]]

    @property
    def close_codes(self) -> list[int]:
        """The codes of the app's ``websocket.close`` messages."""
        return [message.get("code", 1000) for message in self.sent if message["type"] == "websocket.close"]

    @property
    def replies(self) -> list[dict[str, Any]]:
        """The app's ``websocket.send`` messages."""
        return [message for message in self.sent if message["type"] == "websocket.send"]


def frame_message(kind: str, data: Any) -> dict[str, Any]:
    """A ``websocket.receive`` message carrying one text or binary frame."""
    return (
        {"type": "websocket.receive", "text": data}
        if kind == "text"
        else {"type": "websocket.receive", "bytes": data}
    )


async def websocket_raw(
    app: Any, target: str, frames: Sequence[tuple[str, Any]], close_code: int
) -> SocketOutcome:
    """Open a websocket to ``target`` over ASGI, send ``frames``, then close with ``close_code``.

    As a server does, nothing more reaches the app once it has closed the connection or refused it: its
    next ``receive`` reports the disconnect.
    """
    path, _, query = target.partition("?")
    scope = {
        "type": "websocket",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "scheme": "ws",
        "path": path,
        "raw_path": path.encode("utf-8"),
        "root_path": "",
        "query_string": query.encode("latin-1"),
        "headers": [(b"host", b"testserver"), (b"connection", b"upgrade"), (b"upgrade", b"websocket")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "subprotocols": [],
        "state": {},
    }
    script = [{"type": "websocket.connect"}]
    script += [frame_message(kind, data) for kind, data in frames]
    script.append({"type": "websocket.disconnect", "code": close_code, "reason": ""})
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        closed = next((message for message in sent if message["type"] == "websocket.close"), None)
        if closed is not None:
            return {"type": "websocket.disconnect", "code": closed.get("code", 1000), "reason": ""}
        if len(script) > 1 or not sent:
            return script.pop(0)
        return script[0]  # the disconnect, again if asked again

    async def send(message: dict[str, Any]) -> None:
        assert not any(m["type"] == "websocket.close" for m in sent), f"{message['type']} after the close"
        sent.append(message)

    with anyio.fail_after(CASE_TIMEOUT):
        await app(scope, receive, send)
    return SocketOutcome(sent)
