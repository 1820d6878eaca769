"""The request's session: injected, one per request, closed before the response, committed as the options say."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import Session

from starlite import Stream, WebSocket, get, post, websocket
from starlite.datastructures.state import State
from starlite.plugins.sql_alchemy import SQLAlchemyPlugin
from starlite.plugins.sql_alchemy.config import SESSION_SCOPE_KEY, default_before_send_handler
from starlite.testing import create_test_client
from starlite.types import Message, Scope
from tests.plugins.sql_alchemy._support import Author, Database, checked_out, resolve


def test_each_request_gets_a_session_of_its_own_closed_before_the_response(database: Database) -> None:
    database.create_tables()
    seen: list[Any] = []

    async def dependency(db_session: Any) -> Any:
        return db_session

    @get("/", dependencies={"same": dependency})  # type: ignore[dict-item]
    async def handler(db_session: Any, same: Any, scope: Scope) -> int:
        assert same is db_session  # one session per request, whoever asks for it
        assert scope[SESSION_SCOPE_KEY] is db_session  # type: ignore[literal-required]
        seen.append((db_session, scope))
        result = await resolve(db_session.execute(Author.__table__.select()))
        return len(result.all())

    config = database.config()
    with create_test_client([handler], plugins=[SQLAlchemyPlugin(config=config)]) as client:
        for _ in range(3):
            assert client.get("/").json() == 0
        # Every connection went back to the pool: the sessions were closed.
        assert checked_out(config) == 0
    sessions = [session for session, _ in seen]
    assert len({id(session) for session in sessions}) == 3
    assert all(isinstance(session, AsyncSession if database.use_async else Session) for session in sessions)
    assert all(SESSION_SCOPE_KEY not in scope for _, scope in seen)


def test_engine_and_session_maker_on_the_state_and_the_engine_disposed_at_shutdown(
    database: Database,
) -> None:
    config = database.config(engine_app_state_key="engine", session_maker_app_state_key="maker")
    disposed: list[Any] = []
    engine = config.engine
    event.listen(
        engine.sync_engine if isinstance(engine, AsyncEngine) else engine, "engine_disposed", disposed.append
    )
    with create_test_client([], plugins=[SQLAlchemyPlugin(config=config)]) as client:
        assert client.app.state.engine is engine
        assert client.app.state.maker is config.session_maker
        assert not disposed
    assert len(disposed) == 1
    assert "engine" not in client.app.state


def test_a_handler_that_fails_after_writing_leaves_nothing_written(database: Database) -> None:
    database.create_tables()

    @post("/authors")
    async def handler(data: Author, db_session: Any) -> None:
        db_session.add(data)
        await resolve(db_session.flush())  # the row is written in the transaction...
        raise RuntimeError("boom")  # ...which is never committed

    config = database.config()
    with create_test_client(
        [handler], plugins=[SQLAlchemyPlugin(config=config)], raise_server_exceptions=False
    ) as client:
        response = client.post("/authors", json={"id": 1, "name": "Half"})
        assert response.status_code == 500
        assert checked_out(config) == 0
    assert database.rows("SELECT count(*) FROM author") == [(0,)]


async def commit_on_success(message: Message, state: State, scope: Scope) -> None:
    """Commit the request's session when the response is a success, roll it back otherwise."""
    session = scope.get(SESSION_SCOPE_KEY)  # type: ignore[misc]
    if session is not None and message["type"] == "http.response.start":
        if 200 <= message["status"] < 300:  # type: ignore[typeddict-item]
            await resolve(session.commit())
        else:
            await resolve(session.rollback())
    await default_before_send_handler(message, state, scope)


