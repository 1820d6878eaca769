"""Route handlers: HTTP (``get``, ``post``, ...), websocket and ASGI."""

from starlite.handlers.asgi import ASGIRouteHandler as ASGIRouteHandler
from starlite.handlers.asgi import asgi as asgi
from starlite.handlers.base import BaseRouteHandler as BaseRouteHandler
from starlite.handlers.http import HTTPRouteHandler as HTTPRouteHandler
from starlite.handlers.http import delete as delete
from starlite.handlers.http import get as get
from starlite.handlers.http import head as head
from starlite.handlers.http import patch as patch
from starlite.handlers.http import post as post
from starlite.handlers.http import put as put
from starlite.handlers.http import route as route
from starlite.handlers.websocket import WebsocketRouteHandler as WebsocketRouteHandler
from starlite.handlers.websocket import websocket as websocket

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
