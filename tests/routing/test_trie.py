"""Route matching: static versus parameterized precedence, backtracking, trailing slashes, 404/405."""

from __future__ import annotations

from typing import Any

import pytest

from starlite import delete, get, post, put, route, websocket
from starlite.testing import create_test_client

NOT_FOUND = {"status_code": 404, "detail": "Not Found"}
NOT_ALLOWED = {"status_code": 405, "detail": "Method Not Allowed"}


def test_static_segment_wins_over_parameter_in_either_registration_order() -> None:
    @get("/items/{item_id:int}")
    def by_id(item_id: int) -> dict[str, Any]:
        return {"by_id": item_id}

    @get("/items/new")
    def new_item() -> dict[str, Any]:
        return {"new": True}

    for handlers in ([by_id, new_item], [new_item, by_id]):
        with create_test_client(handlers) as client:
            assert client.get("/items/new").json() == {"new": True}
            assert client.get("/items/3").json() == {"by_id": 3}


def test_static_segment_mid_path_wins_over_parameter() -> None:
    @get("/users/{name:str}/profile")
    def profile(name: str) -> dict[str, str]:
        return {"profile": name}

    @get("/users/me/profile")
    def my_profile() -> dict[str, str]:
        return {"profile": "me!"}

    with create_test_client([profile, my_profile]) as client:
        assert client.get("/users/me/profile").json() == {"profile": "me!"}
        assert client.get("/users/bob/profile").json() == {"profile": "bob"}


def test_backtracks_from_dead_end_static_branch_to_parameter() -> None:
    @get("/a/{x:str}/b")
    def param_then_b(x: str) -> dict[str, str]:
        return {"x": x}

    @get("/a/new/c")
    def new_then_c() -> str:
        return "new-c"

    with create_test_client([param_then_b, new_then_c]) as client:
        # "new" first follows the static branch, which has no "b" below it.
        assert client.get("/a/new/b").json() == {"x": "new"}
        assert client.get("/a/new/c").text == "new-c"
        assert client.get("/a/other/b").json() == {"x": "other"}
        assert client.get("/a/other/c").status_code == 404


def test_backtracks_to_path_tail() -> None:
    @get("/docs/{page:str}")
    def page(page: str) -> dict[str, str]:
        return {"page": page}

    @get("/docs/{rest:path}", name="tail")
    def tail(rest: str) -> dict[str, str]:
        return {"rest": rest}

    with create_test_client([page, tail]) as client:
        assert client.get("/docs/intro").json() == {"page": "intro"}
        assert client.get("/docs/guide/routing").json() == {"rest": "/guide/routing"}


def test_root_path_and_parameter_at_root() -> None:
    @get("/")
    def index() -> str:
        return "index"

    @get("/{slug:str}")
    def slug(slug: str) -> str:
        return f"slug={slug}"

    with create_test_client([index, slug]) as client:
        assert client.get("/").text == "index"
        assert client.get("/about").text == "slug=about"
        assert client.get("/about/more").status_code == 404


@pytest.mark.parametrize("path", ["/items", "/items/", "/items//"])
def test_trailing_slashes_are_ignored(path: str) -> None:
    @get("/items/")
    def handler() -> str:
        return "items"

    with create_test_client([handler]) as client:
        response = client.get(path)

    assert response.status_code == 200
    assert response.text == "items"


def test_trailing_slash_on_parameterized_path() -> None:
    @get("/items/{item_id:int}")
    def handler(item_id: int) -> int:
        return item_id

    with create_test_client([handler]) as client:
        assert client.get("/items/4/").json() == 4


def test_repeated_slashes_inside_request_path() -> None:
    @get("/a/b/{x:int}")
    def handler(x: int) -> int:
        return x

    with create_test_client([handler]) as client:
        response = client.get("/a//b///7")

    assert response.status_code == 200
    assert response.json() == 7


def test_handler_paths_are_normalized() -> None:
    @get("items//list/")
    def handler() -> str:
        return "ok"

    with create_test_client([handler]) as client:
        assert client.get("/items/list").text == "ok"
        assert "/items/list" in client.app.route_handler_method_map


def test_longer_and_shorter_paths_do_not_shadow_each_other() -> None:
    @get("/a")
    def a() -> str:
        return "a"

    @get("/a/b/c")
    def abc() -> str:
        return "abc"

    with create_test_client([a, abc]) as client:
        assert client.get("/a").text == "a"
        assert client.get("/a/b/c").text == "abc"
        assert client.get("/a/b").json() == NOT_FOUND
        assert client.get("/a/b/c/d").json() == NOT_FOUND


def test_unknown_path_is_json_404() -> None:
    @get("/exists")
    def handler() -> None: ...

    with create_test_client([handler]) as client:
        response = client.get("/does-not-exist")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert response.headers["content-type"].startswith("application/json")


def test_wrong_method_is_405_with_allow_header() -> None:
    @get("/thing")
    def read() -> None: ...

    @put("/thing")
    def replace() -> None: ...

    with create_test_client([read, replace]) as client:
        response = client.post("/thing")

    assert response.status_code == 405
    assert response.json() == NOT_ALLOWED
    assert response.headers["allow"] == "GET, OPTIONS, PUT"


def test_options_is_answered_automatically() -> None:
    @get("/thing/{x:int}")
    def read(x: int) -> None: ...

    @delete("/thing/{x:int}")
    def remove(x: int) -> None: ...

    with create_test_client([read, remove]) as client:
        response = client.options("/thing/1")

    assert response.status_code == 204
    assert response.content == b""
    assert {m.strip() for m in response.headers["allow"].split(",")} == {"GET", "DELETE", "OPTIONS"}


def test_explicit_options_handler_takes_precedence() -> None:
    @route("/thing", http_method=["OPTIONS"])
    def options_handler() -> str:
        return "custom"

    @get("/thing")
    def read() -> None: ...

    with create_test_client([options_handler, read]) as client:
        response = client.options("/thing")

    assert response.status_code == 200
    assert response.text == "custom"


def test_head_is_not_answered_by_get_handler() -> None:
    @get("/thing")
    def read() -> str:
        return "x"

    with create_test_client([read]) as client:
        response = client.head("/thing")

    assert response.status_code == 405
    assert "GET" in response.headers["allow"]


def test_http_request_to_websocket_only_path_is_not_served() -> None:
    from starlite import WebSocket

    @websocket("/ws")
    async def handler(socket: WebSocket) -> None:
        await socket.accept()
        await socket.close()

    with create_test_client([handler]) as client:
        response = client.get("/ws")

    assert response.status_code in (404, 405)
    assert response.json()["status_code"] == response.status_code


def test_method_specific_parameter_names_on_one_path() -> None:
    @get("/res/{read_id:int}")
    def read(read_id: int) -> dict[str, int]:
        return {"read_id": read_id}

    @post("/res/{write_id:int}")
    def write(write_id: int) -> dict[str, int]:
        return {"write_id": write_id}

    with create_test_client([read, write]) as client:
        assert client.get("/res/1").json() == {"read_id": 1}
        assert client.post("/res/2").json() == {"write_id": 2}
