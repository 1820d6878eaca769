"""Numbered pages: the client asks for page N of a given size and learns how many pages there are."""

from dataclasses import dataclass

from starlite import AbstractSyncClassicPaginator, ClassicPagination, Parameter, Starlite, get
from starlite.testing import TestClient


@dataclass
class Song:
    id: int
    title: str


PLAYLIST = [Song(id=number, title=f"Track {number}") for number in range(1, 12)]  # 11 songs


class SongPages(AbstractSyncClassicPaginator[Song]):
    def get_total(self, page_size: int) -> int:
        return -(-len(PLAYLIST) // page_size)  # the number of pages, rounded up

    def get_items(self, page_size: int, current_page: int) -> list[Song]:
        start = (current_page - 1) * page_size
        return PLAYLIST[start : start + page_size]


paginator = SongPages()


# Bounded: a page size of 0 would divide by zero in get_total, and a huge one would send everything.
@get("/songs")
def list_songs(
    page_size: int = Parameter(ge=1, le=50, default=5), current_page: int = Parameter(ge=1, default=1)
) -> ClassicPagination[Song]:
    return paginator(page_size=page_size, current_page=current_page)


app = Starlite(route_handlers=[list_songs])


def test_the_last_page_holds_what_is_left() -> None:
    with TestClient(app=app) as client:
        body = client.get("/songs", params={"page_size": 5, "current_page": 3}).json()
    assert body == {
        "items": [{"id": 11, "title": "Track 11"}],
        "page_size": 5,
        "current_page": 3,
        "total_pages": 3,
    }


def test_the_schema_describes_the_page_and_its_items() -> None:
    with TestClient(app=app) as client:
        document = client.get("/schema/openapi.json").json()
    schema = document["paths"]["/songs"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["properties"]["items"] == {"type": "array", "items": {"$ref": "#/components/schemas/Song"}}
    assert schema["properties"]["total_pages"] == {"type": "integer", "description": "Total number of pages."}


def test_a_page_size_or_page_number_out_of_range_is_refused() -> None:
    with TestClient(app=app) as client:
        for params in ({"page_size": 0}, {"page_size": -5}, {"current_page": 0}, {"page_size": 1000}):
            response = client.get("/songs", params=params)
            assert response.status_code == 400, params
