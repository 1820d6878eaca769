"""Websocket sessions of the test clients: async first, with a sync adapter.

``AsyncWebSocketTestSession`` runs the app's websocket handler in a task on the client's loop (the
test's own loop for ``AsyncTestClient``). ``WebSocketTestSession``, what the sync ``TestClient``
returns, drives the same session through the client's blocking portal.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, Protocol

import anyio
import httpx

from starlite._connection_state import SCOPE_KEY, ConnectionState
from starlite.exceptions import WebSocketDisconnect
from starlite.status_codes import WS_1000_NORMAL_CLOSURE
from starlite.testing._pipe import Pipe, debugger_attached, read_timeout
from starlite.testing._scope import build_scope
from starlite.testing._tasks import Caller, portal_call, unwrap_exception
from starlite.utils.serialization import decode_json, encode_json

if TYPE_CHECKING:
    from starlite.testing.transport import AsyncTestClientTransport
    from starlite.types import Message

__all__ = ("AsyncWebSocketTestSession", "WebSocketTestSession")

# How long an app may take to end after the client closed, before it is cancelled (as a server
# would drop it).
_SHUTDOWN_GRACE_SECONDS = 1.0
_NO_STATUS_RECEIVED = 1005


class _SessionClient(Protocol):
    """What a session uses of its test client; ``TestClient`` and ``AsyncTestClient`` have it.

    The sessions sit below the clients, which build them: they name what they need rather than
    import the clients back.
    """

    async_transport: AsyncTestClientTransport
    root_path: str
    raise_server_exceptions: bool

    @property
    def cookies(self) -> httpx.Cookies:
        """The client's cookie jar: cookies set at the handshake go into it."""


class _PortalClient(Protocol):
    """What the sync session uses of the sync ``TestClient``: its blocking portal."""

    def _start_portal(self) -> Caller: ...


def _disconnect_from_close(message: Message) -> WebSocketDisconnect:
    return WebSocketDisconnect(
        detail=message.get("reason") or "", code=message.get("code", WS_1000_NORMAL_CLOSURE)
    )


def handshake_request(request: httpx.Request, subprotocols: Sequence[str] | None) -> httpx.Request:
    """Give ``request`` the headers of a websocket opening handshake (RFC 6455), as a browser sends."""
    headers = request.headers
    headers["connection"] = "upgrade"
    headers["upgrade"] = "websocket"
    headers.setdefault("sec-websocket-key", base64.b64encode(os.urandom(16)).decode("ascii"))
    headers.setdefault("sec-websocket-version", "13")
    if subprotocols:
        headers["sec-websocket-protocol"] = ", ".join(subprotocols)
    return request


def _text_or_bytes(data: str | bytes, mode: str, encoding: str) -> dict[str, Any]:
    if mode == "binary":
        return {
            "type": "websocket.receive",
            "bytes": data if isinstance(data, bytes) else data.encode(encoding),
        }
    return {"type": "websocket.receive", "text": data if isinstance(data, str) else data.decode(encoding)}


