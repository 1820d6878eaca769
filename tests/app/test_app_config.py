from __future__ import annotations

import dataclasses
import inspect
from typing import Any

import pytest

from starlite import DefineMiddleware, ImproperlyConfiguredException, Request, Starlite, WebSocket, get
from starlite.app import DEFAULT_OPENAPI_CONFIG
from starlite.config import AppConfig, CacheConfig
from starlite.config.app import AppConfig as AppConfigFromModule
from starlite.testing import create_test_client
from starlite.types import ASGIApp, Empty, Receive, Scope, Send


@get("/ping")
def ping() -> str:
    return "pong"


@get("/extra")
def extra() -> str:
    return "added by a hook"


class StampMiddleware:
    def __init__(self, app: ASGIApp, stamp: str = "stamped") -> None:
        self.app = app
        self.stamp = stamp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def stamped_send(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message["headers"], (b"x-stamp", self.stamp.encode())]
            await send(message)

        await self.app(scope, receive, stamped_send)


def test_app_config_is_importable_from_both_paths() -> None:
    assert AppConfig is AppConfigFromModule


def test_app_config_fields_are_the_starlite_arguments() -> None:
    arguments = set(inspect.signature(Starlite.__init__).parameters) - {"self"}
    # ``on_app_init`` has already run once the config exists; ``state`` arrives as ``initial_state``.
    assert {f.name for f in dataclasses.fields(AppConfig)} == arguments - {"on_app_init", "state"}


def test_app_config_defaults_are_empty_and_not_shared() -> None:
    first, second = AppConfig(), AppConfig()
    first.route_handlers.append(ping)
    first.dependencies["x"] = object()
    assert second.route_handlers == []
    assert second.dependencies == {}
    assert second.debug is False
    assert second.multipart_form_part_limit == 1000


def test_hook_receives_every_argument() -> None:
    seen: list[AppConfig] = []

    def inspect_config(app_config: AppConfig) -> AppConfig:
        seen.append(app_config)
        return app_config

    Starlite(
        [ping],
        debug=True,
        state={"answer": 42},
        tags=["a"],
        before_send=print,
        on_app_init=[inspect_config],
    )
    (config,) = seen
    assert config.route_handlers == [ping]
    assert config.debug is True
    assert config.initial_state == {"answer": 42}
    assert config.tags == ["a"]
    # A single hook is normalized to a list, so a hook can always append.
    assert config.before_send == [print]
    assert config.after_exception == []


def test_hook_appending_a_route_handler() -> None:
    def add_extra(app_config: AppConfig) -> AppConfig:
        app_config.route_handlers.append(extra)
        return app_config

    with create_test_client([ping], on_app_init=[add_extra]) as client:
        assert client.get("/extra").text == "added by a hook"
        assert client.get("/ping").text == "pong"


def test_hook_adding_middleware() -> None:
    def add_stamp(app_config: AppConfig) -> AppConfig:
        app_config.middleware.append(DefineMiddleware(StampMiddleware, stamp="from-hook"))
        return app_config

    with create_test_client([ping], on_app_init=[add_stamp]) as client:
        assert client.get("/ping").headers["x-stamp"] == "from-hook"


def test_hook_changing_debug() -> None:
    @get("/boom")
    def boom() -> None:
        raise RuntimeError("kaboom")

    def enable_debug(app_config: AppConfig) -> AppConfig:
        app_config.debug = True
        return app_config

    with create_test_client([boom], on_app_init=[enable_debug], raise_server_exceptions=False) as client:
        assert client.app.debug is True
        response = client.get("/boom")
    assert response.status_code == 500
    assert "kaboom" in response.text  # the debug traceback


def test_hooks_run_in_order_each_seeing_the_previous_result() -> None:
    calls: list[str] = []

    def first(app_config: AppConfig) -> AppConfig:
        calls.append("first")
        app_config.route_handlers.append(extra)
        return app_config

    def second(app_config: AppConfig) -> AppConfig:
        calls.append(f"second saw {len(app_config.route_handlers)} handlers")
        app_config.middleware.append(StampMiddleware)
        return app_config

    with create_test_client([ping], on_app_init=[first, second]) as client:
        response = client.get("/extra")
    assert calls == ["first", "second saw 2 handlers"]
    assert response.headers["x-stamp"] == "stamped"


def test_hook_returning_the_same_object_mutated() -> None:
    received: list[AppConfig] = []

    def add_state(app_config: AppConfig) -> AppConfig:
        received.append(app_config)
        app_config.initial_state = {"added": True}
        return app_config

    app = Starlite([ping], on_app_init=[add_state])
    assert app.state.added is True
    assert len(received) == 1


