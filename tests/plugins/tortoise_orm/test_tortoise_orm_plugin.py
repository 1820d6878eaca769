"""``TortoiseORMPlugin`` against a real SQLite file, Tortoise set up in the app's start-up hook."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tortoise import Tortoise

from starlite import Starlite, get, post
from starlite.plugins.tortoise_orm import TortoiseORMPlugin
from starlite.testing import AsyncTestClient, TestClient, create_test_client
from tests.plugins.tortoise_orm.late_fk_models import Author, Book
from tests.plugins.tortoise_orm.models import League, Team

MODELS = {"models": ["tests.plugins.tortoise_orm.models"]}


@pytest.fixture()
def database(tmp_path: Path) -> Path:
    return tmp_path / "leagues.sqlite"


@pytest.fixture()
def lifespan(database: Path) -> Iterator[dict[str, list[Callable[[], Any]]]]:
    """The hooks a user writes: open Tortoise on start-up (with two leagues), close it on shutdown."""

    async def start() -> None:
        await Tortoise.init(db_url=f"sqlite://{database}", modules=MODELS)
        await Tortoise.generate_schemas()
        north = await League.create(name="North", founded=1990)
        await League.create(name="South", founded=2001, motto="Onwards")
        await Team.create(name="Owls", league=north)
        await Team.create(name="Foxes", league=north)

    async def stop() -> None:
        await Tortoise.close_connections()

    yield {"on_startup": [start], "on_shutdown": [stop]}


def rows(database: Path, query: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(database) as connection:
        return connection.execute(query).fetchall()


@get("/leagues")
async def list_leagues() -> list[League]:
    return await League.all()


@get("/leagues/{league_id:int}")
async def get_league(league_id: int) -> League:
    return await League.get(id=league_id)


@post("/leagues")
async def create_league(data: League) -> League:
    await data.save()
    return data


@post("/leagues/many")
async def create_leagues(data: list[League]) -> list[League]:
    for league in data:
        await league.save()
    return data


def test_a_model_is_returned_with_its_relations(lifespan: dict[str, Any]) -> None:
    with create_test_client([get_league], plugins=[TortoiseORMPlugin()], **lifespan) as client:
        response = client.get("/leagues/1")
    assert response.status_code == 200
    body = response.json()
    assert body.pop("created_at")
    assert body == {
        "id": 1,
        "name": "North",
        "founded": 1990,
        "motto": None,
        "teams": [{"id": 1, "name": "Owls"}, {"id": 2, "name": "Foxes"}],
    }


def test_a_list_of_models_is_returned_in_order(lifespan: dict[str, Any]) -> None:
    with create_test_client([list_leagues], plugins=[TortoiseORMPlugin()], **lifespan) as client:
        response = client.get("/leagues")
    assert response.status_code == 200
    assert [(league["name"], len(league["teams"])) for league in response.json()] == [
        ("North", 2),
        ("South", 0),
    ]


def test_data_arrives_as_an_unsaved_model_and_is_stored(lifespan: dict[str, Any], database: Path) -> None:
    with create_test_client([create_league], plugins=[TortoiseORMPlugin()], **lifespan) as client:
        response = client.post("/leagues", json={"name": "East", "founded": 2020})
    assert response.status_code == 201
    body = response.json()
    assert (body["id"], body["name"], body["motto"], body["teams"]) == (3, "East", None, [])
    assert rows(database, "SELECT id, name, founded, motto FROM league WHERE id = 3") == [
        (3, "East", 2020, None)
    ]


def test_a_list_of_models_as_data(lifespan: dict[str, Any], database: Path) -> None:
    with create_test_client([create_leagues], plugins=[TortoiseORMPlugin()], **lifespan) as client:
        response = client.post(
            "/leagues/many", json=[{"name": "East", "founded": 1}, {"name": "West", "founded": 2}]
        )
    assert response.status_code == 201
    assert [league["id"] for league in response.json()] == [3, 4]
    assert rows(database, "SELECT name FROM league ORDER BY id") == [
        ("North",),
        ("South",),
        ("East",),
        ("West",),
    ]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "East"}, "founded"),
        ({"name": "East", "founded": "long ago"}, "founded"),
        ({"name": "East", "founded": 1, "id": 7}, "id"),  # the primary key is the database's to choose
        ({"name": "East", "founded": 1, "created_at": "2020-01-01T00:00:00"}, "created_at"),  # read-only
    ],
)
def test_a_body_that_does_not_fit_is_a_400_naming_the_field(
    lifespan: dict[str, Any], database: Path, payload: dict[str, Any], field: str
) -> None:
    with create_test_client([create_league], plugins=[TortoiseORMPlugin()], **lifespan) as client:
        response = client.post("/leagues", json=payload)
    assert response.status_code == 400
    assert [error["key"] for error in response.json()["extra"]] == [field]
    assert rows(database, "SELECT count(*) FROM league") == [(2,)]


@pytest.mark.parametrize("anyio_backend", ["asyncio"])  # Tortoise's drivers run on asyncio only
@pytest.mark.anyio
async def test_the_async_test_client_serves_the_same_app(lifespan: dict[str, Any]) -> None:
    app = Starlite([get_league, create_league], plugins=[TortoiseORMPlugin()], **lifespan)
    async with AsyncTestClient(app) as client:
        created = await client.post("/leagues", json={"name": "East", "founded": 2020, "motto": "Up"})
        fetched = await client.get(f"/leagues/{created.json()['id']}")
    assert fetched.json()["motto"] == "Up"


def test_the_app_can_be_started_again_after_shutdown(lifespan: dict[str, Any]) -> None:
    # The shared Tortoise context is closed at shutdown, so the next start-up can share its own.
    for _ in range(2):
        with create_test_client([list_leagues], plugins=[TortoiseORMPlugin()], **lifespan) as client:
            assert client.get("/leagues").status_code == 200


def test_a_model_made_before_tortoise_starts_is_not_kept(database: Path) -> None:
    from tests.plugins.tortoise_orm.late_models import Club, Player

    async def start() -> None:
        await Tortoise.init(db_url=f"sqlite://{database}", modules={"models": [Club.__module__]})
        await Tortoise.generate_schemas()
        club = await Club.create(name="Rovers")
        await Player.create(name="Ann", club=club)

    async def stop() -> None:
        await Tortoise.close_connections()

    @get("/clubs")
    async def list_clubs() -> list[Club]:
        return await Club.all()

    plugin = TortoiseORMPlugin()
    # What the schema would get before the start-up hook: Tortoise does not know the reverse relation yet.
    assert "players" not in plugin.to_pydantic_model_class(Club).model_fields
    with create_test_client([list_clubs], plugins=[plugin], on_startup=[start], on_shutdown=[stop]) as client:
        assert client.get("/clubs").json() == [
            {"id": 1, "name": "Rovers", "players": [{"id": 1, "name": "Ann"}]}
        ]


def test_a_foreign_key_id_is_taken_from_the_body_once_tortoise_has_started(database: Path) -> None:
    # The app (and its body validation) is built before the start-up hook initialises Tortoise, which
    # is when Tortoise adds ``author_id`` to the model: the body must take what the schema documents.
    async def start() -> None:
        await Tortoise.init(db_url=f"sqlite://{database}", modules={"models": [Author.__module__]})
        await Tortoise.generate_schemas()
        await Author.create(name="Le Guin")

    async def stop() -> None:
        await Tortoise.close_connections()

    @post("/books")
    async def create_book(data: Book) -> dict[str, Any]:
        await data.save()
        return {"id": data.id, "author_id": data.author_id}  # type: ignore[attr-defined]

    app = Starlite([create_book], plugins=[TortoiseORMPlugin()], on_startup=[start], on_shutdown=[stop])
    with TestClient(app) as client:
        documented = client.get("/schema/openapi.json").json()["components"]["schemas"]["BookRequestBody"]
        created = client.post("/books", json={"title": "Earthsea", "author_id": 1})
        missing = client.post("/books", json={"title": "Earthsea"})
    assert set(documented["properties"]) == {"title", "author_id"}
    assert created.status_code == 201
    assert created.json() == {"id": 1, "author_id": 1}
    assert missing.status_code == 400
    assert [error["key"] for error in missing.json()["extra"]] == ["author_id"]
    assert rows(database, "SELECT title, author_id FROM book") == [("Earthsea", 1)]


def test_the_openapi_schema_names_both_models() -> None:
    Tortoise.init_models(MODELS["models"], "models")  # as an app does before building its document
    app = Starlite([list_leagues, get_league, create_league], plugins=[TortoiseORMPlugin()])
    schema = app.openapi_schema.model_dump(by_alias=True, exclude_none=True)  # type: ignore[union-attr]
    leagues = schema["paths"]["/leagues"]
    assert leagues["post"]["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/LeagueRequestBody"
    }
    assert leagues["post"]["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/League"
    }
    assert leagues["get"]["responses"]["200"]["content"]["application/json"]["schema"]["items"] == {
        "$ref": "#/components/schemas/League"
    }
    components = schema["components"]["schemas"]
    assert set(components["LeagueRequestBody"]["properties"]) == {"name", "founded", "motto"}
    assert components["LeagueRequestBody"]["required"] == ["name", "founded"]
    assert set(components["League"]["properties"]) == {
        "id",
        "name",
        "founded",
        "motto",
        "created_at",
        "teams",
    }
    assert components["League"]["properties"]["created_at"]["readOnly"] is True


def test_the_pydantic_models_are_built_once_per_class() -> None:
    plugin = TortoiseORMPlugin()
    assert plugin.to_pydantic_model_class(League) is plugin.to_pydantic_model_class(League)
    assert plugin.to_pydantic_model_class(
        League, parameter_name="data"
    ) is not plugin.to_pydantic_model_class(League)
    assert plugin.is_plugin_supported_type(League) and plugin.is_plugin_supported_type(League(name="x"))
    assert not plugin.is_plugin_supported_type(dict)
    assert plugin.from_dict(League, name="x", founded=3).founded == 3


def test_without_tortoise_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import sys

    from starlite.exceptions import MissingDependencyException

    for name in [name for name in sys.modules if name == "tortoise" or name.startswith("tortoise.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.delitem(sys.modules, "starlite.plugins.tortoise_orm")
    with pytest.raises(MissingDependencyException, match=r"pip install starlite\[tortoise-orm\]"):
        importlib.import_module("starlite.plugins.tortoise_orm")
