"""A cursor: each batch names the last item it holds, and the client sends it back for the next one."""

from pydantic import BaseModel

from starlite import AbstractSyncCursorPaginator, CursorPagination, Starlite, get
from starlite.testing import TestClient


class Event(BaseModel):
    id: int
    kind: str


EVENTS = [Event(id=number, kind="login" if number % 2 else "logout") for number in range(1, 8)]


class EventFeed(AbstractSyncCursorPaginator[int, Event]):
    def get_items(self, cursor: int | None, results_per_page: int) -> tuple[list[Event], int | None]:
        newer = [event for event in EVENTS if cursor is None or event.id > cursor][:results_per_page]
        # No events left: no cursor, and the client knows it has seen everything.
        return newer, newer[-1].id if newer else None


feed = EventFeed()


@get("/events")
def list_events(cursor: int | None = None) -> CursorPagination[int, Event]:
    return feed(cursor=cursor, results_per_page=3)


app = Starlite(route_handlers=[list_events])


def test_the_client_follows_the_cursor() -> None:
    received: list[int] = []
    with TestClient(app=app) as client:
        body = client.get("/events").json()
        while body["cursor"] is not None:
            received.extend(event["id"] for event in body["items"])
            body = client.get("/events", params={"cursor": body["cursor"]}).json()
    assert received == [1, 2, 3, 4, 5, 6, 7]
    assert body == {"items": [], "results_per_page": 3, "cursor": None}
