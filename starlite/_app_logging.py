"""How the application sets up logging from its ``logging_config`` (1.5x's rules, kept out of app.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlite.exceptions import ImproperlyConfiguredException
from starlite.logging._placeholder import get_logger_placeholder
from starlite.types.empty import Empty

if TYPE_CHECKING:
    from starlite.types.callable_types import GetLogger


def default_logging_config(value: Any, debug: bool) -> Any:
    """The app's logging config: as given, and ``LoggingConfig()`` in debug mode when left out."""
    if value is Empty:
        if not debug:
            return None
        from starlite.config.logging import LoggingConfig

        return LoggingConfig()
    return value


def configure_logging(config: Any, debug: bool) -> tuple[GetLogger, Any]:
    """Apply ``config`` and return ``(get_logger, the starlite logger)``.

    Without a config, ``get_logger`` raises and there is no logger: nothing is configured, and the
    framework logs through ``logging.getLogger("starlite")`` as any library does. In debug mode the
    ``starlite`` logger of a ``LoggingConfig`` logs from ``DEBUG`` on.
    """
    if not config:
        return get_logger_placeholder, None
    # Imported here: the logging configs are pydantic models, which an app without one never loads.
    from starlite.config.logging import BaseLoggingConfig, LoggingConfig

    if not isinstance(config, BaseLoggingConfig):
        raise ImproperlyConfiguredException(
            f"logging_config must be a LoggingConfig, a StructLoggingConfig or another BaseLoggingConfig, "
            f"not {type(config).__name__}"
        )
    if debug and isinstance(config, LoggingConfig):
        config.loggers["starlite"]["level"] = "DEBUG"
    get_logger = config.configure()
    return get_logger, get_logger("starlite")
