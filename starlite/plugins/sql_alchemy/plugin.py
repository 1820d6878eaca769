"""``SQLAlchemyPlugin``: SQLAlchemy's engine and sessions on the app, and its mapped classes as handler data."""

from __future__ import annotations

from typing import Any

from starlite.datastructures.provide import Provide
from starlite.exceptions import MissingDependencyException
from starlite.plugins.base import PluginProtocol

try:
    from sqlalchemy import inspect
    from sqlalchemy.exc import NoInspectionAvailable
    from sqlalchemy.orm import DeclarativeMeta, InstanceState, Mapper
except ImportError as exc:  # pragma: no cover - the extra is installed in the test environments
    raise MissingDependencyException("sqlalchemy", install_package="sqlalchemy", extra="sqlalchemy") from exc

from starlite.plugins.sql_alchemy.config import SQLAlchemyConfig
from starlite.utils.sync import AsyncCallable

__all__ = ("SQLAlchemyPlugin",)


class SQLAlchemyPlugin(PluginProtocol[DeclarativeMeta]):
    """The SQLAlchemy plugin.

    Args:
        config: With a config, the plugin puts the engine and session maker on the app state at start-up,
            gives handlers the request's session (``config.dependency_key``), ends it before the response
            is sent and disposes of the engine at shutdown. Without one it only converts mapped classes.
    """

    __slots__ = ("_config", "_model_namespace_map")

    def __init__(self, config: SQLAlchemyConfig | None = None) -> None:
        self._config = config
        self._model_namespace_map: dict[str, Any] = {}

    def on_app_init(self, app: Any) -> None:
        """Add the session dependency, the ``before_send`` hook and the startup and shutdown hooks to ``app``."""
        config = self._config
        if config is None:
            return
        app.dependencies[config.dependency_key] = Provide(config.create_db_session_dependency)
        handler = config.before_send_handler
        # The app calls a hook with the scope when the hook takes three arguments: give it the function.
        app.before_send.append(handler.ref if isinstance(handler, AsyncCallable) else handler)
        app.on_startup.append(config.update_app_state)
        app.on_shutdown.append(config.on_shutdown)
        config.config_sql_alchemy_logging(app.logging_config)

    @staticmethod
    def is_plugin_supported_type(value: Any) -> bool:
        """Tell whether ``value`` is a mapped class or an instance of one."""
        try:
            inspected = inspect(value, raiseerr=False)
        except NoInspectionAvailable:  # pragma: no cover - raiseerr=False returns None instead
            return False
        return isinstance(inspected, Mapper | InstanceState)
