"""Connections: ``Request`` for HTTP, ``WebSocket`` for websockets, and their common base."""

from starlite.connection.base import ASGIConnection as ASGIConnection
from starlite.connection.request import Request as Request
from starlite.connection.websocket import WebSocket as WebSocket

__all__ = ("ASGIConnection", "Request", "WebSocket")
