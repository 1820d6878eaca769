"""``Router``: path prefixes, nesting, re-registration, and ``register`` after construction."""

from __future__ import annotations

from typing import Any

import pytest

from starlite import Controller, Router, Starlite, get, post
from starlite.exceptions import ImproperlyConfiguredException
from starlite.testing import create_test_client


def test_router_prefixes_its_handlers() -> None:
    @get("/items")
    def items() -> list[int]:
        return [1, 2]

    router = Router(path="/api", route_handlers=[items])

    with create_test_client([router]) as client:
        assert client.get("/api/items").json() == [1, 2]
        assert client.get("/items").status_code == 404


def test_router_path_is_positional_and_route_handlers_keyword_only() -> None:
    @get("/")
    def handler() -> str:
        return "root"

    router = Router("/v1", route_handlers=[handler])
    assert router.path == "/v1"
    with pytest.raises(TypeError):
        Router("/v1", [handler])  # type: ignore[misc]
    with create_test_client([router]) as client:
        assert client.get("/v1").text == "root"


def test_routers_nested_four_levels_deep() -> None:
    @get("/leaf/{x:int}")
    def leaf(x: int) -> dict[str, int]:
        return {"x": x}

    @get("/")
    def middle_root() -> str:
        return "middle"

    level4 = Router("/d", route_handlers=[leaf])
    level3 = Router("/c", route_handlers=[level4, middle_root])
    level2 = Router("/b", route_handlers=[level3])
    level1 = Router("/a", route_handlers=[level2])

    with create_test_client([level1]) as client:
        assert client.get("/a/b/c/d/leaf/9").json() == {"x": 9}
        assert client.get("/a/b/c").text == "middle"
        assert client.get("/a/b/c/d/leaf/x").status_code == 404
        assert client.get("/b/c/d/leaf/9").status_code == 404


def test_controller_nested_in_routers() -> None:
    class ItemController(Controller):
        path = "/items"

        @get("/{item_id:int}")
        def read(self, item_id: int) -> dict[str, Any]:
            return {"item_id": item_id}

    inner = Router("/inner", route_handlers=[ItemController])
    outer = Router("/outer", route_handlers=[inner])

    with create_test_client([outer]) as client:
        assert client.get("/outer/inner/items/5").json() == {"item_id": 5}


def test_same_handler_under_two_routers_serves_both_paths() -> None:
    calls: list[str] = []

    @get("/ping")
    def ping() -> str:
        calls.append("ping")
        return "pong"

    first = Router("/first", route_handlers=[ping])
    second = Router("/second", route_handlers=[ping])

    with create_test_client([first, second, ping]) as client:
        assert client.get("/first/ping").text == "pong"
        assert client.get("/second/ping").text == "pong"
        assert client.get("/ping").text == "pong"

    assert calls == ["ping", "ping", "ping"]


def test_same_handler_under_two_routers_keeps_each_routers_settings() -> None:
    @get("/who")
    def who() -> str:
        return "x"

    first = Router("/first", route_handlers=[who], response_headers={"x-router": "first"})
    second = Router("/second", route_handlers=[who], response_headers={"x-router": "second"})

    with create_test_client([first, second]) as client:
        assert client.get("/first/who").headers["x-router"] == "first"
        assert client.get("/second/who").headers["x-router"] == "second"


def test_same_router_registered_twice_is_rejected() -> None:
    @get("/x")
    def handler() -> None: ...

    router = Router("/r", route_handlers=[handler])
    with pytest.raises(ImproperlyConfiguredException, match="already been registered"):
        Starlite([router, router])


def test_router_registered_on_two_parents_is_rejected() -> None:
    @get("/x")
    def handler() -> None: ...

    child = Router("/child", route_handlers=[handler])
    Router("/one", route_handlers=[child])
    with pytest.raises(ImproperlyConfiguredException, match="already been registered"):
        Router("/two", route_handlers=[child])


