"""JWT authentication: log in for a token, then send it with every request."""

import os
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from starlite import (
    ASGIConnection,
    NotAuthorizedException,
    Request,
    Response,
    Starlite,
    WebSocket,
    get,
    post,
    websocket,
)
from starlite.contrib.jwt import JWTAuth, Token
from starlite.exceptions import WebSocketDisconnect
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


async def retrieve_user(token: Token, connection: ASGIConnection[Any, Any, Any]) -> User | None:
    # Called on every authenticated connection with the token's claims, already checked: the
    # signature, the expiry, the subject. Returning None refuses the connection with a 401.
    return USERS.get(int(token.sub))


jwt_auth = JWTAuth[User](
    retrieve_user_handler=retrieve_user,
    # In production, a random secret from the environment: at least 32 bytes for HS256.
    token_secret=os.environ.get("JWT_SECRET", "dev-only-secret-0123456789abcdefghijklmnop"),
    default_token_expiration=timedelta(hours=1),
    exclude=["^/login$"],
)


@post("/login")
def login(data: Credentials) -> Response[User]:
    user = next((user for user in USERS.values() if user.name == data.name), None)
    if user is None or PASSWORDS[user.name] != data.password:
        raise NotAuthorizedException("Wrong name or password")
    # A 201 with the token in the Authorization header ("Bearer <token>"), and the user as content.
    return jwt_auth.login(identifier=str(user.id), response_body=user)


@get("/me")
def me(request: Request[User, Token]) -> dict[str, Any]:
    # ``request.user`` is what retrieve_user returned; ``request.auth`` is the Token.
    return {"name": request.user.name, "expires": request.auth.exp.isoformat()}


@websocket("/notifications")
async def notifications(socket: WebSocket[User, Token]) -> None:
    await socket.accept()
    await socket.send_json({"hello": socket.user.name})
    await socket.close()


app = Starlite(route_handlers=[login, me, notifications], on_app_init=[jwt_auth.on_app_init])


def test_log_in_then_use_the_token() -> None:
    with TestClient(app=app) as client:
        response = client.post("/login", json={"name": "ada", "password": "lovelace"})
        assert response.status_code == 201
        assert response.json() == {"id": 1, "name": "ada"}
        token_header = {"Authorization": response.headers["Authorization"]}

        assert client.get("/me", headers=token_header).json()["name"] == "ada"
        with client.websocket_connect("/notifications", headers=token_header) as session:
            assert session.receive_json() == {"hello": "ada"}


def test_no_token_or_a_bad_one_is_a_401() -> None:
    with TestClient(app=app) as client:
        assert client.get("/me").json() == {
            "status_code": 401,
            "detail": "No JWT token found in request header",
        }
        forged = {"Authorization": "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."}  # alg "none", unsigned
        assert client.get("/me", headers=forged).json() == {"status_code": 401, "detail": "Invalid token"}
        assert client.post("/login", json={"name": "ada", "password": "guess"}).status_code == 401
        with pytest.raises(WebSocketDisconnect) as refused, client.websocket_connect("/notifications"):
            pass
        assert refused.value.code == 4401
