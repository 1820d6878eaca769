"""``AbstractAuthenticationMiddleware``: who a connection is, or a 401 before the handler runs."""

from dataclasses import fields, is_dataclass
from typing import Any

import pytest

from starlite import (
    AbstractAuthenticationMiddleware,
    AbstractMiddleware,
    ASGIConnection,
    AuthenticationResult,
    DefineMiddleware,
    NotAuthorizedException,
    PermissionDeniedException,
    Request,
    WebSocket,
    get,
    post,
    websocket,
)
from starlite.enums import ScopeType
from starlite.exceptions import WebSocketDisconnect
from starlite.testing import create_test_client

TOKENS = {"ada-token": {"name": "ada"}, "banned-token": {"name": "mallory"}}
seen_connections: list[Any] = []


class TokenMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(self, connection: ASGIConnection[Any, Any, Any]) -> AuthenticationResult:
        seen_connections.append(connection)
        token = connection.headers.get("x-token", "")
        if token == "banned-token":
            raise PermissionDeniedException("banned")
        if token not in TOKENS:
            raise NotAuthorizedException("unknown token")
        return AuthenticationResult(user=TOKENS[token], auth=token)


@get("/me")
def me(request: Request[Any, Any]) -> dict[str, Any]:
    return {"user": request.user, "auth": request.auth}


@post("/echo", status_code=200)
def echo(request: Request[Any, Any], data: dict[str, Any]) -> dict[str, Any]:
    return {"user": request.user["name"], "data": data}


@get("/health")
def health() -> str:
    return "ok"


@get("/docs", exclude_from_auth=True)
def docs() -> str:
    return "docs"


@get("/skipped", no_auth=True)
def skipped() -> str:
    return "skipped"


@websocket("/ws")
async def ws(socket: WebSocket[Any, Any]) -> None:
    await socket.accept()
    await socket.send_json({"user": socket.user, "auth": socket.auth})
    await socket.close()


@websocket("/ws-probe")
async def ws_probe(socket: WebSocket[Any, Any]) -> None:
    await socket.accept()
    await socket.send_json("user" in socket.scope)
    await socket.close()


ADA = {"x-token": "ada-token"}


def test_authentication_result_is_a_dataclass_of_user_and_auth() -> None:
    assert is_dataclass(AuthenticationResult)
    assert [field.name for field in fields(AuthenticationResult)] == ["user", "auth"]
    assert AuthenticationResult() == AuthenticationResult(user=None, auth=None)


def test_the_middleware_is_abstract() -> None:
    assert issubclass(AbstractAuthenticationMiddleware, AbstractMiddleware)
    with pytest.raises(TypeError):
        AbstractAuthenticationMiddleware(app=health)  # type: ignore[abstract]


def test_the_user_and_auth_reach_the_handler() -> None:
    with create_test_client([me], middleware=[TokenMiddleware]) as client:
        assert client.get("/me", headers=ADA).json() == {"user": {"name": "ada"}, "auth": "ada-token"}


def test_authenticate_request_gets_a_plain_connection_and_leaves_the_body_to_the_handler() -> None:
    seen_connections.clear()
    with create_test_client([echo], middleware=[TokenMiddleware]) as client:
        response = client.post("/echo", headers=ADA, json={"x": 1})
    assert response.json() == {"user": "ada", "data": {"x": 1}}
    # As in 1.5x: an ASGIConnection, not a Request, for HTTP and websockets alike.
    assert type(seen_connections[0]) is ASGIConnection


def test_refusals_become_error_responses() -> None:
    with create_test_client([me], middleware=[TokenMiddleware]) as client:
        anonymous = client.get("/me")
        banned = client.get("/me", headers={"x-token": "banned-token"})
    assert anonymous.status_code == 401
    assert anonymous.json() == {"status_code": 401, "detail": "unknown token"}
    assert banned.status_code == 403


def test_refusals_go_through_the_apps_exception_handlers() -> None:
    def handle_401(request: Request[Any, Any], exc: Exception) -> Any:
        from starlite import Response

        return Response({"login": "/login"}, status_code=401)

    with create_test_client(
        [me], middleware=[TokenMiddleware], exception_handlers={401: handle_401}
    ) as client:
        response = client.get("/me")
    assert (response.status_code, response.json()) == (401, {"login": "/login"})


def test_websockets_are_authenticated_and_refused_with_4000_plus_the_status() -> None:
    with create_test_client([ws], middleware=[TokenMiddleware]) as client:
        with client.websocket_connect("/ws", headers=ADA) as session:
            assert session.receive_json() == {"user": {"name": "ada"}, "auth": "ada-token"}
        with pytest.raises(WebSocketDisconnect) as refused, client.websocket_connect("/ws"):
            pass
    assert refused.value.code == 4401
    assert refused.value.detail == "unknown token"


def test_excluded_paths_opt_keys_and_scopes_are_not_authenticated() -> None:
    middleware = DefineMiddleware(
        TokenMiddleware, exclude=["^/health$"], exclude_from_auth_key="no_auth", scopes={ScopeType.HTTP}
    )
    with create_test_client([me, health, skipped, docs, ws_probe], middleware=[middleware]) as client:
        assert client.get("/health").text == "ok"
        assert client.get("/skipped").text == "skipped"
        # The default opt key was replaced, so this handler is authenticated now.
        assert client.get("/docs").status_code == 401
        assert client.get("/me").status_code == 401
        # Websockets are outside ``scopes``: they pass through, without a user.
        with client.websocket_connect("/ws-probe") as session:
            assert session.receive_json() is False


def test_the_default_opt_key_is_exclude_from_auth() -> None:
    with create_test_client([docs, me], middleware=[TokenMiddleware]) as client:
        assert client.get("/docs").text == "docs"
        assert client.get("/me").status_code == 401


@pytest.mark.parametrize("attribute", ["user", "auth"])
def test_reading_user_or_auth_without_an_authentication_middleware_says_what_to_install(
    attribute: str,
) -> None:
    @get("/probe")
    def probe(request: Request[Any, Any]) -> None:
        getattr(request, attribute)

    with create_test_client([probe]) as client:
        response = client.get("/probe")
    assert response.status_code == 500
    assert response.json()["detail"] == (
        f"'{attribute}' is not defined in scope, install an AuthMiddleware to set it"
    )
