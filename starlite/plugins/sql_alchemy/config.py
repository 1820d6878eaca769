"""``SQLAlchemyConfig``: the engine, the session maker and the per-request session of the SQLAlchemy plugin.

The options are those of Starlite 1.5x, on SQLAlchemy 2: options SQLAlchemy 2 dropped (the engine's
``future`` and ``strategy``, its ``listeners``, the session's ``autocommit`` and ``future``) are kept as
fields, never passed on, and refused when set to what SQLAlchemy 2 can no longer do (``docs/compat.md``).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, cast

from anyio import CancelScope

from starlite.datastructures._validation import validation_error
from starlite.exceptions import MissingDependencyException
from starlite.utils.serialization import decode_json, encode_json
from starlite.utils.sync import AsyncCallable

try:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import Engine
    from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine
    from sqlalchemy.orm import Query, Session, sessionmaker
    from sqlalchemy.pool import Pool
except ImportError as exc:  # pragma: no cover - the extra is installed in the test environments
    raise MissingDependencyException("sqlalchemy", install_package="sqlalchemy", extra="sqlalchemy") from exc

from starlite.plugins.sql_alchemy._errors import database_unavailable, is_connection_failure
from starlite.plugins.sql_alchemy.types import SessionMakerInstanceProtocol, SessionMakerTypeProtocol

if TYPE_CHECKING:
    from starlite.datastructures.state import State
    from starlite.types import Message, Scope

__all__ = (
    "SESSION_SCOPE_KEY",
    "SESSION_TERMINUS_ASGI_EVENTS",
    "IsolationLevel",
    "SQLAlchemyConfig",
    "SQLAlchemyEngineConfig",
    "SQLAlchemySessionConfig",
    "default_before_send_handler",
    "serializer",
)

FutureEngine = Engine
"""SQLAlchemy 1.4's ``sqlalchemy.future.Engine``: in SQLAlchemy 2 every engine is one."""

IsolationLevel = Literal[
    "AUTOCOMMIT", "READ COMMITTED", "READ UNCOMMITTED", "REPEATABLE READ", "SERIALIZABLE"
]

SESSION_SCOPE_KEY = "_sql_alchemy_db_session"
"""The scope key under which the request's session is kept until the response starts."""

_OPENED_SCOPE_KEY = "_sql_alchemy_db_session_opened"
"""The scope key of the request's session until the connection ends (``_CloseSessionLeftOpen``)."""

SESSION_TERMINUS_ASGI_EVENTS = {
    "http.response.start",
    "http.disconnect",
    "websocket.disconnect",
    "websocket.close",
}
"""The ASGI messages after which a request's session is no longer needed."""


def serializer(value: Any) -> str:
    """Serialize the value of a JSON column (with msgspec, as the responses are).

    Args:
        value: A JSON-serializable value.

    Returns:
        The JSON text.
    """
    return encode_json(value).decode("utf-8")


async def default_before_send_handler(message: Message, _: State, scope: Scope) -> None:
    """Close the request's session once the response starts (or the client leaves).

    Closing a session rolls back what it did not commit: commit in the handler, or use a
    ``before_send_handler`` that commits on success.

    Args:
        message: The ASGI message about to be sent.
        _: The application state (not used).
        scope: The connection's scope.
    """
    session = cast("Session | AsyncSession | None", scope.get(SESSION_SCOPE_KEY))
    if session is not None and message["type"] in SESSION_TERMINUS_ASGI_EVENTS:
        del scope[SESSION_SCOPE_KEY]  # type: ignore[misc]
        if isinstance(session, AsyncSession):
            await session.close()
        else:
            session.close()


