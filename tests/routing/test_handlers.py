"""HTTP handler decorators: methods, status codes, media types, threads, validation, layered options."""

from __future__ import annotations

import threading
from typing import Any, AnyStr

import pytest
from pydantic import ValidationError

from starlite import (
    Controller,
    Cookie,
    HttpMethod,
    MediaType,
    Parameter,
    Redirect,
    Request,
    Response,
    ResponseHeader,
    Router,
    Starlite,
    delete,
    get,
    head,
    patch,
    post,
    put,
    route,
)
from starlite.exceptions import ImproperlyConfiguredException, ValidationException
from starlite.handlers import HTTPRouteHandler
from starlite.handlers.http import _get_default_status_code
from starlite.testing import create_test_client


@pytest.mark.parametrize(
    ("decorator", "method", "status_code"),
    [
        pytest.param(get, "GET", 200, id="get"),
        pytest.param(post, "POST", 201, id="post"),
        pytest.param(put, "PUT", 200, id="put"),
        pytest.param(patch, "PATCH", 200, id="patch"),
    ],
)
def test_verb_decorators_answer_their_method_with_default_status(
    decorator: type[HTTPRouteHandler], method: str, status_code: int
) -> None:
    @decorator("/thing")
    def handler() -> dict[str, str]:
        return {"method": method}

    with create_test_client([handler]) as client:
        response = client.request(method, "/thing")
        other = client.request("GET" if method != "GET" else "POST", "/thing")

    assert response.status_code == status_code
    assert response.json() == {"method": method}
    assert other.status_code == 405
    assert handler.http_methods == {method}


def test_delete_defaults_to_204_without_body() -> None:
    @delete("/thing/{x:int}")
    def handler(x: int) -> None:
        return None

    with create_test_client([handler]) as client:
        response = client.delete("/thing/1")

    assert response.status_code == 204
    assert response.content == b""


def test_head_handler_sends_no_body() -> None:
    @head("/thing")
    def handler() -> None:
        return None

    with create_test_client([handler]) as client:
        response = client.head("/thing")

    assert response.status_code == 200
    assert response.content == b""


def test_head_handler_with_a_body_is_rejected() -> None:
    with pytest.raises(ImproperlyConfiguredException, match="head request"):

        @head("/thing")
        def handler() -> str:
            return "body"


def test_route_with_several_methods() -> None:
    @route("/thing", http_method=["GET", HttpMethod.POST, "put"])
    def handler(request: Request) -> dict[str, str]:
        return {"method": request.method}

    with create_test_client([handler]) as client:
        assert client.get("/thing").json() == {"method": "GET"}
        assert client.put("/thing").json() == {"method": "PUT"}
        posted = client.post("/thing")
        assert posted.json() == {"method": "POST"}
        # POST among the methods makes 201 the default for every method of the handler.
        assert posted.status_code == 201
        response = client.delete("/thing")
        assert response.status_code == 405
        assert {m.strip() for m in response.headers["allow"].split(",")} == {"GET", "POST", "PUT", "OPTIONS"}

    assert handler.http_methods == {"GET", "POST", "PUT"}


def test_route_with_single_method_string() -> None:
    @route("/thing", http_method="patch")
    def handler() -> str:
        return "patched"

    with create_test_client([handler]) as client:
        assert client.patch("/thing").text == "patched"


def test_route_without_http_method_is_rejected() -> None:
    with pytest.raises(ImproperlyConfiguredException, match="http_method"):
        route("/thing")


def test_route_with_unknown_http_method_is_rejected() -> None:
    # 1.5x validated the decorator's arguments with pydantic, so its error is pydantic's.
    with pytest.raises(ValidationError, match="not a supported HTTP method"):
        route("/thing", http_method="FETCH")
    with pytest.raises(ValidationError):
        route("/thing", http_method=["GET", "poft"])


def test_response_class_must_be_a_response_subclass() -> None:
    class Special(Response):  # type: ignore[type-arg]
        pass

    assert route("/thing", http_method="GET", response_class=Special).response_class is Special
    with pytest.raises(ValidationError, match="response_class"):
        route("/thing", http_method="GET", response_class={})  # type: ignore[arg-type]


