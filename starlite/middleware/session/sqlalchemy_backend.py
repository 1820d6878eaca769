"""Server-side sessions in a SQL table, through SQLAlchemy 2 (``pip install starlite[sqlalchemy]``).

The table is a mapped class of your own declarative base with ``SessionModelMixin``'s columns
(``create_session_model`` makes one). The backend opens its sessions from the session maker of the
``SQLAlchemyPlugin`` it is given: an async engine gives ``AsyncSQLAlchemyBackend``, a sync one
``SQLAlchemyBackend``, whose queries run in a worker thread so they never block the event loop.

Each store operation is one short transaction, written once as a function of a sync ``Session``:
the sync backend runs it in a thread, the async one through ``AsyncSession.run_sync``. A session is
written by one ``UPDATE`` or ``INSERT`` of one row, so a failure never leaves half of it behind.
A database that cannot be reached is a 503 for the client, as with the other stores.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Generic, NoReturn, TypeVar, Union, cast

from anyio.to_thread import run_sync

from starlite.datastructures._validation import validation_error
from starlite.exceptions import MissingDependencyException
from starlite.middleware.session._store import store_unavailable
from starlite.middleware.session.base import ServerSideBackend, ServerSideSessionConfig

try:
    import sqlalchemy as sa
    from sqlalchemy import exc as sa_exc
    from sqlalchemy.ext.asyncio import AsyncSession as AsyncSASession
    from sqlalchemy.ext.hybrid import hybrid_property
    from sqlalchemy.orm import Mapped, mapped_column, registry
    from sqlalchemy.orm import Session as SASession

    # 1.5x decorated its mixin with it; SQLAlchemy 2.1 deprecates it (it served the old mypy plugin).
    from sqlalchemy.orm import declarative_mixin as declarative_mixin
except ImportError as exc:  # pragma: no cover - the extra is installed in the test environments
    raise MissingDependencyException("sqlalchemy", extra="sqlalchemy") from exc

from starlite.plugins.sql_alchemy import SQLAlchemyPlugin

if TYPE_CHECKING:
    from sqlalchemy.sql.elements import ColumnElement

__all__ = (
    "AsyncSQLAlchemyBackend",
    "BaseSQLAlchemyBackend",
    "SQLAlchemyBackend",
    "SQLAlchemyBackendConfig",
    "SessionModel",
    "SessionModelMixin",
    "create_session_model",
    "register_session_model",
)

AnySASession = Union[SASession, AsyncSASession]  # noqa: UP007 - 1.5x's public alias, a runtime object
AnySASessionT = TypeVar("AnySASessionT", bound=AnySASession)
SessionModelT = TypeVar("SessionModelT", bound="SessionModelMixin")
_T = TypeVar("_T")

# What a database that is down, restarting or unreachable raises: a 503, not a 500. Errors of the
# schema or the data (a missing table, say) are bugs of the app and stay 500s.
_UNAVAILABLE = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,
    OSError,
)


def _utcnow() -> datetime:
    # Naive UTC, as 1.5x stored it: the column is a DateTime without time zone on every database.
    return datetime.now(timezone.utc).replace(tzinfo=None)


class SessionModelMixin:
    """The columns of a session table: add them to a mapped class of your own base.

    Attributes:
        session_id: The session id (unique, indexed).
        data: The stored session, as the backend serialized it.
        expires: When the session expires (naive UTC).
    """

    session_id: Mapped[str] = mapped_column(sa.String, nullable=False, unique=True, index=True)
    data: Mapped[bytes] = mapped_column(sa.LargeBinary, nullable=False)
    expires: Mapped[datetime] = mapped_column(sa.DateTime, nullable=False)

    @hybrid_property
    def expired(self) -> bool:
        """Whether the session has expired (in Python on an instance, in SQL on the class)."""
        return _utcnow() > self.expires

    @expired.inplace.expression
    @classmethod
    def _expired_expression(cls) -> ColumnElement[bool]:
        return cls.expires < _utcnow()


class SessionModel(SessionModelMixin):
    """A session table named ``session``, not mapped yet: map it with ``register_session_model``."""

    __tablename__ = "session"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)


def create_session_model(base: type[Any], table_name: str = "session") -> type[SessionModelMixin]:
    """Create a session model mapped on the declarative ``base``.

    Args:
        base: A declarative base (``DeclarativeBase`` subclass or ``declarative_base()``).
        table_name: The table's name.

    Returns:
        A mapped subclass of ``base`` and ``SessionModelMixin``, with an integer primary key ``id``.
    """
    namespace = {
        "__tablename__": table_name,
        "__module__": __name__,
        "__annotations__": {"id": Mapped[int]},
        "id": mapped_column(sa.Integer, primary_key=True),
    }
    # A class name of its own per table: SQLAlchemy warns when one base holds two classes of one name.
    name = f"SessionModel_{table_name}"
    return cast("type[SessionModelMixin]", type(name, (base, SessionModelMixin), namespace))


def register_session_model(base: registry | Any, model: type[SessionModelT]) -> type[SessionModelT]:
    """Map ``model`` (a class with ``SessionModelMixin``'s columns, like ``SessionModel``) on ``base``.

    Args:
        base: A ``registry``, or a declarative base (its ``registry`` is used).
        model: The class to map.

    Returns:
        The mapped class.
    """
    registry_ = base if isinstance(base, registry) else base.registry
    # The class, as documented (1.5x returned what map_declaratively returns: its Mapper).
    registry_.map_declaratively(model)
    return model


# The store operations, each the body of one transaction of a sync ``Session``.


def _get(session: SASession, model: Any, session_id: str) -> bytes | None:
    row = session.execute(sa.select(model.data, model.expires).where(model.session_id == session_id)).first()
    if row is None:
        return None
    if row.expires <= _utcnow():
        # Expired rows are never returned; this one is deleted now rather than left for delete_expired.
        session.execute(sa.delete(model).where(model.session_id == session_id, model.expires <= row.expires))
        return None
    return cast(bytes, row.data)


def _set(session: SASession, model: Any, session_id: str, data: bytes, expires: datetime) -> None:
    values = {"data": data, "expires": expires}
    updated = session.execute(sa.update(model).where(model.session_id == session_id).values(**values))
    if not updated.rowcount:  # type: ignore[attr-defined]
        session.execute(sa.insert(model).values(session_id=session_id, **values))


def _replace(session: SASession, model: Any, session_id: str, data: bytes, expires: datetime) -> bool:
    # One conditional UPDATE: a session deleted (or expired) meanwhile stays deleted.
    updated = session.execute(
        sa.update(model)
        .where(model.session_id == session_id, model.expires > _utcnow())
        .values(data=data, expires=expires)
    )
    return bool(updated.rowcount)  # type: ignore[attr-defined]


def _delete(session: SASession, model: Any, session_id: str) -> None:
    session.execute(sa.delete(model).where(model.session_id == session_id))


def _delete_all(session: SASession, model: Any) -> None:
    session.execute(sa.delete(model))


def _delete_expired(session: SASession, model: Any) -> None:
    session.execute(sa.delete(model).where(model.expires <= _utcnow()))


class BaseSQLAlchemyBackend(ServerSideBackend["SQLAlchemyBackendConfig"], ABC, Generic[AnySASessionT]):
    """What the sync and async SQLAlchemy backends share: the model, the session maker, the operations.

    Args:
        config: The backend's configuration.
    """

    def __init__(self, config: SQLAlchemyBackendConfig) -> None:
        super().__init__(config=config)
        self._model = config.model
        self._session_maker = config.plugin._config.session_maker  # type: ignore[union-attr]

    def _create_sa_session(self) -> AnySASessionT:
        """A new SQLAlchemy session from the plugin's session maker."""
        return cast(AnySASessionT, self._session_maker())

    def _expires(self) -> datetime:
        return _utcnow() + timedelta(seconds=self.config.max_age)

    @abstractmethod
    async def _transaction(self, operation: Callable[..., _T], *args: Any) -> _T:
        """Run ``operation(session, model, *args)`` in a transaction of its own, committed at the end."""

    async def _run(self, operation: Callable[..., _T], *args: Any) -> _T:
        """``_transaction``, with a database that cannot be reached answered as a 503."""
        try:
            return await self._transaction(operation, *args)
        except (*_UNAVAILABLE, sa_exc.DBAPIError) as exc:
            if not _is_unavailable(exc):
                raise
            _unavailable(exc)

    async def get(self, session_id: str) -> bytes | None:
        """Return the data of ``session_id``, or ``None`` when absent or expired (deleting an expired row)."""
        return await self._run(_get, session_id)

    async def set(self, session_id: str, data: bytes) -> None:
        """Store ``data`` under ``session_id``, to expire in ``config.max_age`` seconds."""
        await self._run(_set, session_id, data, self._expires())

    async def replace(self, session_id: str, data: bytes) -> bool:
        """Store ``data`` only if ``session_id``'s row exists and has not expired (one ``UPDATE``)."""
        return await self._run(_replace, session_id, data, self._expires())

    async def delete(self, session_id: str) -> None:
        """Delete ``session_id``'s row; a missing one is not an error."""
        await self._run(_delete, session_id)

    async def delete_all(self) -> None:
        """Delete every row of the session table."""
        await self._run(_delete_all)

    async def delete_expired(self) -> None:
        """Delete the rows of every expired session (run it now and then: expired rows nobody reads stay)."""
        await self._run(_delete_expired)


def _is_unavailable(exc: BaseException) -> bool:
    # asyncpg's errors come as a plain DBAPIError: a connection lost under it (a database restarted,
    # a connection terminated) is told by the flag SQLAlchemy sets when it drops the connection.
    return isinstance(exc, _UNAVAILABLE) or bool(getattr(exc, "connection_invalidated", False))


def _unavailable(exc: BaseException) -> NoReturn:
    # The driver's own error names the cause for the log; SQLAlchemy's wrapper only repeats it, and
    # its full text adds the statement's parameters, which hold session ids.
    cause = getattr(exc, "orig", None) or exc
    raise store_unavailable("SQLAlchemy", cause) from exc


class AsyncSQLAlchemyBackend(BaseSQLAlchemyBackend[AsyncSASession]):
    """Sessions in a SQL table through an async engine (asyncio drivers such as asyncpg, aiosqlite)."""

    async def _transaction(self, operation: Callable[..., _T], *args: Any) -> _T:
        async with self._create_sa_session() as session, session.begin():
            return await session.run_sync(operation, self._model, *args)


class SQLAlchemyBackend(BaseSQLAlchemyBackend[SASession]):
    """Sessions in a SQL table through a sync engine; each operation runs in a worker thread."""

    def _run_sync(self, operation: Callable[..., _T], *args: Any) -> _T:
        with self._create_sa_session() as session, session.begin():
            return operation(session, self._model, *args)

    async def _transaction(self, operation: Callable[..., _T], *args: Any) -> _T:
        return await run_sync(self._run_sync, operation, *args)


@dataclass(kw_only=True)
class SQLAlchemyBackendConfig(ServerSideSessionConfig):
    """Configuration of sessions in a SQL table.

    Attributes:
        model: The mapped session class (``create_session_model(Base)``, or your own with
            ``SessionModelMixin``'s columns). Its table must exist (``Base.metadata.create_all``).
        plugin: The app's ``SQLAlchemyPlugin``, configured: its session maker opens the backend's
            sessions, and its engine (async or not) chooses the backend class.

    Example:
        >>> from sqlalchemy.orm import DeclarativeBase
        >>> from starlite.plugins.sql_alchemy import SQLAlchemyConfig, SQLAlchemyPlugin
        >>> from starlite.middleware.session.sqlalchemy_backend import (
        ...     SQLAlchemyBackendConfig,
        ...     create_session_model,
        ... )
        >>> class Base(DeclarativeBase): ...
        >>> plugin = SQLAlchemyPlugin(config=SQLAlchemyConfig(connection_string="sqlite+aiosqlite:///db.sqlite"))
        >>> config = SQLAlchemyBackendConfig(plugin=plugin, model=create_session_model(Base))
    """

    model: type[SessionModelMixin]
    plugin: SQLAlchemyPlugin

    def __post_init__(self) -> None:
        super().__post_init__()
        try:
            self.validate_plugin_config(self.plugin)
        except ValueError as exc:
            raise validation_error(type(self).__name__, "plugin", self.plugin, str(exc)) from None

    @classmethod
    def validate_plugin_config(cls, value: SQLAlchemyPlugin) -> SQLAlchemyPlugin:
        """Return ``value`` if it is a ``SQLAlchemyPlugin`` with a config; raise ``ValueError`` otherwise."""
        config = getattr(value, "_config", None)
        if not isinstance(value, SQLAlchemyPlugin) or config is None or config.session_maker is None:
            raise ValueError("Plugin needs to be configured")
        return value

    @property
    def _backend_class(self) -> type[SQLAlchemyBackend | AsyncSQLAlchemyBackend]:  # type: ignore[override]
        """``AsyncSQLAlchemyBackend`` for a plugin with an async engine, else ``SQLAlchemyBackend``."""
        if self.plugin._config.use_async_engine:  # type: ignore[union-attr]
            return AsyncSQLAlchemyBackend
        return SQLAlchemyBackend
