"""Calling an app over raw ASGI, with bytes and timings no HTTP client would produce."""

from __future__ import annotations

from typing import Any

import anyio


def http_scope(
    method: str = "GET",
    path: str = "/",
    headers: list[tuple[bytes, bytes]] | None = None,
    raw_path: bytes | None = None,
) -> dict[str, Any]:
    """Build an ``http`` scope as a server would, accepting any path string (surrogates, NUL, ...)."""
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": raw_path if raw_path is not None else path.encode("utf-8", "surrogateescape"),
        "root_path": "",
        "query_string": b"",
        "headers": headers if headers is not None else [(b"host", b"testserver")],
        "client": ("127.0.0.1", 1234),
        "server": ("testserver", 80),
    }


async def call_asgi(
    app: Any, scope: dict[str, Any], disconnect_after: int | None = None, timeout: float = 5
) -> list[dict[str, Any]]:
    """Send one empty-bodied request and return the messages the app sent.

    With ``disconnect_after``, the client disconnects once it has received that many messages (the
    app sees ``http.disconnect``); otherwise it stays connected until the app is done. Fails the test
    after ``timeout`` seconds instead of hanging.
    """
    sent: list[dict[str, Any]] = []
    enough = anyio.Event()
    request_sent = False

    async def receive() -> dict[str, Any]:
        nonlocal request_sent
        if not request_sent:
            request_sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await enough.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)
        if disconnect_after is not None and len(sent) >= disconnect_after:
            enough.set()
        await anyio.sleep(0)

    with anyio.fail_after(timeout):
        await app(scope, receive, send)
    return sent