def test_a_redirect_without_a_redirect_status_is_refused_as_1_5x_and_as_we_did() -> None:
    for expected in (ValidationException, ImproperlyConfiguredException):
        with pytest.raises(expected, match="status_code"):

            @get("/old")
            def old() -> Redirect:
                return Redirect(path="/new")


def test_the_default_status_code_by_method() -> None:
    assert _get_default_status_code({"POST", "GET"}) == 201
    assert _get_default_status_code({"DELETE"}) == 204
    assert _get_default_status_code({"GET", "PUT"}) == 200


@pytest.mark.parametrize("decorator", [get, post, put, patch, delete, head])
def test_semantic_decorators_reject_http_method(decorator: type[HTTPRouteHandler]) -> None:
    with pytest.raises(ImproperlyConfiguredException, match="cannot define http_method"):
        decorator("/thing", http_method="GET")


def test_status_code_override() -> None:
    @post("/thing", status_code=202)
    def accepted() -> dict[str, bool]:
        return {"queued": True}

    @get("/teapot", status_code=418)
    def teapot() -> str:
        return "short and stout"

    with create_test_client([accepted, teapot]) as client:
        response = client.post("/thing")
        assert (response.status_code, response.json()) == (202, {"queued": True})
        assert client.get("/teapot").status_code == 418


@pytest.mark.parametrize("status_code", [204, 304, 100])
def test_bodiless_status_with_return_value_is_rejected(status_code: int) -> None:
    with pytest.raises(ImproperlyConfiguredException):

        @get("/thing", status_code=status_code)
        def handler() -> dict[str, int]:
            return {}


def test_missing_return_annotation_is_rejected_at_decoration() -> None:
    with pytest.raises(ImproperlyConfiguredException, match="type annotated"):

        @get("/thing")
        def handler():  # type: ignore[no-untyped-def]
            return "x"


def test_socket_parameter_is_rejected() -> None:
    with pytest.raises(ImproperlyConfiguredException, match="socket"):

        @get("/thing")
        def handler(socket: Any) -> None: ...


def test_data_parameter_on_get_is_rejected() -> None:
    with pytest.raises(ImproperlyConfiguredException, match="data"):

        @get("/thing")
        def handler(data: dict[str, Any]) -> None: ...


@pytest.mark.parametrize(
    ("value", "annotation", "content_type", "body"),
    [
        pytest.param("hello", str, "text/plain; charset=utf-8", b"hello", id="str"),
        pytest.param({"a": 1}, dict[str, int], "application/json", b'{"a":1}', id="dict"),
        pytest.param([1, 2], list[int], "application/json", b"[1,2]", id="list"),
        pytest.param(None, None, "application/json", b"null", id="none"),
    ],
)
def test_media_type_is_inferred_from_return_annotation(
    value: Any, annotation: Any, content_type: str, body: bytes
) -> None:
    def handler_fn() -> Any:
        return value

    handler_fn.__annotations__["return"] = annotation
    handler = get("/thing")(handler_fn)

    with create_test_client([handler]) as client:
        response = client.get("/thing")

    assert response.headers["content-type"] == content_type
    assert response.content == body


def test_media_type_inference_values() -> None:
    @get("/text")
    def text() -> str:
        return "x"

    @get("/raw")
    def raw() -> bytes:
        return b"x"

    @get("/json")
    def json() -> dict[str, str]:
        return {}

    @get("/either")
    def either() -> AnyStr:  # type: ignore[type-var]
        return "x"  # type: ignore[return-value]

    assert either.media_type == MediaType.TEXT
    assert text.media_type == MediaType.TEXT
    assert raw.media_type == MediaType.TEXT
    assert json.media_type == MediaType.JSON


def test_explicit_media_type() -> None:
    @get("/page", media_type=MediaType.HTML)
    def page() -> str:
        return "<h1>hi</h1>"

    with create_test_client([page]) as client:
        response = client.get("/page")

    assert response.headers["content-type"].startswith("text/html")
    assert response.text == "<h1>hi</h1>"


