"""Server-side sessions in files: they survive restarts and are shared by every worker on the machine."""

from pathlib import Path

from starlite import Request, Starlite, get, post
from starlite.middleware.session.file_backend import FileBackend, FileBackendConfig
from starlite.testing import TestClient


@post("/cart")
def add_to_cart(request: Request, data: dict[str, str]) -> list[str]:
    cart = request.session.setdefault("cart", [])
    cart.append(data["item"])
    return list(cart)


@get("/cart")
def show_cart(request: Request) -> list[str] | None:
    return request.session.get("cart")


def create_app(storage_path: Path) -> Starlite:
    # One file per session under storage_path (created on the first write), written atomically.
    config = FileBackendConfig(storage_path=storage_path, max_age=60 * 60)
    # Expired files are deleted when read; sweeping at start-up removes those nobody reads again.
    sweeper = FileBackend(config)
    return Starlite(
        route_handlers=[add_to_cart, show_cart],
        middleware=[config.middleware],
        on_startup=[sweeper.delete_expired],
    )


def test_the_cart_is_kept_in_a_file(tmp_path: Path) -> None:
    with TestClient(app=create_app(tmp_path)) as client:
        client.post("/cart", json={"item": "tea"})
        assert client.post("/cart", json={"item": "milk"}).json() == ["tea", "milk"]
        session_id = client.cookies["session"]
    assert [path.name for path in tmp_path.iterdir()] == [session_id]


def test_sessions_survive_a_new_app(tmp_path: Path) -> None:
    with TestClient(app=create_app(tmp_path)) as client:
        client.post("/cart", json={"item": "tea"})
        cookies = dict(client.cookies)
    # A restarted app (or another worker) reads the same files.
    with TestClient(app=create_app(tmp_path), cookies=cookies) as client:
        assert client.get("/cart").json() == ["tea"]