class _CloseSessionLeftOpen:
    """Middleware closing the request's session when the connection ends, whatever ``before_send`` did.

    It also closes a websocket whose database cannot be reached with 4503 (the exception handlers that
    answer an HTTP request with a 503 are not used for websockets).

    The hook closes it when the response starts; a websocket handler that returns without closing the
    socket sends no message to close it on, and a stream that reads through the session after the
    response started opens a transaction again. Either would keep a pooled connection until the session
    is garbage collected.
    """

    __slots__ = ("app",)

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        try:
            await self.app(scope, receive, send)
        except Exception as exc:
            # The exception handlers answer an HTTP request (a 503); a websocket is closed without them.
            if scope["type"] == "websocket" and is_connection_failure(exc):
                raise database_unavailable(exc, scope) from None
            raise
        finally:
            session = cast("Session | AsyncSession | None", scope.pop(_OPENED_SCOPE_KEY, None))  # type: ignore[misc]
            if session is not None:
                scope.pop(SESSION_SCOPE_KEY, None)  # type: ignore[misc]
            # A session holds a connection only within a transaction: one closed before (the common
            # case) is left as it is. Cancellation must not skip the close.
            if session is not None and session.in_transaction():
                with CancelScope(shield=True):
                    if isinstance(session, AsyncSession):
                        await session.close()
                    else:
                        session.close()


def _options(instance: Any, exclude: set[str]) -> dict[str, Any]:
    """The fields of a config dataclass that are set (not ``None``), minus ``exclude``."""
    return {
        item.name: getattr(instance, item.name)
        for item in dataclasses.fields(instance)
        if item.name not in exclude and getattr(instance, item.name) is not None
    }


@dataclass(kw_only=True)
class SQLAlchemySessionConfig:
    """The options of the session maker (``sqlalchemy.orm.sessionmaker``); ``None`` keeps SQLAlchemy's.

    See https://docs.sqlalchemy.org/en/20/orm/session_api.html#sqlalchemy.orm.Session.__init__.

    ``autocommit`` and ``future`` are Starlite 1.5x (SQLAlchemy 1.4) options: SQLAlchemy 2 sessions are always
    "future" sessions without autocommit, so ``autocommit=True`` and ``future=False`` are refused and the
    fields are never passed on.
    """

    autocommit: bool | None = None
    autoflush: bool | None = None
    bind: Any | None = None
    binds: Any | None = None
    enable_baked_queries: bool | None = None
    expire_on_commit: bool = False
    future: bool | None = None
    info: dict[str, Any] | None = None
    query_cls: type[Query[Any]] | None = None
    twophase: bool | None = None

    def __post_init__(self) -> None:
        if self.autocommit:
            raise validation_error(
                "SQLAlchemySessionConfig",
                "autocommit",
                self.autocommit,
                "SQLAlchemy 2 sessions have no autocommit mode: commit, or commit in a before_send_handler",
            )
        if self.future is False:
            raise validation_error(
                "SQLAlchemySessionConfig",
                "future",
                self.future,
                "SQLAlchemy 2 sessions are always future sessions",
            )

    def _session_maker_kwargs(self) -> dict[str, Any]:
        return _options(self, exclude={"autocommit", "future"})


@dataclass(kw_only=True)
class SQLAlchemyEngineConfig:
    """The options of ``create_engine`` / ``create_async_engine``; ``None`` leaves SQLAlchemy's default.

    See https://docs.sqlalchemy.org/en/20/core/engines.html#sqlalchemy.create_engine.

    ``logging_level`` is not an engine option: it sets the level of the SQLAlchemy loggers in the app's
    ``LoggingConfig``. ``future``, ``strategy`` and ``listeners`` are Starlite 1.5x (SQLAlchemy 1.4) options
    that SQLAlchemy 2 no longer has: they are never passed on, and ``future=False``, a ``strategy`` or
    ``listeners`` are refused (use ``sqlalchemy.create_mock_engine`` and ``sqlalchemy.event.listen``).
    """

    connect_args: dict[str, Any] | None = None
    echo: bool | None = None
    echo_pool: bool | None = None
    enable_from_linting: bool | None = None
    future: bool = True
    hide_parameters: bool | None = None
    isolation_level: IsolationLevel | None = None
    json_deserializer: Callable[[str], Any] = decode_json
    json_serializer: Callable[[Any], str] = serializer
    label_length: int | None = None
    listeners: Any = None
    logging_level: int | str | None = None
    logging_name: str | None = None
    max_identifier_length: int | None = None
    max_overflow: int | None = None
    module: Any = None
    paramstyle: Literal["qmark", "numeric", "named", "format", "pyformat"] | None = None
    plugins: list[str] | None = None
    pool: Pool | None = None
    pool_logging_name: str | None = None
    pool_pre_ping: bool | None = None
    pool_recycle: int | None = None
    pool_reset_on_return: Literal["rollback", "commit"] | None = None
    pool_size: int | None = None
    pool_timeout: int | None = None
    pool_use_lifo: bool | None = None
    poolclass: type[Pool] | None = None
    query_cache_size: int | None = None
    strategy: str | None = None

    def __post_init__(self) -> None:
        removed = {
            "future": (self.future is False, "SQLAlchemy 2 engines are always future engines"),
            "strategy": (
                self.strategy is not None,
                "SQLAlchemy 2 has no engine strategies: use sqlalchemy.create_mock_engine",
            ),
            "listeners": (
                self.listeners is not None,
                "SQLAlchemy 2 has no listeners: use sqlalchemy.event.listen",
            ),
        }
        for name, (refused, message) in removed.items():
            if refused:
                raise validation_error("SQLAlchemyEngineConfig", name, getattr(self, name), message)


