"""A ``before_send_handler`` that commits the request's session on success and rolls it back otherwise."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import String, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from starlite import Starlite, State, get, post
from starlite.exceptions import ValidationException
from starlite.plugins.sql_alchemy import SQLAlchemyConfig, SQLAlchemyPlugin
from starlite.plugins.sql_alchemy.config import SESSION_SCOPE_KEY, default_before_send_handler
from starlite.testing import TestClient
from starlite.types import Message, Scope


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    item: Mapped[str] = mapped_column(String(40))
    quantity: Mapped[int]


async def commit_on_success(message: Message, state: State, scope: Scope) -> None:
    session: AsyncSession | None = scope.get(SESSION_SCOPE_KEY)  # type: ignore[assignment]
    if session is not None and message["type"] == "http.response.start":
        if 200 <= message["status"] < 300:
            await session.commit()
        else:
            await session.rollback()
    await default_before_send_handler(message, state, scope)  # then close it, as the default does


@post("/orders")
async def place_orders(data: list[Order], db_session: AsyncSession) -> list[Order]:
    for order in data:
        db_session.add(order)
        await db_session.flush()  # written in the request's transaction, not committed yet
        if order.quantity > 10:
            raise ValidationException(f"At most 10 of {order.item!r}")  # a 400: everything is rolled back
    return data


@get("/orders/count")
async def count_orders(db_session: AsyncSession) -> int:
    return await db_session.scalar(select(func.count()).select_from(Order)) or 0


def create_app(database_url: str) -> Starlite:
    sqlalchemy_config = SQLAlchemyConfig(
        connection_string=database_url, before_send_handler=commit_on_success
    )

    async def create_tables() -> None:
        async with sqlalchemy_config.engine.begin() as connection:  # type: ignore[union-attr]
            await connection.run_sync(Base.metadata.create_all)

    return Starlite(
        route_handlers=[place_orders, count_orders],
        on_startup=[create_tables],
        plugins=[SQLAlchemyPlugin(config=sqlalchemy_config)],
    )


app = create_app("sqlite+aiosqlite:///orders.sqlite")


def test_all_or_nothing(tmp_path: Path) -> None:
    with TestClient(app=create_app(f"sqlite+aiosqlite:///{tmp_path / 'orders.sqlite'}")) as client:
        assert client.post("/orders", json=[{"id": 1, "item": "tea", "quantity": 2}]).status_code == 201
        refused = client.post(
            "/orders",
            json=[{"id": 2, "item": "cups", "quantity": 4}, {"id": 3, "item": "spoons", "quantity": 12}],
        )
        assert refused.status_code == 400
        assert refused.json()["detail"] == "At most 10 of 'spoons'"
        assert client.get("/orders/count").json() == 1  # the cups were not kept either
