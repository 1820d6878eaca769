"""Adding a handler to an application that already exists."""

from starlite import Starlite, get
from starlite.testing import TestClient


@get("/ready")
def ready() -> str:
    return "yes"


@get("/extra")
def extra() -> str:
    return "added later"


app = Starlite(route_handlers=[ready])


def test_register_adds_a_route() -> None:
    with TestClient(app=app) as client:
        assert client.get("/extra").status_code == 404
        # ``register`` accepts a handler, a controller class or a router, at any time.
        app.register(extra)
        response = client.get("/extra")
    assert response.status_code == 200
    assert response.text == "added later"
