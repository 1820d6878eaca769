"""The parameters of an operation: read from the handler's kwargs plan, as the requests are read."""

from __future__ import annotations

import enum
from typing import Any

from openapi_pydantic.v3.v3_1 import Example

from starlite import Controller, Dependency, Parameter, Provide, Request, Router, Starlite, get
from starlite.config.openapi import OpenAPIConfig
from starlite.datastructures import State
from starlite.testing import TestClient
from tests.openapi.documents import rendered_schema


def operation(*handlers: Any, path: str = "/", method: str = "get", **options: Any) -> dict[str, Any]:
    """One operation of the app's rendered schema (the whole document validated)."""
    app = Starlite(
        route_handlers=list(handlers), openapi_config=OpenAPIConfig(title="Test", version="1"), **options
    )
    rendered = rendered_schema(app)
    return rendered["paths"][path][method]  # type: ignore[no-any-return]


def by_name(op: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {parameter["name"]: parameter for parameter in op.get("parameters", [])}


def test_each_source_with_its_required_flag_default_description_and_examples() -> None:
    @get("/{item_id:int}")
    def handler(
        item_id: int,
        page: int,
        size: int = 10,
        q: str | None = None,
        token: str = Parameter(header="X-Token", description="The caller's token"),
        session: str = Parameter(cookie="sid", required=False),
        sort: str = Parameter(query="orderBy", default="name", examples=[Example(value="name"), "age"]),
    ) -> None:
        return None

    parameters = operation(handler, path="/{item_id}")["parameters"]
    # The parameter objects are this module's; the type schemas inside are the schema generator's (the
    # constraints, titles and descriptions it adds are its own tests' business).
    assert [{k: v for k, v in p.items() if k != "schema"} for p in parameters] == [
        {"name": "item_id", "in": "path", "required": True, "deprecated": False},
        {"name": "page", "in": "query", "required": True, "deprecated": False},
        {"name": "size", "in": "query", "required": False, "deprecated": False},
        {"name": "q", "in": "query", "required": False, "deprecated": False},
        {
            "name": "X-Token",
            "in": "header",
            "required": True,
            "deprecated": False,
            "description": "The caller's token",
        },
        {"name": "sid", "in": "cookie", "required": False, "deprecated": False},
        {
            "name": "orderBy",
            "in": "query",
            "required": False,
            "deprecated": False,
            "examples": {"orderBy-example-1": {"value": "name"}, "orderBy-example-2": {"value": "age"}},
        },
    ]
    schemas = {p["name"]: p["schema"] for p in parameters}
    assert schemas["item_id"]["type"] == "integer"
    assert (schemas["size"]["type"], schemas["size"]["default"]) == ("integer", 10)
    assert "default" not in schemas["q"]  # None is "not sent", not a default to show
    assert schemas["X-Token"]["type"] == "string"
    assert (schemas["orderBy"]["type"], schemas["orderBy"]["default"]) == ("string", "name")


def test_reserved_names_and_unprovided_dependencies_are_not_parameters() -> None:
    @get("/")
    def handler(
        request: Request[Any, Any],
        state: State,
        headers: dict[str, str],
        cookies: dict[str, str],
        query: dict[str, Any],
        scope: dict[str, Any],
        dep: int | None = Dependency(),
        wanted: int = 1,
    ) -> None:
        return None

    assert list(by_name(operation(handler))) == ["wanted"]


def test_dependencies_parameters_are_the_operation_s_once_each() -> None:
    def user_id(x_user: str = Parameter(header="X-User")) -> str:
        return x_user

    def paging(limit: int = 10, offset: int = 0) -> tuple[int, int]:
        return limit, offset

    def other(limit: int = 10) -> int:
        return limit

    @get("/", dependencies={"user": Provide(user_id), "page": Provide(paging), "other": Provide(other)})
    def handler(user: str, page: tuple[int, int], other: int) -> None:
        return None

    assert [(p["name"], p["in"]) for p in operation(handler)["parameters"]] == [
        ("X-User", "header"),
        ("limit", "query"),
        ("offset", "query"),
    ]


def test_a_dependency_s_parameters_are_documented_only_when_it_is_provided() -> None:
    def produce(param: str) -> int:
        return 13

    @get("/provided", dependencies={"dep": Provide(produce)})
    def provided(dep: int | None = Dependency()) -> None:
        return None

    @get("/")
    def unprovided(dep: int | None = Dependency()) -> None:
        return None

    assert list(by_name(operation(provided, path="/provided"))) == ["param"]
    assert "parameters" not in operation(unprovided)


def test_layered_parameters_in_1_5_order_with_their_sources() -> None:
    class Items(Controller):
        path = "/items"
        parameters = {"controller1": Parameter(int, lt=100), "controller2": Parameter(str, query="c2")}

        @get("/{local:int}")
        def read(self, local: int, controller1: int, router1: str, app1: str, controller2: float) -> None:
            return None

    router = Router(
        path="/router",
        route_handlers=[Items],
        parameters={"router1": Parameter(str, header="X-Router"), "unused": Parameter(bool, required=False)},
    )
    op = operation(router, path="/router/items/{local}", parameters={"app1": Parameter(str, cookie="app")})
    assert [(p["name"], p["in"], p["required"]) for p in op["parameters"]] == [
        ("local", "path", True),
        ("unused", "query", False),
        ("controller1", "query", True),
        ("X-Router", "header", True),
        ("app", "cookie", True),
        ("c2", "query", True),
    ]
    assert by_name(op)["c2"]["schema"]["type"] == "number"  # the annotation, not the layer's str


def test_a_path_parameter_is_described_by_the_route_s_type() -> None:
    @get("/{when:date}/{item_id:uuid}/{rest:path}")
    def handler(item_id: str) -> None:
        return None

    parameters = by_name(operation(handler, path="/{when}/{item_id}/{rest}"))
    assert parameters["item_id"]["schema"] == {"type": "string", "format": "uuid"}
    # Not read by the handler, but OpenAPI wants every placeholder of the path described.
    assert parameters["when"] == {
        "name": "when",
        "in": "path",
        "required": True,
        "deprecated": False,
        "schema": {"type": "string", "format": "date"},
    }
    assert parameters["rest"]["schema"] == {"type": "string"}


def test_a_layers_constraints_are_documented_where_they_are_enforced() -> None:
    # A router's Parameter(...) constrains the handlers that do not name the argument; a handler that
    # annotates it itself (``region: str``) is validated by its own annotation, as in 1.5x, so its
    # schema does not claim the router's maxLength.
    region = Parameter(str, header="X-Region", max_length=3)

    @get("/named")
    def named(region: str = "eu") -> None:
        return None

    @get("/unnamed")
    def unnamed() -> None:
        return None

    app = Starlite(
        route_handlers=[Router(path="/", route_handlers=[named, unnamed], parameters={"region": region})],
        openapi_config=OpenAPIConfig(title="Test", version="1"),
    )
    rendered = rendered_schema(app)
    schemas = {
        path: {p["name"]: p["schema"] for p in item["get"]["parameters"]}
        for path, item in rendered["paths"].items()
    }
    assert schemas["/unnamed"]["X-Region"] == {"type": "string", "maxLength": 3}
    assert "maxLength" not in schemas["/named"]["X-Region"]
    with TestClient(app) as client:  # what the schemas say is what the app does
        assert client.get("/unnamed", headers={"X-Region": "toolong"}).status_code == 400
        assert client.get("/named", headers={"X-Region": "toolong"}).status_code == 200


def test_an_unconvertible_default_is_left_out_rather_than_failing() -> None:
    class Opaque:
        pass

    marker = Opaque()

    @get("/")
    def handler(value: Any = marker) -> None:
        return None

    parameter = by_name(operation(handler))["value"]
    assert parameter["required"] is False
    assert "default" not in parameter["schema"]


class Colour(str, enum.Enum):
    RED = "red"
    BLUE = "blue"


def test_an_enum_default_shows_as_its_value() -> None:
    @get("/")
    def handler(colour: Colour = Colour.BLUE) -> None:
        return None

    parameter = by_name(operation(handler))["colour"]
    assert parameter["required"] is False
    assert parameter["schema"]["default"] == "blue"


def test_a_handler_on_several_paths_reads_a_missing_placeholder_from_the_query() -> None:
    @get(["/items", "/items/{x:int}"])
    def items(x: int | None = None) -> str:
        return str(x)

    app = Starlite(route_handlers=[items], openapi_config=OpenAPIConfig(title="Test", version="1"))
    # (validated: a path parameter /items does not have would make the document invalid)
    rendered = rendered_schema(app)
    (listed,) = rendered["paths"]["/items"]["get"]["parameters"]
    assert (listed["name"], listed["in"], listed["required"]) == ("x", "query", False)
    (placeholder,) = rendered["paths"]["/items/{x}"]["get"]["parameters"]
    assert (placeholder["in"], placeholder["required"], placeholder["schema"]) == (
        "path",
        True,
        {"type": "integer"},
    )


def test_a_default_json_cannot_show_is_left_out() -> None:
    @get("/")
    def handler(limit: float = float("inf"), scale: float = 1.5) -> None:
        return None

    parameters = by_name(operation(handler))
    assert "default" not in parameters["limit"]["schema"]
    assert parameters["scale"]["schema"]["default"] == 1.5
