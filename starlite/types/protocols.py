"""Protocols of the public API: the shape of an ASGI middleware class, and of a logger."""

from __future__ import annotations

from typing import Any, Protocol

from starlite.types.asgi_types import ASGIApp, Receive, Send

__all__ = ("Logger", "MiddlewareProtocol")


class MiddlewareProtocol(Protocol):
    """What a middleware class must look like: built with the next app, called as an ASGI app."""

    def __init__(self, app: ASGIApp, **kwargs: Any) -> None: ...  # pragma: no cover

    async def __call__(self, scope: Any, receive: Receive, send: Send) -> None:  # pragma: no cover
        """Serve one ASGI connection."""


class Logger(Protocol):
    """What the framework calls on a logger: the methods of ``logging.Logger`` (and of structlog's)."""

    def debug(self, event: str, *args: Any, **kwargs: Any) -> Any:
        """Log at ``DEBUG`` level."""

    def info(self, event: str, *args: Any, **kwargs: Any) -> Any:
        """Log at ``INFO`` level."""

    def warning(self, event: str, *args: Any, **kwargs: Any) -> Any:
        """Log at ``WARNING`` level."""

    def warn(self, event: str, *args: Any, **kwargs: Any) -> Any:
        """Log at ``WARNING`` level (the old name)."""

    def error(self, event: str, *args: Any, **kwargs: Any) -> Any:
        """Log at ``ERROR`` level."""

    def fatal(self, event: str, *args: Any, **kwargs: Any) -> Any:
        """Log at ``CRITICAL`` level (the old name)."""

    def exception(self, event: str, *args: Any, **kwargs: Any) -> Any:
        """Log at ``ERROR`` level, with the exception being handled."""

    def critical(self, event: str, *args: Any, **kwargs: Any) -> Any:
        """Log at ``CRITICAL`` level."""
