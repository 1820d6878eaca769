"""Type aliases for ASGI and for the callables the framework accepts.

ASGI messages are typed as ``TypedDict``s following the ASGI 3.0 specification
(https://asgi.readthedocs.io/en/latest/specs/www.html).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeAlias, TypedDict, TypeVar

from typing_extensions import NotRequired

if TYPE_CHECKING:
    from starlite.app import Starlite
    from starlite.config.app import AppConfig
    from starlite.connection import Request
    from starlite.connection.base import ASGIConnection
    from starlite.datastructures.provide import Provide
    from starlite.datastructures.state import State
    from starlite.handlers.base import BaseRouteHandler
    from starlite.response import Response

__all__ = (
    "ASGIApp",
    "Scope",
    "HTTPScope",
    "WebSocketScope",
    "LifeSpanScope",
    "Receive",
    "Send",
    "Message",
    "Method",
    "RawHeaders",
    "HTTPResponseStartEvent",
    "HTTPResponseBodyEvent",
    "HTTPRequestEvent",
    "HTTPDisconnectEvent",
    "WebSocketAcceptEvent",
    "WebSocketCloseEvent",
    "WebSocketSendEvent",
    "WebSocketReceiveEvent",
    "WebSocketConnectEvent",
    "WebSocketDisconnectEvent",
    "ExceptionHandler",
    "ExceptionHandlersMap",
    "LifeSpanHandler",
    "Middleware",
    "MiddlewareProtocol",
    "ResponseHeadersMap",
    "ResponseCookies",
    "ControllerRouterHandler",
    "SyncOrAsyncUnion",
    "SingleOrList",
    "AfterExceptionHookHandler",
    "AfterRequestHookHandler",
    "AfterResponseHookHandler",
    "BeforeMessageSendHookHandler",
    "BeforeRequestHookHandler",
    "LifeSpanHookHandler",
    "OnAppInitHandler",
    "Guard",
    "Dependencies",
    "ParametersMap",
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


class MiddlewareProtocol(Protocol):
    """What a middleware class must look like: built with the next app, called as an ASGI app."""

    def __init__(self, app: ASGIApp, **kwargs: Any) -> None: ...  # pragma: no cover

    async def __call__(self, scope: Any, receive: Receive, send: Send) -> None: ...  # pragma: no cover


ExceptionHandler: TypeAlias = "Callable[[Request[Any, Any, Any], Exception], Response[Any]]"
ExceptionHandlersMap: TypeAlias = "Mapping[int | type[Exception], ExceptionHandler]"
LifeSpanHandler: TypeAlias = "Callable[[], Any] | Callable[[Any], Any]"
Middleware: TypeAlias = Any
ResponseHeadersMap: TypeAlias = "Mapping[str, Any] | Sequence[Any]"
ResponseCookies: TypeAlias = "Sequence[Any]"
ControllerRouterHandler: TypeAlias = "type[Any] | BaseRouteHandler[Any] | Any | Callable[..., Any]"

T = TypeVar("T")

SyncOrAsyncUnion: TypeAlias = T | Awaitable[T]
"""What a hook that may be sync or async returns: the value, or an awaitable of it."""
SingleOrList: TypeAlias = T | list[T]
"""One value, or a list of them (the hook options accept either)."""

AfterExceptionHookHandler: TypeAlias = "Callable[[Exception, Scope, State], SyncOrAsyncUnion[None]]"
"""``after_exception`` hook: called with the exception, the scope and ``app.state``."""
AfterRequestHookHandler: TypeAlias = "Callable[[Response[Any]], SyncOrAsyncUnion[Response[Any]]]"
"""``after_request`` hook: receives the response a handler produced and returns the one to send."""
AfterResponseHookHandler: TypeAlias = "Callable[[Request[Any, Any, Any]], SyncOrAsyncUnion[None]]"
"""``after_response`` hook: called with the request once its response was sent."""
BeforeMessageSendHookHandler: TypeAlias = "Callable[[Message, State, Scope], SyncOrAsyncUnion[None]] | Callable[[Message, State], SyncOrAsyncUnion[None]]"  # noqa: E501
"""``before_send`` hook: called with each ASGI message and ``app.state`` (and the scope, if it takes 3)."""
BeforeRequestHookHandler: TypeAlias = "Callable[[Request[Any, Any, Any]], SyncOrAsyncUnion[Any]]"
"""``before_request`` hook: a value it returns is sent instead of calling the handler."""
LifeSpanHookHandler: TypeAlias = "Callable[[Starlite], SyncOrAsyncUnion[None]]"
"""``before_startup``, ``after_startup``, ``before_shutdown`` and ``after_shutdown`` hook."""
OnAppInitHandler: TypeAlias = "Callable[[AppConfig], AppConfig]"
"""``on_app_init`` hook: receives the application's configuration and returns the one to build."""
Guard: TypeAlias = "Callable[[ASGIConnection[Any, Any, Any], BaseRouteHandler[Any]], SyncOrAsyncUnion[None]]"
"""A guard: called with the connection and its route handler; denies access by raising."""
Dependencies: TypeAlias = "Mapping[str, Provide]"
"""The ``dependencies`` of a layer: the providers keyed by the name they are injected as."""
ParametersMap: TypeAlias = "Mapping[str, Any]"
"""The ``parameters`` of a layer: parameter declarations keyed by name."""
