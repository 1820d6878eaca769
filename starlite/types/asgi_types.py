"""ASGI 3.0 types: scopes, messages, and the ``receive``, ``send`` and application callables.

The messages are ``TypedDict``s following the ASGI specification
(https://asgi.readthedocs.io/en/latest/specs/www.html).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any, Literal, TypeAlias, TypedDict

from typing_extensions import NotRequired

__all__ = (
    "ASGIApp",
    "HTTPDisconnectEvent",
    "HTTPRequestEvent",
    "HTTPResponseBodyEvent",
    "HTTPResponseStartEvent",
    "HTTPScope",
    "LifeSpanScope",
    "Message",
    "Method",
    "RawHeaders",
    "Receive",
    "Scope",
    "Send",
    "WebSocketAcceptEvent",
    "WebSocketCloseEvent",
    "WebSocketConnectEvent",
    "WebSocketDisconnectEvent",
    "WebSocketReceiveEvent",
    "WebSocketScope",
    "WebSocketSendEvent",
)

Method: TypeAlias = Literal["GET", "POST", "DELETE", "PATCH", "PUT", "HEAD", "TRACE", "OPTIONS"]
RawHeaders: TypeAlias = "list[tuple[bytes, bytes]]"


class _BaseScope(TypedDict):
    asgi: dict[str, str]
    app: Any
    state: NotRequired[dict[str, Any]]
    extensions: NotRequired[dict[str, dict[object, object]] | None]
    path: str
    raw_path: NotRequired[bytes]
    root_path: str
    scheme: str
    query_string: bytes
    headers: list[tuple[bytes, bytes]]
    client: tuple[str, int] | None
    server: tuple[str, int | None] | None
    path_params: NotRequired[dict[str, Any]]
    route_handler: NotRequired[Any]
    session: NotRequired[Any]
    user: NotRequired[Any]
    auth: NotRequired[Any]


class HTTPScope(_BaseScope):
    """The scope of an HTTP connection."""

    type: Literal["http"]
    http_version: str
    method: str


class WebSocketScope(_BaseScope):
    """The scope of a websocket connection."""

    type: Literal["websocket"]
    subprotocols: list[str]


class LifeSpanScope(TypedDict):
    """The scope of the lifespan protocol."""

    type: Literal["lifespan"]
    asgi: dict[str, str]
    app: NotRequired[Any]
    state: NotRequired[dict[str, Any]]


class HTTPRequestEvent(TypedDict):
    """A chunk of request body."""

    type: Literal["http.request"]
    body: bytes
    more_body: bool


class HTTPDisconnectEvent(TypedDict):
    """The client went away."""

    type: Literal["http.disconnect"]


class HTTPResponseStartEvent(TypedDict):
    """Status line and headers of a response."""

    type: Literal["http.response.start"]
    status: int
    headers: list[tuple[bytes, bytes]]
    trailers: NotRequired[bool]


class HTTPResponseBodyEvent(TypedDict):
    """A chunk of response body."""

    type: Literal["http.response.body"]
    body: bytes
    more_body: NotRequired[bool]


class WebSocketConnectEvent(TypedDict):
    """The client asks to open a websocket."""

    type: Literal["websocket.connect"]


class WebSocketAcceptEvent(TypedDict):
    """The application accepts a websocket."""

    type: Literal["websocket.accept"]
    subprotocol: NotRequired[str | None]
    headers: NotRequired[Iterable[tuple[bytes, bytes]]]


class WebSocketReceiveEvent(TypedDict):
    """A message from the client."""

    type: Literal["websocket.receive"]
    bytes: NotRequired[bytes | None]
    text: NotRequired[str | None]


class WebSocketSendEvent(TypedDict):
    """A message to the client."""

    type: Literal["websocket.send"]
    bytes: NotRequired[bytes | None]
    text: NotRequired[str | None]


class WebSocketDisconnectEvent(TypedDict):
    """The client closed the websocket."""

    type: Literal["websocket.disconnect"]
    code: int
    reason: NotRequired[str | None]


class WebSocketCloseEvent(TypedDict):
    """The application closes the websocket."""

    type: Literal["websocket.close"]
    code: int
    reason: NotRequired[str | None]


Scope: TypeAlias = HTTPScope | WebSocketScope
Message: TypeAlias = MutableMapping[str, Any]
Receive: TypeAlias = Callable[[], Awaitable[Message]]
Send: TypeAlias = Callable[[Message], Awaitable[None]]
ASGIApp: TypeAlias = Callable[[Any, Receive, Send], Awaitable[None]]
