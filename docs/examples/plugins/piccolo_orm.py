"""Handlers that take and return Piccolo tables, stored in a SQLite file."""

from pathlib import Path

from piccolo.columns import ForeignKey, Integer, Varchar
from piccolo.engine.sqlite import SQLiteEngine
from piccolo.table import Table, create_db_tables_sync

from starlite import Starlite, get, post
from starlite.plugins.piccolo_orm import PiccoloORMPlugin
from starlite.testing import TestClient

DB = SQLiteEngine(path="library.sqlite")


class Author(Table, db=DB):
    name = Varchar(length=100, required=True)


class Book(Table, db=DB):
    title = Varchar(length=200, required=True)
    pages = Integer()
    author = ForeignKey(Author)  # given and returned as the author's id


@post("/books")
async def add_book(data: Book) -> Book:
    # ``data`` is an unsaved Book built from the validated body.
    await data.save()
    return data


@get("/books")
async def list_books() -> list[Book]:
    return await Book.objects().order_by(Book.id)


app = Starlite(route_handlers=[add_book, list_books], plugins=[PiccoloORMPlugin()])


def test_books_go_in_and_come_out(tmp_path: Path) -> None:
    engine = SQLiteEngine(path=str(tmp_path / "library.sqlite"))  # the test's own file
    Author._meta.db = Book._meta.db = engine
    create_db_tables_sync(Author, Book)
    Author.insert(Author(name="Ursula")).run_sync()
    with TestClient(app=app) as client:
        created = client.post("/books", json={"title": "Earthsea", "author": 1})
        assert created.status_code == 201
        assert created.json() == {"id": 1, "title": "Earthsea", "pages": 0, "author": 1}
        assert client.get("/books").json() == [created.json()]
        refused = client.post("/books", json={"title": "Earthsea", "pages": "many"})
        assert refused.status_code == 400
        assert [error["key"] for error in refused.json()["extra"]] == ["pages"]