class AsyncWebSocketTestSession:
    """One websocket connection to the app, driven from an async test.

    Use it in an ``async with`` block (``AsyncTestClient.websocket_connect`` returns one): entering
    performs the handshake, leaving closes the connection and waits for the handler to end.

    Args:
        client: The test client whose app, base URL, cookies and settings the session uses.
        request: The handshake request (URL, headers, cookies, timeout).
    """

    __test__ = False

    def __init__(self, client: _SessionClient, request: httpx.Request) -> None:
        transport = client.async_transport
        self.client = client
        self.request = request
        self.scope = build_scope(
            request, "websocket", client.root_path, transport.client, transport.lifespan_state
        )
        self.scope[SCOPE_KEY] = ConnectionState()
        self.scope[SCOPE_KEY].raise_server_exceptions = client.raise_server_exceptions
        self.timeout = read_timeout(request)
        self.accepted_subprotocol: str | None = None
        self.extra_headers: list[tuple[bytes, bytes]] = []
        self.close_code: int | None = None
        self.close_reason: str | None = None
        self._to_app, self._app_inbox = anyio.create_memory_object_stream[dict[str, Any]](float("inf"))
        self._from_app = Pipe(None)  # anyio events: the session may be built outside the loop
        self._error: BaseException | None = None
        self._closed = False
        # Whether the test has read the end of the app's messages (its close, or nothing more to come).
        self._end_read = False
        self._close_code = WS_1000_NORMAL_CLOSURE
        self._cancel_scope: anyio.CancelScope | None = None
        self._entered = False

    @property
    def path(self) -> str:
        """The path this session is connected to, as errors name it."""
        return self.request.url.raw_path.decode("latin-1")

    # --- the app's side ---------------------------------------------------------------------------

    async def _run(self) -> None:
        with anyio.CancelScope() as self._cancel_scope:
            try:
                await self.client.async_transport.app(self.scope, self._app_receive, self._app_send)
            except BaseException as exc:
                error = unwrap_exception(exc)
                if isinstance(error, anyio.get_cancelled_exc_class()):
                    raise
                # Kept for the test to raise (KeyboardInterrupt too, rather than escaping the loop).
                if not (self._closed and isinstance(error, WebSocketDisconnect)):
                    self._error = error
            finally:
                self._from_app.finish()

    async def _app_receive(self) -> Message:
        try:
            message: Message = await self._app_inbox.receive()
        except (anyio.EndOfStream, anyio.ClosedResourceError):
            # The test left: every later receive reports the disconnect.
            return {"type": "websocket.disconnect", "code": self._close_code}
        return message

    async def _app_send(self, message: Message) -> None:
        if self._closed:
            # As a server does once the client has gone: refuse to send, so a handler that only
            # pushes messages (and never receives the disconnect) ends too.
            raise WebSocketDisconnect(detail="the client closed the connection", code=self._close_code)
        await self._from_app.put(dict(message))

    # --- the test's side --------------------------------------------------------------------------

    async def __aenter__(self) -> AsyncWebSocketTestSession:
        spawner = self.client.async_transport.spawner
        if not spawner.available():
            raise RuntimeError(
                "On trio, websockets run in the test client's nursery: open them inside `async with client`"
            )
        self._entered = True
        # The handshake is queued before the app starts, so an app that closes at once still finds it.
        self._to_app.send_nowait({"type": "websocket.connect"})
        spawner.start(self._run)
        try:
            message = await self.receive()
            if message["type"] != "websocket.accept":
                raise RuntimeError(
                    f"The application sent {message['type']!r} before accepting the websocket {self.path}"
                )
        except BaseException:
            await self._finish(raise_errors=False, grace=0)
            raise
        self.accepted_subprotocol = message.get("subprotocol")
        self.extra_headers = list(message.get("headers") or [])
        if any(key.lower() == b"set-cookie" for key, _ in self.extra_headers):
            # Cookies set at the handshake (a session, say) reach the client's jar, as a browser's.
            handshake = httpx.Response(101, headers=self.extra_headers, request=self.request)
            self.client.cookies.extract_cookies(handshake)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        await self._finish(raise_errors=exc_type is None)

    async def _finish(self, raise_errors: bool, grace: float = _SHUTDOWN_GRACE_SECONDS) -> None:
        """Close the connection, give the handler a moment to end (then cancel it), surface its error."""
        await self.close()
        self._from_app.close()  # a handler blocked sending into a full pipe goes on (and is refused)
        with anyio.move_on_after(grace, shield=True):
            await self._from_app.wait_finished()
        if not self._from_app.finished:
            # The handler ignores the disconnect (it neither receives nor sends): stop it.
            assert self._cancel_scope is not None
            self._cancel_scope.cancel()
            with anyio.CancelScope(shield=True):
                await self._from_app.wait_finished()
        self._from_app.close()
        self._to_app.close()
        self._app_inbox.close()
        error, self._error = self._error, None
        if error is not None and raise_errors and self.client.raise_server_exceptions:
            raise error

    def _timeout_of(self, timeout: Any) -> float | None:
        if timeout is httpx.USE_CLIENT_DEFAULT:
            return self.timeout
        return None if timeout is None else float(timeout)

    async def send(
        self, data: str | bytes | Message, mode: Literal["text", "binary"] = "text", encoding: str = "utf-8"
    ) -> None:
        """Send ``data`` as a text or binary message; a ``dict`` is sent as a raw ASGI message.

        As over a network, a message sent after the app ended the connection, but before the test read
        that end (its close, or the end of its messages), is lost without an error, as in 1.5x.

        Raises:
            WebSocketDisconnect: When the test closed the connection, or has read its end.
        """
        message: dict[str, Any] = (
            dict(data) if not isinstance(data, str | bytes) else _text_or_bytes(data, mode, encoding)
        )
        if self._from_app.finished:
            self._raise_app_error()
        if self._closed or self._end_read:
            raise WebSocketDisconnect(
                detail="the connection is closed", code=self.close_code or self._close_code
            )
        if self._from_app.finished:
            return  # nobody reads it any more
        await self._to_app.send(message)

    async def send_text(self, data: str, encoding: str = "utf-8") -> None:
        """Send a text message."""
        await self.send(data, "text", encoding)

    async def send_bytes(self, data: bytes, encoding: str = "utf-8") -> None:
        """Send a binary message."""
        await self.send(data, "binary", encoding)

    async def send_json(self, data: Any, mode: Literal["text", "binary"] = "text") -> None:
        """Send ``data`` encoded as JSON, in a text (default) or binary message."""
        await self.send(encode_json(data), mode)

    async def close(self, code: int = WS_1000_NORMAL_CLOSURE, reason: str | None = None) -> None:
        """Close the connection from the client's side with ``code`` and ``reason``."""
        if self._closed:
            return
        self._closed = True
        self._close_code = code
        if not self._from_app.finished:
            self._to_app.send_nowait({"type": "websocket.disconnect", "code": code, "reason": reason or ""})

    async def receive(self, timeout: float | None | Any = httpx.USE_CLIENT_DEFAULT) -> Message:
        """Return the next ``websocket.send`` message the app sent, as a raw ASGI message.

        Args:
            timeout: Seconds to wait; the handshake's read timeout by default, ``None`` for no limit.

        Raises:
            TimeoutError: When nothing arrives in time; the message names the websocket's path.
            WebSocketDisconnect: When the app closed the connection (with its code and reason, as
                1.5x), or ended without closing (code 1000).
        """
        seconds = self._timeout_of(timeout)
        message = self._from_app.get_nowait()
        while message is None and not (self._from_app.finished or self._from_app.closed):
            try:
                message = await self._from_app.get(seconds)
            except TimeoutError:
                if not debugger_attached():
                    raise TimeoutError(
                        f"No message from the application on the websocket {self.path} within "
                        f"{seconds:g} seconds"
                    ) from None
        if message is None:
            self._end_read = True
            self._raise_app_error()
            raise WebSocketDisconnect(
                detail="the application ended the connection", code=WS_1000_NORMAL_CLOSURE
            )
        if message["type"] == "websocket.close":
            self._end_read = True
            self.close_code = message.get("code", WS_1000_NORMAL_CLOSURE)
            self.close_reason = message.get("reason") or ""
            raise _disconnect_from_close(message)
        return message

    def _raise_app_error(self) -> None:
        """Raise what the handler raised, when the test is to see it."""
        error, self._error = self._error, None
        if error is not None and (self.client.raise_server_exceptions or not isinstance(error, Exception)):
            raise error

    async def receive_text(self, timeout: float | None | Any = httpx.USE_CLIENT_DEFAULT) -> str:
        """Receive a text message.

        Raises:
            WebSocketDisconnect: When the app closed the connection (with its code and reason).
            TimeoutError: As ``receive``.
        """
        message = await self.receive(timeout)
        return message.get("text") or ""

    async def receive_bytes(self, timeout: float | None | Any = httpx.USE_CLIENT_DEFAULT) -> bytes:
        """Receive a binary message.

        Raises:
            WebSocketDisconnect: When the app closed the connection (with its code and reason).
            TimeoutError: As ``receive``.
        """
        message = await self.receive(timeout)
        return message.get("bytes") or b""

    async def receive_json(
        self, mode: Literal["text", "binary"] = "text", timeout: float | None | Any = httpx.USE_CLIENT_DEFAULT
    ) -> Any:
        """Receive a message and decode it as JSON (from its text, or its bytes with ``mode="binary"``).

        Raises:
            WebSocketDisconnect: When the app closed the connection (with its code and reason).
            TimeoutError: As ``receive``.
        """
        message = await self.receive(timeout)
        return decode_json(message.get("text") or "" if mode == "text" else message.get("bytes") or b"")


