"""``WebSocketTestSession``: a websocket to the app, driven from a sync test."""

from __future__ import annotations

import concurrent.futures
import queue
from contextlib import ExitStack, suppress
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

import anyio

from starlite._connection_state import SCOPE_KEY, ConnectionState
from starlite.exceptions import WebSocketDisconnect
from starlite.status_codes import WS_1000_NORMAL_CLOSURE
from starlite.testing.transport import build_scope, unwrap_exception
from starlite.utils.serialization import decode_json, encode_json

if TYPE_CHECKING:
    import httpx

    from starlite.testing.client.sync_client import TestClient
    from starlite.types import Message

__all__ = ("WebSocketTestSession",)

_APP_DONE = {"type": "starlite.testing.app_done"}
# How long an app may take to end after the client closed, before it is cancelled.
_SHUTDOWN_GRACE_SECONDS = 1.0


class WebSocketTestSession:
    """One websocket connection to the app under test.

    The app runs in the client's event loop thread; messages it sends are queued for the test, and
    messages the test sends go to the app through the client's blocking portal.

    Args:
        client: The test client.
        request: The httpx request carrying the URL, headers and cookies of the handshake.
    """

    __test__ = False

    def __init__(self, client: TestClient[Any], request: httpx.Request) -> None:
        self.client = client
        self.scope = build_scope(
            request,
            "websocket",
            root_path=client.root_path,
            state=client.async_transport.lifespan_state,
        )
        self.scope[SCOPE_KEY] = ConnectionState()
        self.scope[SCOPE_KEY].raise_server_exceptions = client.raise_server_exceptions
        self.accepted_subprotocol: str | None = None
        self.extra_headers: list[tuple[bytes, bytes]] = []
        self._from_app: queue.Queue[Message | BaseException] = queue.Queue()
        self._exit_stack = ExitStack()
        self._closed = False
        self._close_code = WS_1000_NORMAL_CLOSURE
        self._cancel_scope: anyio.CancelScope | None = None

    def __enter__(self) -> WebSocketTestSession:
        stack = self._exit_stack
        portal = self._portal = stack.enter_context(self.client.portal())
        self._to_app, self._app_inbox = portal.call(self._create_streams)
        stack.callback(self._app_inbox.close)
        stack.callback(self._to_app.close)
        # Queue the handshake before the app starts, so an app that closes at once still finds it.
        self.send({"type": "websocket.connect"})
        self._app_task = portal.start_task_soon(self._run)
        stack.callback(self._wait_for_app)
        try:
            message = self.receive()
            self._raise_on_close(message)
        except BaseException:
            self.__exit__()
            raise
        self.accepted_subprotocol = message.get("subprotocol")
        self.extra_headers = list(message.get("headers") or [])
        return self

    async def _create_streams(self) -> Any:
        return anyio.create_memory_object_stream[dict[str, Any]](100)

    async def _run(self) -> None:
        async def receive() -> Message:
            message: Message = await self._app_inbox.receive()
            return message

        async def send(message: Message) -> None:
            if self._closed:
                # As a server does once the client has gone: refuse to send, so a handler that only
                # pushes messages (and never receives the disconnect) ends too.
                raise WebSocketDisconnect(detail="the client closed the connection", code=self._close_code)
            self._from_app.put(dict(message))

        with anyio.CancelScope() as self._cancel_scope:
            try:
                await self.client.app(self.scope, receive, send)
            except Exception as exc:
                error = unwrap_exception(exc)
                if not (self._closed and isinstance(error, WebSocketDisconnect)):
                    self._from_app.put(error)
            finally:
                self._app_inbox.close()
                self._from_app.put(_APP_DONE)

    def _wait_for_app(self) -> None:
        self.close()
        try:
            self._app_task.result(timeout=_SHUTDOWN_GRACE_SECONDS)
        except concurrent.futures.TimeoutError:
            # The app ignores the disconnect (it neither receives nor sends): stop it, as a server would.
            assert self._cancel_scope is not None
            self._portal.call(self._cancel_scope.cancel)
            with suppress(concurrent.futures.CancelledError):
                self._app_task.result()

    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        self._exit_stack.close()
        # Surface an error the app raised after the test stopped reading.
        while not self._from_app.empty():
            item = self._from_app.get_nowait()
            if isinstance(item, BaseException) and self.client.raise_server_exceptions and exc_type is None:
                raise item

    @staticmethod
    def _raise_on_close(message: Message) -> None:
        if message["type"] == "websocket.close":
            raise WebSocketDisconnect(
                detail=message.get("reason") or "", code=message.get("code", WS_1000_NORMAL_CLOSURE)
            )

    def send(self, message: Message) -> None:
        """Send a raw ASGI message to the app.

        Raises:
            WebSocketDisconnect: When the app has already ended the connection.
        """
        try:
            self._portal.call(self._to_app.send, message)
        except (anyio.BrokenResourceError, anyio.ClosedResourceError):
            raise WebSocketDisconnect(
                detail="the application has ended the connection", code=WS_1000_NORMAL_CLOSURE
            ) from None

    def send_text(self, data: str, encoding: str = "utf-8") -> None:
        """Send a text message."""
        self.send({"type": "websocket.receive", "text": data})

    def send_bytes(self, data: bytes, encoding: str = "utf-8") -> None:
        """Send a binary message."""
        self.send({"type": "websocket.receive", "bytes": data})

    def send_json(self, data: Any, mode: Literal["text", "binary"] = "text") -> None:
        """Send ``data`` as JSON, in a text or binary message."""
        payload = encode_json(data)
        if mode == "text":
            self.send_text(payload.decode("utf-8"))
        else:
            self.send_bytes(payload)

    def close(self, code: int = WS_1000_NORMAL_CLOSURE) -> None:
        """Close the connection from the client side."""
        if not self._closed:
            self._closed = True
            self._close_code = code
            with suppress(WebSocketDisconnect):  # the app may have ended already
                self.send({"type": "websocket.disconnect", "code": code})

    def receive(self, timeout: float | None = None) -> Message:
        """Return the next raw ASGI message the app sent.

        Raises:
            TimeoutError: When nothing arrives within ``timeout`` seconds.
            WebSocketDisconnect: When the app ended without sending anything more.
        """
        try:
            item = self._from_app.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(f"no websocket message from the app within {timeout} seconds") from None
        if isinstance(item, BaseException):
            raise item
        if item is _APP_DONE:
            self._from_app.put(_APP_DONE)
            raise WebSocketDisconnect(
                detail="the application ended the connection", code=WS_1000_NORMAL_CLOSURE
            )
        return item

    def _receive_data(self) -> Message:
        message = self.receive()
        self._raise_on_close(message)
        return message

    def receive_text(self) -> str:
        """Receive a text message.

        Raises:
            WebSocketDisconnect: When the app closed the connection.
        """
        message = self._receive_data()
        return message.get("text") or ""

    def receive_bytes(self) -> bytes:
        """Receive a binary message.

        Raises:
            WebSocketDisconnect: When the app closed the connection.
        """
        message = self._receive_data()
        return message.get("bytes") or b""

    def receive_json(self, mode: Literal["text", "binary"] = "text") -> Any:
        """Receive a message and decode it as JSON.

        Raises:
            WebSocketDisconnect: When the app closed the connection.
        """
        message = self._receive_data()
        return decode_json(message.get("text") or "" if mode == "text" else message.get("bytes") or b"")
