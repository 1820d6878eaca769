"""Handlers that take and return mapped instances, with the request's session, on each of the four engines."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from starlite import delete, get, post, put
from starlite.exceptions import NotFoundException
from starlite.plugins.sql_alchemy import SQLAlchemyPlugin
from starlite.testing import create_test_client
from tests.plugins.sql_alchemy._support import Author, Book, Database, Meeting, checked_out, resolve


@post("/authors")
async def create_author(data: Author, db_session: Any) -> Author:
    db_session.add(data)
    await resolve(db_session.commit())
    return data


@post("/authors/bulk")
async def create_authors(data: list[Author], db_session: Any) -> list[Author]:
    db_session.add_all(data)
    await resolve(db_session.commit())
    return data


@get("/authors/{author_id:int}")
async def get_author(author_id: int, db_session: Any) -> Author:
    author = await resolve(db_session.get(Author, author_id))
    if author is None:
        raise NotFoundException(f"No author {author_id}")
    return author  # type: ignore[no-any-return]


@get("/authors")
async def list_authors(db_session: Any) -> list[Author]:
    result = await resolve(db_session.scalars(select(Author).order_by(Author.id)))
    return list(result.all())


@put("/authors/{author_id:int}")
async def rename_author(author_id: int, data: Author, db_session: Any) -> Author:
    author = await resolve(db_session.get(Author, author_id))
    author.name = data.name
    await resolve(db_session.commit())
    return author  # type: ignore[no-any-return]


@delete("/authors/{author_id:int}")
async def delete_author(author_id: int, db_session: Any) -> None:
    await resolve(db_session.delete(await resolve(db_session.get(Author, author_id))))
    await resolve(db_session.commit())


HANDLERS = [create_author, create_authors, get_author, list_authors, rename_author, delete_author]


def test_create_read_update_delete(database: Database) -> None:
    database.create_tables()
    config = database.config()
    with create_test_client(HANDLERS, plugins=[SQLAlchemyPlugin(config=config)]) as client:
        created = client.post("/authors", json={"id": 1, "name": "Ursula", "rating": "4.5"})
        assert created.status_code == 201
        assert created.json() == {
            "id": 1,
            "name": "Ursula",
            "genre": "fiction",
            "rating": "4.5",
            "profile": None,
            "books": [],
        }
        assert database.rows("SELECT id, name, genre FROM author") == [(1, "Ursula", "FICTION")]

        assert client.get("/authors/1").json()["name"] == "Ursula"
        assert client.get("/authors/2").status_code == 404

        renamed = client.put("/authors/1", json={"id": 1, "name": "Le Guin"})
        assert renamed.status_code == 200
        assert renamed.json()["name"] == "Le Guin"
        assert database.rows("SELECT name FROM author") == [("Le Guin",)]

        assert client.delete("/authors/1").status_code == 204
        assert database.rows("SELECT count(*) FROM author") == [(0,)]
        assert checked_out(config) == 0


def test_lists_of_instances_in_and_out(database: Database) -> None:
    database.create_tables()
    body = [
        {"id": 1, "name": "Basho", "genre": "poetry", "profile": {"born": 1644, "forms": ["haiku"]}},
        {"id": 2, "name": "Borges"},
    ]
    with create_test_client(HANDLERS, plugins=[SQLAlchemyPlugin(config=database.config())]) as client:
        assert client.post("/authors/bulk", json=body).status_code == 201
        listed = client.get("/authors").json()
    assert [(item["id"], item["name"], item["genre"], item["profile"]) for item in listed] == [
        (1, "Basho", "poetry", {"born": 1644, "forms": ["haiku"]}),
        (2, "Borges", "fiction", None),
    ]
    assert database.rows("SELECT id, genre FROM author ORDER BY id") == [(1, "POETRY"), (2, "FICTION")]


def test_nested_relationships_are_written_and_read(database: Database) -> None:
    database.create_tables()
    body = {
        "id": 1,
        "name": "Tolkien",
        "books": [{"id": 10, "title": "The Hobbit"}, {"id": 11, "title": "Silmarillion"}],
    }
    with create_test_client(HANDLERS, plugins=[SQLAlchemyPlugin(config=database.config())]) as client:
        assert client.post("/authors", json=body).status_code == 201
        # Read in a new session: the books are not loaded until the response is built (lazy loading,
        # through AsyncSession.run_sync on the async engines).
        author = client.get("/authors/1").json()
    assert author["books"] == [
        {"id": 10, "title": "The Hobbit", "author_id": 1},
        {"id": 11, "title": "Silmarillion", "author_id": 1},
    ]
    assert database.rows("SELECT id, author_id FROM book ORDER BY id") == [(10, 1), (11, 1)]


def test_a_body_that_does_not_fit_the_model_is_a_400_naming_the_field(database: Database) -> None:
    database.create_tables()
    with create_test_client(HANDLERS, plugins=[SQLAlchemyPlugin(config=database.config())]) as client:
        too_long = client.post("/authors", json={"id": 1, "name": "x" * 21})
        missing = client.post("/authors", json={"id": 2})
        bad_enum = client.post("/authors", json={"id": 3, "name": "A", "genre": "drama"})
        bad_nested = client.post("/authors", json={"id": 4, "name": "A", "books": [{"id": 1}]})
        bad_item = client.post("/authors/bulk", json=[{"id": 5, "name": "A"}, {"id": "six", "name": "B"}])
    for response in (too_long, missing, bad_enum, bad_nested, bad_item):
        assert response.status_code == 400, response.text
    assert too_long.json()["extra"][0]["key"] == "name"
    assert "at most 20 characters" in too_long.json()["extra"][0]["message"]
    assert missing.json()["extra"][0]["key"] == "name"
    assert bad_enum.json()["extra"][0]["key"] == "genre"
    assert bad_nested.json()["extra"][0]["key"] == "books.0.title"
    assert bad_item.json()["extra"][0]["key"] == "1.id"
    assert database.rows("SELECT count(*) FROM author") == [(0,)]


def test_a_book_without_relationships_is_returned_from_a_sync_handler(database: Database) -> None:
    database.create_tables()
    if database.use_async:
        return  # a sync handler needs a sync session: covered by the pysqlite and psycopg runs

    @post("/books", sync_to_thread=True)
    def create_book(data: Book, db_session: Any) -> Book:
        db_session.add(data)
        db_session.commit()
        return data

    with create_test_client([create_book], plugins=[SQLAlchemyPlugin(config=database.config())]) as client:
        response = client.post("/books", json={"id": 7, "title": "Dune"})
    assert response.status_code == 201
    assert response.json() == {"id": 7, "title": "Dune", "author_id": None}
    assert database.rows("SELECT id, title FROM book") == [(7, "Dune")]


def test_a_time_with_an_offset_for_a_column_without_time_zone_is_stored_as_utc(database: Database) -> None:
    database.create_tables()

    @post("/meetings")
    async def book(data: Meeting, db_session: Any) -> Meeting:
        db_session.add(data)
        await resolve(db_session.commit())
        return data

    body = {"id": 1, "starts": "2024-02-29T10:00:00+02:00", "booked": "2024-02-01T09:30:00+00:00"}
    with create_test_client([book], plugins=[SQLAlchemyPlugin(config=database.config())]) as client:
        response = client.post("/meetings", json=body)
        assert response.status_code == 201
        assert response.json()["starts"] == "2024-02-29T08:00:00"
        naive = client.post("/meetings", json={"id": 2, "starts": "2024-03-01T12:00:00"})
        assert naive.json()["starts"] == "2024-03-01T12:00:00"  # a time without offset is kept as it is
    with database.checker() as connection:
        stored = connection.scalars(select(Meeting.starts).order_by(Meeting.id)).all()
    assert stored == [datetime(2024, 2, 29, 8, 0), datetime(2024, 3, 1, 12, 0)]
