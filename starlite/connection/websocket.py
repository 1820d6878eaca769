"""``WebSocket``: a websocket connection."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, Literal

from starlite.connection.base import ASGIConnection, AuthT, UserT, empty_receive, empty_send
from starlite.datastructures.headers import Headers
from starlite.exceptions import SerializationException, WebSocketDisconnect, WebSocketException
from starlite.status_codes import WS_1000_NORMAL_CLOSURE, WS_1007_INVALID_FRAME_PAYLOAD_DATA
from starlite.types.asgi_types import Receive, Send
from starlite.utils.serialization import decode_json, encode_json

__all__ = ("WebSocket",)

ConnectionState = Literal["init", "connect", "receive", "disconnect"]
DISCONNECT_MESSAGE = "connection is disconnected"


class WebSocket(ASGIConnection[Any, UserT, AuthT], Generic[UserT, AuthT]):
    """A websocket connection: ``WebSocket[User, Auth]``, typed by what authentication sets.

    Args:
        scope: The ASGI ``websocket`` scope.
        receive: The ASGI receive callable.
        send: The ASGI send callable.
    """

    __slots__ = ("connection_state",)

    def __init__(self, scope: Any, receive: Receive = empty_receive, send: Send = empty_send) -> None:
        super().__init__(scope, self.receive_wrapper(receive), self.send_wrapper(send))
        self.connection_state: ConnectionState = "init"

    def receive_wrapper(self, receive: Receive) -> Receive:
        """Wrap ``receive`` so that it tracks the connection state.

        A receive after the disconnect message raises ``WebSocketException``: the ASGI server has
        nothing more to give, and waiting on it would hang the handler.
        """

        async def receive_message() -> Any:
            if self.connection_state == "disconnect":
                raise WebSocketException(detail=DISCONNECT_MESSAGE)
            message = await receive()
            if message["type"] == "websocket.connect":
                self.connection_state = "connect"
            elif message["type"] == "websocket.receive":
                self.connection_state = "receive"
            else:
                self.connection_state = "disconnect"
            return message

        return receive_message

    def send_wrapper(self, send: Send) -> Send:
        """Wrap ``send`` so that sending on a closed connection raises ``WebSocketDisconnect``."""

        async def send_message(message: Any) -> None:
            if self.connection_state == "disconnect":
                raise WebSocketDisconnect(detail=DISCONNECT_MESSAGE)
            await send(message)

        return send_message

    async def accept(
        self,
        subprotocols: str | None = None,
        headers: Headers | Mapping[str, str] | Iterable[tuple[bytes, bytes]] | None = None,
    ) -> None:
        """Accept the connection, optionally choosing a subprotocol and sending headers."""
        if self.connection_state == "init":
            await self.receive()
        if isinstance(headers, Headers):
            raw = headers.raw
        elif isinstance(headers, Mapping):
            raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        else:
            raw = list(headers or [])
        await self.send({"type": "websocket.accept", "subprotocol": subprotocols, "headers": raw})

    async def close(self, code: int = WS_1000_NORMAL_CLOSURE, reason: str | None = None) -> None:
        """Close the connection with ``code`` and an optional ``reason``."""
        await self.send({"type": "websocket.close", "code": code, "reason": reason or ""})
        self.connection_state = "disconnect"

    async def receive_data(self, mode: Literal["text", "binary"]) -> str | bytes:
        """Receive one message as text or bytes, accepting the connection first if needed.

        As in 1.5x, ``"text"`` reads a text frame and ``"binary"`` a binary one; a frame of the other
        kind reads as empty (``""`` or ``b""``), whatever its bytes, so the outcome never depends on
        whether they happen to be valid UTF-8.

        Raises:
            WebSocketDisconnect: When the client closed the connection.
        """
        if self.connection_state == "init":
            await self.accept()
        message = await self.receive()
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(
                detail=message.get("reason") or "disconnect event",
                code=message.get("code", WS_1000_NORMAL_CLOSURE),
            )
        if mode == "text":
            return message.get("text") or ""
        return message.get("bytes") or b""

    async def receive_text(self) -> str:
        """Receive one message as text."""
        return await self.receive_data("text")  # type: ignore[return-value]

    async def receive_bytes(self) -> bytes:
        """Receive one message as bytes."""
        return await self.receive_data("binary")  # type: ignore[return-value]

    async def receive_json(self, mode: Literal["text", "binary"] = "text") -> Any:
        """Receive one message and decode it as JSON.

        Raises:
            WebSocketException: With close code 1007 (invalid payload data, RFC 6455 section 7.4.1) when
                the message is not JSON: the client's mistake, answered by closing the connection.
        """
        data = await self.receive_data(mode)
        try:
            return decode_json(data)
        except SerializationException:
            raise WebSocketException(
                detail="The message is not valid JSON", code=WS_1007_INVALID_FRAME_PAYLOAD_DATA
            ) from None

    async def send_data(
        self, data: str | bytes, mode: Literal["text", "binary"] = "text", encoding: str = "utf-8"
    ) -> None:
        """Send one message as text or bytes, accepting the connection first if needed."""
        if self.connection_state == "init":
            await self.accept()
        if mode == "text":
            await self.send(
                {"type": "websocket.send", "text": data.decode(encoding) if isinstance(data, bytes) else data}
            )
        else:
            await self.send(
                {"type": "websocket.send", "bytes": data.encode(encoding) if isinstance(data, str) else data}
            )

    async def send_text(self, data: str, encoding: str = "utf-8") -> None:
        """Send a text message."""
        await self.send_data(data, "text", encoding)

    async def send_bytes(self, data: bytes, encoding: str = "utf-8") -> None:
        """Send a binary message."""
        await self.send_data(data, "binary", encoding)

    async def send_json(
        self,
        data: Any,
        mode: Literal["text", "binary"] = "text",
        encoding: str = "utf-8",
        serializer: Callable[[Any], Any] | None = None,
    ) -> None:
        """Send ``data`` encoded as JSON.

        Args:
            data: The value to send.
            mode: Send it as a ``text`` or a ``binary`` message.
            encoding: The text encoding of a binary message.
            serializer: Turns values JSON cannot hold into ones it can (as a response's ``enc_hook``).
        """
        payload = encode_json(data, serializer)
        await self.send_data(payload.decode("utf-8") if mode == "text" else payload, mode, encoding)
