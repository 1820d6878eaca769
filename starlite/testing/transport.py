"""The test transport: the one place that speaks ASGI to httpx.

``AsyncTestClientTransport`` runs the application on the caller's own event loop. The sync
``TestClientTransport`` is an adapter: it hands each request to the async transport through the
client's anyio blocking portal.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterable, AsyncIterator, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import anyio
import httpx

from starlite._connection_state import SCOPE_KEY, ConnectionState
from starlite.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

if sys.version_info < (3, 11):  # pragma: no cover - anyio depends on the backport there
    from exceptiongroup import BaseExceptionGroup  # type: ignore[import-not-found,unused-ignore]

if TYPE_CHECKING:
    from anyio.from_thread import BlockingPortal

    from starlite.types import ASGIApp, Message

__all__ = ("AsyncTestClientTransport", "TestClientTransport", "build_scope", "unwrap_exception")

_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def unwrap_exception(exc: BaseException) -> BaseException:
    """Return the single exception inside nested one-member exception groups (anyio wraps errors)."""
    while isinstance(exc, BaseExceptionGroup) and len(exc.exceptions) == 1:
        exc = exc.exceptions[0]
    return exc


def build_scope(
    request: httpx.Request,
    scope_type: str,
    root_path: str = "",
    client: tuple[str, int] = ("testclient", 50000),
    state: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Build the ASGI scope of an httpx request (``http`` or ``websocket``)."""
    url = request.url
    scheme = url.scheme
    if scope_type == "websocket":
        scheme = {"http": "ws", "https": "wss"}.get(scheme, scheme)
    port = url.port or _DEFAULT_PORTS.get(scheme, 80)
    raw_path = url.raw_path.split(b"?", 1)[0]
    headers = [(key.lower(), value) for key, value in request.headers.raw]
    if not any(key == b"host" for key, _ in headers):
        host = url.host if url.port is None else f"{url.host}:{url.port}"
        headers.insert(0, (b"host", host.encode("latin-1")))
    scope: dict[str, Any] = {
        "type": scope_type,
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "scheme": scheme,
        "path": unquote(raw_path.decode("latin-1")),
        "raw_path": raw_path,
        "root_path": root_path,
        "query_string": url.query,
        "headers": headers,
        "client": client,
        "server": (url.host, port),
        "extensions": {},
        "state": dict(state or {}),
    }
    if scope_type == "http":
        scope["method"] = request.method
        scope["extensions"]["http.response.debug"] = {}
    else:
        protocols = request.headers.get("sec-websocket-protocol")
        scope["subprotocols"] = [p.strip() for p in protocols.split(",")] if protocols else []
        scope["extensions"]["websocket.http.response"] = {}
    return scope


async def _iterate_body(stream: Any) -> AsyncIterator[bytes]:
    if isinstance(stream, AsyncIterable):
        async for chunk in stream:
            yield chunk
    elif isinstance(stream, Iterable):
        for chunk in stream:
            yield chunk


class AsyncTestClientTransport(httpx.AsyncBaseTransport):
    """Send httpx requests to an ASGI app in the same event loop, without a network or a thread.

    Args:
        app: The ASGI application.
        raise_server_exceptions: Re-raise an exception the app did not handle, instead of returning
            its 500 response.
        root_path: The ASGI ``root_path``.
        client: The ``(host, port)`` the app sees as the client.
        lifespan_state: The ASGI lifespan state, copied into each request's scope.
    """

    def __init__(
        self,
        app: ASGIApp,
        raise_server_exceptions: bool = True,
        root_path: str = "",
        client: tuple[str, int] = ("testclient", 50000),
        lifespan_state: dict[str, Any] | None = None,
    ) -> None:
        self.app = app
        self.raise_server_exceptions = raise_server_exceptions
        self.root_path = root_path
        self.client = client
        self.lifespan_state = lifespan_state if lifespan_state is not None else {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Run the app for one request and return its response."""
        scope = build_scope(request, "http", self.root_path, self.client, self.lifespan_state)
        state = scope[SCOPE_KEY] = ConnectionState()
        state.raise_server_exceptions = self.raise_server_exceptions
        body = _iterate_body(request.stream)
        request_complete = False
        response_complete = anyio.Event()
        status_code: int | None = None
        headers: list[tuple[bytes, bytes]] = []
        chunks: list[bytes] = []

        async def receive() -> Message:
            nonlocal request_complete
            if request_complete:
                # Nothing more will come from the client; report the disconnect once the response is done.
                await response_complete.wait()
                return {"type": "http.disconnect"}
            try:
                chunk = await body.__anext__()
            except StopAsyncIteration:
                request_complete = True
                return {"type": "http.request", "body": b"", "more_body": False}
            return {"type": "http.request", "body": chunk, "more_body": True}

        async def send(message: Message) -> None:
            nonlocal status_code, headers
            if message["type"] == "http.response.start":
                status_code = message["status"]
                headers = list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                if request.method != "HEAD":
                    chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    response_complete.set()

        try:
            await self.app(scope, receive, send)
        except BaseException as exc:
            error = unwrap_exception(exc)
            if self.raise_server_exceptions or not isinstance(error, Exception):
                raise error from None
            if status_code is None:
                status_code, headers, chunks = HTTP_500_INTERNAL_SERVER_ERROR, [], []
        finally:
            response_complete.set()
        if state.server_exception is not None:
            # The app answered it with a 500; the test asked to see the original exception instead.
            raise state.server_exception
        if status_code is None:
            raise RuntimeError(f"The application sent no response to {request.method} {request.url}")
        return httpx.Response(
            status_code=status_code,
            headers=headers,
            stream=httpx.ByteStream(b"".join(chunks)),
            request=request,
        )


class TestClientTransport(httpx.BaseTransport):
    """The sync adapter: runs the async transport through a blocking portal.

    Args:
        transport: The async transport doing the work.
        portal: A callable returning the portal to run it in (the client's own, when inside ``with``).
    """

    __test__ = False  # not a pytest test class

    def __init__(self, transport: AsyncTestClientTransport, portal: Any) -> None:
        self.transport = transport
        self.get_portal = portal

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send one request to the app and return its response."""
        portal: BlockingPortal
        with self.get_portal() as portal:
            response = portal.call(self.transport.handle_async_request, request)
        return response
