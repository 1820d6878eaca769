"""Security in the schema: the auth configs' schemes and requirements, and ``security=`` on every layer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from openapi_pydantic.v3.v3_1 import Components

from starlite import (
    AbstractSecurityConfig,
    Controller,
    DefineMiddleware,
    OpenAPIConfig,
    Router,
    Starlite,
    get,
)
from starlite.app import DEFAULT_OPENAPI_CONFIG
from starlite.contrib.jwt import JWTAuth, JWTCookieAuth, OAuth2PasswordBearerAuth
from starlite.middleware.authentication import AbstractAuthenticationMiddleware
from starlite.middleware.session.memory_backend import MemoryBackendConfig
from starlite.security.session_auth import SessionAuth
from starlite.testing import TestClient
from tests.openapi.documents import rendered_schema as document

SECRET = "a-secret-of-thirty-two-bytes-or-more-0123456789"


def nobody(credentials: Any, connection: Any) -> Any:
    return None


@get("/me")
def me() -> None:
    return None


@get("/login", exclude_from_auth=True)
def login() -> None:
    return None


def secured(config: AbstractSecurityConfig[Any, Any], **options: Any) -> dict[str, Any]:
    return document(Starlite([me, login], on_app_init=[config.on_app_init], **options))


def test_session_auth_is_an_api_key_in_the_session_cookie() -> None:
    config = SessionAuth[Any](
        retrieve_user_handler=nobody, session_backend_config=MemoryBackendConfig(key="sid")
    )
    rendered = secured(config)
    assert rendered["components"] == {
        "securitySchemes": {
            "sessionCookie": {
                "type": "apiKey",
                "description": "Session cookie authentication.",
                "name": "sid",
                "in": "cookie",
            }
        }
    }
    assert rendered["security"] == [{"sessionCookie": []}]


def test_jwt_auth_is_an_http_bearer_token() -> None:
    rendered = secured(JWTAuth[Any](retrieve_user_handler=nobody, token_secret=SECRET))
    assert rendered["components"]["securitySchemes"] == {
        "BearerToken": {
            "type": "http",
            "description": "JWT api-key authentication and authorization.",
            "scheme": "Bearer",
            "bearerFormat": "JWT",
        }
    }
    assert rendered["security"] == [{"BearerToken": []}]


def test_jwt_cookie_auth_is_a_bearer_token_described_as_the_cookie_one() -> None:
    config = JWTCookieAuth[Any](
        retrieve_user_handler=nobody, token_secret=SECRET, openapi_security_scheme_name="Cookie"
    )
    rendered = secured(config)
    assert rendered["components"]["securitySchemes"] == {
        "Cookie": {
            "type": "http",
            "description": "JWT cookie-based authentication and authorization.",
            "scheme": "Bearer",
            "bearerFormat": "JWT",
        }
    }
    assert rendered["security"] == [{"Cookie": []}]


def test_oauth2_password_bearer_is_the_password_flow_with_its_token_url() -> None:
    config = OAuth2PasswordBearerAuth[Any](
        token_url="/login",
        oauth_scopes={"items:read": "Read the items"},
        retrieve_user_handler=nobody,
        token_secret=SECRET,
    )
    rendered = secured(config)
    assert rendered["components"]["securitySchemes"] == {
        "BearerToken": {
            "type": "oauth2",
            "description": "OAUTH2 password bearer authentication and authorization.",
            "flows": {"password": {"tokenUrl": "/login", "scopes": {"items:read": "Read the items"}}},
        }
    }
    # OpenAPI requires the scopes, even when there are none.
    bare = OAuth2PasswordBearerAuth[Any](
        token_url="/token", retrieve_user_handler=nobody, token_secret=SECRET
    )
    flow = secured(bare)["components"]["securitySchemes"]["BearerToken"]["flows"]["password"]
    assert flow == {"tokenUrl": "/token", "scopes": {}}


def test_the_login_header_uses_the_declared_scheme_word() -> None:
    for config in (
        JWTAuth[Any](retrieve_user_handler=nobody, token_secret=SECRET),
        OAuth2PasswordBearerAuth[Any](token_url="/login", retrieve_user_handler=nobody, token_secret=SECRET),
    ):
        assert config.format_auth_header("abc") == "Bearer abc"


def test_layered_security_reaches_the_operation_app_first() -> None:
    class Items(Controller):
        path = "/items"
        security = [{"controllerToken": []}]

        @get(security=[{"handlerToken": []}])
        def list_items(self) -> None:
            return None

    router = Router("/v1", route_handlers=[Items], security=[{"routerToken": []}])
    names = ("appToken", "routerToken", "controllerToken", "handlerToken")
    app = Starlite(
        [router],
        security=[{"appToken": []}],
        openapi_config=OpenAPIConfig(
            title="t",
            version="1",
            components={"securitySchemes": {name: {"type": "http", "scheme": "bearer"} for name in names}},
        ),
    )
    operation = app.openapi_schema.paths["/v1/items"].get  # type: ignore[union-attr,index]
    assert operation is not None
    assert operation.security == [{name: []} for name in names]
    assert "security" not in document(app)  # layers require on their operations only


def test_routes_excluded_from_auth_keep_the_whole_apis_requirement_as_in_1_5x() -> None:
    # The middleware lets /login through, but the schema's requirement is the whole API's: a handler
    # shows that it needs no credentials with an empty requirement of its own.
    @get("/public", exclude_from_auth=True, security=[{}])
    def public() -> None:
        return None

    config = JWTAuth[Any](retrieve_user_handler=nobody, token_secret=SECRET, exclude=["^/login$"])
    rendered = document(Starlite([me, login, public], on_app_init=[config.on_app_init]))
    assert rendered["security"] == [{"BearerToken": []}]
    assert "security" not in rendered["paths"]["/login"]["get"]
    assert rendered["paths"]["/public"]["get"]["security"] == [{}]


def test_two_configs_are_two_alternatives() -> None:
    jwt = JWTAuth[Any](retrieve_user_handler=nobody, token_secret=SECRET)
    session = SessionAuth[Any](retrieve_user_handler=nobody, session_backend_config=MemoryBackendConfig())
    rendered = document(Starlite([me], on_app_init=[jwt.on_app_init, session.on_app_init]))
    assert list(rendered["components"]["securitySchemes"]) == ["BearerToken", "sessionCookie"]
    assert rendered["security"] == [{"BearerToken": []}, {"sessionCookie": []}]


def test_the_users_config_is_copied_not_changed() -> None:
    basic = {"securitySchemes": {"basic": {"type": "http", "scheme": "basic"}}}
    user_config = OpenAPIConfig(title="Shop", version="1", components=basic, security=[{"basic": []}])
    jwt = JWTAuth[Any](retrieve_user_handler=nobody, token_secret=SECRET)
    app = Starlite([me], on_app_init=[jwt.on_app_init], openapi_config=user_config)
    assert app.openapi_config is not user_config
    assert (user_config.components, user_config.security) == (basic, [{"basic": []}])
    assert (DEFAULT_OPENAPI_CONFIG.components, DEFAULT_OPENAPI_CONFIG.security) == (None, None)
    rendered = document(app)
    assert rendered["info"]["title"] == "Shop"
    assert list(rendered["components"]["securitySchemes"]) == ["BearerToken", "basic"]
    assert rendered["security"] == [{"basic": []}, {"BearerToken": []}]
    # As 1.5x's app config after start-up: one merged Components.
    assert isinstance(app.openapi_config.components, Components)  # type: ignore[union-attr]
    assert sorted(app.openapi_config.components.securitySchemes or {}) == ["BearerToken", "basic"]  # type: ignore[union-attr]


def test_a_scheme_the_user_declares_under_the_same_name_wins() -> None:
    mine = {"securitySchemes": {"BearerToken": {"type": "http", "scheme": "bearer", "description": "Mine"}}}
    jwt = JWTAuth[Any](retrieve_user_handler=nobody, token_secret=SECRET)
    app = Starlite(
        [me],
        on_app_init=[jwt.on_app_init],
        openapi_config=OpenAPIConfig(title="t", version="1", components=mine),
    )
    assert document(app)["components"]["securitySchemes"]["BearerToken"]["description"] == "Mine"


def test_without_an_openapi_config_the_security_config_still_installs() -> None:
    jwt = JWTAuth[Any](retrieve_user_handler=nobody, token_secret=SECRET)
    app = Starlite([me], on_app_init=[jwt.on_app_init], openapi_config=None)
    assert app.openapi_config is None and app.openapi_schema is None
    with TestClient(app) as client:
        assert client.get("/me").status_code == 401


def test_the_served_document_declares_the_scheme() -> None:
    jwt = JWTAuth[Any](retrieve_user_handler=nobody, token_secret=SECRET, exclude=["^/schema"])
    with TestClient(Starlite([me], on_app_init=[jwt.on_app_init])) as client:
        served = client.get("/schema/openapi.json")
        assert served.status_code == 200
        assert served.json()["security"] == [{"BearerToken": []}]
        assert client.get("/me").status_code == 401


def test_a_config_must_describe_its_scheme() -> None:
    @dataclass(kw_only=True)
    class Undescribed(AbstractSecurityConfig[Any, Any]):
        authentication_middleware_class: type[AbstractAuthenticationMiddleware] = (
            AbstractAuthenticationMiddleware
        )

        @property
        def middleware(self) -> DefineMiddleware:
            return DefineMiddleware(self.authentication_middleware_class)

    with pytest.raises(TypeError, match="openapi_components"):
        Undescribed(retrieve_user_handler=nobody)  # type: ignore[abstract]