class WebSocketTestSession:
    """One websocket connection to the app, driven from a sync test.

    An adapter over ``AsyncWebSocketTestSession``: each call runs on the client's event loop thread
    through its blocking portal. Use it in a ``with`` block.

    Args:
        client: The sync test client.
        session: The async session doing the work.
    """

    __test__ = False

    def __init__(self, client: _PortalClient, session: AsyncWebSocketTestSession) -> None:
        self.client = client
        self.session = session

    @property
    def scope(self) -> dict[str, Any]:
        """The ASGI scope the app receives."""
        return self.session.scope

    @property
    def accepted_subprotocol(self) -> str | None:
        """The subprotocol the app accepted, if any."""
        return self.session.accepted_subprotocol

    @property
    def extra_headers(self) -> list[tuple[bytes, bytes]]:
        """The headers the app sent with its accept message."""
        return self.session.extra_headers

    @property
    def close_code(self) -> int | None:
        """The code of the app's close message, once received."""
        return self.session.close_code

    @property
    def close_reason(self) -> str | None:
        """The reason of the app's close message, once received."""
        return self.session.close_reason

    def _call(self, func: Any, *args: Any) -> Any:
        return portal_call(self._portal, func, *args)

    def __enter__(self) -> WebSocketTestSession:
        self._portal = self.client._start_portal()
        self._call(self.session.__aenter__)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        self._call(self.session.__aexit__, exc_type, exc_value, traceback)

    def send(
        self, data: str | bytes | Message, mode: Literal["text", "binary"] = "text", encoding: str = "utf-8"
    ) -> None:
        """Send ``data`` as a text or binary message; a ``dict`` is sent as a raw ASGI message.

        Raises:
            WebSocketDisconnect: When the app has already ended the connection.
        """
        self._call(self.session.send, data, mode, encoding)

    def send_text(self, data: str, encoding: str = "utf-8") -> None:
        """Send a text message."""
        self._call(self.session.send, data, "text", encoding)

    def send_bytes(self, data: bytes, encoding: str = "utf-8") -> None:
        """Send a binary message."""
        self._call(self.session.send, data, "binary", encoding)

    def send_json(self, data: Any, mode: Literal["text", "binary"] = "text") -> None:
        """Send ``data`` encoded as JSON, in a text (default) or binary message."""
        self._call(self.session.send_json, data, mode)

    def close(self, code: int = WS_1000_NORMAL_CLOSURE, reason: str | None = None) -> None:
        """Close the connection from the client's side with ``code`` and ``reason``."""
        self._call(self.session.close, code, reason)

    def receive(self, timeout: float | None | Any = httpx.USE_CLIENT_DEFAULT) -> Message:
        """Return the next ``websocket.send`` message the app sent, as a raw ASGI message.

        Args:
            timeout: Seconds to wait; the handshake's read timeout by default, ``None`` for no limit.

        Raises:
            TimeoutError: When nothing arrives in time; the message names the websocket's path.
            WebSocketDisconnect: When the app closed the connection (with its code and reason), or
                ended without sending anything more.
        """
        message: Message = self._call(self.session.receive, timeout)
        return message

    def receive_text(self, timeout: float | None | Any = httpx.USE_CLIENT_DEFAULT) -> str:
        """Receive a text message.

        Raises:
            WebSocketDisconnect: When the app closed the connection (with its code and reason).
            TimeoutError: As ``receive``.
        """
        text: str = self._call(self.session.receive_text, timeout)
        return text

    def receive_bytes(self, timeout: float | None | Any = httpx.USE_CLIENT_DEFAULT) -> bytes:
        """Receive a binary message.

        Raises:
            WebSocketDisconnect: When the app closed the connection (with its code and reason).
            TimeoutError: As ``receive``.
        """
        data: bytes = self._call(self.session.receive_bytes, timeout)
        return data

    def receive_json(
        self, mode: Literal["text", "binary"] = "text", timeout: float | None | Any = httpx.USE_CLIENT_DEFAULT
    ) -> Any:
        """Receive a message and decode it as JSON (from its text, or its bytes with ``mode="binary"``).

        Raises:
            WebSocketDisconnect: When the app closed the connection (with its code and reason).
            TimeoutError: As ``receive``.
        """
        return self._call(self.session.receive_json, mode, timeout)
