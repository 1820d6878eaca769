"""Response settings resolved through the owner layers: app -> router -> controller -> handler.

``response_headers`` and ``response_cookies`` merge by name, the closest layer winning per name;
``response_class``, ``cache_control`` and ``etag`` are taken from the closest layer that sets them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from starlite import Controller, Cookie, File, Redirect, Response, ResponseHeader, Router, Stream, get, post
from starlite.datastructures import CacheControlHeader, ETag
from starlite.testing import create_async_test_client, create_test_client

LAYERS = ("app", "router", "controller", "handler")

# The layers that own the handler served at each path, outermost first.
PATH_LAYERS = {
    "/app": ("app",),
    "/r/router": ("app", "router"),
    "/r/c/controller": ("app", "router", "controller"),
    "/r/c/handler": LAYERS,
}


def _response_class(layer: str) -> type[Response[Any]]:
    class LayerResponse(Response[Any]):
        def render(self, content: Any) -> bytes:
            return f"{layer} rendered {content}".encode()

    return LayerResponse


# For each option: the value a layer sets, and what the client sees of it (None: the default).
OPTION_VALUES: dict[str, Any] = {
    "response_headers": lambda layer: {"x-layer": ResponseHeader(value=layer)},
    "response_cookies": lambda layer: [Cookie(key="layer", value=layer)],
    "response_class": _response_class,
    "cache_control": lambda layer: CacheControlHeader(max_age=LAYERS.index(layer) + 1),
    "etag": lambda layer: ETag(value=f"{layer}-v1", weak=layer == "router"),
}


def _observed(option: str, response: Any) -> str | None:
    if option == "response_headers":
        values = response.headers.get_list("x-layer")
        assert len(values) <= 1, "a merged header must be sent once"
        return values[0] if values else None
    if option == "response_cookies":
        cookies = [h for h in response.headers.get_list("set-cookie") if h.startswith("layer=")]
        assert len(cookies) <= 1, "a merged cookie must be sent once"
        return response.cookies.get("layer")
    if option == "response_class":
        text = response.text
        return text.split(" rendered ")[0] if " rendered " in text else None
    if option == "cache_control":
        value = response.headers.get("cache-control")
        return LAYERS[int(value.removeprefix("max-age=")) - 1] if value else None
    value = response.headers.get("etag")
    if value is None:
        return None
    layer = value.removeprefix("W/").strip('"').removesuffix("-v1")
    assert value.startswith("W/") == (layer == "router")
    return layer


def _four_layer_client(option: str, layers: set[str]) -> Any:
    """Handlers at every depth, with ``option`` set on each layer of ``layers``."""
    value = {layer: OPTION_VALUES[option](layer) if layer in layers else None for layer in LAYERS}

    class Layered(Controller):
        path = "/c"

        @get("/handler", **{option: value["handler"]})
        def on_handler(self) -> str:
            return "body"

        @get("/controller")
        def on_controller(self) -> str:
            return "body"

    setattr(Layered, option, value["controller"])

    @get("/router")
    def on_router() -> str:
        return "body"

    @get("/app")
    def on_app() -> str:
        return "body"

    router = Router("/r", route_handlers=[Layered, on_router], **{option: value["router"]})
    return create_test_client([router, on_app], **{option: value["app"]})


@pytest.mark.parametrize("option", list(OPTION_VALUES))
@pytest.mark.parametrize(
    "layers",
    [
        pytest.param(set(LAYERS), id="all-layers"),
        pytest.param({"app", "controller"}, id="app-and-controller"),
        pytest.param({"router", "handler"}, id="router-and-handler"),
        pytest.param({"app"}, id="app-only"),
        pytest.param({"handler"}, id="handler-only"),
        pytest.param(set(), id="no-layer"),
    ],
)
def test_closest_layer_that_sets_an_option_wins(option: str, layers: set[str]) -> None:
    with _four_layer_client(option, layers) as client:
        observed = {path: _observed(option, client.get(path)) for path in PATH_LAYERS}

    expected = {
        path: next((layer for layer in reversed(owners) if layer in layers), None)
        for path, owners in PATH_LAYERS.items()
    }
    assert observed == expected


# --- headers ------------------------------------------------------------------------------------------


def test_headers_merge_by_name_whatever_the_form_and_case() -> None:
    class Api(Controller):
        path = "/c"
        response_headers = {"X-Shared": ResponseHeader(value="controller"), "x-controller": "c"}

        @get("/h", response_headers=[ResponseHeader(name="x-SHARED", value="handler")])
        def handler(self) -> str:
            return "x"

    router = Router(
        "/r",
        route_handlers=[Api],
        response_headers=[
            ResponseHeader(name="X-Shared", value="router"),
            ResponseHeader(name="X-Router", value="r"),
        ],
    )

    with create_test_client([router], response_headers={"x-shared": "app", "X-App": "a"}) as client:
        response = client.get("/r/c/h")

    assert response.headers.get_list("x-shared") == ["handler"]
    assert response.headers["x-app"] == "a"
    assert response.headers["x-router"] == "r"
    assert response.headers["x-controller"] == "c"


def test_documentation_only_headers_of_any_layer_are_not_sent() -> None:
    class Api(Controller):
        path = "/c"
        response_headers = [ResponseHeader(name="x-controller-doc", documentation_only=True, description="d")]

        @get("/h")
        def handler(self) -> str:
            return "x"

    router = Router(
        "/r",
        route_handlers=[Api],
        response_headers={"x-router-doc": ResponseHeader(documentation_only=True), "x-sent": "yes"},
    )

    with create_test_client(
        [router], response_headers=[ResponseHeader(name="x-app-doc", documentation_only=True)]
    ) as client:
        response = client.get("/r/c/h")

    assert response.headers["x-sent"] == "yes"
    assert not {"x-app-doc", "x-router-doc", "x-controller-doc"} & set(response.headers)


def test_documentation_only_header_on_an_inner_layer_replaces_the_outer_one() -> None:
    @get("/h", response_headers=[ResponseHeader(name="x-rate-limit", documentation_only=True)])
    def handler() -> str:
        return "x"

    with create_test_client([handler], response_headers={"x-rate-limit": "100"}) as client:
        response = client.get("/h")

    assert "x-rate-limit" not in response.headers


# --- cookies ------------------------------------------------------------------------------------------


def test_closest_cookie_replaces_the_outer_one_entirely() -> None:
    @get("/h", response_cookies=[Cookie(key="session", value="handler")])
    def handler() -> str:
        return "x"

    outer = Cookie(key="session", value="app", max_age=60, httponly=True, secure=True, samesite="strict")
    with create_test_client([handler], response_cookies=[outer]) as client:
        set_cookies = client.get("/h").headers.get_list("set-cookie")

    # The handler's cookie is sent as declared: no attribute is inherited from the app's cookie.
    assert set_cookies == ["session=handler; Path=/; SameSite=lax"]


def test_cookies_with_the_same_key_but_another_path_or_domain_are_distinct() -> None:
    @get(
        "/h",
        response_cookies=[
            Cookie(key="pref", value="handler", path="/h"),
            Cookie(key="pref", value="handler-domain", domain="example.com"),
        ],
    )
    def handler() -> str:
        return "x"

    with create_test_client([handler], response_cookies=[Cookie(key="pref", value="app")]) as client:
        set_cookies = sorted(client.get("/h").headers.get_list("set-cookie"))

    assert set_cookies == [
        "pref=app; Path=/; SameSite=lax",
        "pref=handler-domain; Domain=example.com; Path=/; SameSite=lax",
        "pref=handler; Path=/h; SameSite=lax",
    ]


def test_documentation_only_cookies_of_any_layer_are_not_sent_and_hide_outer_ones() -> None:
    class Api(Controller):
        path = "/c"
        response_cookies = [Cookie(key="tracking", documentation_only=True), Cookie(key="sent", value="1")]

        @get("/h")
        def handler(self) -> str:
            return "x"

    router = Router(
        "/r", route_handlers=[Api], response_cookies=[Cookie(key="csrf", documentation_only=True)]
    )

    with create_test_client([router], response_cookies=[Cookie(key="tracking", value="app")]) as client:
        response = client.get("/r/c/h")

    assert response.headers.get_list("set-cookie") == ["sent=1; Path=/; SameSite=lax"]


# --- cache control and etag -------------------------------------------------------------------------


def test_documentation_only_cache_control_and_etag_hide_the_outer_ones() -> None:
    @get("/h", cache_control=CacheControlHeader(documentation_only=True), etag=ETag(documentation_only=True))
    def documented() -> str:
        return "x"

    @get("/plain")
    def plain() -> str:
        return "x"

    with create_test_client(
        [documented, plain], cache_control=CacheControlHeader(no_store=True), etag=ETag(value="app")
    ) as client:
        documented_response = client.get("/h")
        plain_response = client.get("/plain")

    assert "cache-control" not in documented_response.headers
    assert "etag" not in documented_response.headers
    assert plain_response.headers["cache-control"] == "no-store"
    assert plain_response.headers["etag"] == '"app"'


def test_closest_cache_control_is_not_merged_with_outer_directives() -> None:
    class Assets(Controller):
        path = "/assets"
        cache_control = CacheControlHeader(max_age=3600, public=True, immutable=True)

        @get("/logo")
        def logo(self) -> str:
            return "logo"

        @get("/manifest", cache_control=CacheControlHeader(no_cache=True))
        def manifest(self) -> str:
            return "manifest"

    with create_test_client([Assets], cache_control=CacheControlHeader.prevent_storing()) as client:
        assert client.get("/assets/logo").headers["cache-control"] == "max-age=3600, public, immutable"
        assert client.get("/assets/manifest").headers["cache-control"] == "no-cache"


@pytest.mark.parametrize(
    ("option", "value", "header", "handler_value"),
    [
        ("cache_control", CacheControlHeader(no_store=True), "cache-control", "max-age=5"),
        ("etag", ETag(value="app"), "etag", '"handler"'),
    ],
)
def test_handler_header_beats_an_outer_typed_header(
    option: str, value: Any, header: str, handler_value: str
) -> None:
    @get("/h", response_headers={header: ResponseHeader(value=handler_value)})
    def handler() -> str:
        return "x"

    with create_test_client([handler], **{option: value}) as client:
        assert client.get("/h").headers.get_list(header) == [handler_value]


def test_methods_of_one_path_keep_their_own_settings() -> None:
    class Items(Controller):
        path = "/items"
        cache_control = CacheControlHeader(max_age=60)
        response_headers = {"x-controller": "items"}

        @get()
        def read(self) -> list[str]:
            return []

        @post(cache_control=CacheControlHeader(no_store=True), response_headers={"x-created": "1"})
        def create(self) -> None: ...

    with create_test_client([Items]) as client:
        read = client.get("/items")
        created = client.post("/items")

    assert read.headers["cache-control"] == "max-age=60"
    assert "x-created" not in read.headers
    assert created.headers["cache-control"] == "no-store"
    assert created.headers["x-created"] == "1"
    assert created.headers["x-controller"] == "items"


def test_handler_under_two_routers_gets_each_routers_settings() -> None:
    @get("/data")
    def data() -> str:
        return "data"

    public = Router(
        "/public",
        route_handlers=[data],
        cache_control=CacheControlHeader(public=True, max_age=300),
        response_class=_response_class("public"),
    )
    private = Router(
        "/private",
        route_handlers=[data],
        cache_control=CacheControlHeader(private=True),
        response_cookies=[Cookie(key="zone", value="private")],
    )

    with create_test_client([public, private]) as client:
        public_response = client.get("/public/data")
        private_response = client.get("/private/data")

    assert public_response.headers["cache-control"] == "max-age=300, public"
    assert public_response.text == "public rendered data"
    assert "set-cookie" not in public_response.headers
    assert private_response.headers["cache-control"] == "private"
    assert private_response.text == "data"
    assert private_response.cookies["zone"] == "private"


# --- response_class -------------------------------------------------------------------------------------


def test_response_class_receives_the_layered_headers_cookies_and_status() -> None:
    class Envelope(Response[Any]):
        def render(self, content: Any) -> bytes:
            return super().render({"data": content, "status": self.status_code})

    @post("/items", response_headers={"x-handler": "1"})
    def create_item() -> dict[str, str]:
        return {"name": "pen"}

    router = Router(
        "/r",
        route_handlers=[create_item],
        response_class=Envelope,
        response_cookies=[Cookie(key="router", value="r")],
        cache_control=CacheControlHeader(no_cache=True),
    )

    with create_test_client([router]) as client:
        response = client.post("/r/items")

    assert response.status_code == 201
    assert response.json() == {"data": {"name": "pen"}, "status": 201}
    assert response.headers["x-handler"] == "1"
    assert response.headers["cache-control"] == "no-cache"
    assert response.cookies["router"] == "r"


def test_response_class_does_not_apply_to_a_returned_response_or_container(tmp_path: Path) -> None:
    document = tmp_path / "doc.txt"
    document.write_text("file body")

    @get("/data")
    def data() -> str:
        return "plain"

    @get("/response")
    def response_object() -> Response[str]:
        return Response("own response", media_type="text/plain")

    @get("/file")
    def file() -> File:
        return File(path=document)

    @get("/redirect", status_code=302)
    def redirect() -> Redirect:
        return Redirect(path="/data")

    with create_test_client(
        [data, response_object, file, redirect], response_class=_response_class("app")
    ) as client:
        assert client.get("/data").text == "app rendered plain"
        assert client.get("/response").text == "own response"
        assert client.get("/file").text == "file body"
        followed = client.get("/redirect")

    assert followed.text == "app rendered plain"
    assert followed.history[0].status_code == 302


# --- a handler returning its own Response -------------------------------------------------------------


def test_returned_response_keeps_its_own_settings_and_gains_the_layered_ones() -> None:
    class Profile(Controller):
        path = "/c"
        response_headers = {"x-controller": "c", "X-Own": "controller"}
        response_cookies = [Cookie(key="controller", value="c"), Cookie(key="own", value="controller")]
        etag = ETag(value="controller")

        @get("/h", response_headers={"x-handler": "h"}, cache_control=CacheControlHeader(max_age=5))
        def handler(self) -> Response[dict[str, str]]:
            response = Response({"name": "ada"}, headers={"x-own": "response", "Cache-Control": "no-store"})
            response.set_cookie("own", "response", httponly=True)
            return response

    router = Router("/r", route_handlers=[Profile], response_cookies=[Cookie(key="router", value="r")])

    with create_test_client([router], response_headers={"x-app": "a"}) as client:
        response = client.get("/r/c/h")

    assert response.json() == {"name": "ada"}
    # Its own header, cookie and Cache-Control stay, whatever their case...
    assert response.headers.get_list("x-own") == ["response"]
    assert response.headers.get_list("cache-control") == ["no-store"]
    own_cookies = [h for h in response.headers.get_list("set-cookie") if h.startswith("own=")]
    assert own_cookies == ["own=response; HttpOnly; Path=/; SameSite=lax"]
    # ...and what it did not set comes from the layers.
    assert response.headers["x-app"] == "a"
    assert response.headers["x-controller"] == "c"
    assert response.headers["x-handler"] == "h"
    assert response.headers["etag"] == '"controller"'
    assert response.cookies["router"] == "r"
    assert response.cookies["controller"] == "c"


def test_returned_response_own_etag_wins() -> None:
    @get("/h", etag=ETag(value="layer"))
    def handler() -> Response[str]:
        response = Response("x", media_type="text/plain")
        response.set_etag(ETag(value="own", weak=True))
        return response

    with create_test_client([handler]) as client:
        assert client.get("/h").headers.get_list("etag") == ['W/"own"']


def test_shared_response_object_does_not_leak_layered_settings_between_handlers() -> None:
    maintenance = Response({"detail": "down for maintenance"}, status_code=503)

    @get("/orders")
    def orders() -> Response[dict[str, str]]:
        return maintenance

    @get("/invoices")
    def invoices() -> Response[dict[str, str]]:
        return maintenance

    billing = Router(
        "/billing",
        route_handlers=[invoices],
        response_headers={"x-team": "billing"},
        response_cookies=[Cookie(key="billing", value="1")],
    )

    with create_test_client([billing, orders]) as client:
        assert client.get("/billing/invoices").headers["x-team"] == "billing"
        response = client.get("/orders")

    assert response.status_code == 503
    assert "x-team" not in response.headers
    assert "set-cookie" not in response.headers


# --- containers: File, Redirect, Stream ---------------------------------------------------------------


@pytest.fixture()
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.csv"
    path.write_text("a,b\n1,2\n")
    return path


def test_layered_settings_reach_a_file_response(report: Path) -> None:
    class Downloads(Controller):
        path = "/downloads"
        cache_control = CacheControlHeader(private=True, max_age=30)
        response_cookies = [Cookie(key="downloaded", value="yes")]

        @get("/report", response_headers={"x-report": "monthly"})
        def monthly(self) -> File:
            return File(path=report, headers={"x-file": "own"}, cookies=[Cookie(key="file", value="own")])

    router = Router("/r", route_handlers=[Downloads], response_headers={"x-router": "r"})

    with create_test_client([router]) as client:
        response = client.get("/r/downloads/report")

    assert response.text == "a,b\n1,2\n"
    assert response.headers["content-disposition"] == 'attachment; filename="report.csv"'
    assert response.headers["cache-control"] == "max-age=30, private"
    assert response.headers["x-report"] == "monthly"
    assert response.headers["x-router"] == "r"
    assert response.headers["x-file"] == "own"
    assert response.cookies["downloaded"] == "yes"
    assert response.cookies["file"] == "own"


def test_file_own_headers_and_cookies_win_over_layered_ones(report: Path) -> None:
    @get(
        "/report",
        response_headers={"x-source": "layer"},
        response_cookies=[Cookie(key="source", value="layer")],
    )
    def handler() -> File:
        return File(path=report, headers={"x-source": "file"}, cookies=[Cookie(key="source", value="file")])

    with create_test_client([handler]) as client:
        response = client.get("/report")

    assert response.headers.get_list("x-source") == ["file"]
    assert response.headers.get_list("set-cookie") == ["source=file; Path=/; SameSite=lax"]


@pytest.mark.parametrize("explicit", [True, False], ids=["explicit-etag", "derived-etag"])
def test_file_own_etag_wins_over_a_layered_etag(report: Path, explicit: bool) -> None:
    @get("/report")
    def handler() -> File:
        return File(path=report, etag=ETag(value="file-v7") if explicit else None)

    with create_test_client([handler], etag=ETag(value="app-wide")) as client:
        first = client.get("/report").headers["etag"]
        report.write_text("a,b\n1,2\n3,4\n")
        second = client.get("/report").headers["etag"]

    assert first != '"app-wide"'
    if explicit:
        assert first == second == '"file-v7"'
    else:
        assert first != second


def test_layered_settings_reach_a_redirect() -> None:
    @get("/old", status_code=301, response_headers={"x-handler": "h", "location": "/elsewhere"})
    def old() -> Redirect:
        return Redirect(path="/new", headers={"x-handler": "redirect"})

    router = Router(
        "/r",
        route_handlers=[old],
        cache_control=CacheControlHeader(max_age=86400),
        response_cookies=[Cookie(key="moved", value="1")],
    )

    with create_test_client([router], response_headers={"x-app": "a"}) as client:
        response = client.get("/r/old", follow_redirects=False)

    assert response.status_code == 301
    # A layered "location" header cannot hijack the redirect target.
    assert response.headers.get_list("location") == ["/new"]
    assert response.headers.get_list("x-handler") == ["redirect"]
    assert response.headers["x-app"] == "a"
    assert response.headers["cache-control"] == "max-age=86400"
    assert response.cookies["moved"] == "1"


def test_layered_settings_reach_a_stream() -> None:
    @get("/events", response_headers={"x-handler": "h"}, cache_control=CacheControlHeader(no_cache=True))
    def events() -> Stream:
        return Stream(iterator=iter(["one\n", "two\n"]), headers={"x-stream": "own"})

    with create_test_client([events], response_cookies=[Cookie(key="app", value="a")]) as client:
        response = client.get("/events")

    assert response.text == "one\ntwo\n"
    assert response.headers["x-handler"] == "h"
    assert response.headers["x-stream"] == "own"
    assert response.headers["cache-control"] == "no-cache"
    assert response.cookies["app"] == "a"


# --- async client --------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_layered_settings_with_the_async_client() -> None:
    class Catalogue(Controller):
        path = "/catalogue"
        cache_control = CacheControlHeader(max_age=120)
        response_headers = [ResponseHeader(name="x-layer", value="controller")]

        @get("/", etag=ETag(value="catalogue-3"))
        async def catalogue(self) -> list[str]:
            return ["tea", "coffee"]

    router = Router("/shop", route_handlers=[Catalogue], response_cookies=[Cookie(key="basket", value="0")])

    async with create_async_test_client(
        [router],
        response_headers={"x-layer": "app", "x-app": "a"},
        cache_control=CacheControlHeader(no_store=True),
    ) as client:
        response = await client.get("/shop/catalogue")

    assert response.json() == ["tea", "coffee"]
    assert response.headers.get_list("x-layer") == ["controller"]
    assert response.headers["x-app"] == "a"
    assert response.headers["cache-control"] == "max-age=120"
    assert response.headers["etag"] == '"catalogue-3"'
    assert response.cookies["basket"] == "0"


def test_resolved_settings_can_be_read_from_the_route_as_in_1_5() -> None:
    # ``route.route_handler_map[method]`` is ``(handler, kwargs plan)``; ``resolve_response_headers``
    # gives ``ResponseHeader`` instances, the typed headers among them.
    from starlite import HttpMethod, Starlite

    class Items(Controller):
        path = "/items"
        response_headers = {"X-Layer": ResponseHeader(value="controller"), "x-outer": "plain"}
        etag = ETag(value="v1")

        @get("/", response_headers={"x-layer": ResponseHeader(value="handler")})
        def list_items(self) -> None:
            return None

    app = Starlite(
        route_handlers=[Items],
        response_headers={"x-app": ResponseHeader(value="app")},
        cache_control=CacheControlHeader(max_age=5, documentation_only=True),
    )
    handler, plan = app.routes[0].route_handler_map[HttpMethod.GET]  # type: ignore[attr-defined]
    assert handler.handler_name.endswith("list_items")
    assert plan is handler.kwargs_plan is not None
    headers = handler.resolve_response_headers()
    assert {name: (h.value, h.documentation_only) for name, h in headers.items()} == {
        "x-app": ("app", False),
        "cache-control": ("max-age=5", True),
        "x-layer": ("handler", False),
        "x-outer": ("plain", False),
        "etag": ('"v1"', False),
    }
    assert all(isinstance(header, ResponseHeader) for header in headers.values())
