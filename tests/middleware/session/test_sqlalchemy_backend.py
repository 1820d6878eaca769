"""The SQLAlchemy session backend: its rows, their expiry, its config, and a database that is down.

Each backend runs on SQLite files (pysqlite, aiosqlite) and on the PostgreSQL server of
tests/databases.py (psycopg, asyncpg; skipped without it, failed under CI).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, registry

from starlite import Request, Starlite, get, post
from starlite.middleware.session.base import ServerSideBackend
from starlite.middleware.session.sqlalchemy_backend import (
    AsyncSQLAlchemyBackend,
    SessionModel,
    SessionModelMixin,
    SQLAlchemyBackend,
    SQLAlchemyBackendConfig,
    create_session_model,
    register_session_model,
)
from starlite.plugins.sql_alchemy import SQLAlchemyConfig, SQLAlchemyPlugin
from starlite.testing import AsyncTestClient
from tests.session_stores import ASYNCIO_ONLY, SQLALCHEMY_BACKENDS, close_config, sqlalchemy_config

PAIRS = [
    pytest.param(name, loop, id=f"{name}-{loop}")
    for name in SQLALCHEMY_BACKENDS
    for loop in ("asyncio", "trio")
    if not (name in ASYNCIO_ONLY and loop == "trio")
]
pytestmark = pytest.mark.anyio


@pytest.fixture
async def config(backend_name: str, tmp_path: Path) -> AsyncIterator[SQLAlchemyBackendConfig]:
    config = sqlalchemy_config(backend_name, tmp_path)
    try:
        yield config
    finally:
        await close_config(config)


def backend_of(config: SQLAlchemyBackendConfig) -> ServerSideBackend[Any]:
    return config.middleware.kwargs["backend"]  # type: ignore[no-any-return]


async def rows(backend: Any) -> dict[str, tuple[bytes, datetime]]:
    """The session table as ``{session_id: (data, expires)}``, read in a transaction of its own."""

    def read(session: Session, model: Any) -> dict[str, tuple[bytes, datetime]]:
        result = session.execute(sa.select(model.session_id, model.data, model.expires))
        return {row.session_id: (row.data, row.expires) for row in result}

    return await backend._run(read)  # type: ignore[no-any-return]


async def expire(backend: Any, session_id: str) -> None:
    """Move ``session_id``'s expiry a minute into the past."""

    def update(session: Session, model: Any) -> None:
        past = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(minutes=1)
        session.execute(sa.update(model).where(model.session_id == session_id).values(expires=past))

    await backend._run(update)


@pytest.mark.parametrize(("backend_name", "anyio_backend"), PAIRS)
async def test_a_session_is_one_row_expiring_after_max_age(config: SQLAlchemyBackendConfig) -> None:
    backend = backend_of(config)
    before = datetime.now(timezone.utc).replace(tzinfo=None)
    await backend.set("one", b"\x00first")
    await backend.set("one", b"\x00second")  # the same row, rewritten
    stored = await rows(backend)
    assert list(stored) == ["one"]
    data, expires = stored["one"]
    assert data == b"\x00second"
    assert before + timedelta(seconds=config.max_age) <= expires
    assert expires <= datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(seconds=config.max_age)


@pytest.mark.parametrize(("backend_name", "anyio_backend"), PAIRS)
async def test_an_expired_row_is_not_returned_and_is_deleted_when_read(
    config: SQLAlchemyBackendConfig,
) -> None:
    backend = backend_of(config)
    await backend.set("old", b"stale")
    await backend.set("new", b"fresh")
    await expire(backend, "old")
    assert await backend.get("old") is None
    assert list(await rows(backend)) == ["new"]
    assert await backend.get("new") == b"fresh"


@pytest.mark.parametrize(("backend_name", "anyio_backend"), PAIRS)
async def test_delete_expired_deletes_the_expired_rows_only(config: SQLAlchemyBackendConfig) -> None:
    backend = backend_of(config)
    for session_id in ("a", "b", "c"):
        await backend.set(session_id, session_id.encode())
    await expire(backend, "a")
    await expire(backend, "c")
    await backend.delete_expired()  # type: ignore[attr-defined]
    assert list(await rows(backend)) == ["b"]


