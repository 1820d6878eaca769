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
    "ASGIVersion",
    "BaseScope",
    "HTTPDisconnectEvent",
    "HTTPReceiveMessage",
    "HTTPRequestEvent",
    "HTTPResponseBodyEvent",
    "HTTPResponseStartEvent",
    "HTTPScope",
    "HTTPSendMessage",
    "HTTPServerPushEvent",
    "HeaderScope",
    "LifeSpanReceive",
    "LifeSpanReceiveMessage",
    "LifeSpanScope",
    "LifeSpanSend",
    "LifeSpanSendMessage",
    "LifeSpanShutdownCompleteEvent",
    "LifeSpanShutdownEvent",
    "LifeSpanShutdownFailedEvent",
    "LifeSpanStartupCompleteEvent",
    "LifeSpanStartupEvent",
    "LifeSpanStartupFailedEvent",
    "Message",
    "Method",
    "RawHeaders",
    "RawHeadersList",
    "Receive",
    "ReceiveMessage",
    "Scope",
    "ScopeSession",
    "Send",
    "WebSocketAcceptEvent",
    "WebSocketCloseEvent",
    "WebSocketConnectEvent",
    "WebSocketDisconnectEvent",
    "WebSocketReceiveEvent",
    "WebSocketReceiveMessage",
    "WebSocketResponseBodyEvent",
    "WebSocketResponseStartEvent",
    "WebSocketScope",
    "WebSocketSendEvent",
    "WebSocketSendMessage",
)

Method: TypeAlias = Literal["GET", "POST", "DELETE", "PATCH", "PUT", "HEAD", "TRACE", "OPTIONS"]
RawHeaders: TypeAlias = "list[tuple[bytes, bytes]]"
RawHeadersList: TypeAlias = "list[tuple[bytes, bytes]]"
ScopeSession: TypeAlias = "dict[str, Any] | Any | None"
"""What ``scope["session"]`` holds: the session data, or ``None`` (or ``Empty``) when there is none."""


class ASGIVersion(TypedDict):
    """The ``asgi`` key of a scope."""

    spec_version: str
    version: Literal["3.0"]


class HeaderScope(TypedDict):
    """A scope or message with raw headers."""

    headers: list[tuple[bytes, bytes]]


class BaseScope(TypedDict):
    """What HTTP and websocket scopes share, the keys the framework adds included."""

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


class HTTPScope(BaseScope):
    """The scope of an HTTP connection."""

    type: Literal["http"]
    http_version: str
    method: str


class WebSocketScope(BaseScope):
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


class HTTPServerPushEvent(TypedDict):
    """Ask the server to push a resource (HTTP/2 server push)."""

    type: Literal["http.response.push"]
    path: str
    headers: list[tuple[bytes, bytes]]


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


class WebSocketResponseStartEvent(TypedDict):
    """Deny a websocket handshake with an HTTP response: its status and headers."""

    type: Literal["websocket.http.response.start"]
    status: int
    headers: list[tuple[bytes, bytes]]


class WebSocketResponseBodyEvent(TypedDict):
    """A chunk of the body of a websocket denial response."""

    type: Literal["websocket.http.response.body"]
    body: bytes
    more_body: NotRequired[bool]


class LifeSpanStartupEvent(TypedDict):
    """The server starts the application."""

    type: Literal["lifespan.startup"]


class LifeSpanShutdownEvent(TypedDict):
    """The server stops the application."""

    type: Literal["lifespan.shutdown"]


class LifeSpanStartupCompleteEvent(TypedDict):
    """The application started."""

    type: Literal["lifespan.startup.complete"]


class LifeSpanStartupFailedEvent(TypedDict):
    """The application failed to start."""

    type: Literal["lifespan.startup.failed"]
    message: str


class LifeSpanShutdownCompleteEvent(TypedDict):
    """The application stopped."""

    type: Literal["lifespan.shutdown.complete"]


class LifeSpanShutdownFailedEvent(TypedDict):
    """The application failed to stop cleanly."""

    type: Literal["lifespan.shutdown.failed"]
    message: str


HTTPReceiveMessage: TypeAlias = HTTPRequestEvent | HTTPDisconnectEvent
WebSocketReceiveMessage: TypeAlias = WebSocketConnectEvent | WebSocketReceiveEvent | WebSocketDisconnectEvent
LifeSpanReceiveMessage: TypeAlias = LifeSpanStartupEvent | LifeSpanShutdownEvent
HTTPSendMessage: TypeAlias = (
    HTTPResponseStartEvent | HTTPResponseBodyEvent | HTTPServerPushEvent | HTTPDisconnectEvent
)
WebSocketSendMessage: TypeAlias = (
    WebSocketAcceptEvent
    | WebSocketSendEvent
    | WebSocketResponseStartEvent
    | WebSocketResponseBodyEvent
    | WebSocketCloseEvent
)
LifeSpanSendMessage: TypeAlias = (
    LifeSpanStartupFailedEvent
    | LifeSpanShutdownFailedEvent
    | LifeSpanStartupCompleteEvent
    | LifeSpanShutdownCompleteEvent
)
ReceiveMessage: TypeAlias = HTTPReceiveMessage | WebSocketReceiveMessage
LifeSpanReceive: TypeAlias = Callable[..., Awaitable[LifeSpanReceiveMessage]]
LifeSpanSend: TypeAlias = Callable[[LifeSpanSendMessage], Awaitable[None]]
Scope: TypeAlias = HTTPScope | WebSocketScope
Message: TypeAlias = MutableMapping[str, Any]
Receive: TypeAlias = Callable[[], Awaitable[Message]]
Send: TypeAlias = Callable[[Message], Awaitable[None]]
ASGIApp: TypeAlias = Callable[[Any, Receive, Send], Awaitable[None]]
