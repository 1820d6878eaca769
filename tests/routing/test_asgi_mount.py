"""``asgi`` handlers: exact-match ASGI routes and mounted ASGI applications."""

from __future__ import annotations

import json
from typing import Any

import pytest

from starlite import Router, Starlite, get
from starlite.exceptions import ImproperlyConfiguredException
from starlite.handlers import asgi
from starlite.testing import create_test_client
from starlite.types import Receive, Scope, Send


async def _send_json(send: Send, payload: Any, status: int = 200) -> None:
    await send(
        {"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json")]}
    )
    await send({"type": "http.response.body", "body": json.dumps(payload).encode()})


async def echo_scope_app(scope: Scope, receive: Receive, send: Send) -> None:
    """A plain ASGI app (not a Starlite handler) that reports what it saw."""
    await _send_json(
        send, {"path": scope["path"], "root_path": scope.get("root_path", ""), "method": scope["method"]}
    )


def test_asgi_handler_matches_exactly() -> None:
    @asgi("/plain")
    async def plain(scope: Scope, receive: Receive, send: Send) -> None:
        await _send_json(send, {"path": scope["path"]})

    with create_test_client([plain]) as client:
        assert client.get("/plain").json() == {"path": "/plain"}
        assert client.post("/plain").status_code == 200
        assert client.get("/plain/sub").status_code == 404


def test_asgi_handler_with_path_parameter() -> None:
    @asgi("/plain/{x:int}")
    async def plain(scope: Scope, receive: Receive, send: Send) -> None:
        await _send_json(send, {"path_params": scope["path_params"]})

    with create_test_client([plain]) as client:
        assert client.get("/plain/3").json() == {"path_params": {"x": 3}}
        assert client.get("/plain/abc").status_code == 404


@pytest.mark.parametrize(
    ("request_path", "expected_path"),
    [
        ("/mnt", "/"),
        ("/mnt/", "/"),
        ("/mnt/a", "/a"),
        ("/mnt/a/", "/a/"),
        ("/mnt/a/b/c", "/a/b/c"),
        ("/mnt//a//b", "/a/b"),
    ],
)
def test_mount_sees_the_rest_of_the_path(request_path: str, expected_path: str) -> None:
    @asgi("/mnt", is_mount=True)
    async def mount(scope: Scope, receive: Receive, send: Send) -> None:
        await echo_scope_app(scope, receive, send)

    with create_test_client([mount]) as client:
        body = client.get(request_path).json()

    assert body["path"] == expected_path
    assert body["root_path"] == "/mnt"


def test_mount_does_not_match_a_longer_sibling_segment() -> None:
    @asgi("/mnt", is_mount=True)
    async def mount(scope: Scope, receive: Receive, send: Send) -> None:
        await echo_scope_app(scope, receive, send)

    with create_test_client([mount]) as client:
        assert client.get("/mntx").status_code == 404
        assert client.get("/other").status_code == 404


def test_mount_root_path_is_appended_to_the_client_root_path() -> None:
    @asgi("/mnt", is_mount=True)
    async def mount(scope: Scope, receive: Receive, send: Send) -> None:
        await echo_scope_app(scope, receive, send)

    with create_test_client([mount], root_path="/prefix") as client:
        body = client.get("/mnt/x").json()

    assert body["root_path"] == "/prefix/mnt"
    assert body["path"] == "/x"


def test_mount_inside_router() -> None:
    @asgi("/static", is_mount=True)
    async def mount(scope: Scope, receive: Receive, send: Send) -> None:
        await echo_scope_app(scope, receive, send)

    with create_test_client([Router("/api", route_handlers=[mount])]) as client:
        body = client.get("/api/static/css/site.css").json()

    assert body == {"path": "/css/site.css", "root_path": "/api/static", "method": "GET"}


def test_mount_answers_every_method() -> None:
    @asgi("/mnt", is_mount=True)
    async def mount(scope: Scope, receive: Receive, send: Send) -> None:
        await echo_scope_app(scope, receive, send)

    with create_test_client([mount]) as client:
        for method in ("GET", "POST", "DELETE", "PATCH"):
            assert client.request(method, "/mnt/x").json()["method"] == method


def test_routes_under_mount_point_win_over_the_mount() -> None:
    @asgi("/mnt", is_mount=True)
    async def mount(scope: Scope, receive: Receive, send: Send) -> None:
        await _send_json(send, {"from": "mount", "path": scope["path"]})

    @get("/mnt/special")
    def special() -> dict[str, str]:
        return {"from": "handler"}

    with create_test_client([mount, special]) as client:
        assert client.get("/mnt/special").json() == {"from": "handler"}
        assert client.get("/mnt/other").json() == {"from": "mount", "path": "/other"}
        # The mount also gets what the handler's path does not match.
        assert client.get("/mnt/special/deeper").json() == {"from": "mount", "path": "/special/deeper"}