def test_sync_handler_runs_in_worker_thread_by_default() -> None:
    @get("/sync")
    def sync_handler() -> int:
        return threading.get_ident()

    @get("/async")
    async def async_handler() -> int:
        return threading.get_ident()

    with create_test_client([sync_handler, async_handler]) as client:
        loop_thread = client.get("/async").json()
        worker_thread = client.get("/sync").json()

    assert worker_thread != loop_thread


def test_sync_handler_runs_on_event_loop_with_sync_to_thread_false() -> None:
    @get("/sync", sync_to_thread=False)
    def sync_handler() -> int:
        return threading.get_ident()

    @get("/async")
    async def async_handler() -> int:
        return threading.get_ident()

    with create_test_client([sync_handler, async_handler]) as client:
        assert client.get("/sync").json() == client.get("/async").json()


def test_opt_and_kwargs_are_merged() -> None:
    @get("/thing", opt={"a": 1, "shared": "opt"}, b=2, shared="kwarg")
    def handler() -> None: ...

    assert handler.opt == {"a": 1, "b": 2, "shared": "kwarg"}


def test_opt_is_layered_with_closest_winning() -> None:
    seen: dict[str, Any] = {}

    class Layered(Controller):
        path = "/c"
        opt = {"layer": "controller", "controller": True}

        @get("/thing", opt={"layer": "handler"}, extra=1)
        def handler(self, request: Request) -> None:
            seen.update(request.scope["route_handler"].opt)

    router = Router("/r", route_handlers=[Layered], opt={"layer": "router", "router": True})
    with create_test_client([router], opt={"layer": "app", "app": True}) as client:
        assert client.get("/r/c/thing").status_code == 200

    assert seen == {"layer": "handler", "app": True, "router": True, "controller": True, "extra": 1}


def test_multiple_paths_on_one_handler() -> None:
    @get(["/a", "/b", "/c/{x:int}"])
    def handler(x: int = -1) -> dict[str, int]:
        return {"x": x}

    assert handler.paths == {"/a", "/b", "/c/{x:int}"}
    with create_test_client([handler]) as client:
        assert client.get("/a").json() == {"x": -1}
        assert client.get("/b").json() == {"x": -1}
        assert client.get("/c/3").json() == {"x": 3}


def test_multiple_paths_with_different_parameter_names() -> None:
    @get(["/by-id/{item_id:int}", "/by-name/{name:str}"])
    def handler(item_id: int | None = None, name: str | None = None) -> dict[str, Any]:
        return {"item_id": item_id, "name": name}

    with create_test_client([handler]) as client:
        assert client.get("/by-id/1").json() == {"item_id": 1, "name": None}
        assert client.get("/by-name/bob").json() == {"item_id": None, "name": "bob"}


def test_default_path_is_root() -> None:
    @get()
    def handler() -> str:
        return "root"

    assert handler.paths == {"/"}
    with create_test_client([handler]) as client:
        assert client.get("/").text == "root"


def test_handler_keeps_its_function_in_a_ref_as_in_1_5() -> None:
    @get("/thing")
    def handler() -> str:
        return "direct"

    assert handler.fn is not None
    assert handler.fn.value() == "direct"


