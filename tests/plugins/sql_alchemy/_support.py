"""Models, a database handle and helpers shared by the SQLAlchemy plugin tests."""

from __future__ import annotations

import enum
import inspect
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, DateTime, Enum, ForeignKey, Numeric, String, create_engine, event, text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from starlite.plugins.sql_alchemy import SQLAlchemyConfig


class Base(DeclarativeBase):
    pass


class Genre(enum.Enum):
    FICTION = "fiction"
    POETRY = "poetry"


class Author(Base):
    __tablename__ = "author"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    genre: Mapped[Genre] = mapped_column(Enum(Genre), default=Genre.FICTION)
    rating: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))
    profile: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    books: Mapped[list[Book]] = relationship(order_by="Book.id")


class Book(Base):
    __tablename__ = "book"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(50))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("author.id"))


@dataclass
class Database:
    """An empty database: the URL the plugin uses, whether it is async, and a sync URL to check it with."""

    url: str
    use_async: bool
    check_url: str

    def config(self, **kwargs: Any) -> SQLAlchemyConfig:
        config = SQLAlchemyConfig(connection_string=self.url, use_async_engine=self.use_async, **kwargs)
        count_connections(config)
        return config

    @contextmanager
    def checker(self) -> Iterator[Any]:
        engine = create_engine(self.check_url)
        try:
            with engine.connect() as connection:
                yield connection
        finally:
            engine.dispose()

    def rows(self, query: str) -> list[tuple[Any, ...]]:
        """The rows of a query, read through a connection of its own (what is committed)."""
        with self.checker() as connection:
            return [tuple(row) for row in connection.execute(text(query))]

    def create_tables(self) -> None:
        engine = create_engine(self.check_url)
        try:
            Base.metadata.create_all(engine)
        finally:
            engine.dispose()


async def resolve(value: Any) -> Any:
    """Await what an ``AsyncSession`` method returns; a sync ``Session``'s result is returned as is."""
    return await value if inspect.isawaitable(value) else value


_OPEN_CONNECTIONS: dict[int, list[int]] = {}


def count_connections(config: SQLAlchemyConfig) -> None:
    """Count the connections the config's engine hands out and takes back, whatever its pool class.

    (aiosqlite's file databases get a ``NullPool`` before SQLAlchemy 2.0.38, which keeps no count.)
    """
    engine = config.engine
    target = engine.sync_engine if isinstance(engine, AsyncEngine) else engine
    counter = _OPEN_CONNECTIONS[id(config)] = [0]

    def checkout(*args: Any) -> None:
        counter[0] += 1

    def checkin(*args: Any) -> None:
        counter[0] -= 1

    event.listen(target, "checkout", checkout)
    event.listen(target, "checkin", checkin)


def checked_out(config: SQLAlchemyConfig) -> int:
    """How many connections of the config's engine are checked out of its pool."""
    if id(config) in _OPEN_CONNECTIONS:
        return _OPEN_CONNECTIONS[id(config)][0]
    engine = config.engine
    pool = engine.sync_engine.pool if isinstance(engine, AsyncEngine) else engine.pool
    return pool.checkedout()  # type: ignore[attr-defined,no-any-return]


class Meeting(Base):
    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    starts: Mapped[datetime] = mapped_column(DateTime)  # without time zone
    booked: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
