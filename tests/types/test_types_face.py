"""``starlite.types`` offers every alias of 1.5x; those naming higher layers load on first use."""

from __future__ import annotations

import subprocess
import sys
from typing import get_args, get_type_hints

import starlite.types
from starlite.types import (
    BaseScope,
    HTTPReceiveMessage,
    HTTPRequestEvent,
    LifeSpanStartupEvent,
    ReservedKwargs,
    Scopes,
    TypeEncodersMap,
)
from starlite.types.builtin_types import NoneType

# Starlite 1.51.16's ``starlite.types.__all__``.
TYPES_1_51 = {
    "ASGIApp", "ASGIVersion", "AfterExceptionHookHandler", "AfterRequestHookHandler", "AfterResponseHookHandler",
    "AnyCallable", "AnyGenerator", "AnyIOBackend", "AsyncAnyCallable", "BaseScope", "BeforeMessageSendHookHandler",
    "BeforeRequestHookHandler", "CacheKeyBuilder", "ControllerRouterHandler", "Dependencies", "Empty", "EmptyType",
    "ExceptionHandler", "ExceptionHandlersMap", "FileInfo", "FileSystemProtocol", "Guard", "HTTPDisconnectEvent",
    "HTTPReceiveMessage", "HTTPRequestEvent", "HTTPResponseBodyEvent", "HTTPResponseStartEvent", "HTTPScope",
    "HTTPSendMessage", "HTTPServerPushEvent", "LifeSpanHandler", "LifeSpanHookHandler", "LifeSpanReceive",
    "LifeSpanReceiveMessage", "LifeSpanScope", "LifeSpanSend", "LifeSpanSendMessage",
    "LifeSpanShutdownCompleteEvent", "LifeSpanShutdownEvent", "LifeSpanShutdownFailedEvent",
    "LifeSpanStartupCompleteEvent", "LifeSpanStartupEvent", "LifeSpanStartupFailedEvent", "Logger",
    "MaybePartial", "Message", "Method", "Middleware", "OnAppInitHandler", "ParametersMap", "Partial",
    "PathType", "Receive", "ReceiveMessage", "ReservedKwargs", "ResponseCookies", "ResponseHeadersMap",
    "ResponseType", "RouteHandlerMapItem", "RouteHandlerType", "Scope", "ScopeSession", "Scopes", "Send",
    "Serializer", "SingleOrList", "SyncOrAsyncUnion", "TypeEncodersMap", "WebSocketAcceptEvent",
    "WebSocketCloseEvent", "WebSocketConnectEvent", "WebSocketDisconnectEvent", "WebSocketReceiveEvent",
    "WebSocketReceiveMessage", "WebSocketResponseBodyEvent", "WebSocketResponseStartEvent", "WebSocketScope",
    "WebSocketSendEvent", "WebSocketSendMessage",
}  # fmt: skip


def test_every_1_5x_name_is_exported_and_resolves() -> None:
    assert TYPES_1_51 <= set(starlite.types.__all__)
    for name in TYPES_1_51:
        assert getattr(starlite.types, name) is not None, name


def test_importing_the_types_loads_no_layer_above_them() -> None:
    code = (
        "import sys, starlite.types, starlite.types.internal_types;"
        "print(sorted(m for m in ('starlite.app', 'starlite.router', 'starlite.handlers.base') if m in sys.modules))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"


def test_lazy_names_come_from_where_they_live() -> None:
    from starlite.router import RouteHandlerType
    from starlite.routes.base import PathParameterDefinition
    from starlite.types.internal_types import PathParameterDefinition as FromInternalTypes

    assert starlite.types.RouteHandlerType is RouteHandlerType
    assert FromInternalTypes is PathParameterDefinition


def test_message_unions_and_aliases() -> None:
    assert HTTPRequestEvent in get_args(HTTPReceiveMessage)
    assert get_args(get_type_hints(LifeSpanStartupEvent)["type"]) == ("lifespan.startup",)
    assert "route_handler" in BaseScope.__annotations__
    assert get_args(ReservedKwargs)[0] == "request"
    assert isinstance(Scopes, str) and isinstance(TypeEncodersMap, str)
    assert NoneType is type(None)
