"""``JWTAuth``, ``JWTCookieAuth`` and ``OAuth2PasswordBearerAuth``: log in, get a token, send it back."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from openapi_pydantic.v3.v3_1 import Components

from starlite import (
    AbstractAuthenticationMiddleware,
    ASGIConnection,
    BaseRouteHandler,
    ImproperlyConfiguredException,
    NotAuthorizedException,
    Provide,
    Request,
    Response,
    Router,
    State,
    WebSocket,
    get,
    websocket,
)
from starlite.contrib.jwt import (
    JWTAuth,
    JWTAuthenticationMiddleware,
    JWTCookieAuth,
    JWTCookieAuthenticationMiddleware,
    OAuth2PasswordBearerAuth,
    Token,
)
from starlite.exceptions import WebSocketDisconnect
from starlite.testing import create_async_test_client, create_test_client

SECRET = "a-secret-of-sixty-four-bytes-or-more-so-that-hs512-takes-it-too-0123456789"
USERS = {"1": {"id": "1", "name": "ada"}, "2": {"id": "2", "name": "bob"}}


def retrieve_user(token: Token, connection: ASGIConnection[Any, Any, Any]) -> Any:
    return USERS.get(token.sub)


async def retrieve_user_async(token: Token, connection: ASGIConnection[Any, Any, Any]) -> Any:
    return USERS.get(token.sub)


def jwt_auth(**options: Any) -> JWTAuth[Any]:
    return JWTAuth[Any](
        retrieve_user_handler=options.pop("retrieve_user_handler", retrieve_user),
        token_secret=SECRET,
        **options,
    )


@get("/login/{user_id:str}", exclude_from_auth=True)
def login(request: Request[Any, Any], user_id: str) -> Response[Any]:
    config = request.app.state.jwt
    return config.login(identifier=user_id)  # type: ignore[no-any-return]


@get("/me")
def me(request: Request[Any, Token]) -> dict[str, Any]:
    return {"user": request.user, "sub": request.auth.sub, "auth_is_token": isinstance(request.auth, Token)}


@get("/public")
def public() -> str:
    return "anyone"


@websocket("/ws")
async def ws(socket: WebSocket[Any, Token]) -> None:
    await socket.accept()
    await socket.send_json({"user": socket.user, "sub": socket.auth.sub})
    await socket.close()


def app_for(config: JWTAuth[Any], *handlers: Any, **options: Any) -> Any:
    return create_test_client(
        [login, me, public, ws, *handlers],
        on_app_init=[config.on_app_init],
        state=State({"jwt": config}),
        **options,
    )


def bearer(config: JWTAuth[Any], user_id: str = "1", **options: Any) -> dict[str, str]:
    return {"Authorization": config.format_auth_header(config.create_token(identifier=user_id, **options))}


# --- JWTAuth: a token in a header ------------------------------------------------------------------


@pytest.mark.parametrize("handler", [retrieve_user, retrieve_user_async], ids=["sync", "async"])
def test_login_then_the_token_authenticates(handler: Any) -> None:
    config = jwt_auth(retrieve_user_handler=handler, exclude=["^/public$"])
    with app_for(config) as client:
        login_response = client.get("/login/2")
        assert login_response.status_code == 201
        assert login_response.content == b"null"
        header = login_response.headers["authorization"]
        assert header.startswith("Bearer ")
        response = client.get("/me", headers={"Authorization": header})
        assert response.json() == {"user": USERS["2"], "sub": "2", "auth_is_token": True}
        assert client.get("/public").text == "anyone"


def test_without_a_token_the_answer_is_401() -> None:
    with app_for(jwt_auth()) as client:
        response = client.get("/me")
    assert response.status_code == 401
    assert response.json() == {"status_code": 401, "detail": "No JWT token found in request header"}


@pytest.mark.parametrize("handler", [retrieve_user, retrieve_user_async], ids=["sync", "async"])
def test_a_token_for_an_unknown_user_is_401(handler: Any) -> None:
    config = jwt_auth(retrieve_user_handler=handler)
    with app_for(config) as client:
        response = client.get("/me", headers=bearer(config, user_id="404"))
    assert response.status_code == 401
    assert response.json() == {"status_code": 401, "detail": "Unauthorized"}


def test_the_token_is_read_from_the_configured_header_after_the_scheme_word() -> None:
    config = jwt_auth(auth_header="X-API-Key")
    token = config.create_token(identifier="1")
    with app_for(config) as client:
        assert client.get("/login/1").headers["x-api-key"].startswith("Bearer ")
        assert client.get("/me", headers={"X-API-Key": f"Bearer {token}"}).status_code == 200
        assert client.get("/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
        # As in 1.5x, the token is what follows the first space: a bare token is not read.
        assert client.get("/me", headers={"X-API-Key": token}).status_code == 401


def test_login_response_options() -> None:
    config = jwt_auth()
    as_body = config.login("1", send_token_as_response_body=True)
    assert as_body.content == {"token": as_body.headers["Authorization"].split(" ")[1]}
    custom = config.login(
        "1", response_body={"hello": "ada"}, response_status_code=200, send_token_as_response_body=True
    )
    assert (custom.content, custom.status_code) == ({"hello": "ada"}, 200)
    claims = Token.decode(
        config.login(
            "1",
            token_issuer="me",
            token_audience="you",
            token_unique_jwt_id="j1",
            token_expiration=timedelta(minutes=5),
        )
        .headers["Authorization"]
        .split(" ")[1],
        SECRET,
        "HS256",
    )
    assert (claims.iss, claims.aud, claims.jti) == ("me", "you", "j1")
    assert timedelta(minutes=4) < claims.exp - claims.iat <= timedelta(minutes=5)


def test_tokens_last_default_token_expiration() -> None:
    config = jwt_auth()
    assert config.default_token_expiration == timedelta(days=1)
    claims = Token.decode(config.create_token("1"), SECRET, "HS256")
    assert timedelta(hours=23, minutes=59) < claims.exp - claims.iat <= timedelta(days=1)


def test_accepted_audiences_and_issuers() -> None:
    config = jwt_auth(accepted_audiences=["shop"], accepted_issuers=["https://id.example.com"])
    with app_for(config) as client:
        good = bearer(config, token_audience="shop", token_issuer="https://id.example.com")
        assert client.get("/me", headers=good).status_code == 200
        for options in (
            {"token_audience": "blog", "token_issuer": "https://id.example.com"},
            {"token_audience": "shop", "token_issuer": "https://evil.example.com"},
            {},
        ):
            response = client.get("/me", headers=bearer(config, **options))
            assert response.json() == {"status_code": 401, "detail": "Invalid token"}


def test_exclude_and_exclude_opt_key() -> None:
    @get("/health", no_auth=True)
    def health() -> str:
        return "ok"

    config = jwt_auth(exclude=["^/public$"], exclude_opt_key="no_auth")
    with app_for(config, health) as client:
        assert client.get("/public").text == "anyone"
        assert client.get("/health").text == "ok"
        # The default key was replaced: the login route is authenticated now.
        assert client.get("/login/1").status_code == 401


def test_user_and_auth_reach_guards_and_dependencies() -> None:
    seen: dict[str, Any] = {}

    def only_ada(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler[Any]) -> None:
        seen["guard"] = (connection.user["name"], connection.auth.sub)
        if connection.user["name"] != "ada":
            raise NotAuthorizedException("ada only")

    def current_name(request: Request[Any, Token]) -> str:
        return f"{request.user['name']}:{request.auth.sub}"

    @get("/hello", guards=[only_ada])
    def hello(name: str) -> str:
        return f"hello {name}"

    config = jwt_auth(dependencies={"name": Provide(current_name)})
    with app_for(config, hello) as client:
        assert client.get("/hello", headers=bearer(config, "1")).text == "hello ada:1"
        assert seen["guard"] == ("ada", "1")
        assert client.get("/hello", headers=bearer(config, "2")).status_code == 401


def test_on_app_init_adds_guards_and_route_handlers() -> None:
    calls: list[str] = []

    def record(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler[Any]) -> None:
        calls.append(connection.url.path)

    @get("/extra")
    def extra(request: Request[Any, Any]) -> str:
        return request.user["name"]  # type: ignore[no-any-return]

    config = jwt_auth(guards=[record], route_handlers=[extra])
    with app_for(config) as client:
        assert client.get("/extra", headers=bearer(config)).text == "ada"
    assert calls == ["/extra"]


def test_the_middleware_on_one_router_only() -> None:
    config = jwt_auth()
    private = Router("/private", route_handlers=[me], middleware=[config.middleware])
    with create_test_client([private, public]) as client:
        assert client.get("/public").text == "anyone"
        assert client.get("/private/me").status_code == 401
        assert client.get("/private/me", headers=bearer(config)).json()["user"] == USERS["1"]


def test_websockets_are_authenticated_and_refused_with_4401() -> None:
    config = jwt_auth()
    with app_for(config) as client:
        with client.websocket_connect("/ws", headers=bearer(config)) as session:
            assert session.receive_json() == {"user": USERS["1"], "sub": "1"}
        with (
            pytest.raises(WebSocketDisconnect) as refused,
            client.websocket_connect("/ws", headers={"Authorization": "Bearer junk"}),
        ):
            pass
    assert (refused.value.code, refused.value.detail) == (4401, "Invalid token")


def test_scopes_leave_websockets_alone() -> None:
    @websocket("/probe")
    async def probe(socket: WebSocket[Any, Any]) -> None:
        await socket.accept()
        await socket.send_json("user" in socket.scope)
        await socket.close()

    with app_for(jwt_auth(scopes={"http"}), probe) as client:
        with client.websocket_connect("/probe") as session:
            assert session.receive_json() is False
        assert client.get("/me").status_code == 401


@pytest.mark.anyio
async def test_the_async_client_on_asyncio_and_trio() -> None:
    config = jwt_auth(retrieve_user_handler=retrieve_user_async)
    async with create_async_test_client([me], on_app_init=[config.on_app_init]) as client:
        assert (await client.get("/me", headers=bearer(config))).json()["sub"] == "1"
        assert (await client.get("/me")).status_code == 401


# --- JWTCookieAuth: a token in a header or a cookie ---------------------------------------------------


def cookie_auth(**options: Any) -> JWTCookieAuth[Any]:
    return JWTCookieAuth[Any](retrieve_user_handler=retrieve_user, token_secret=SECRET, **options)


def test_cookie_login_sets_an_httponly_cookie_that_authenticates() -> None:
    config = cookie_auth(key="access", domain="testserver.local", secure=True, samesite="strict")
    with app_for(config, base_url="https://testserver.local") as client:
        response = client.get("/login/1")
        cookie = response.headers["set-cookie"]
        for part in (
            "access=",
            "HttpOnly",
            "Max-Age=86400",
            "Path=/",
            "SameSite=strict",
            "Secure",
            "Domain=",
        ):
            assert part in cookie
        assert response.headers["authorization"].startswith("Bearer ")
        # The client kept the cookie: the next request is authenticated by it alone.
        assert client.get("/me").json()["user"] == USERS["1"]
        client.cookies.clear()
        assert client.get("/me").json() == {
            "status_code": 401,
            "detail": "No JWT token found in request header or cookies",
        }


def test_the_header_wins_over_the_cookie() -> None:
    config = cookie_auth()
    with app_for(config) as client:
        client.cookies.set("token", config.format_auth_header(config.create_token("2")))
        assert client.get("/me").json()["user"] == USERS["2"]
        assert client.get("/me", headers=bearer(config, "1")).json()["user"] == USERS["1"]
        client.cookies.set("token", "Bearer junk")
        assert client.get("/me").json()["detail"] == "Invalid token"


def test_cookie_login_lasts_as_long_as_the_token() -> None:
    response = cookie_auth().login("1", token_expiration=timedelta(minutes=10))
    assert response.cookies[0].max_age == 600
    assert response.cookies[0].httponly is True


def test_samesite_none_needs_secure() -> None:
    with pytest.raises(ImproperlyConfiguredException, match="secure"):
        cookie_auth(samesite="none")
    assert cookie_auth(samesite="none", secure=True).samesite == "none"


def test_cookie_websocket() -> None:
    config = cookie_auth()
    with app_for(config) as client:
        client.cookies.set("token", config.format_auth_header(config.create_token("2")))
        with client.websocket_connect("/ws") as session:
            assert session.receive_json() == {"user": USERS["2"], "sub": "2"}


# --- OAuth2PasswordBearerAuth --------------------------------------------------------------------------


def test_oauth2_login_answers_with_a_token_response() -> None:
    config = OAuth2PasswordBearerAuth[Any](
        token_url="/login", token_secret=SECRET, retrieve_user_handler=retrieve_user
    )
    with app_for(config) as client:
        response = client.get("/login/1")
        body = response.json()
        assert body == {
            "access_token": body["access_token"],
            "refresh_token": None,
            "expires_in": 86400,
            "token_type": "bearer",
        }
        assert "token=" in response.headers["set-cookie"]
        assert (
            client.get("/me", headers={"Authorization": f"Bearer {body['access_token']}"}).status_code == 200
        )
    assert config.login("1", send_token_as_response_body=False).content is None
    assert config.login("1", response_body={"welcome": True}).content == {"welcome": True}


# --- OpenAPI data -------------------------------------------------------------------------------


def _dump(model: Any) -> Any:
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def test_openapi_components_and_security_requirement() -> None:
    assert _dump(jwt_auth().openapi_components) == {
        "securitySchemes": {
            "BearerToken": {
                "type": "http",
                "description": "JWT api-key authentication and authorization.",
                "scheme": "Bearer",
                "bearerFormat": "JWT",
            }
        }
    }
    assert jwt_auth().security_requirement == {"BearerToken": []}
    cookie_scheme = _dump(cookie_auth(key="access").openapi_components)["securitySchemes"]["BearerToken"]
    assert cookie_scheme == {
        "type": "http",
        "description": "JWT cookie-based authentication and authorization.",
        "scheme": "Bearer",
        "bearerFormat": "JWT",
    }
    oauth = OAuth2PasswordBearerAuth[Any](
        token_url="/token",
        oauth_scopes={"read": "Read"},
        token_secret=SECRET,
        retrieve_user_handler=retrieve_user,
    )
    assert _dump(oauth.oauth_flow) == {"tokenUrl": "/token", "scopes": {"read": "Read"}}
    assert _dump(oauth.openapi_components)["securitySchemes"]["BearerToken"] == {
        "type": "oauth2",
        "description": "OAUTH2 password bearer authentication and authorization.",
        "flows": {"password": {"tokenUrl": "/token", "scopes": {"read": "Read"}}},
    }


# --- refusals at configuration time -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"algorithm": "nope"}, "not supported"),
        ({"algorithm": "none"}, "not allowed"),
        ({"token_secret": ""}, "non-empty"),
        ({"authentication_middleware_class": AbstractAuthenticationMiddleware}, "subclass"),
    ],
)
def test_bad_configs_are_refused_when_made(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ImproperlyConfiguredException, match=message):
        JWTAuth[Any](**{"token_secret": SECRET, "retrieve_user_handler": retrieve_user, **options})


def test_the_cookie_config_needs_the_cookie_middleware() -> None:
    with pytest.raises(ImproperlyConfiguredException, match="JWTCookieAuthenticationMiddleware"):
        cookie_auth(authentication_middleware_class=JWTAuthenticationMiddleware)
    assert cookie_auth().middleware.middleware is JWTCookieAuthenticationMiddleware


def test_a_middleware_subclass_with_1_5_arguments_still_fits() -> None:
    class Custom(JWTAuthenticationMiddleware):
        def __init__(
            self,
            app: Any,
            algorithm: str,
            auth_header: str,
            exclude: Any,
            exclude_opt_key: str,
            retrieve_user_handler: Any,
            scopes: Any,
            token_secret: str,
        ) -> None:
            super().__init__(
                app,
                algorithm,
                auth_header,
                exclude,
                exclude_opt_key,
                retrieve_user_handler,
                scopes,
                token_secret,
            )

    config = jwt_auth(authentication_middleware_class=Custom)
    with app_for(config) as client:
        assert client.get("/me", headers=bearer(config)).status_code == 200


def test_the_secret_is_not_in_the_repr() -> None:
    assert SECRET not in repr(jwt_auth())
    assert SECRET not in repr(cookie_auth())


def test_the_header_scheme_word_follows_the_declared_security_scheme() -> None:
    class TokenAuth(JWTAuth[Any]):
        @property
        def openapi_components(self) -> Any:
            return Components.model_validate(
                {"securitySchemes": {"BearerToken": {"type": "http", "scheme": "Token"}}}
            )

    class DictAuth(JWTAuth[Any]):
        @property
        def openapi_components(self) -> Any:
            return {"securitySchemes": {"BearerToken": {"type": "apiKey", "in": "header", "name": "X"}}}

    config = TokenAuth(retrieve_user_handler=retrieve_user, token_secret=SECRET)
    assert config.format_auth_header("abc") == "Token abc"
    assert (
        DictAuth(retrieve_user_handler=retrieve_user, token_secret=SECRET).format_auth_header("abc") == "abc"
    )
    assert jwt_auth(openapi_security_scheme_name="Other").format_auth_header("abc") == "Bearer abc"


def test_a_single_accepted_audience_is_a_name_not_a_set_of_letters() -> None:
    config = jwt_auth(accepted_audiences="shop", accepted_issuers="https://id.example.com")
    with app_for(config) as client:
        assert (
            client.get(
                "/me", headers=bearer(config, token_audience="shop", token_issuer="https://id.example.com")
            ).status_code
            == 200
        )
        for options in ({"token_audience": "sh", "token_issuer": "https://id.example.com"}, {}):
            response = client.get("/me", headers=bearer(config, **options))
            assert response.status_code == 401  # not a substring match, and no 500 without aud


def test_a_change_to_request_auth_is_not_seen_by_the_next_request() -> None:
    # Verified tokens are remembered; each request must still get claims of its own.
    @get("/grant")
    def grant(request: Request[Any, Token]) -> list[str]:
        roles: list[str] = request.auth.roles  # type: ignore[attr-defined]
        roles.append("admin")
        return roles

    config = jwt_auth()
    expiry = datetime.now(timezone.utc) + timedelta(hours=1)
    encoded = Token(sub="1", exp=expiry, roles=["user"]).encode(SECRET, "HS256")  # type: ignore[call-arg]
    with app_for(config, grant) as client:
        headers = {"Authorization": config.format_auth_header(encoded)}
        assert client.get("/grant", headers=headers).json() == ["user", "admin"]
        assert client.get("/grant", headers=headers).json() == ["user", "admin"]
