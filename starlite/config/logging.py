"""Logging configuration: ``LoggingConfig`` (``logging`` or ``picologging``) and ``StructLoggingConfig``.

An application given one (``Starlite(logging_config=...)``, or ``debug=True``, which defaults to
``LoggingConfig()``) applies it when it is built: ``configure()`` returns the ``getLogger``-like
callable that becomes ``app.get_logger``, and ``app.logger`` is its ``starlite`` logger.
"""

from __future__ import annotations

import copy
from abc import ABC, abstractmethod
from collections.abc import Callable
from importlib.util import find_spec
from logging import INFO
from typing import TYPE_CHECKING, Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, field_validator

from starlite.exceptions import MissingDependencyException
from starlite.logging._placeholder import get_logger_placeholder as get_logger_placeholder
from starlite.utils.serialization import encode_json

if TYPE_CHECKING:
    from starlite.types.callable_types import GetLogger

__all__ = (
    "BaseLoggingConfig",
    "LoggingConfig",
    "StructLoggingConfig",
    "default_handlers",
    "default_logger_factory",
    "default_picologging_handlers",
    "default_structlog_processors",
    "default_wrapper_class",
    "get_default_handlers",
    "get_logger_placeholder",
)

default_handlers: dict[str, dict[str, Any]] = {
    "console": {"class": "logging.StreamHandler", "level": "DEBUG", "formatter": "standard"},
    "queue_listener": {
        "class": "starlite.logging.standard.QueueListenerHandler",
        "level": "DEBUG",
        "formatter": "standard",
    },
}
"""The handlers of a ``LoggingConfig`` for the standard ``logging`` module."""

default_picologging_handlers: dict[str, dict[str, Any]] = {
    "console": {"class": "picologging.StreamHandler", "level": "DEBUG", "formatter": "standard"},
    "queue_listener": {
        "class": "starlite.logging.picologging.QueueListenerHandler",
        "level": "DEBUG",
        "formatter": "standard",
    },
}
"""The handlers of a ``LoggingConfig`` for ``picologging``."""

# The handlers that take a list of other handlers: dictConfig builds them through their factory
# ("()") rather than "class", which newer Pythons read as a request for their own queue set-up.
_QUEUE_HANDLER_CLASSES = frozenset(
    {
        "starlite.logging.standard.QueueListenerHandler",
        "starlite.logging.picologging.QueueListenerHandler",
    }
)


def get_default_handlers() -> dict[str, dict[str, Any]]:
    """The default handlers: ``picologging``'s when it is installed, else the standard library's."""
    return copy.deepcopy(default_picologging_handlers if find_spec("picologging") else default_handlers)


class BaseLoggingConfig(ABC):
    """What a logging configuration provides: ``configure()``, which applies it."""

    __slots__ = ()

    @abstractmethod
    def configure(self) -> GetLogger:
        """Apply the configuration and return a ``logging.getLogger``-like callable."""


def _default_starlite_logger() -> dict[str, Any]:
    return {"level": "INFO", "handlers": ["queue_listener"], "propagate": False}