class TestLayeredResponseHeadersAndCookies:
    @staticmethod
    def _app_parts() -> tuple[Router, list[Any]]:
        class Headed(Controller):
            path = "/c"
            response_headers = {"x-layer": ResponseHeader(value="controller"), "x-controller": "c"}
            response_cookies = [Cookie(key="layer", value="controller"), Cookie(key="controller", value="c")]

            @get(
                "/handler",
                response_headers={"x-layer": ResponseHeader(value="handler")},
                response_cookies=[Cookie(key="layer", value="handler")],
            )
            def on_handler(self) -> str:
                return "x"

            @get("/controller")
            def on_controller(self) -> str:
                return "x"

        @get("/router")
        def on_router() -> str:
            return "x"

        router = Router(
            "/r",
            route_handlers=[Headed, on_router],
            response_headers={"x-layer": ResponseHeader(value="router"), "x-router": "r"},
            response_cookies=[Cookie(key="layer", value="router"), Cookie(key="router", value="r")],
        )

        @get("/app")
        def on_app() -> str:
            return "x"

        return router, [router, on_app]

    def _client(self) -> Any:
        _, handlers = self._app_parts()
        return create_test_client(
            handlers,
            response_headers={"x-layer": ResponseHeader(value="app"), "x-app": "a"},
            response_cookies=[Cookie(key="layer", value="app"), Cookie(key="app", value="a")],
        )

    @pytest.mark.parametrize(
        ("path", "expected_layer"),
        [
            ("/r/c/handler", "handler"),
            ("/r/c/controller", "controller"),
            ("/r/router", "router"),
            ("/app", "app"),
        ],
    )
    def test_closest_layer_wins(self, path: str, expected_layer: str) -> None:
        with self._client() as client:
            response = client.get(path)

        assert response.headers["x-layer"] == expected_layer
        assert response.cookies["layer"] == expected_layer
        assert len(response.headers.get_list("x-layer")) == 1
        assert [h for h in response.headers.get_list("set-cookie") if h.startswith("layer=")] == [
            f"layer={expected_layer}; Path=/; SameSite=lax"
        ]

    def test_outer_layers_still_contribute(self) -> None:
        with self._client() as client:
            response = client.get("/r/c/handler")

        assert response.headers["x-app"] == "a"
        assert response.headers["x-router"] == "r"
        assert response.headers["x-controller"] == "c"
        assert response.cookies["app"] == "a"
        assert response.cookies["router"] == "r"
        assert response.cookies["controller"] == "c"


def test_handler_names_and_route_reverse() -> None:
    @get("/named/{x:int}", name="nm")
    def named(x: int) -> None: ...

    app = Starlite([named])

    assert app.route_reverse("nm", x=3) == "/named/3"
    index = app.get_handler_index_by_name("nm")
    assert index is not None
    assert index["paths"] == ["/named/{x:int}"]
    assert index["identifier"] == "nm"
    assert index["handler"].fn.value is named.fn.value
    assert app.get_handler_index_by_name("missing") is None


def test_duplicate_names_on_different_functions_are_rejected() -> None:
    @get("/one", name="dup")
    def one() -> None: ...

    @get("/two", name="dup")
    def two() -> None: ...

    with pytest.raises(ImproperlyConfiguredException, match="dup") as info:
        Starlite([one, two])

    assert "one" in str(info.value) and "two" in str(info.value)


def test_same_named_handler_under_two_routers_is_allowed() -> None:
    @get("/x", name="shared")
    def handler() -> None: ...

    app = Starlite([Router("/a", route_handlers=[handler]), Router("/b", route_handlers=[handler])])

    index = app.get_handler_index_by_name("shared")
    assert index is not None
    assert index["paths"] == ["/a/x", "/b/x"]


def test_head_request_to_a_handler_returning_a_response_sends_no_body() -> None:
    import anyio

    from starlite import Response, Starlite, route
    from tests.asgi_calls import call_asgi, http_scope

    @route("/r", http_method=["GET", "HEAD"])
    def both() -> Response[dict[str, int]]:
        return Response({"a": 1})

    sent = anyio.run(call_asgi, Starlite([both]), http_scope("HEAD", "/r"))
    assert sent[0]["status"] == 200
    assert (b"content-length", b"7") in sent[0]["headers"]  # type: ignore[operator]
    assert sent[1]["body"] == b""


@pytest.mark.anyio
async def test_to_response_turns_a_return_value_into_the_response_sent(anyio_backend: str) -> None:
    @get("/", status_code=202, response_headers={"x-kind": "report"})
    def report() -> dict[str, int]:
        return {"rows": 3}

    response = await report.to_response(
        app=None,
        data={"rows": 3},
        plugins=[],
        request=Request({"type": "http", "method": "GET", "headers": []}),
    )
    assert isinstance(response, Response)
    assert (response.status_code, response.headers["x-kind"]) == (202, "report")


def test_layered_names_a_handler_sees() -> None:
    @get("/", dependencies={"db": lambda: 1})
    def handler() -> None:
        return None

    router = Router("/r", route_handlers=[handler], dependencies={"cache": lambda: 2})
    app = Starlite(route_handlers=[router], parameters={"page": Parameter(int, default=1)})
    registered = app.route_handler_method_map["/r"]["GET"]
    assert registered.dependency_name_set == {"db", "cache"}
    assert set(registered.resolve_layered_parameters()) == {"page"}
