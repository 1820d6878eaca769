"""``before_request``, ``after_request`` and ``after_response``: layered, the closest layer winning."""

from typing import Any

import pytest

from starlite import Controller, MediaType, Provide, Request, Response, Router, get, post
from starlite.testing import AsyncTestClient, create_test_client


def test_before_request_returning_a_value_short_circuits_the_handler() -> None:
    calls: list[str] = []

    def maintenance(request: Request) -> Any:
        if request.query_params.get("maintenance"):
            return {"status": "down for maintenance"}
        return None

    def dependency() -> str:
        calls.append("dependency")
        return "d"

    @post("/", before_request=maintenance, dependencies={"d": Provide(dependency)})
    def handler(d: str, data: dict[str, int]) -> dict[str, Any]:
        calls.append("handler")
        return {"data": data}

    with create_test_client(handler) as client:
        response = client.post("/?maintenance=1", content=b"not json")
        # Neither the body (invalid here), the dependencies nor the handler were touched.
        assert response.status_code == 201
        assert response.json() == {"status": "down for maintenance"}
        assert calls == []
        assert client.post("/", json={"a": 1}).json() == {"data": {"a": 1}}
        assert calls == ["dependency", "handler"]


def test_before_request_may_return_a_response() -> None:
    async def deny(request: Request) -> Any:
        return Response({"detail": "nope"}, status_code=451)

    @get("/", before_request=deny)
    def handler() -> str:
        raise AssertionError("not called")

    with create_test_client(handler) as client:
        response = client.get("/")
    assert response.status_code == 451
    assert response.json() == {"detail": "nope"}


def test_after_request_receives_and_may_replace_the_response() -> None:
    def add_header(response: Response) -> Response:
        response.headers["x-after"] = "1"
        return response

    async def replace(response: Response) -> Response:
        return Response(f"replaced {response.status_code}", media_type="text/plain", status_code=202)

    @get("/add", after_request=add_header)
    def add() -> dict[str, int]:
        return {"a": 1}

    @get("/replace", after_request=replace)
    def replaced() -> str:
        return "original"

    with create_test_client([add, replaced]) as client:
        response = client.get("/add")
        assert response.headers["x-after"] == "1"
        assert response.json() == {"a": 1}
        response = client.get("/replace")
        assert (response.status_code, response.text) == (202, "replaced 200")


def test_after_response_runs_after_the_response_is_sent() -> None:
    events: list[str] = []

    async def record(request: Request) -> None:
        events.append(f"after_response {request.url.path}")

    @get("/", after_response=record)
    def handler() -> str:
        events.append("handler")
        return "ok"

    with create_test_client(handler) as client:
        assert client.get("/").text == "ok"
    assert events == ["handler", "after_response /"]


@pytest.mark.parametrize("hook", ["before_request", "after_request", "after_response"])
def test_hooks_resolve_to_the_closest_layer(hook: str) -> None:
    seen: list[str] = []

    def make(layer: str) -> Any:
        def before(request: Request) -> None:
            seen.append(layer)

        def after(response: Response) -> Response:
            seen.append(layer)
            return response

        def after_response(request: Request) -> None:
            seen.append(layer)

        return {"before_request": before, "after_request": after, "after_response": after_response}[hook]

    class Things(Controller):
        path = "/c"
        locals()[hook] = make("controller")

        @get("/controller")
        def on_controller(self) -> None:
            return None

        @get("/handler", **{hook: make("handler")})
        def on_handler(self) -> None:
            return None

    @get("/router")
    def on_router() -> None:
        return None

    @get("/app")
    def on_app() -> None:
        return None

    router = Router(path="/r", route_handlers=[Things, on_router], **{hook: make("router")})
    with create_test_client([router, on_app], **{hook: make("app")}) as client:
        for path in ("/r/c/handler", "/r/c/controller", "/r/router", "/app"):
            assert client.get(path).status_code == 200
    # Only the closest hook runs, not one per layer.
    assert seen == ["handler", "controller", "router", "app"]


@pytest.mark.anyio
async def test_hooks_through_the_async_client() -> None:
    async def before(request: Request) -> Any:
        return "cached" if request.headers.get("x-cached") else None

    @get("/", before_request=before)
    async def handler() -> str:
        return "fresh"

    from starlite import Starlite

    async with AsyncTestClient(app=Starlite([handler])) as client:
        assert (await client.get("/")).text == "fresh"
        assert (await client.get("/", headers={"x-cached": "1"})).text == "cached"


def test_after_request_may_replace_the_rendered_body() -> None:
    # 1.5x hooks write ``response.body``; the length sent follows the new body.
    def shout(response: Response[Any]) -> Response[Any]:
        response.body = response.body.upper() + b"!"
        return response

    @get("/", media_type=MediaType.TEXT, after_request=shout)
    def handler() -> str:
        return "hello"

    with create_test_client(handler) as client:
        response = client.get("/")
    assert (response.text, response.headers["content-length"]) == ("HELLO!", "6")
