"""``SessionAuth``: log in by writing the session, every other connection authenticated by it."""

import os
from typing import Any

import pytest

from starlite import (
    ASGIConnection,
    NotAuthorizedException,
    Request,
    Response,
    Router,
    Starlite,
    WebSocket,
    get,
    post,
    websocket,
)
from starlite.exceptions import WebSocketDisconnect
from starlite.middleware.session.base import BaseBackendConfig
from starlite.middleware.session.cookie_backend import CookieBackendConfig
from starlite.middleware.session.memory_backend import MemoryBackend, MemoryBackendConfig
from starlite.security.session_auth import SessionAuth, SessionAuthMiddleware
from starlite.security.session_auth.middleware import MiddlewareWrapper
from starlite.testing import TestClient, create_async_test_client, create_test_client
from starlite.utils.sync import AsyncCallable

USERS = {1: {"id": 1, "name": "ada"}, 2: {"id": 2, "name": "bob"}}


def retrieve_user(session: dict[str, Any], connection: ASGIConnection[Any, Any, Any]) -> Any:
    return USERS.get(session.get("user_id", 0))


async def retrieve_user_async(session: dict[str, Any], connection: ASGIConnection[Any, Any, Any]) -> Any:
    return USERS.get(session.get("user_id", 0))


@post("/login", status_code=200)
def login(request: Request[Any, Any], data: dict[str, int]) -> str:
    request.set_session({"user_id": data["user_id"]})
    return "welcome"


@post("/logout", status_code=200)
def logout(request: Request[Any, Any]) -> str:
    request.clear_session()
    return "bye"


@get("/me")
def me(request: Request[Any, Any]) -> dict[str, Any]:
    return {"user": request.user, "auth": request.auth}


@get("/public")
def public() -> str:
    return "anyone"


@get("/open", exclude_from_auth=True)
def open_handler() -> str:
    return "open"


@websocket("/ws")
async def ws(socket: WebSocket[Any, Any]) -> None:
    await socket.accept()
    await socket.send_json(socket.user)
    await socket.close()


@pytest.fixture(
    params=[
        pytest.param(MemoryBackendConfig, id="memory"),
        pytest.param(lambda: CookieBackendConfig(secret=os.urandom(16)), id="cookie"),
    ]
)
def backend_config(request: pytest.FixtureRequest) -> BaseBackendConfig:
    return request.param()  # type: ignore[no-any-return]


def make_client(
    backend_config: BaseBackendConfig, handler: Any = retrieve_user, **options: Any
) -> TestClient[Starlite]:
    session_auth = SessionAuth[Any](
        retrieve_user_handler=handler,
        session_backend_config=backend_config,
        exclude=options.pop("exclude", ["/login", "/public"]),
    )
    return create_test_client(
        [login, logout, me, public, open_handler, ws], on_app_init=[session_auth.on_app_init], **options
    )


def session_cookies(client: TestClient[Starlite]) -> dict[str, str]:
    return {cookie.name: cookie.value for cookie in client.cookies.jar if cookie.name.startswith("session")}


@pytest.mark.parametrize("handler", [retrieve_user, retrieve_user_async], ids=["sync", "async"])
def test_login_then_the_user_and_session_reach_the_handler(
    backend_config: BaseBackendConfig, handler: Any
) -> None:
    with make_client(backend_config, handler) as client:
        response = client.post("/login", json={"user_id": 2})
        assert response.text == "welcome"
        assert session_cookies(client)
        assert client.get("/me").json() == {"user": USERS[2], "auth": {"user_id": 2}}


def test_without_a_session_protected_routes_answer_401(backend_config: BaseBackendConfig) -> None:
    with make_client(backend_config) as client:
        response = client.get("/me")
        assert response.status_code == 401
        assert response.json() == {"status_code": 401, "detail": "no session data found"}
        # An empty session sets no cookie: there was none to delete.
        assert "set-cookie" not in response.headers


def test_excluded_paths_and_handlers_need_no_session(backend_config: BaseBackendConfig) -> None:
    with make_client(backend_config) as client:
        assert client.get("/public").text == "anyone"
        assert client.get("/open").text == "open"
        assert client.get("/me").status_code == 401


def test_logout_deletes_the_session(backend_config: BaseBackendConfig) -> None:
    with make_client(backend_config) as client:
        client.post("/login", json={"user_id": 1})
        stolen = dict(session_cookies(client))
        response = client.post("/logout")
        assert response.text == "bye"
        assert "max-age=0" in response.headers["set-cookie"].lower()
        assert not session_cookies(client)
        assert client.get("/me").status_code == 401
    if isinstance(backend_config, MemoryBackendConfig):
        # Server-side: the data is gone too, so a copy of the old cookie no longer logs in.
        with make_client(backend_config) as client:
            client.cookies.update(stolen)
            assert client.get("/me").status_code == 401


def test_a_session_naming_a_deleted_user_is_refused_and_cleared(backend_config: BaseBackendConfig) -> None:
    USERS[3] = {"id": 3, "name": "eve"}
    try:
        with make_client(backend_config) as client:
            client.post("/login", json={"user_id": 3})
            assert client.get("/me").status_code == 200
            del USERS[3]
            response = client.get("/me")
            assert response.status_code == 401
            assert response.json()["detail"] == "no user correlating to session found"
            # The stale session is deleted in the same response.
            assert "max-age=0" in response.headers["set-cookie"].lower()
            assert not session_cookies(client)
    finally:
        USERS.pop(3, None)


