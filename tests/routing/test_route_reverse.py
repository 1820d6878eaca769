"""``route_reverse`` and ``get_handler_index_by_name``."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import pytest

from starlite import Controller, NoRouteMatchFoundException, Router, Starlite, get
from starlite.testing import create_test_client


def test_reverse_static_path() -> None:
    @get("/static/page", name="page")
    def handler() -> None: ...

    assert Starlite([handler]).route_reverse("page") == "/static/page"


def test_reverse_through_router_and_controller() -> None:
    class Items(Controller):
        path = "/items"

        @get("/{item_id:int}", name="item")
        def read(self, item_id: int) -> None: ...

    app = Starlite([Router("/api", route_handlers=[Router("/v1", route_handlers=[Items])])])

    assert app.route_reverse("item", item_id=12) == "/api/v1/items/12"


def test_reverse_picks_path_matching_the_given_parameters() -> None:
    @get(["/things", "/things/{thing_id:int}", "/things/{thing_id:int}/{part:str}"], name="things")
    def handler(thing_id: int = 0, part: str = "") -> None: ...

    app = Starlite([handler])

    assert app.route_reverse("things") == "/things"
    assert app.route_reverse("things", thing_id=1) == "/things/1"
    assert app.route_reverse("things", thing_id=1, part="head") == "/things/1/head"


def test_reverse_formats_typed_values() -> None:
    @get("/d/{day:date}/{key:uuid}", name="typed")
    def handler(day: date, key: UUID) -> None: ...

    app = Starlite([handler])
    key = UUID("3f2504e0-4f89-11d3-9a0c-0305e82c3301")

    assert app.route_reverse("typed", day=date(2023, 1, 2), key=key) == f"/d/2023-01-02/{key}"
    # A string is accepted for date-like parameters.
    assert app.route_reverse("typed", day="2023-01-02", key=key) == f"/d/2023-01-02/{key}"


def test_reverse_result_is_routable() -> None:
    @get("/files/{folder:str}/{rest:path}", name="file")
    def handler(folder: str, rest: str) -> dict[str, str]:
        return {"folder": folder, "rest": rest}

    with create_test_client([handler]) as client:
        url = client.app.route_reverse("file", folder="docs", rest="/a/b.txt")
        assert url == "/files/docs/a/b.txt"
        assert client.get(url).json() == {"folder": "docs", "rest": "/a/b.txt"}


def test_reverse_unknown_name() -> None:
    with pytest.raises(NoRouteMatchFoundException, match="Route missing can not be found"):
        Starlite([]).route_reverse("missing")


def test_reverse_wrong_parameter_type() -> None:
    @get("/n/{x:int}", name="nm")
    def handler(x: int) -> None: ...

    with pytest.raises(NoRouteMatchFoundException):
        Starlite([handler]).route_reverse("nm", x="three")


def test_reverse_missing_parameter() -> None:
    @get("/n/{x:int}", name="nm")
    def handler(x: int) -> None: ...

    with pytest.raises(NoRouteMatchFoundException):
        Starlite([handler]).route_reverse("nm")


def test_handler_index_lists_every_path() -> None:
    @get(["/b/{x:int}", "/a"], name="multi")
    def handler(x: int = 0) -> None: ...

    app = Starlite([handler])
    index = app.get_handler_index_by_name("multi")

    assert index is not None
    assert index["paths"] == ["/a", "/b/{x:int}"]
    assert index["identifier"] == "multi"


def test_handler_index_includes_handlers_registered_later() -> None:
    @get("/late", name="late")
    def handler() -> None: ...

    app = Starlite([])
    assert app.get_handler_index_by_name("late") is None
    app.register(handler)
    assert app.route_reverse("late") == "/late"


def test_route_handler_method_view() -> None:
    @get("/x", name="x_handler")
    def handler() -> None: ...

    app = Starlite([Router("/r", route_handlers=[handler])])

    assert app.route_handler_method_view["x_handler"] == ["/r/x"]


def test_unnamed_handlers_are_indexed_by_their_qualified_name() -> None:
    @get("/plain/{item_id:int}")
    def plain(item_id: int) -> None: ...

    @get("/named", name="explicit")
    def named() -> None: ...

    app = Starlite([Router("/r", route_handlers=[plain, named])])
    index = app.get_handler_index_by_name(str(plain))
    assert index is not None
    assert index["identifier"] == str(plain)
    assert index["paths"] == ["/r/plain/{item_id:int}"]
    assert app.route_reverse(str(plain), item_id=3) == "/r/plain/3"
    # An explicit name replaces the default one.
    assert app.get_handler_index_by_name(str(named)) is None


def test_unnamed_handlers_may_share_a_qualified_name() -> None:
    def make(path: str) -> Any:
        @get(path)
        def handler() -> None: ...

        return handler

    first, second = make("/one"), make("/two")
    app = Starlite([first, second])  # no conflict: only explicit names must be unique
    index = app.get_handler_index_by_name(str(first))
    assert index is not None
    assert index["paths"] == ["/one", "/two"]
