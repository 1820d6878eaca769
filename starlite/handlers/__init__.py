"""Route handlers: HTTP (``get``, ``post``, ...), websocket and ASGI."""

from starlite.handlers.asgi import ASGIRouteHandler as ASGIRouteHandler, asgi as asgi
from starlite.handlers.base import BaseRouteHandler as BaseRouteHandler
from starlite.handlers.http import (
    HTTPRouteHandler as HTTPRouteHandler,
    delete as delete,
    get as get,
    head as head,
    patch as patch,
    post as post,
    put as put,
    route as route,
)
from starlite.handlers.websocket import WebsocketRouteHandler as WebsocketRouteHandler, websocket as websocket

__all__ = (
    "ASGIRouteHandler",
    "BaseRouteHandler",
    "HTTPRouteHandler",
    "WebsocketRouteHandler",
    "asgi",
    "delete",
    "get",
    "head",
    "patch",
    "post",
    "put",
    "route",
    "websocket",
)