def commits_on_success(database: Database, sync_hook: bool) -> None:
    database.create_tables()

    def sync_commit_on_success(message: Message, state: State, scope: Scope) -> None:
        session = scope.get(SESSION_SCOPE_KEY)  # type: ignore[misc]
        if session is not None and message["type"] == "http.response.start":
            if 200 <= message["status"] < 300:  # type: ignore[typeddict-item]
                session.commit()
            session.close()
            del scope[SESSION_SCOPE_KEY]  # type: ignore[misc]

    @post("/authors")
    async def add(data: Author, db_session: Any, fail: bool = False) -> Author:
        db_session.add(data)
        await resolve(db_session.flush())
        if fail:
            raise ValueError("refused")  # a 500: rolled back
        return data

    config = database.config(before_send_handler=sync_commit_on_success if sync_hook else commit_on_success)
    with create_test_client(
        [add], plugins=[SQLAlchemyPlugin(config=config)], raise_server_exceptions=False
    ) as client:
        assert client.post("/authors", json={"id": 1, "name": "Kept"}).status_code == 201
        assert client.post("/authors?fail=true", json={"id": 2, "name": "Dropped"}).status_code == 500
        assert checked_out(config) == 0
    assert database.rows("SELECT id, name FROM author") == [(1, "Kept")]


def test_a_before_send_handler_that_commits_on_success(database: Database) -> None:
    commits_on_success(database, sync_hook=False)


# A sync hook cannot await an AsyncSession: the sync engines only.
@pytest.mark.parametrize("database", ["sqlite-pysqlite", "postgresql-psycopg"], indirect=True)
def test_a_sync_before_send_handler_that_commits_on_success(database: Database) -> None:
    commits_on_success(database, sync_hook=True)


def test_the_default_handler_commits_nothing(database: Database) -> None:
    database.create_tables()

    @post("/authors")
    async def add(data: Author, db_session: Any) -> Author:
        db_session.add(data)
        await resolve(db_session.flush())
        return data  # not committed: closing the session rolls it back

    with create_test_client([add], plugins=[SQLAlchemyPlugin(config=database.config())]) as client:
        assert client.post("/authors", json={"id": 1, "name": "Lost"}).status_code == 201
    assert database.rows("SELECT count(*) FROM author") == [(0,)]


def test_the_dependency_key_and_session_options(database: Database) -> None:
    from starlite.plugins.sql_alchemy import SQLAlchemySessionConfig

    @get("/")
    async def handler(session: Any) -> dict[str, Any]:
        return {"autoflush": session.autoflush, "info": dict(session.info)}

    config = database.config(
        dependency_key="session",
        session_config=SQLAlchemySessionConfig(autoflush=False, info={"app": "test"}),
    )
    with create_test_client([handler], plugins=[SQLAlchemyPlugin(config=config)]) as client:
        assert client.get("/").json() == {"autoflush": False, "info": {"app": "test"}}


def test_a_websocket_handler_that_does_not_close_the_socket_gives_its_connection_back(
    database: Database,
) -> None:
    database.create_tables()

    @websocket("/authors")
    async def count(socket: WebSocket[Any, Any, Any], db_session: Any) -> None:
        await socket.accept()
        result = await resolve(db_session.execute(Author.__table__.select()))
        await socket.send_json(len(result.all()))
        # Returns without closing the socket: no websocket.close reaches the before_send handler.

    config = database.config()
    with create_test_client([count], plugins=[SQLAlchemyPlugin(config=config)]) as client:
        for _ in range(2):
            with client.websocket_connect("/authors") as socket:
                assert socket.receive_json() == 0
        assert checked_out(config) == 0


# The test client drives a stream from another thread than an AsyncSession's greenlet expects:
# the sync engines only.
@pytest.mark.parametrize("database", ["sqlite-pysqlite", "postgresql-psycopg"], indirect=True)
def test_a_stream_that_reads_through_the_session_gives_its_connection_back(database: Database) -> None:
    database.create_tables()

    @get("/authors")
    def names(db_session: Session) -> Stream:
        def lines() -> Iterator[str]:
            # The session was closed when the response started: reading it now opens a transaction again.
            for (name,) in db_session.execute(select(Author.name).order_by(Author.id)):
                yield f"{name}\n"

        return Stream(iterator=lines())

    with database.checker() as connection:
        connection.execute(Author.__table__.insert(), [{"id": 1, "name": "Ann"}, {"id": 2, "name": "Bo"}])
        connection.commit()
    config = database.config()
    with create_test_client([names], plugins=[SQLAlchemyPlugin(config=config)]) as client:
        assert client.get("/authors").text == "Ann\nBo\n"
        assert checked_out(config) == 0
