"""``Controller`` subclasses: path, several handler methods, ``self``, and layered settings."""

from __future__ import annotations

from typing import Any

from starlite import Controller, Router, delete, get, patch, post, put
from starlite.testing import create_test_client


class ItemController(Controller):
    path = "/items"

    def __init__(self, owner: Any) -> None:
        super().__init__(owner)
        self.store: dict[int, str] = {1: "one"}

    @get()
    def list_items(self) -> dict[str, Any]:
        return {"controller": type(self).__name__, "items": sorted(self.store)}

    @get("/{item_id:int}")
    def read(self, item_id: int) -> dict[str, Any]:
        return {"item_id": item_id, "name": self.store.get(item_id)}

    @post()
    def create(self) -> str:
        return "created"

    @put("/{item_id:int}")
    def replace(self, item_id: int) -> str:
        return f"replaced {item_id}"

    @patch("/{item_id:int}")
    def update(self, item_id: int) -> str:
        return f"updated {item_id}"

    @delete("/{item_id:int}")
    def remove(self, item_id: int) -> None:
        return None


def test_controller_serves_all_its_handler_methods() -> None:
    with create_test_client([ItemController]) as client:
        assert client.get("/items").json() == {"controller": "ItemController", "items": [1]}
        assert client.get("/items/1").json() == {"item_id": 1, "name": "one"}
        created = client.post("/items")
        assert (created.status_code, created.text) == (201, "created")
        assert client.put("/items/2").text == "replaced 2"
        assert client.patch("/items/3").text == "updated 3"
        removed = client.delete("/items/4")
        assert (removed.status_code, removed.content) == (204, b"")


def test_controller_405_lists_its_methods() -> None:
    with create_test_client([ItemController]) as client:
        response = client.post("/items/1")

    assert response.status_code == 405
    assert {m.strip() for m in response.headers["allow"].split(",")} == {
        "GET",
        "PUT",
        "PATCH",
        "DELETE",
        "OPTIONS",
    }


def test_self_is_one_controller_instance_owned_by_the_router() -> None:
    seen: list[Any] = []

    class Counter(Controller):
        path = "/count"

        @get("/a")
        def a(self) -> None:
            seen.append(self)

        @get("/b")
        def b(self) -> None:
            seen.append(self)

    router = Router("/r", route_handlers=[Counter])
    with create_test_client([router]) as client:
        client.get("/r/count/a")
        client.get("/r/count/b")
        client.get("/r/count/a")

    assert len(seen) == 3
    assert all(isinstance(instance, Counter) for instance in seen)
    assert seen[0] is seen[1] is seen[2]
    assert seen[0].owner is router


def test_controller_state_persists_across_requests() -> None:
    class Tally(Controller):
        path = "/tally"

        def __init__(self, owner: Any) -> None:
            super().__init__(owner)
            self.count = 0

        @post()
        def bump(self) -> int:
            self.count += 1
            return self.count

    with create_test_client([Tally]) as client:
        assert [client.post("/tally").json() for _ in range(3)] == [1, 2, 3]


def test_controller_default_path_is_root() -> None:
    class Root(Controller):
        @get("/hello")
        def hello(self) -> str:
            return "hi"

    with create_test_client([Root]) as client:
        assert client.get("/hello").text == "hi"


def test_controller_path_is_normalized() -> None:
    class Sloppy(Controller):
        path = "sloppy/"

        @get()
        def index(self) -> str:
            return "ok"

    with create_test_client([Sloppy]) as client:
        assert client.get("/sloppy").text == "ok"


def test_same_controller_under_two_routers() -> None:
    class Shared(Controller):
        path = "/shared"

        @get("/{x:int}")
        def read(self, x: int) -> dict[str, Any]:
            return {"x": x, "owner": self.owner.path}

    with create_test_client(
        [Router("/one", route_handlers=[Shared]), Router("/two", route_handlers=[Shared])]
    ) as client:
        assert client.get("/one/shared/1").json() == {"x": 1, "owner": "/one"}
        assert client.get("/two/shared/2").json() == {"x": 2, "owner": "/two"}


def test_controller_handler_with_multiple_paths() -> None:
    class Multi(Controller):
        path = "/m"

        @get(["/a", "/b/{x:int}"])
        def read(self, x: int = 0) -> dict[str, int]:
            return {"x": x}

    with create_test_client([Multi]) as client:
        assert client.get("/m/a").json() == {"x": 0}
        assert client.get("/m/b/5").json() == {"x": 5}


def test_controller_subclass_inherits_handlers() -> None:
    class Base(Controller):
        path = "/base"

        @get("/hello")
        def hello(self) -> str:
            return f"hello from {type(self).__name__}"

    class Child(Base):
        path = "/child"

    with create_test_client([Base, Child]) as client:
        assert client.get("/base/hello").text == "hello from Base"
        assert client.get("/child/hello").text == "hello from Child"


def test_controller_response_headers_apply_to_all_its_handlers() -> None:
    class Headed(Controller):
        path = "/h"
        response_headers = {"x-controller": "yes"}

        @get("/a")
        def a(self) -> None: ...

        @get("/b")
        def b(self) -> None: ...

    @get("/outside")
    def outside() -> None: ...

    with create_test_client([Headed, outside]) as client:
        assert client.get("/h/a").headers["x-controller"] == "yes"
        assert client.get("/h/b").headers["x-controller"] == "yes"
        assert "x-controller" not in client.get("/outside").headers