@dataclass(kw_only=True)
class SQLAlchemyConfig:
    """The SQLAlchemy plugin's configuration: how to get the engine and sessions, and where to put them.

    Give exactly one of ``connection_string`` and ``engine_instance``. The engine and the session maker are
    created when first read (``engine``, ``session_maker``), which ``update_app_state`` does at start-up.

    Attributes:
        connection_string: The database URL; an async driver (``postgresql+asyncpg://``,
            ``sqlite+aiosqlite://``) when ``use_async_engine`` is true, a sync one otherwise.
        use_async_engine: Create an ``AsyncEngine`` and ``AsyncSession`` objects, or sync ones.
        create_async_engine_callable: Creates the async engine from the URL and ``engine_config_dict``.
        create_engine_callable: Creates the sync engine from the URL and ``engine_config_dict``.
        dependency_key: The name under which handlers receive the request's session.
        engine_app_state_key: The ``app.state`` key of the engine.
        engine_config: The engine options.
        set_json_serializers: Give the engine msgspec-based JSON (de)serializers for JSON columns (turn it
            off for databases without a JSON type).
        session_class: The session class (default: ``AsyncSession`` or ``Session``, as ``use_async_engine``).
        session_config: The session maker options.
        session_maker_class: The session maker class.
        session_maker_app_state_key: The ``app.state`` key of the session maker.
        session_maker_instance: A ready session maker, used instead of making one.
        engine_instance: A ready engine, used instead of creating one.
        before_send_handler: The ``before_send`` hook that ends the request's session, called with the
            message, the app state and the scope. The default closes it and commits nothing: what the
            handler did not commit is rolled back.
    """

    connection_string: str | None = None
    use_async_engine: bool = True
    create_async_engine_callable: Callable[..., AsyncEngine] = create_async_engine
    create_engine_callable: Callable[..., Engine] = create_engine
    dependency_key: str = "db_session"
    engine_app_state_key: str = "db_engine"
    engine_config: SQLAlchemyEngineConfig = field(default_factory=SQLAlchemyEngineConfig)
    set_json_serializers: bool = True
    session_class: type[Session] | type[AsyncSession] | None = None
    session_config: SQLAlchemySessionConfig = field(default_factory=SQLAlchemySessionConfig)
    session_maker_class: type[SessionMakerTypeProtocol] = sessionmaker
    session_maker_app_state_key: str = "session_maker_class"
    session_maker_instance: SessionMakerInstanceProtocol | None = None
    engine_instance: Engine | AsyncEngine | None = None
    before_send_handler: Any = default_before_send_handler

    def __post_init__(self) -> None:
        self.check_connection_string_or_engine_instance()
        self.before_send_handler = self.validate_before_send_handler(self.before_send_handler)

    def check_connection_string_or_engine_instance(self) -> None:
        """Refuse a config with neither or both of ``connection_string`` and ``engine_instance``.

        Raises:
            pydantic.ValidationError: As Starlite 1.5x's pydantic model did.
        """
        if (self.connection_string is None) == (self.engine_instance is None):
            message = (
                "One of 'connection_string' or 'engine_instance' must be provided."
                if self.connection_string is None
                else "Only one of 'connection_string' or 'engine_instance' can be provided."
            )
            raise validation_error("SQLAlchemyConfig", "connection_string", self.connection_string, message)

    @staticmethod
    def validate_before_send_handler(value: Any) -> AsyncCallable[Any, None]:
        """Wrap the ``before_send_handler`` so that it is awaited, sync or async.

        Raises:
            pydantic.ValidationError: When it is not callable.
        """
        if isinstance(value, AsyncCallable):
            return value
        if not callable(value):
            raise validation_error("SQLAlchemyConfig", "before_send_handler", value, "it must be callable")
        return AsyncCallable(value, sync_to_thread=False)

    @property
    def engine_config_dict(self) -> dict[str, Any]:
        """The keyword arguments given to the engine callable (options left ``None`` are not given)."""
        excluded = {"future", "strategy", "listeners", "logging_level"}
        if not self.set_json_serializers:
            excluded |= {"json_deserializer", "json_serializer"}
        return _options(self.engine_config, excluded)

    @property
    def engine(self) -> Engine | AsyncEngine:
        """The engine: ``engine_instance``, created from ``connection_string`` when first read."""
        if self.engine_instance is None:
            create = (
                self.create_async_engine_callable if self.use_async_engine else self.create_engine_callable
            )
            self.engine_instance = create(self.connection_string, **self.engine_config_dict)
        return self.engine_instance

    @property
    def session_maker(self) -> sessionmaker[Any]:
        """The session maker: ``session_maker_instance``, made (bound to ``engine``) when first read."""
        if self.session_maker_instance is None:
            session_class = self.session_class or (AsyncSession if self.use_async_engine else Session)
            self.session_maker_instance = self.session_maker_class(
                self.engine, class_=session_class, **self.session_config._session_maker_kwargs()
            )
        return cast("sessionmaker[Any]", self.session_maker_instance)

    def create_db_session_dependency(self, state: State, scope: Scope) -> Session | AsyncSession:
        """The dependency that gives a handler the request's session (one per request, made on first use).

        Args:
            state: The application state (holding the session maker).
            scope: The connection's scope (holding the session until the response starts).
        """
        session = scope.get(SESSION_SCOPE_KEY)
        if session is None:
            session = scope[SESSION_SCOPE_KEY] = state[self.session_maker_app_state_key]()  # type: ignore[literal-required]
            scope[_OPENED_SCOPE_KEY] = session  # type: ignore[literal-required]
        return cast("Session | AsyncSession", session)

    def update_app_state(self, state: State) -> None:
        """Put the engine and the session maker on the application state (a startup hook).

        Args:
            state: The application state.
        """
        state[self.engine_app_state_key] = self.engine
        state[self.session_maker_app_state_key] = self.session_maker

    async def on_shutdown(self, state: State) -> None:
        """Dispose of the engine's connection pool (a shutdown hook) and take it off the state.

        Args:
            state: The application state.
        """
        engine = state.get(self.engine_app_state_key)
        if engine is None:
            return
        if isinstance(engine, AsyncEngine):
            await engine.dispose()
        else:
            engine.dispose()
        del state[self.engine_app_state_key]

    def config_sql_alchemy_logging(self, logging_config: Any) -> None:
        """Add the SQLAlchemy loggers (at ``engine_config.logging_level``, or WARNING) to a ``LoggingConfig``.

        Loggers the config already names are left alone; other logging configs are not changed.

        Args:
            logging_config: The app's logging config.
        """
        loggers = getattr(logging_config, "loggers", None)
        if type(logging_config).__name__ != "LoggingConfig" or not isinstance(loggers, dict):
            return
        settings = {
            "level": self.engine_config.logging_level or "WARNING",
            "handlers": loggers.get("starlite", {}).get("handlers", ["queue_listener"]),
        }
        for name in (
            "sqlalchemy",
            self.engine_config.logging_name or "sqlalchemy.engine",
            self.engine_config.pool_logging_name or "sqlalchemy.pool",
        ):
            if name not in loggers:
                loggers[name] = dict(settings)
                # The app applied its logging config before the plugins ran: set the level now too.
                logging.getLogger(name).setLevel(settings["level"])
