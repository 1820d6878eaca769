"""``AbstractSecurityConfig``: one ``on_app_init`` hook installs an authentication scheme."""

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from openapi_pydantic.v3.v3_1 import Components

from starlite import (
    AbstractAuthenticationMiddleware,
    AbstractSecurityConfig,
    ASGIConnection,
    AuthenticationResult,
    BaseRouteHandler,
    DefineMiddleware,
    ImproperlyConfiguredException,
    NotAuthorizedException,
    PermissionDeniedException,
    Provide,
    Request,
    get,
)
from starlite.config.app import AppConfig
from starlite.utils.sync import AsyncCallable

NAMES = {"ada-token": "ada", "bob-token": "bob"}


class HeaderTokenMiddleware(AbstractAuthenticationMiddleware):
    def __init__(self, app: Any, retrieve_user_handler: Any, **options: Any) -> None:
        super().__init__(app, **options)
        self.retrieve_user_handler = retrieve_user_handler

    async def authenticate_request(self, connection: ASGIConnection[Any, Any, Any]) -> AuthenticationResult:
        token = connection.headers.get("x-token", "")
        user = await self.retrieve_user_handler(token, connection)
        if user is None:
            raise NotAuthorizedException()
        return AuthenticationResult(user=user, auth=token)


@dataclass(kw_only=True)
class HeaderTokenAuth(AbstractSecurityConfig[str, str]):
    authentication_middleware_class: type[AbstractAuthenticationMiddleware] = HeaderTokenMiddleware

    @property
    def middleware(self) -> DefineMiddleware:
        return DefineMiddleware(
            self.authentication_middleware_class,
            retrieve_user_handler=self.retrieve_user_handler,
            exclude=self.exclude,
            exclude_from_auth_key=self.exclude_opt_key,
            scopes=self.scopes,
        )

    @property
    def openapi_components(self) -> Any:
        return Components.model_validate(
            {"securitySchemes": {"xToken": {"type": "apiKey", "in": "header", "name": "x-token"}}}
        )

    @property
    def security_requirement(self) -> Any:
        return {"xToken": []}


def only_ada(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler[Any]) -> None:
    # Handlers excluded from authentication have no user: ``connection.user`` would raise.
    if connection.scope.get("user") != "ada":
        raise PermissionDeniedException("ada only")


@get("/me")
def me(request: Request[str, str], greeting: str) -> str:
    return f"{greeting} {request.user}"


@get("/login", exclude_from_auth=True)
def login_page() -> str:
    return "log in here"


def make_config(**options: Any) -> HeaderTokenAuth:
    return HeaderTokenAuth(retrieve_user_handler=lambda token, connection: NAMES.get(token), **options)


def test_the_config_is_abstract() -> None:
    with pytest.raises(TypeError):
        AbstractSecurityConfig(  # type: ignore[abstract]
            authentication_middleware_class=HeaderTokenMiddleware, retrieve_user_handler=print
        )


def test_on_app_init_installs_middleware_guards_handlers_and_dependencies() -> None:
    from starlite.testing import create_test_client

    config = make_config(
        guards=[only_ada], route_handlers=[login_page], dependencies={"greeting": Provide(lambda: "hello")}
    )
    with create_test_client([me], on_app_init=[config.on_app_init]) as client:
        assert client.get("/me", headers={"x-token": "ada-token"}).text == "hello ada"
        assert client.get("/me", headers={"x-token": "bob-token"}).status_code == 403
        assert client.get("/me").status_code == 401
        # Added by the config, and excluded from authentication by its opt key (guards still apply).
        assert client.get("/login").status_code == 403


def test_on_app_init_puts_the_middleware_first_and_adopts_the_apps_encoders() -> None:
    config = make_config()
    app_config = AppConfig(middleware=["other"], type_encoders={date: str})
    assert config.on_app_init(app_config) is app_config
    assert isinstance(app_config.middleware[0], DefineMiddleware)
    assert app_config.middleware[1] == "other"
    assert app_config.guards == [] and app_config.route_handlers == [] and app_config.dependencies == {}
    assert config.type_encoders == {date: str}


class Money:
    def __init__(self, cents: int) -> None:
        self.cents = cents


def test_create_response_uses_the_configs_type_encoders() -> None:
    config = make_config(type_encoders={Money: lambda value: f"{value.cents / 100:.2f}"})
    response = config.create_response({"price": Money(250)}, status_code=201, media_type="application/json")
    assert response.status_code == 201
    assert response.media_type == "application/json"
    assert response.render(response.content) == b'{"price":"2.50"}'


def test_the_retrieve_user_handler_is_always_awaitable() -> None:
    config = make_config()
    assert isinstance(config.retrieve_user_handler, AsyncCallable)
    # Wrapping is idempotent: copying the config does not wrap twice.
    again = HeaderTokenAuth(retrieve_user_handler=config.retrieve_user_handler)
    assert again.retrieve_user_handler is config.retrieve_user_handler


@pytest.mark.parametrize(
    "options",
    [
        {"authentication_middleware_class": object},
        {"authentication_middleware_class": "HeaderTokenMiddleware"},
        {"retrieve_user_handler": "not callable"},
    ],
)
def test_bad_configs_are_refused(options: dict[str, Any]) -> None:
    options.setdefault("retrieve_user_handler", lambda token, connection: None)
    with pytest.raises(ImproperlyConfiguredException):
        HeaderTokenAuth(**options)


def test_1_5x_import_paths() -> None:
    import starlite.security
    import starlite.security.session_auth
    from starlite.middleware.authentication import (
        AbstractAuthenticationMiddleware as FromModule,
    )
    from starlite.security.base import AbstractSecurityConfig as BaseFromModule

    assert starlite.security.__all__ == ("AbstractSecurityConfig",)
    assert starlite.security.session_auth.__all__ == ("SessionAuth", "SessionAuthMiddleware")
    assert FromModule is AbstractAuthenticationMiddleware
    assert BaseFromModule is AbstractSecurityConfig
