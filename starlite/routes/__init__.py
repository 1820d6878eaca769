"""Routes: a path with the handlers registered on it."""

from starlite.routes.asgi import ASGIRoute as ASGIRoute
from starlite.routes.base import BaseRoute as BaseRoute
from starlite.routes.http import HTTPRoute as HTTPRoute
from starlite.routes.websocket import WebSocketRoute as WebSocketRoute

__all__ = ("ASGIRoute", "BaseRoute", "HTTPRoute", "WebSocketRoute")
