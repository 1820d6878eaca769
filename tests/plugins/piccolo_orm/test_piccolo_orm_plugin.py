"""``PiccoloORMPlugin`` against a real SQLite file (a ``SQLiteEngine`` per test)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from piccolo.engine.sqlite import SQLiteEngine
from piccolo.table import create_db_tables_sync

from starlite import Starlite, get, post
from starlite.plugins.piccolo_orm import PiccoloORMPlugin
from starlite.testing import AsyncTestClient, create_test_client
from tests.plugins.piccolo_orm.tables import TABLES, Band, Manager, use_database


@pytest.fixture()
def database(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "bands.sqlite"
    use_database(SQLiteEngine(path=str(path)))
    create_db_tables_sync(*TABLES)
    Manager.insert(Manager(name="Guido")).run_sync()
    Band.insert(
        Band(name="Pythonistas", popularity=1000, manager=1, details='{"genre": "rock"}'),
        Band(name="Rustaceans", popularity=800, manager=1, details="{}"),
    ).run_sync()
    yield path


def rows(database: Path, query: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(database) as connection:
        return connection.execute(query).fetchall()


@get("/bands")
async def list_bands() -> list[Band]:
    return await Band.objects().order_by(Band.id)


@get("/bands/{band_id:int}")
async def get_band(band_id: int) -> Band:
    band = await Band.objects().get(Band.id == band_id)
    assert band is not None
    return band


@post("/bands")
async def create_band(data: Band) -> Band:
    await data.save()
    return data


@post("/bands/many")
async def create_bands(data: list[Band]) -> list[Band]:
    for band in data:
        await band.save()
    return data


def test_a_table_row_is_returned_as_its_columns(database: Path) -> None:
    with create_test_client([get_band], plugins=[PiccoloORMPlugin()]) as client:
        response = client.get("/bands/1")
    assert response.status_code == 200
    assert response.json() == {
        "id": 1,
        "name": "Pythonistas",
        "popularity": 1000,
        "manager": 1,
        "details": '{"genre": "rock"}',
    }


def test_a_list_of_rows(database: Path) -> None:
    with create_test_client([list_bands], plugins=[PiccoloORMPlugin()]) as client:
        response = client.get("/bands")
    assert response.status_code == 200
    assert [(band["id"], band["name"]) for band in response.json()] == [(1, "Pythonistas"), (2, "Rustaceans")]


def test_data_arrives_as_an_unsaved_row_and_is_stored(database: Path) -> None:
    with create_test_client([create_band], plugins=[PiccoloORMPlugin()]) as client:
        response = client.post(
            "/bands", json={"name": "Gophers", "popularity": 5, "manager": 1, "details": "{}"}
        )
    assert response.status_code == 201
    assert response.json() == {"id": 3, "name": "Gophers", "popularity": 5, "manager": 1, "details": "{}"}
    assert rows(database, "SELECT id, name, popularity, manager FROM band WHERE id = 3") == [
        (3, "Gophers", 5, 1)
    ]


def test_a_list_of_rows_as_data(database: Path) -> None:
    with create_test_client([create_bands], plugins=[PiccoloORMPlugin()]) as client:
        response = client.post("/bands/many", json=[{"name": "Gophers"}, {"name": "Crabs", "popularity": 2}])
    assert response.status_code == 201
    assert [band["id"] for band in response.json()] == [3, 4]
    assert rows(database, "SELECT name, popularity FROM band WHERE id > 2 ORDER BY id") == [
        ("Gophers", 0),
        ("Crabs", 2),
    ]


def test_an_unsaved_row_is_returned_without_a_key(database: Path) -> None:
    @post("/bands/check")
    async def check_band(data: Band) -> Band:
        return data

    with create_test_client([check_band], plugins=[PiccoloORMPlugin()]) as client:
        response = client.post("/bands/check", json={"name": "Gophers"})
    assert response.status_code == 201
    assert response.json() == {
        "id": None,
        "name": "Gophers",
        "popularity": 0,
        "manager": None,
        "details": "{}",
    }
    assert rows(database, "SELECT count(*) FROM band") == [(2,)]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"popularity": 3}, "name"),
        ({"name": "Gophers", "popularity": "very"}, "popularity"),
        ({"name": "G" * 51}, "name"),
        ({"name": "Gophers", "popularity": None}, "popularity"),  # a NOT NULL column: not "use the default"
        ({"name": "Gophers", "popularity": 2**31}, "popularity"),  # more than the INTEGER column holds
        ({"name": "Gophers", "manager": 2**63}, "manager"),  # nor the key it refers to
    ],
)
def test_a_body_that_does_not_fit_is_a_400_naming_the_field(
    database: Path, payload: dict[str, Any], field: str
) -> None:
    with create_test_client([create_band], plugins=[PiccoloORMPlugin()]) as client:
        response = client.post("/bands", json=payload)
    assert response.status_code == 400
    assert [error["key"] for error in response.json()["extra"]] == [field]
    assert rows(database, "SELECT count(*) FROM band") == [(2,)]


@pytest.mark.parametrize("anyio_backend", ["asyncio"])  # Piccolo's engines run on asyncio only
@pytest.mark.anyio
async def test_the_async_test_client(database: Path) -> None:
    async with AsyncTestClient(Starlite([create_band, get_band], plugins=[PiccoloORMPlugin()])) as client:
        created = await client.post("/bands", json={"name": "Gophers", "manager": 1})
        fetched = await client.get(f"/bands/{created.json()['id']}")
    assert fetched.json()["name"] == "Gophers"


def test_the_openapi_schema_names_both_models() -> None:
    app = Starlite([list_bands, get_band, create_band], plugins=[PiccoloORMPlugin()])
    schema = app.openapi_schema.model_dump(by_alias=True, exclude_none=True)  # type: ignore[union-attr]
    bands = schema["paths"]["/bands"]
    assert bands["post"]["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/BandRequestBody"
    }
    assert bands["get"]["responses"]["200"]["content"]["application/json"]["schema"]["items"] == {
        "$ref": "#/components/schemas/Band"
    }
    components = schema["components"]["schemas"]
    assert set(components["BandRequestBody"]["properties"]) == {"name", "popularity", "manager", "details"}
    assert components["BandRequestBody"]["required"] == ["name"]
    assert set(components["Band"]["properties"]) == {"id", "name", "popularity", "manager", "details"}
    # As the responses give it: the manager's id.
    assert components["Band"]["properties"]["manager"]["anyOf"][0]["type"] == "integer"


def test_the_pydantic_models_are_built_once_per_class() -> None:
    plugin = PiccoloORMPlugin()
    assert plugin.to_pydantic_model_class(Band) is plugin.to_pydantic_model_class(Band)
    assert plugin.to_pydantic_model_class(Band, parameter_name="data") is not plugin.to_pydantic_model_class(
        Band
    )
    assert plugin.is_plugin_supported_type(Band) and plugin.is_plugin_supported_type(Band())
    assert not plugin.is_plugin_supported_type(dict)
    band = plugin.from_dict(Band, name="Gophers", unknown=1)
    assert (band.name, band.popularity) == ("Gophers", 0)


def test_without_piccolo_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import sys

    from starlite.exceptions import MissingDependencyException

    for name in [name for name in sys.modules if name == "piccolo" or name.startswith("piccolo.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.delitem(sys.modules, "starlite.plugins.piccolo_orm")
    with pytest.raises(MissingDependencyException, match=r"pip install starlite\[piccolo\]"):
        importlib.import_module("starlite.plugins.piccolo_orm")