@pytest.mark.parametrize(("backend_name", "anyio_backend"), PAIRS)
async def test_an_expired_session_is_not_brought_back_by_a_late_write(
    config: SQLAlchemyBackendConfig,
) -> None:
    backend = backend_of(config)
    await backend.set("live", b"1")
    assert await backend.replace("live", b"2") is True
    assert await backend.get("live") == b"2"
    await expire(backend, "live")
    assert await backend.replace("live", b"3") is False
    assert await backend.replace("never-written", b"3") is False
    assert await backend.get("live") is None


@pytest.mark.parametrize(("backend_name", "anyio_backend"), PAIRS)
async def test_delete_and_delete_all(config: SQLAlchemyBackendConfig) -> None:
    backend = backend_of(config)
    for session_id in ("a", "b", "c"):
        await backend.set(session_id, b"x")
    await backend.delete("b")
    await backend.delete("b")  # a missing row is fine
    assert sorted(await rows(backend)) == ["a", "c"]
    await backend.delete_all()
    assert await rows(backend) == {}


@get("/session")
def read_session(request: Request) -> dict[str, Any]:
    return request.session


@post("/session")
def write_session(request: Request, data: dict[str, Any]) -> None:
    request.session.update(data)


@pytest.mark.parametrize(("backend_name", "anyio_backend"), PAIRS)
async def test_a_database_failing_mid_write_is_a_503_and_the_stored_session_is_whole(
    config: SQLAlchemyBackendConfig,
) -> None:
    engine = config.plugin._config.engine  # type: ignore[union-attr]
    sync_engine = getattr(engine, "sync_engine", engine)
    failing = False

    def connection_lost(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if failing and statement.lstrip().upper().startswith("UPDATE"):
            raise OperationalError(statement, None, OSError("server closed the connection unexpectedly"))

    event.listen(sync_engine, "before_cursor_execute", connection_lost)
    app = Starlite([read_session, write_session], middleware=[config.middleware])
    async with AsyncTestClient(app) as client:
        await client.post("/session", json={"user": "ada", "cart": [1, 2]})
        failing = True
        response = await client.post("/session", json={"cart": [1, 2, 3], "paid": True})
        assert response.status_code == 503
        assert response.json() == {
            "status_code": 503,
            "detail": "The SQLAlchemy session store is unavailable",
        }
        assert "set-cookie" not in response.headers
        failing = False
        assert (await client.get("/session")).json() == {"user": "ada", "cart": [1, 2]}
    event.remove(sync_engine, "before_cursor_execute", connection_lost)


UNREACHABLE = [
    pytest.param("postgresql+asyncpg://postgres@127.0.0.1:1/sessions", True, "asyncio", id="asyncpg"),
    pytest.param("postgresql+psycopg://postgres@127.0.0.1:1/sessions", False, "asyncio", id="psycopg"),
    pytest.param("postgresql+psycopg://postgres@127.0.0.1:1/sessions", False, "trio", id="psycopg-trio"),
    pytest.param("sqlite+aiosqlite:////nonexistent/directory/sessions.db", True, "asyncio", id="aiosqlite"),
    pytest.param("sqlite+pysqlite:////nonexistent/directory/sessions.db", False, "asyncio", id="pysqlite"),
]


@pytest.mark.parametrize(("url", "use_async", "anyio_backend"), UNREACHABLE)
async def test_a_database_that_is_down_is_a_503_naming_nothing_of_it(
    url: str, use_async: bool, caplog: pytest.LogCaptureFixture
) -> None:
    class Base(DeclarativeBase):
        pass

    plugin = SQLAlchemyPlugin(config=SQLAlchemyConfig(connection_string=url, use_async_engine=use_async))
    config = SQLAlchemyBackendConfig(plugin=plugin, model=create_session_model(Base))

    @get("/plain")
    def plain() -> str:
        return "fine"

    app = Starlite([read_session, write_session, plain], middleware=[config.middleware])
    session_id = "A" * 43
    try:
        with caplog.at_level(logging.WARNING, logger="starlite"):
            async with AsyncTestClient(app) as client:
                client.cookies.set("session", session_id, domain="testserver.local")
                assert (await client.get("/plain")).text == "fine"  # a handler without the session answers
                for method in ("GET", "POST"):
                    response = await client.request(method, "/session", json={"a": 1})
                    assert response.status_code == 503, method
                    assert response.json() == {
                        "status_code": 503,
                        "detail": "The SQLAlchemy session store is unavailable",
                    }
        messages = [record.getMessage() for record in caplog.records if record.name == "starlite"]
        assert messages
        for message in messages:
            assert message.startswith("The SQLAlchemy session store is unavailable: ")
            assert "\n" not in message
            assert session_id not in message
            assert "SELECT" not in message  # neither the statement nor its parameters
    finally:
        engine = plugin._config.engine  # type: ignore[union-attr]
        await engine.dispose() if use_async else engine.dispose()  # type: ignore[func-returns-value]


def _plugin(url: str, use_async: bool) -> SQLAlchemyPlugin:
    return SQLAlchemyPlugin(config=SQLAlchemyConfig(connection_string=url, use_async_engine=use_async))


def test_the_engine_chooses_the_backend_class(tmp_path: Path) -> None:
    class Base(DeclarativeBase):
        pass

    model = create_session_model(Base)
    sync = SQLAlchemyBackendConfig(plugin=_plugin(f"sqlite:///{tmp_path}/s.db", False), model=model)
    async_ = SQLAlchemyBackendConfig(
        plugin=_plugin(f"sqlite+aiosqlite:///{tmp_path}/a.db", True), model=model
    )
    assert sync._backend_class is SQLAlchemyBackend
    assert async_._backend_class is AsyncSQLAlchemyBackend
    assert type(sync.middleware.kwargs["backend"]) is SQLAlchemyBackend
    assert type(async_.middleware.kwargs["backend"]) is AsyncSQLAlchemyBackend


@pytest.mark.parametrize("plugin", [SQLAlchemyPlugin(), object()], ids=["without-config", "not-a-plugin"])
def test_a_plugin_without_config_is_refused(plugin: Any) -> None:
    class Base(DeclarativeBase):
        pass

    with pytest.raises(ValidationError, match="Plugin needs to be configured"):
        SQLAlchemyBackendConfig(plugin=plugin, model=create_session_model(Base))


def test_session_models_of_one_base_and_of_a_registry() -> None:
    class Base(DeclarativeBase):
        pass

    first = create_session_model(Base)
    second = create_session_model(Base, table_name="admin_sessions")  # no warning: names differ
    assert (first.__tablename__, second.__tablename__) == ("session", "admin_sessions")  # type: ignore[attr-defined]
    assert issubclass(first, Base) and issubclass(first, SessionModelMixin)
    assert set(Base.metadata.tables["admin_sessions"].columns.keys()) == {
        "id",
        "session_id",
        "data",
        "expires",
    }
    mapped = register_session_model(registry(), SessionModel)
    assert mapped.__table__.name == "session"  # type: ignore[attr-defined]
    # The ``expired`` hybrid: SQL on the class, Python on an instance.
    assert "expires <" in str(sa.select(first.session_id).where(first.expired))  # type: ignore[attr-defined]
    past = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(seconds=1)
    assert first(session_id="x", data=b"", expires=past).expired is True  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("backend_name", "anyio_backend"),
    [
        pytest.param("sqlalchemy-psycopg", "asyncio", id="psycopg"),
        pytest.param("sqlalchemy-asyncpg", "asyncio", id="asyncpg"),
    ],
)
async def test_connections_cut_by_the_server_are_a_503_and_the_next_request_reconnects(
    config: SQLAlchemyBackendConfig,
) -> None:
    import psycopg

    from tests.databases import POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER

    database = config.plugin._config.engine.url.database  # type: ignore[union-attr]
    app = Starlite([read_session, write_session], middleware=[config.middleware])
    async with AsyncTestClient(app) as client:
        await client.post("/session", json={"user": "ada"})
        # What a restart of the server does to the pooled connections.
        admin = f"host={POSTGRES_HOST} port={POSTGRES_PORT} user={POSTGRES_USER} dbname=postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (database,)
            )
        response = await client.get("/session")
        assert response.status_code == 503
        assert response.json() == {
            "status_code": 503,
            "detail": "The SQLAlchemy session store is unavailable",
        }
        assert (await client.get("/session")).json() == {"user": "ada"}