def test_a_tampered_cookie_is_refused_not_an_error(backend_config: BaseBackendConfig) -> None:
    with make_client(backend_config) as client:
        client.post("/login", json={"user_id": 1})
        for name, value in session_cookies(client).items():
            client.cookies.set(
                name,
                value[:-4] + ("AAAA" if not value.endswith("AAAA") else "BBBB"),
                domain="testserver.local",
            )
        response = client.get("/me")
        assert response.status_code == 401
        assert response.json()["detail"] == "no session data found"
        assert "max-age=0" in response.headers["set-cookie"].lower()


def test_websockets_are_authenticated(backend_config: BaseBackendConfig) -> None:
    with make_client(backend_config) as client:
        with pytest.raises(WebSocketDisconnect) as refused, client.websocket_connect("/ws"):
            pass
        assert refused.value.code == 4401
        client.post("/login", json={"user_id": 1})
        with client.websocket_connect("/ws") as session:
            assert session.receive_json() == USERS[1]


def test_scopes_limit_authentication_to_http(backend_config: BaseBackendConfig) -> None:
    session_auth = SessionAuth[Any](
        retrieve_user_handler=retrieve_user, session_backend_config=backend_config, scopes={"http"}
    )

    @websocket("/anonymous")
    async def anonymous(socket: WebSocket[Any, Any]) -> None:
        await socket.accept()
        await socket.send_json("user" in socket.scope)
        await socket.close()

    with create_test_client([me, anonymous], on_app_init=[session_auth.on_app_init]) as client:
        assert client.get("/me").status_code == 401
        with client.websocket_connect("/anonymous") as session:
            assert session.receive_json() is False


def test_a_falsy_user_is_refused_as_in_1_5x(backend_config: BaseBackendConfig) -> None:
    with make_client(backend_config, handler=lambda session, connection: {}) as client:
        client.post("/login", json={"user_id": 1})
        assert client.get("/me").status_code == 401


def test_the_routes_401_handler_answers_and_the_session_is_still_cleared(
    backend_config: BaseBackendConfig,
) -> None:
    def custom_401(request: Request[Any, Any], exc: Exception) -> Response[str]:
        return Response("please log in", status_code=401, media_type="text/plain")

    with make_client(backend_config, exception_handlers={NotAuthorizedException: custom_401}) as client:
        client.post("/login", json={"user_id": 7})  # no such user
        response = client.get("/me")
        assert response.status_code == 401
        assert response.text == "please log in"
        assert "max-age=0" in response.headers["set-cookie"].lower()


def test_the_middleware_can_go_on_a_router_instead() -> None:
    session_auth = SessionAuth[Any](
        retrieve_user_handler=retrieve_user, session_backend_config=MemoryBackendConfig(), exclude="/login"
    )
    private = Router(path="/private", route_handlers=[me, login], middleware=[session_auth.middleware])
    with create_test_client([private, public]) as client:
        assert client.get("/public").text == "anyone"
        assert client.get("/private/me").status_code == 401
        client.post("/private/login", json={"user_id": 1})
        assert client.get("/private/me").json()["user"] == USERS[1]


def test_one_backend_per_config_shared_by_every_handler_and_the_test_client() -> None:
    session_auth = SessionAuth[Any](
        retrieve_user_handler=retrieve_user_async,
        session_backend_config=MemoryBackendConfig(),
        exclude="/login",
    )
    assert isinstance(session_auth.session_backend, MemoryBackend)
    assert session_auth.session_backend is session_auth.session_backend
    with create_test_client([me, login], on_app_init=[session_auth.on_app_init]) as client:
        client.set_session_data({"user_id": 2})
        assert client.get("/me").json()["user"] == USERS[2]
        assert client.get_session_data() == {"user_id": 2}


def test_the_config_wires_its_middleware_class() -> None:
    session_auth = SessionAuth[Any](
        retrieve_user_handler=retrieve_user, session_backend_config=MemoryBackendConfig()
    )
    assert session_auth.authentication_middleware_class is SessionAuthMiddleware
    assert session_auth.exclude_opt_key == "exclude_from_auth"
    assert isinstance(session_auth.retrieve_user_handler, AsyncCallable)
    middleware = session_auth.middleware
    assert middleware.middleware is MiddlewareWrapper
    assert middleware.kwargs == {"config": session_auth}


@pytest.mark.anyio
@pytest.mark.parametrize("handler", [retrieve_user, retrieve_user_async], ids=["sync", "async"])
async def test_session_auth_on_every_event_loop(backend_config: BaseBackendConfig, handler: Any) -> None:
    session_auth = SessionAuth[Any](
        retrieve_user_handler=handler, session_backend_config=backend_config, exclude="/login"
    )
    async with create_async_test_client([login, me], on_app_init=[session_auth.on_app_init]) as client:
        assert (await client.get("/me")).status_code == 401
        await client.post("/login", json={"user_id": 1})
        assert (await client.get("/me")).json()["user"] == USERS[1]
