"""A database that cannot be reached is a 503 without internals; other database errors are left as they were."""

from __future__ import annotations

import logging
import socket
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from starlite import WebSocket, get, post, websocket
from starlite.exceptions import WebSocketDisconnect
from starlite.plugins.sql_alchemy import SQLAlchemyConfig, SQLAlchemyPlugin
from starlite.testing import create_test_client
from tests.plugins.sql_alchemy._support import Author, checked_out, resolve


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def refused_config(driver: str) -> tuple[SQLAlchemyConfig, int]:
    """A config whose DSN (with a password) points at a port nothing listens on, and that port."""
    port = closed_port()
    config = SQLAlchemyConfig(
        connection_string=f"postgresql+{driver}://admin:s3cret@127.0.0.1:{port}/shop",
        use_async_engine=driver == "asyncpg",
    )
    return config, port


@pytest.mark.parametrize("driver", ["asyncpg", "psycopg"])
def test_a_database_that_refuses_connections_is_a_503_without_internals(
    driver: str, caplog: pytest.LogCaptureFixture
) -> None:
    config, port = refused_config(driver)

    @get("/authors")
    async def read(db_session: Any) -> list[Author]:
        return list((await resolve(db_session.scalars(select(Author)))).all())

    @post("/authors")
    async def write(data: Author, db_session: Any) -> Author:
        db_session.add(data)
        await resolve(db_session.commit())
        return data

    plugin = SQLAlchemyPlugin(config=config)
    with caplog.at_level(logging.WARNING, logger="starlite"):
        with create_test_client([read, write], plugins=[plugin], logging_config=None) as client:
            responses = [client.get("/authors"), client.post("/authors", json={"id": 1, "name": "A"})]
            assert checked_out(config) == 0
    for response in responses:
        assert response.status_code == 503
        assert response.json() == {"status_code": 503, "detail": "The database is unavailable"}
    messages = [record.getMessage() for record in caplog.records]
    cause = "ConnectionRefusedError" if driver == "asyncpg" else "OperationalError"
    assert messages == [
        f"The database is unavailable: {cause}; answered 503 to GET '/authors'",
        f"The database is unavailable: {cause}; answered 503 to POST '/authors'",
    ]
    assert all(record.exc_info is None for record in caplog.records)
    assert not any("s3cret" in message or str(port) in message for message in messages)


def test_other_database_errors_are_left_to_the_app(tmp_path: Any, caplog: pytest.LogCaptureFixture) -> None:
    # No table: SQLite reports it as an OperationalError, but the connection is fine: a 500, logged.
    config = SQLAlchemyConfig(connection_string=f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}")

    @get("/authors")
    async def read(db_session: Any) -> list[Author]:
        return list((await db_session.scalars(select(Author))).all())

    with create_test_client([read], plugins=[SQLAlchemyPlugin(config=config)]) as client:
        with pytest.raises(OperationalError, match="no such table"):
            client.get("/authors")  # the test client raises the app's unhandled exceptions, as always
    with caplog.at_level(logging.ERROR, logger="starlite"):
        with create_test_client(
            [read],
            plugins=[SQLAlchemyPlugin(config=config)],
            logging_config=None,
            raise_server_exceptions=False,
        ) as client:
            response = client.get("/authors")
    assert response.status_code == 500
    assert response.json() == {"status_code": 500, "detail": "Internal Server Error"}
    (record,) = caplog.records
    assert record.exc_info is not None


def test_an_app_handler_for_the_same_errors_wins() -> None:
    from starlite import Response

    def own(request: Any, exc: Exception) -> Response[str]:
        return Response("mine", status_code=502, media_type="text/plain")

    config = SQLAlchemyConfig(
        connection_string=f"postgresql+psycopg://postgres@127.0.0.1:{closed_port()}/x", use_async_engine=False
    )

    @get("/")
    def read(db_session: Any) -> int:
        return len(db_session.scalars(select(Author)).all())

    with create_test_client(
        [read], plugins=[SQLAlchemyPlugin(config=config)], exception_handlers={OperationalError: own}
    ) as client:
        response = client.get("/")
    assert (response.status_code, response.text) == (502, "mine")


def test_the_apps_handlers_for_500_and_503_still_answer(tmp_path: Any) -> None:
    from starlite import Response

    def by_status(request: Any, exc: Exception) -> Response[dict[str, str]]:
        return Response({"mine": type(exc).__name__}, status_code=getattr(exc, "status_code", 500))

    @get("/")
    async def read(db_session: Any) -> int:
        return len((await db_session.scalars(select(Author))).all())

    handlers = {500: by_status, 503: by_status}
    for url, expected in [
        (f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}", (500, "OperationalError")),  # no table
        (f"postgresql+asyncpg://postgres@127.0.0.1:{closed_port()}/x", (503, "ServiceUnavailableException")),
    ]:
        config = SQLAlchemyConfig(connection_string=url)
        app_options: Any = {"plugins": [SQLAlchemyPlugin(config=config)], "exception_handlers": handlers}
        with create_test_client([read], **app_options) as client:
            response = client.get("/")
        assert (response.status_code, response.json()) == (expected[0], {"mine": expected[1]})


@pytest.mark.parametrize("handled_class", [SQLAlchemyError, Exception])
def test_an_app_handler_for_a_broader_class_still_answers_other_errors(
    tmp_path: Any, handled_class: type[Exception]
) -> None:
    from starlite import Response

    def own(request: Any, exc: Exception) -> Response[dict[str, str]]:
        return Response({"error": type(exc).__name__}, status_code=409)

    # No table: an OperationalError the plugin does not answer itself.
    config = SQLAlchemyConfig(connection_string=f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}")

    @get("/authors")
    async def read(db_session: Any) -> int:
        return len((await db_session.scalars(select(Author))).all())

    with create_test_client(
        [read], plugins=[SQLAlchemyPlugin(config=config)], exception_handlers={handled_class: own}
    ) as client:
        response = client.get("/authors")
    assert (response.status_code, response.json()) == (409, {"error": "OperationalError"})


@pytest.mark.parametrize("driver", ["asyncpg", "psycopg"])
def test_a_websocket_handler_on_a_database_that_refuses_connections_closes_with_4503(
    driver: str, caplog: pytest.LogCaptureFixture
) -> None:
    config, port = refused_config(driver)

    @websocket("/authors")
    async def count(socket: WebSocket[Any, Any, Any], db_session: Any) -> None:
        await socket.accept()
        await socket.send_json(len((await resolve(db_session.scalars(select(Author)))).all()))

    with caplog.at_level(logging.WARNING, logger="starlite"):
        with create_test_client(
            [count], plugins=[SQLAlchemyPlugin(config=config)], logging_config=None
        ) as client:
            with pytest.raises(WebSocketDisconnect) as info, client.websocket_connect("/authors") as socket:
                socket.receive_json()
    assert (info.value.code, info.value.detail) == (4503, "The database is unavailable")
    cause = "ConnectionRefusedError" if driver == "asyncpg" else "OperationalError"
    assert [record.getMessage() for record in caplog.records] == [
        f"The database is unavailable: {cause}; answered 503 to WEBSOCKET '/authors'"
    ]
    assert all(record.exc_info is None for record in caplog.records)
