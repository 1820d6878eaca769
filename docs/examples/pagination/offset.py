"""A slice by limit and offset, with the total, read from a database asynchronously."""

import sqlite3

import anyio.to_thread
from pydantic import BaseModel

from starlite import AbstractAsyncOffsetPaginator, OffsetPagination, Parameter, Starlite, get
from starlite.testing import TestClient

database = sqlite3.connect(":memory:", check_same_thread=False)
database.execute("CREATE TABLE city (id INTEGER PRIMARY KEY, name TEXT)")
database.executemany("INSERT INTO city (name) VALUES (?)", [(f"City {n}",) for n in range(1, 31)])


class City(BaseModel):
    id: int
    name: str


class CityPaginator(AbstractAsyncOffsetPaginator[City]):
    async def get_total(self) -> int:
        return await anyio.to_thread.run_sync(
            lambda: database.execute("SELECT count(*) FROM city").fetchone()[0]
        )

    async def get_items(self, limit: int, offset: int) -> list[City]:
        query = "SELECT id, name FROM city ORDER BY id LIMIT ? OFFSET ?"
        rows = await anyio.to_thread.run_sync(lambda: database.execute(query, (limit, offset)).fetchall())
        return [City(id=row[0], name=row[1]) for row in rows]


paginator = CityPaginator()


@get("/cities")
async def list_cities(
    limit: int = Parameter(ge=1, le=100, default=10), offset: int = Parameter(ge=0, default=0)
) -> OffsetPagination[City]:
    return await paginator(limit=limit, offset=offset)


app = Starlite(route_handlers=[list_cities])


def test_a_slice_from_the_middle() -> None:
    with TestClient(app=app) as client:
        body = client.get("/cities", params={"limit": 2, "offset": 10}).json()
    assert body == {
        "items": [{"id": 11, "name": "City 11"}, {"id": 12, "name": "City 12"}],
        "limit": 2,
        "offset": 10,
        "total": 30,
    }


def test_a_limit_that_is_not_a_number_is_refused() -> None:
    with TestClient(app=app) as client:
        response = client.get("/cities", params={"limit": "all"})
    assert response.status_code == 400
    assert "limit" in response.text


def test_a_limit_or_offset_out_of_range_is_refused() -> None:
    with TestClient(app=app) as client:
        # SQLite reads a negative LIMIT as "no limit": unchecked, ?limit=-1 would send every row.
        for params in ({"limit": -1}, {"limit": 0}, {"limit": 1000}, {"offset": -1}):
            response = client.get("/cities", params=params)
            assert response.status_code == 400, params