def test_deepest_mount_wins() -> None:
    @asgi("/a", is_mount=True)
    async def outer(scope: Scope, receive: Receive, send: Send) -> None:
        await _send_json(send, {"mount": "outer", "path": scope["path"]})

    @asgi("/a/b", is_mount=True)
    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        await _send_json(send, {"mount": "inner", "path": scope["path"]})

    with create_test_client([outer, inner]) as client:
        assert client.get("/a/x").json() == {"mount": "outer", "path": "/x"}
        assert client.get("/a/b/x").json() == {"mount": "inner", "path": "/x"}


def test_mount_a_second_starlite_app() -> None:
    @get("/hello/{who:str}")
    def hello(who: str) -> dict[str, str]:
        return {"hello": who}

    sub_app = Starlite([hello])

    @asgi("/sub", is_mount=True)
    async def mount(scope: Scope, receive: Receive, send: Send) -> None:
        await sub_app(scope, receive, send)

    @get("/hello/{who:str}")
    def main_hello(who: str) -> dict[str, str]:
        return {"main": who}

    with create_test_client([mount, main_hello]) as client:
        assert client.get("/sub/hello/alice").json() == {"hello": "alice"}
        assert client.get("/hello/bob").json() == {"main": "bob"}
        missing = client.get("/sub/missing")
        assert missing.status_code == 404
        assert missing.json() == {"status_code": 404, "detail": "Not Found"}
        assert client.post("/sub/hello/x").status_code == 405


def test_mount_a_callable_class_instance() -> None:
    class App:
        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            await _send_json(send, {"path": scope["path"]})

    mount = asgi("/obj", is_mount=True)(App())

    with create_test_client([mount]) as client:
        assert client.get("/obj/x").json() == {"path": "/x"}


def test_is_static_implies_is_mount() -> None:
    @asgi("/files", is_static=True)
    async def static(scope: Scope, receive: Receive, send: Send) -> None:
        await echo_scope_app(scope, receive, send)

    assert static.is_mount
    with create_test_client([static]) as client:
        assert client.get("/files/a.txt").json()["path"] == "/a.txt"


def test_asgi_function_must_take_scope_receive_send() -> None:
    with pytest.raises(ImproperlyConfiguredException):

        @asgi("/x")
        async def bad(scope: Scope) -> None: ...


def test_asgi_function_must_be_async() -> None:
    with pytest.raises(ImproperlyConfiguredException):

        @asgi("/x")
        def bad(scope: Scope, receive: Receive, send: Send) -> None: ...


def test_asgi_function_must_return_none() -> None:
    with pytest.raises(ImproperlyConfiguredException, match="must return None"):

        @asgi("/x")
        async def bad(scope: Scope, receive: Receive, send: Send) -> dict:  # type: ignore[type-arg]
            return {}


def test_asgi_handler_exception_becomes_json_error() -> None:
    from starlite.exceptions import NotAuthorizedException

    @asgi("/guarded")
    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        raise NotAuthorizedException("nope")

    with create_test_client([guarded]) as client:
        response = client.get("/guarded")

    assert response.status_code == 401
    assert response.json()["detail"] == "nope"


def test_top_level_asgi_is_the_handler_decorator_after_app_import() -> None:
    import starlite
    import starlite.app  # noqa: F401 - the import is what rebinds the attribute
    from starlite.handlers import ASGIRouteHandler

    assert starlite.asgi is ASGIRouteHandler


@pytest.mark.parametrize("mount_first", [True, False], ids=["mount-first", "route-first"])
def test_a_path_parameter_directly_below_a_mount_is_refused(mount_first: bool) -> None:
    mount = asgi("/files", is_static=True)(echo_scope_app)
    below = asgi("/files/{name:str}")(echo_scope_app)
    handlers = [mount, below] if mount_first else [below, mount]
    with pytest.raises(ImproperlyConfiguredException, match="directly below a mount"):
        Starlite(handlers)


def test_a_root_mount_refuses_a_leading_path_parameter_and_keeps_other_routes() -> None:
    @get("/{item_id:int}")
    def by_id(item_id: int) -> None: ...

    @get("/items/{item_id:int}")
    def item(item_id: int) -> int:
        return item_id

    mount = asgi("/", is_mount=True)(echo_scope_app)
    with pytest.raises(ImproperlyConfiguredException):
        Starlite([mount, by_id])
    with create_test_client([mount, item]) as client:
        assert client.get("/items/4").json() == 4
        assert client.get("/other").json()["path"] == "/other"


def test_a_static_segment_then_a_parameter_below_a_mount_is_allowed() -> None:
    @get("/api/users/{user_id:int}")
    def user(user_id: int) -> int:
        return user_id

    with create_test_client([asgi("/api", is_mount=True)(echo_scope_app), user]) as client:
        assert client.get("/api/users/5").json() == 5
        assert client.get("/api/else").json()["path"] == "/else"
