"""Type aliases of the public API: ASGI types, and the callables and options the framework accepts.

This package only re-exports. The ASGI types, helpers and the aliases that name nothing of the
framework live in its submodules; the aliases that name a request, a response, a handler or the
application's configuration live with those, and load from here on first use (PEP 562), so that
importing ``starlite.types.asgi_types`` never imports the layers above it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlite.types.asgi_types import ASGIApp as ASGIApp
from starlite.types.asgi_types import ASGIVersion as ASGIVersion
from starlite.types.asgi_types import BaseScope as BaseScope
from starlite.types.asgi_types import HTTPDisconnectEvent as HTTPDisconnectEvent
from starlite.types.asgi_types import HTTPReceiveMessage as HTTPReceiveMessage
from starlite.types.asgi_types import HTTPRequestEvent as HTTPRequestEvent
from starlite.types.asgi_types import HTTPResponseBodyEvent as HTTPResponseBodyEvent
from starlite.types.asgi_types import HTTPResponseStartEvent as HTTPResponseStartEvent
from starlite.types.asgi_types import HTTPScope as HTTPScope
from starlite.types.asgi_types import HTTPSendMessage as HTTPSendMessage
from starlite.types.asgi_types import HTTPServerPushEvent as HTTPServerPushEvent
from starlite.types.asgi_types import LifeSpanReceive as LifeSpanReceive
from starlite.types.asgi_types import LifeSpanReceiveMessage as LifeSpanReceiveMessage
from starlite.types.asgi_types import LifeSpanScope as LifeSpanScope
from starlite.types.asgi_types import LifeSpanSend as LifeSpanSend
from starlite.types.asgi_types import LifeSpanSendMessage as LifeSpanSendMessage
from starlite.types.asgi_types import LifeSpanShutdownCompleteEvent as LifeSpanShutdownCompleteEvent
from starlite.types.asgi_types import LifeSpanShutdownEvent as LifeSpanShutdownEvent
from starlite.types.asgi_types import LifeSpanShutdownFailedEvent as LifeSpanShutdownFailedEvent
from starlite.types.asgi_types import LifeSpanStartupCompleteEvent as LifeSpanStartupCompleteEvent
from starlite.types.asgi_types import LifeSpanStartupEvent as LifeSpanStartupEvent
from starlite.types.asgi_types import LifeSpanStartupFailedEvent as LifeSpanStartupFailedEvent
from starlite.types.asgi_types import Message as Message
from starlite.types.asgi_types import Method as Method
from starlite.types.asgi_types import RawHeaders as RawHeaders
from starlite.types.asgi_types import Receive as Receive
from starlite.types.asgi_types import ReceiveMessage as ReceiveMessage
from starlite.types.asgi_types import Scope as Scope
from starlite.types.asgi_types import ScopeSession as ScopeSession
from starlite.types.asgi_types import Send as Send
from starlite.types.asgi_types import WebSocketAcceptEvent as WebSocketAcceptEvent
from starlite.types.asgi_types import WebSocketCloseEvent as WebSocketCloseEvent
from starlite.types.asgi_types import WebSocketConnectEvent as WebSocketConnectEvent
from starlite.types.asgi_types import WebSocketDisconnectEvent as WebSocketDisconnectEvent
from starlite.types.asgi_types import WebSocketReceiveEvent as WebSocketReceiveEvent
from starlite.types.asgi_types import WebSocketReceiveMessage as WebSocketReceiveMessage
from starlite.types.asgi_types import WebSocketResponseBodyEvent as WebSocketResponseBodyEvent
from starlite.types.asgi_types import WebSocketResponseStartEvent as WebSocketResponseStartEvent
from starlite.types.asgi_types import WebSocketScope as WebSocketScope
from starlite.types.asgi_types import WebSocketSendEvent as WebSocketSendEvent
from starlite.types.asgi_types import WebSocketSendMessage as WebSocketSendMessage
from starlite.types.callable_types import AnyCallable as AnyCallable
from starlite.types.callable_types import AnyGenerator as AnyGenerator
from starlite.types.callable_types import AsyncAnyCallable as AsyncAnyCallable
from starlite.types.callable_types import CacheKeyBuilder as CacheKeyBuilder
from starlite.types.callable_types import LifeSpanHandler as LifeSpanHandler
from starlite.types.callable_types import LifeSpanHookHandler as LifeSpanHookHandler
from starlite.types.callable_types import Serializer as Serializer
from starlite.types.composite_types import MaybePartial as MaybePartial
from starlite.types.composite_types import Middleware as Middleware
from starlite.types.composite_types import ParametersMap as ParametersMap
from starlite.types.composite_types import PathType as PathType
from starlite.types.composite_types import ResponseCookies as ResponseCookies
from starlite.types.composite_types import ResponseHeadersMap as ResponseHeadersMap
from starlite.types.composite_types import Scopes as Scopes
from starlite.types.composite_types import StreamType as StreamType
from starlite.types.composite_types import TypeEncodersMap as TypeEncodersMap
from starlite.types.empty import Empty as Empty
from starlite.types.empty import EmptyType as EmptyType
from starlite.types.file_types import FileInfo as FileInfo
from starlite.types.file_types import FileSystemProtocol as FileSystemProtocol
from starlite.types.helper_types import AnyIOBackend as AnyIOBackend
from starlite.types.helper_types import SingleOrList as SingleOrList
from starlite.types.helper_types import SyncOrAsyncUnion as SyncOrAsyncUnion
from starlite.types.internal_types import ReservedKwargs as ReservedKwargs
from starlite.types.protocols import Logger as Logger
from starlite.types.protocols import MiddlewareProtocol as MiddlewareProtocol
from starlite.utils._lazy import lazy_exports

if TYPE_CHECKING:
    from starlite.asgi.asgi_router import BeforeMessageSendHookHandler as BeforeMessageSendHookHandler
    from starlite.config.app import OnAppInitHandler as OnAppInitHandler
    from starlite.datastructures.provide import Dependencies as Dependencies
    from starlite.handlers.base import Guard as Guard
    from starlite.handlers.http import AfterRequestHookHandler as AfterRequestHookHandler
    from starlite.handlers.http import AfterResponseHookHandler as AfterResponseHookHandler
    from starlite.handlers.http import BeforeRequestHookHandler as BeforeRequestHookHandler
    from starlite.router import ControllerRouterHandler as ControllerRouterHandler
    from starlite.router import ResponseType as ResponseType
    from starlite.router import RouteHandlerMapItem as RouteHandlerMapItem
    from starlite.router import RouteHandlerType as RouteHandlerType
    from starlite.types.partial import Partial as Partial
    from starlite.utils.exception import AfterExceptionHookHandler as AfterExceptionHookHandler
    from starlite.utils.exception import ExceptionHandler as ExceptionHandler
    from starlite.utils.exception import ExceptionHandlersMap as ExceptionHandlersMap

# The aliases that live with the layers above, by the module that defines them.
_LAZY: dict[str, str] = {
    "AfterExceptionHookHandler": "starlite.utils.exception",
    "AfterRequestHookHandler": "starlite.handlers.http",
    "AfterResponseHookHandler": "starlite.handlers.http",
    "BeforeMessageSendHookHandler": "starlite.asgi.asgi_router",
    "BeforeRequestHookHandler": "starlite.handlers.http",
    "ControllerRouterHandler": "starlite.router",
    "Dependencies": "starlite.datastructures.provide",
    "ExceptionHandler": "starlite.utils.exception",
    "ExceptionHandlersMap": "starlite.utils.exception",
    "Guard": "starlite.handlers.base",
    "OnAppInitHandler": "starlite.config.app",
    "Partial": "starlite.types.partial",
    "ResponseType": "starlite.router",
    "RouteHandlerMapItem": "starlite.router",
    "RouteHandlerType": "starlite.router",
}

__all__ = (
    "ASGIApp",
    "ASGIVersion",
    "AfterExceptionHookHandler",
    "AfterRequestHookHandler",
    "AfterResponseHookHandler",
    "AnyCallable",
    "AnyGenerator",
    "AnyIOBackend",
    "AsyncAnyCallable",
    "BaseScope",
    "BeforeMessageSendHookHandler",
    "BeforeRequestHookHandler",
    "CacheKeyBuilder",
    "ControllerRouterHandler",
    "Dependencies",
    "Empty",
    "EmptyType",
    "ExceptionHandler",
    "ExceptionHandlersMap",
    "FileInfo",
    "FileSystemProtocol",
    "Guard",
    "HTTPDisconnectEvent",
    "HTTPReceiveMessage",
    "HTTPRequestEvent",
    "HTTPResponseBodyEvent",
    "HTTPResponseStartEvent",
    "HTTPScope",
    "HTTPSendMessage",
    "HTTPServerPushEvent",
    "LifeSpanHandler",
    "LifeSpanHookHandler",
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
    "Logger",
    "MaybePartial",
    "Message",
    "Method",
    "Middleware",
    "MiddlewareProtocol",
    "OnAppInitHandler",
    "ParametersMap",
    "Partial",
    "PathType",
    "RawHeaders",
    "Receive",
    "ReceiveMessage",
    "ReservedKwargs",
    "ResponseCookies",
    "ResponseHeadersMap",
    "ResponseType",
    "RouteHandlerMapItem",
    "RouteHandlerType",
    "Scope",
    "ScopeSession",
    "Scopes",
    "Send",
    "Serializer",
    "SingleOrList",
    "StreamType",
    "SyncOrAsyncUnion",
    "TypeEncodersMap",
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


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)
