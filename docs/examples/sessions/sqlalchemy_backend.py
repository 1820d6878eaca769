"""Server-side sessions in a SQL table, through the app's SQLAlchemy plugin (here an async SQLite file)."""

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy.orm import DeclarativeBase

from starlite import Request, Starlite, get, post
from starlite.middleware.session.sqlalchemy_backend import (
    AsyncSQLAlchemyBackend,
    SQLAlchemyBackendConfig,
    create_session_model,
)
from starlite.plugins.sql_alchemy import SQLAlchemyConfig, SQLAlchemyPlugin
from starlite.testing import TestClient


class Base(DeclarativeBase):
    pass


# A mapped class on the app's own base: a table "session" with id, session_id, data and expires.
SessionModel = create_session_model(Base)


@post("/cart")
def add_to_cart(request: Request, data: dict[str, str]) -> list[str]:
    cart = request.session.setdefault("cart", [])
    cart.append(data["item"])
    return list(cart)


@get("/cart")
def show_cart(request: Request) -> list[str] | None:
    return request.session.get("cart")


def create_app(database: Path) -> Starlite:
    database_config = SQLAlchemyConfig(connection_string=f"sqlite+aiosqlite:///{database}")
    plugin = SQLAlchemyPlugin(config=database_config)
    # An async engine gives the async backend; use_async_engine=False would give SQLAlchemyBackend.
    session_config = SQLAlchemyBackendConfig(plugin=plugin, model=SessionModel, max_age=60 * 60)
    sweeper = AsyncSQLAlchemyBackend(session_config)

    async def prepare_database() -> None:
        async with database_config.engine.begin() as connection:  # type: ignore[union-attr]
            await connection.run_sync(Base.metadata.create_all)
        # Expired rows are deleted when read; this removes those nobody reads again.
        await sweeper.delete_expired()

    return Starlite(
        route_handlers=[add_to_cart, show_cart],
        middleware=[session_config.middleware],
        plugins=[plugin],  # disposes of the engine at shutdown
        on_startup=[prepare_database],
    )


def test_the_cart_is_kept_in_the_database(tmp_path: Path) -> None:
    with TestClient(app=create_app(tmp_path / "app.sqlite")) as client:
        client.post("/cart", json={"item": "tea"})
        assert client.post("/cart", json={"item": "milk"}).json() == ["tea", "milk"]
        session_id = client.cookies["session"]
    with closing(sqlite3.connect(tmp_path / "app.sqlite")) as database:
        rows = database.execute("SELECT session_id FROM session").fetchall()
    assert rows == [(session_id,)]


def test_sessions_survive_a_new_app(tmp_path: Path) -> None:
    with TestClient(app=create_app(tmp_path / "app.sqlite")) as client:
        client.post("/cart", json={"item": "tea"})
        cookies = dict(client.cookies)
    # A restarted app (or another worker) reads the same table.
    with TestClient(app=create_app(tmp_path / "app.sqlite"), cookies=cookies) as client:
        assert client.get("/cart").json() == ["tea"]
