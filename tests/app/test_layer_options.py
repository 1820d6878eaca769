"""App-level options shared with the other layers: they reach the handlers through the app layer."""

from __future__ import annotations

from typing import Any

from starlite import Provide, Request, Response, Router, get
from starlite.params import Parameter
from starlite.testing import create_test_client


@get("/items")
def items(page_size: int, db: str) -> dict[str, Any]:
    return {"page_size": page_size, "db": db}


def test_app_dependencies_are_injected() -> None:
    with create_test_client(
        [items],
        dependencies={"db": Provide(lambda: "app-db")},
        parameters={"page_size": Parameter(int, default=10)},
    ) as client:
        assert client.get("/items").json() == {"page_size": 10, "db": "app-db"}
        assert client.get("/items?page_size=3").json() == {"page_size": 3, "db": "app-db"}


def test_router_dependency_overrides_the_app_one() -> None:
    router = Router("/api", route_handlers=[items], dependencies={"db": Provide(lambda: "router-db")})
    with create_test_client([router], dependencies={"db": Provide(lambda: "app-db")}) as client:
        assert client.get("/api/items?page_size=1").json() == {"page_size": 1, "db": "router-db"}


def test_app_request_hooks_run_for_every_handler() -> None:
    calls: list[str] = []

    @get("/ping")
    def ping() -> str:
        calls.append("handler")
        return "pong"

    def before(request: Request[Any, Any]) -> None:
        calls.append("before_request")

    def after(response: Response[Any]) -> Response[Any]:
        response.headers["x-after-request"] = "yes"
        return response

    async def after_response(request: Request[Any, Any]) -> None:
        calls.append("after_response")

    with create_test_client(
        [ping], before_request=before, after_request=after, after_response=after_response
    ) as client:
        response = client.get("/ping")
    assert response.headers["x-after-request"] == "yes"
    assert calls == ["before_request", "handler", "after_response"]


def test_app_layer_exposes_the_options() -> None:
    provide = Provide(lambda: 1)
    with create_test_client([], dependencies={"one": provide}, parameters={"p": Parameter(int)}) as client:
        assert client.app.dependencies == {"one": provide}
        assert set(client.app.parameters or {}) == {"p"}