def test_hook_returning_a_new_config() -> None:
    def replace(app_config: AppConfig) -> AppConfig:
        return dataclasses.replace(app_config, route_handlers=[extra])

    with create_test_client([ping], on_app_init=[replace]) as client:
        assert client.get("/extra").status_code == 200
        assert client.get("/ping").status_code == 404


def test_hook_appending_does_not_change_the_callers_lists() -> None:
    handlers = [ping]
    middleware: list[Any] = []

    def add(app_config: AppConfig) -> AppConfig:
        app_config.route_handlers.append(extra)
        app_config.middleware.append(StampMiddleware)
        return app_config

    Starlite(handlers, middleware=middleware, on_app_init=[add])
    assert handlers == [ping]
    assert middleware == []


def test_hook_that_returns_nothing_is_refused() -> None:
    def forgets_to_return(app_config: AppConfig) -> None:
        app_config.debug = True

    with pytest.raises(ImproperlyConfiguredException, match="must return the AppConfig"):
        Starlite([ping], on_app_init=[forgets_to_return])  # type: ignore[list-item]


def test_option_a_hook_sets_is_checked_like_an_argument() -> None:
    def enable_templates(app_config: AppConfig) -> AppConfig:
        app_config.template_config = "jinja"
        return app_config

    with pytest.raises(ImproperlyConfiguredException, match="template_config"):
        Starlite([ping], on_app_init=[enable_templates])


def test_hook_may_set_hooks_that_the_app_then_runs() -> None:
    def add_header(message: Any, state: Any) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message["headers"], (b"x-plugin", b"yes")]

    def install(app_config: AppConfig) -> AppConfig:
        app_config.before_send = add_header  # a single hook, as the argument also accepts
        return app_config

    with create_test_client([ping], on_app_init=[install]) as client:
        assert client.get("/ping").headers["x-plugin"] == "yes"


def test_a_single_on_app_init_hook_and_copied_mutable_fields() -> None:
    from starlite import ResponseHeader, get
    from starlite.testing import TestClient

    @get("/")
    def handler() -> str:
        return "ok"

    headers = {"x-a": ResponseHeader(value="1")}

    def plugin(config: AppConfig) -> AppConfig:
        config.response_headers["x-plugin"] = ResponseHeader(value="2")  # type: ignore[index]
        config.type_encoders[complex] = str
        return config

    app = Starlite([handler], on_app_init=plugin, response_headers=headers)
    with TestClient(app) as client:
        response = client.get("/")
    assert (response.headers["x-a"], response.headers["x-plugin"]) == ("1", "2")
    assert list(headers) == ["x-a"]  # the caller's mapping is untouched


def test_the_options_of_later_releases_are_disabled_when_left_out_or_none() -> None:
    for app in (
        Starlite([], openapi_config=None),
        Starlite([], cache_config=None, logging_config=None, openapi_config=None),
    ):
        assert app.logging_config is None
        assert app.openapi_config is None
        assert app.openapi_schema is None
        assert app.cors_config is None and app.csrf_config is None and app.compression_config is None
        assert app.allowed_hosts == [] and app.static_files_config == [] and app.plugins == []
        assert app.logger is None and app.template_engine is None


def test_an_openapi_config_of_the_wrong_type_is_refused() -> None:
    with pytest.raises(ImproperlyConfiguredException, match="openapi_config"):
        Starlite([], openapi_config=object())


def test_the_defaults_are_the_ones_1_5x_documents() -> None:
    parameters = inspect.signature(Starlite).parameters
    assert parameters["logging_config"].default is Empty
    assert parameters["openapi_config"].default is DEFAULT_OPENAPI_CONFIG
    assert (DEFAULT_OPENAPI_CONFIG.title, DEFAULT_OPENAPI_CONFIG.version) == ("Starlite API", "1.0.0")
    assert isinstance(parameters["cache_config"].default, CacheConfig)
    assert parameters["multipart_form_part_limit"].default == 1000
    assert all(p.kind is p.KEYWORD_ONLY for name, p in parameters.items() if name != "route_handlers")


def test_the_connection_classes_default_to_request_and_websocket() -> None:
    app = Starlite([])
    assert app.request_class is Request
    assert app.websocket_class is WebSocket


def test_registering_into_the_openapi_schema_of_an_app_without_one_is_refused() -> None:
    app = Starlite([], openapi_config=None)
    with pytest.raises(ImproperlyConfiguredException, match="OpenAPIConfig"):
        app.register(ping, add_to_openapi_schema=True)
    assert app.get_handler_index_by_name(str(ping)) is None
