"""Handlers that take and return Tortoise ORM models, with Tortoise opened in the start-up hook."""

from pathlib import Path

from tortoise import Model, Tortoise, fields

from starlite import Starlite, get, post
from starlite.plugins.tortoise_orm import TortoiseORMPlugin
from starlite.testing import TestClient


class Author(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    books: fields.ReverseRelation["Book"]


class Book(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=200)
    author: fields.ForeignKeyRelation[Author] = fields.ForeignKeyField("models.Author", related_name="books")


@post("/authors")
async def add_author(data: Author) -> Author:
    # ``data`` is an unsaved Author built from the validated body.
    await data.save()
    return data


@get("/authors")
async def list_authors() -> list[Author]:
    # Each author is serialised with its books (fetched by the plugin).
    return await Author.all()


def create_app(database: Path) -> Starlite:
    async def open_database() -> None:
        await Tortoise.init(db_url=f"sqlite://{database}", modules={"models": [__name__]})
        await Tortoise.generate_schemas()

    async def close_database() -> None:
        await Tortoise.close_connections()

    return Starlite(
        route_handlers=[add_author, list_authors],
        plugins=[TortoiseORMPlugin()],
        on_startup=[open_database],
        on_shutdown=[close_database],
    )


def test_authors_go_in_and_come_out_with_their_books(tmp_path: Path) -> None:
    with TestClient(app=create_app(tmp_path / "library.sqlite")) as client:
        created = client.post("/authors", json={"name": "Ursula"})
        assert created.status_code == 201
        assert created.json() == {"id": 1, "name": "Ursula", "books": []}
        assert client.get("/authors").json() == [{"id": 1, "name": "Ursula", "books": []}]


def test_a_body_without_a_name_is_refused(tmp_path: Path) -> None:
    with TestClient(app=create_app(tmp_path / "library.sqlite")) as client:
        response = client.post("/authors", json={"title": "Earthsea"})
    assert response.status_code == 400
    assert [error["key"] for error in response.json()["extra"]] == ["name", "title"]
