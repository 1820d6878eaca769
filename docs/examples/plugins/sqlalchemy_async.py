"""A small library API on SQLAlchemy's async engine (aiosqlite): handlers take and return mapped classes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from starlite import NotFoundException, Starlite, get, post
from starlite.plugins.sql_alchemy import SQLAlchemyConfig, SQLAlchemyPlugin
from starlite.testing import TestClient


class Base(DeclarativeBase):
    pass


class Shelf(Base):
    __tablename__ = "shelf"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(30))
    books: Mapped[list[Book]] = relationship(order_by="Book.id")


class Book(Base):
    __tablename__ = "book"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    shelf_id: Mapped[int | None] = mapped_column(ForeignKey("shelf.id"))


@post("/shelves")
async def add_shelf(data: Shelf, db_session: AsyncSession) -> Shelf:
    db_session.add(data)  # the shelf and the books sent with it
    await db_session.commit()
    return data


@get("/shelves/{shelf_id:int}")
async def get_shelf(shelf_id: int, db_session: AsyncSession) -> Shelf:
    shelf = await db_session.get(Shelf, shelf_id)
    if shelf is None:
        raise NotFoundException(f"No shelf {shelf_id}")
    return shelf  # its books are loaded when the response is built


@get("/books")
async def list_books(db_session: AsyncSession) -> list[Book]:
    return list(await db_session.scalars(select(Book).order_by(Book.title)))


def create_app(database_url: str) -> Starlite:
    sqlalchemy_config = SQLAlchemyConfig(connection_string=database_url)

    async def create_tables() -> None:
        async with sqlalchemy_config.engine.begin() as connection:  # type: ignore[union-attr]
            await connection.run_sync(Base.metadata.create_all)

    return Starlite(
        route_handlers=[add_shelf, get_shelf, list_books],
        on_startup=[create_tables],
        plugins=[SQLAlchemyPlugin(config=sqlalchemy_config)],
    )


app = create_app("sqlite+aiosqlite:///library.sqlite")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient[Starlite]]:
    with TestClient(app=create_app(f"sqlite+aiosqlite:///{tmp_path / 'library.sqlite'}")) as client:
        yield client


def test_a_shelf_with_its_books_goes_in_and_comes_out(client: TestClient[Starlite]) -> None:
    shelf = {
        "id": 1,
        "label": "Fantasy",
        "books": [{"id": 1, "title": "Earthsea"}, {"id": 2, "title": "Dune"}],
    }
    assert client.post("/shelves", json=shelf).status_code == 201
    assert client.get("/shelves/1").json() == {
        "id": 1,
        "label": "Fantasy",
        "books": [
            {"id": 1, "title": "Earthsea", "shelf_id": 1},
            {"id": 2, "title": "Dune", "shelf_id": 1},
        ],
    }
    assert [book["title"] for book in client.get("/books").json()] == ["Dune", "Earthsea"]
    assert client.get("/shelves/2").status_code == 404


def test_a_body_that_does_not_fit_the_model_is_refused(client: TestClient[Starlite]) -> None:
    response = client.post("/shelves", json={"id": 1, "label": "x" * 31})
    assert response.status_code == 400
    assert response.json()["extra"][0]["key"] == "label"
    assert client.get("/shelves/1").status_code == 404  # nothing was written
