"""Exceptions raised on websocket connections."""

from __future__ import annotations

from typing import Any

from starlite.exceptions.base_exceptions import StarLiteException
from starlite.status_codes import WS_1000_NORMAL_CLOSURE

__all__ = ("WebSocketException", "WebSocketDisconnect")


class WebSocketException(StarLiteException):
    """An error that closes a websocket with ``code``.

    Args:
        *args: Positional arguments; the first becomes the ``detail``.
        detail: The close reason sent to the client.
        code: The websocket close code (RFC 6455, section 7.4.1); 4000 + an HTTP status by convention.
    """

    def __init__(self, *args: Any, detail: str, code: int = 4500) -> None:
        super().__init__(*args, detail=detail)
        self.code = code


class WebSocketDisconnect(WebSocketException):
    """The websocket was closed by the other side."""

    def __init__(self, *args: Any, detail: str, code: int = WS_1000_NORMAL_CLOSURE) -> None:
        super().__init__(*args, detail=detail, code=code)
