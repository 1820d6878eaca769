"""Connections: ``Request`` for HTTP, ``WebSocket`` for websockets, and their common base."""

from starlite.connection.base import ASGIConnection as ASGIConnection
from starlite.connection.base import empty_receive as empty_receive
from starlite.connection.base import empty_send as empty_send
from starlite.connection.request import Request as Request
from starlite.connection.websocket import WebSocket as WebSocket

__all__ = ("ASGIConnection", "Request", "WebSocket", "empty_receive", "empty_send")
