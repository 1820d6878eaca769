"""Grouping handlers: a ``Controller`` for one resource, ``Router`` objects for path prefixes."""

from starlite import Controller, Router, Starlite, delete, get, post
from starlite.testing import TestClient

BOOKS: dict[int, str] = {1: "Dune"}


class BookController(Controller):
    # Every handler path below is relative to this one.
    path = "/books"

    @get()
    def list_books(self) -> dict[int, str]:
        return BOOKS

    @get("/{book_id:int}")
    def get_book(self, book_id: int) -> str:
        return BOOKS[book_id]

    @post()
    def add_book(self, data: dict[str, str]) -> int:
        book_id = max(BOOKS, default=0) + 1
        BOOKS[book_id] = data["title"]
        return book_id

    @delete("/{book_id:int}")
    def remove_book(self, book_id: int) -> None:
        BOOKS.pop(book_id, None)


@get("/health")
def health() -> str:
    return "ok"


# Routers nest: the controller ends up under /api/v1/books.
v1_router = Router(path="/v1", route_handlers=[BookController])
api_router = Router(path="/api", route_handlers=[v1_router, health])

app = Starlite(route_handlers=[api_router])


def test_nested_paths() -> None:
    with TestClient(app=app) as client:
        assert client.get("/api/health").text == "ok"
        assert client.get("/api/v1/books").json() == {"1": "Dune"}
        assert client.get("/api/v1/books/1").text == "Dune"


def test_controller_handlers_share_the_resource() -> None:
    with TestClient(app=app) as client:
        created = client.post("/api/v1/books", json={"title": "Emma"})
        assert created.status_code == 201
        book_id = created.json()
        assert client.get(f"/api/v1/books/{book_id}").text == "Emma"
        assert client.delete(f"/api/v1/books/{book_id}").status_code == 204
        assert client.get("/api/v1/books").json() == {"1": "Dune"}