class LoggingConfig(BaseLoggingConfig, BaseModel):
    """A ``logging.config.dictConfig`` configuration, with 1.5x's defaults.

    The ``starlite`` logger writes INFO and above through the ``queue_listener`` handler (see
    ``starlite.logging.standard.QueueListenerHandler``): the output is written by a thread, so a slow
    handler never holds up the event loop. The root logger uses the same handler. A configuration
    that names no ``queue_listener`` handler or no ``starlite`` logger gets the default one.
    When ``picologging`` is installed the default handlers are its own, as in 1.5x, and a
    configuration whose handlers name ``picologging`` is applied by ``picologging.config.dictConfig``.

    Attributes:
        version: The schema version of ``dictConfig``; only 1 exists.
        incremental: Apply the configuration on top of the existing one (ignored by picologging).
        disable_existing_loggers: Disable the loggers that exist and are not named here.
        filters: Filters by id, as ``dictConfig`` reads them.
        propagate: Whether records propagate to the handlers of parent loggers.
        formatters: Formatters by id; ``standard`` is the default one.
        handlers: Handlers by id; ``queue_listener`` and ``console`` by default.
        loggers: Loggers by name; ``starlite`` by default.
        root: The root logger's configuration.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    version: Literal[1] = 1
    incremental: bool = False
    disable_existing_loggers: bool = False
    filters: dict[str, dict[str, Any]] | None = None
    propagate: bool = True
    formatters: dict[str, dict[str, Any]] = Field(
        default_factory=lambda: {
            "standard": {"format": "%(levelname)s - %(asctime)s - %(name)s - %(module)s - %(message)s"}
        }
    )
    handlers: dict[str, dict[str, Any]] = Field(default_factory=get_default_handlers, validate_default=True)
    loggers: dict[str, dict[str, Any]] = Field(
        default_factory=lambda: {"starlite": _default_starlite_logger()}, validate_default=True
    )
    root: dict[str, dict[str, Any] | list[Any] | str] = Field(
        default_factory=lambda: {"handlers": ["queue_listener"], "level": "INFO"}  # type: ignore[arg-type]
    )

    @field_validator("handlers")
    @classmethod
    def validate_handlers(cls, value: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """Add the default ``queue_listener`` handler when the configuration has none.

        It is picologging's when picologging is installed, unless the other handlers are the standard
        library's: one configuration is applied by one library.
        """
        if "queue_listener" not in value:
            defaults = get_default_handlers() if not value or _names_picologging(value) else default_handlers
            value["queue_listener"] = copy.deepcopy(defaults["queue_listener"])
        return value

    @field_validator("loggers")
    @classmethod
    def validate_loggers(cls, value: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """Add the default ``starlite`` logger when the configuration has none."""
        if "starlite" not in value:
            value["starlite"] = _default_starlite_logger()
        return value

    def configure(self) -> GetLogger:
        """Apply the configuration with ``dictConfig`` and return the matching ``getLogger``.

        Raises:
            MissingDependencyException: When the handlers name ``picologging`` and it is not installed.
        """
        values = self.model_dump(exclude_none=True)
        values["handlers"] = {name: _as_factory(handler) for name, handler in values["handlers"].items()}
        if _names_picologging(self.handlers):
            try:
                from picologging import config, getLogger
            except ImportError as exc:
                raise MissingDependencyException("picologging", extra="picologging") from exc
            values.pop("incremental")  # picologging's dictConfig does not take it
            # picologging 0.9.3 writes an uninitialised buffer for %(asctime)s when a formatter has no
            # date format (its issue 203): give such formatters the standard library's format.
            for formatter in values.get("formatters", {}).values():
                if "()" not in formatter:  # a factory of the user's takes the arguments it declares
                    formatter.setdefault("datefmt", _PICOLOGGING_DATE_FORMAT)
            # The standard dictConfig closes the handlers it replaces; picologging's does not, and each
            # queue handler it drops would keep its listener thread running until exit.
            for name in [*values.get("loggers", {}), ""]:
                logger = getLogger(name) if name else getLogger()
                for handler in list(logger.handlers):
                    if callable(getattr(handler, "close", None)) and hasattr(handler, "listener"):
                        handler.close()
            config.dictConfig(values)
            return cast("GetLogger", getLogger)
        from logging import config as standard_config
        from logging import getLogger as standard_get_logger

        standard_config.dictConfig(values)
        return cast("GetLogger", standard_get_logger)


_PICOLOGGING_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


def _names_picologging(handlers: dict[str, dict[str, Any]]) -> bool:
    # A handler of picologging's, or one of ours built on it, is named by its "class" or "()".
    return any(
        isinstance(value, str) and "picologging" in value
        for handler in handlers.values()
        for value in (handler.get("class"), handler.get("()"))
    )


def _as_factory(handler: dict[str, Any]) -> dict[str, Any]:
    if handler.get("class") not in _QUEUE_HANDLER_CLASSES:
        return handler
    handler = dict(handler)
    handler["()"] = handler.pop("class")
    return handler


def default_structlog_processors() -> list[Any] | None:
    """Structlog's processors by default: context variables, level, traceback, ISO time, JSON.

    ``None`` when structlog is not installed.
    """
    try:
        import structlog
    except ImportError:
        return None
    return [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.format_exc_info,
        structlog.processors.TimeStamper(fmt="iso"),
        structlog.processors.JSONRenderer(serializer=encode_json),
    ]


def default_wrapper_class() -> Any:
    """Structlog's bound logger class by default: one that drops records below INFO.

    ``None`` when structlog is not installed.
    """
    try:
        import structlog
    except ImportError:
        return None
    return structlog.make_filtering_bound_logger(INFO)


def default_logger_factory() -> Callable[..., Any] | None:
    """Structlog's logger factory by default: writes bytes to standard output.

    ``None`` when structlog is not installed.
    """
    try:
        import structlog
    except ImportError:
        return None
    return structlog.BytesLoggerFactory()


class StructLoggingConfig(BaseLoggingConfig, BaseModel):
    """A ``structlog`` configuration (``pip install 'starlite[structlog]'``).

    By default records are rendered as one JSON object a line, with the level and an ISO timestamp,
    on standard output; records below INFO are dropped.

    Attributes:
        processors: structlog's processor chain.
        wrapper_class: The bound logger class.
        context_class: The class that holds a bound logger's context.
        logger_factory: Creates the logger that writes the output.
        cache_logger_on_first_use: Let structlog cache each logger once used.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    processors: list[Any] | None = Field(default_factory=default_structlog_processors)
    wrapper_class: Any = Field(default_factory=default_wrapper_class)
    context_class: Any = None
    logger_factory: Callable[..., Any] | None = Field(default_factory=default_logger_factory)
    cache_logger_on_first_use: bool = True

    def configure(self) -> GetLogger:
        """Apply the configuration with ``structlog.configure`` and return ``structlog.get_logger``.

        Raises:
            MissingDependencyException: When structlog is not installed.
        """
        try:
            import structlog
        except ImportError as exc:
            raise MissingDependencyException("structlog", extra="structlog") from exc
        structlog.configure(
            processors=self.processors,
            wrapper_class=self.wrapper_class,
            context_class=self.context_class,
            logger_factory=self.logger_factory,
            cache_logger_on_first_use=self.cache_logger_on_first_use,
        )
        return cast("GetLogger", structlog.get_logger)


def __getattr__(name: str) -> Any:
    """The ``BindableLogger`` and ``Processor`` types of structlog, as 1.5x re-exported them here.

    Loaded on first use, so that configuring logging does not import structlog; ``Any`` without it.
    """
    if name in ("BindableLogger", "Processor", "WrappedLogger"):
        try:
            from structlog import types
        except ImportError:
            return Any
        return getattr(types, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
