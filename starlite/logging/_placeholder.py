"""``get_logger_placeholder``, apart from the logging configs: an app without one never loads them."""

from __future__ import annotations

from typing import NoReturn

from starlite.exceptions import ImproperlyConfiguredException

__all__ = ("get_logger_placeholder",)


def get_logger_placeholder(_: str | None = None) -> NoReturn:
    """``app.get_logger`` of an application without a logging configuration: raises.

    Raises:
        ImproperlyConfiguredException: Always, naming the option to set.
    """
    raise ImproperlyConfiguredException(
        "To use 'app.get_logger', 'request.logger' or 'socket.logger', pass 'logging_config' to Starlite"
    )
