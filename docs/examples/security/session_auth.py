"""Session authentication: log in once, and every later request knows its user."""

from dataclasses import dataclass
from typing import Any

import pytest

from starlite import (
    ASGIConnection,
    NotAuthorizedException,
    Request,
    Starlite,
    WebSocket,
    get,
    post,
    websocket,
)
from starlite.exceptions import WebSocketDisconnect
from starlite.middleware.session.memory_backend import MemoryBackendConfig
from starlite.security.session_auth import SessionAuth
from starlite.testing import TestClient


@dataclass
class User:
    id: int
    name: str


@dataclass
class Credentials:
    name: str
    password: str


# Stands in for a database.
USERS = {1: User(id=1, name="ada"), 2: User(id=2, name="bob")}
PASSWORDS = {"ada": "lovelace", "bob": "builder"}


async def retrieve_user(session: dict[str, Any], connection: ASGIConnection[Any, Any, Any]) -> User | None:
    # Called on every authenticated connection, with the session the login handler wrote.
    # Returning None refuses the connection with a 401 and deletes the session.
    return USERS.get(session.get("user_id", 0))


@post("/login", status_code=200)
def login(data: Credentials, request: Request[Any, Any]) -> User:
    user = next((user for user in USERS.values() if user.name == data.name), None)
    if user is None or PASSWORDS[user.name] != data.password:
        raise NotAuthorizedException("Wrong name or password")
    # Keep the session small: an id to look the user up by, not the user.
    request.set_session({"user_id": user.id})
    return user


@post("/logout", status_code=200)
def logout(request: Request[User, dict[str, Any]]) -> str:
    request.clear_session()
    return f"Goodbye, {request.user.name}"


@get("/me")
def me(request: Request[User, dict[str, Any]]) -> User:
    # ``request.user`` is what retrieve_user returned; ``request.auth`` is the session itself.
    return request.user


@get("/about", exclude_from_auth=True)
def about() -> str:
    # ``exclude_from_auth`` (the config's ``exclude_opt_key``) opens a single handler to everyone.
    return "A demo of session authentication"


@websocket("/notifications")
async def notifications(socket: WebSocket[User, dict[str, Any]]) -> None:
    # Websockets are authenticated too, from the same session cookie.
    await socket.accept()
    await socket.send_json({"hello": socket.user.name})
    await socket.close()


session_auth = SessionAuth[User](
    retrieve_user_handler=retrieve_user,
    # Any session backend: the memory one here, the cookie, file, redis or memcached one in production.
    session_backend_config=MemoryBackendConfig(),
    # Paths that need no session: a regex, or a list of them.
    exclude=["^/login$"],
)

app = Starlite(
    route_handlers=[login, logout, me, about, notifications], on_app_init=[session_auth.on_app_init]
)


def test_log_in_and_out() -> None:
    with TestClient(app=app) as client:
        assert client.get("/me").status_code == 401
        assert client.post("/login", json={"name": "ada", "password": "lovelace"}).json() == {
            "id": 1,
            "name": "ada",
        }
        # The session cookie now identifies ada.
        assert client.get("/me").json() == {"id": 1, "name": "ada"}
        assert client.post("/logout").text == "Goodbye, ada"
        response = client.get("/me")
    assert response.status_code == 401
    assert response.json() == {"status_code": 401, "detail": "no session data found"}


def test_wrong_password() -> None:
    with TestClient(app=app) as client:
        response = client.post("/login", json={"name": "ada", "password": "babbage"})
    assert response.status_code == 401
    assert response.json()["detail"] == "Wrong name or password"


def test_public_handler() -> None:
    with TestClient(app=app) as client:
        assert client.get("/about").text == "A demo of session authentication"


def test_websocket() -> None:
    with TestClient(app=app) as client:
        with pytest.raises(WebSocketDisconnect) as refused, client.websocket_connect("/notifications"):
            pass
        # The test client can also write the session directly, skipping the login request.
        client.set_session_data({"user_id": 2})
        with client.websocket_connect("/notifications") as socket:
            assert socket.receive_json() == {"hello": "bob"}
    # A refused websocket is closed with 4000 + the status code.
    assert refused.value.code == 4401