def test_router_cannot_register_itself() -> None:
    router = Router("/r", route_handlers=[])
    with pytest.raises(ImproperlyConfiguredException):
        router.register(router)


@pytest.mark.parametrize("value", [42, "not a handler", object()])
def test_unsupported_values_are_rejected(value: Any) -> None:
    with pytest.raises(ImproperlyConfiguredException):
        Router("/r", route_handlers=[value])


def test_undecorated_handler_instance_is_rejected() -> None:
    with pytest.raises(ImproperlyConfiguredException):
        Starlite([get("/x")])


def test_router_register_before_app_construction() -> None:
    @get("/late")
    def late() -> str:
        return "late"

    router = Router("/r", route_handlers=[])
    routes = router.register(late)

    assert [r.path for r in routes] == ["/r/late"]
    with create_test_client([router]) as client:
        assert client.get("/r/late").text == "late"


def test_router_route_handler_method_map() -> None:
    @get("/x")
    def read() -> None: ...

    @post("/x")
    def create() -> None: ...

    router = Router("/r", route_handlers=[read, create])
    method_map = router.route_handler_method_map

    assert set(method_map) == {"/r/x"}
    names = {method: handler.fn.value.__name__ for method, handler in method_map["/r/x"].items()}
    assert names["GET"] == "read"
    assert names["POST"] == "create"


def test_app_register_after_construction_makes_route_live() -> None:
    @get("/first")
    def first() -> str:
        return "first"

    @get("/later/{x:int}")
    def later(x: int) -> dict[str, int]:
        return {"later": x}

    with create_test_client([first]) as client:
        assert client.get("/later/1").status_code == 404
        client.app.register(later)
        assert client.get("/later/1").json() == {"later": 1}
        assert client.get("/first").text == "first"
        assert "/later/{x:int}" in client.app.route_handler_method_map


def test_app_register_router_after_construction() -> None:
    @get("/x")
    def handler() -> str:
        return "x"

    with create_test_client([]) as client:
        client.app.register(Router("/late", route_handlers=[handler]))
        assert client.get("/late/x").text == "x"


def test_app_register_conflicting_route_after_construction_is_rejected() -> None:
    @get("/x")
    def original() -> str:
        return "original"

    @get("/x")
    def intruder() -> str:
        return "intruder"

    with create_test_client([original]) as client:
        with pytest.raises(ImproperlyConfiguredException, match="original") as info:
            client.app.register(intruder)
        assert "intruder" in str(info.value)
        assert client.get("/x").text == "original"


def test_app_routes_lists_every_route() -> None:
    @get("/a")
    def a() -> None: ...

    @post("/a")
    def a_post() -> None: ...

    @get("/b/{x:int}")
    def b(x: int) -> None: ...

    app = Starlite([a, a_post, Router("/r", route_handlers=[b])], openapi_config=None)

    assert sorted(route.path for route in app.routes) == ["/a", "/r/b/{x:int}"]


def test_register_returns_the_whole_route_of_the_paths_it_touched() -> None:
    @get("/items")
    def list_items() -> list[str]:
        return []

    @post("/items")
    def create_item() -> None: ...

    @get("/other")
    def other() -> None: ...

    router = Router("/r", route_handlers=[list_items, other])
    (route,) = router.register(create_item)
    assert route.path == "/r/items"
    assert set(route.route_handler_map) == {"GET", "POST"}  # type: ignore[attr-defined]

    @get("/other")
    def top_level() -> None: ...

    @post("/other")
    def create_other() -> None: ...

    app = Starlite(route_handlers=[router, top_level])
    (app_route,) = app.register(create_other)
    assert app_route.path == "/other"
    assert set(app_route.route_handler_map) == {"GET", "POST"}  # type: ignore[attr-defined]


def test_a_router_refuses_conflicting_handlers_when_it_is_made() -> None:
    @get("/a")
    def first() -> None: ...

    @get("/a")
    def second() -> None: ...

    with pytest.raises(ImproperlyConfiguredException):
        Router("/x", route_handlers=[first, second])
