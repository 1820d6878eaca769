"""Server-side sessions in memory: the cookie holds a random id, the process holds the data."""

from starlite import Request, Starlite, get, post
from starlite.middleware.session.memory_backend import MemoryBackendConfig
from starlite.testing import TestClient

# The store lives in the app's process: a restart or a second worker starts with no sessions.
session_config = MemoryBackendConfig(max_age=60 * 60)


@post("/login")
def login(request: Request, data: dict[str, str]) -> None:
    request.session["user"] = data["user"]


@get("/me")
def me(request: Request) -> dict[str, str | None]:
    return {"user": request.session.get("user")}


@post("/logout")
def logout(request: Request) -> None:
    # Deletes the stored data and the cookie.
    request.clear_session()


app = Starlite(route_handlers=[login, me, logout], middleware=[session_config.middleware])


def test_login_me_logout() -> None:
    with TestClient(app=app) as client:
        assert client.get("/me").json() == {"user": None}
        client.post("/login", json={"user": "ada"})
        assert client.get("/me").json() == {"user": "ada"}
        client.post("/logout")
        assert client.get("/me").json() == {"user": None}


def test_the_cookie_holds_only_an_id() -> None:
    with TestClient(app=app) as client:
        client.post("/login", json={"user": "ada"})
        session_id = client.cookies["session"]
    assert "ada" not in session_id
