"""TypeScript types for a front end, from the app's OpenAPI schema."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from pydantic import BaseModel

from starlite import Parameter, Starlite, get, post
from starlite.openapi.typescript_converter.converter import convert_openapi_to_typescript


class Size(str, Enum):
    SMALL = "S"
    LARGE = "L"


class Order(BaseModel):
    item: str
    size: Size
    note: str | None = None


@get("/orders/{order_id:int}")
def get_order(order_id: int, api_key: str = Parameter(header="X-Api-Key")) -> Order:
    return Order(item="tea", size=Size.SMALL)


@post("/orders")
def place_order(data: Order) -> Order:
    return data


app = Starlite(route_handlers=[get_order, place_order])


def write_types(target: Path) -> None:
    """Write the app's types where the front end's build picks them up."""
    assert app.openapi_schema is not None
    target.write_text(convert_openapi_to_typescript(app.openapi_schema, namespace="ShopAPI").write() + "\n")


def test_the_front_end_gets_a_namespace_per_operation(tmp_path: Path) -> None:
    write_types(tmp_path / "api.ts")
    types = (tmp_path / "api.ts").read_text()
    assert types.startswith("export namespace ShopAPI {\n")
    # A namespace per operation, named after its operation id.
    assert app.openapi_schema is not None and app.openapi_schema.paths is not None
    place_order_operation = app.openapi_schema.paths["/orders"].post
    assert place_order_operation is not None
    assert f"\texport namespace {place_order_operation.operationId} {{\n" in types
    assert (
        '\texport type RequestBody = {\n\titem: string;\n\tnote?: null | string;\n\tsize: "L" | "S";\n};'
        in types
    )
    assert "\texport interface PathParameters {\n\torder_id: number;\n};" in types
    assert '\texport interface headerparameters {\n\t"x-api-key": string;\n};' in types.lower()
