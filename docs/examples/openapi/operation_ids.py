"""Choosing the operation ids of the schema with a function of your own."""

from __future__ import annotations

from starlite import HTTPRouteHandler, OpenAPIConfig, Starlite, get, post
from starlite.testing import TestClient


def method_and_path(handler: HTTPRouteHandler, method: str, path_components: list[str]) -> str:
    """``GET /orders/{order_id}`` -> ``get_orders_order_id``: ids that say what they call."""
    words = [method.lower(), *(part.strip("{}") for part in path_components)]
    return "_".join(word for word in words if word)


@get("/orders/{order_id:int}")
def fetch_order(order_id: int) -> dict[str, int]:
    return {"id": order_id}


@post("/orders")
def place_order(data: dict[str, int]) -> dict[str, int]:
    return data


@get("/health", operation_id="healthCheck")  # a handler's own id still wins
def health() -> str:
    return "ok"


app = Starlite(
    route_handlers=[fetch_order, place_order, health],
    openapi_config=OpenAPIConfig(title="Orders", version="1.0.0", operation_id_creator=method_and_path),
)


def test_the_creator_names_each_operation() -> None:
    with TestClient(app) as client:
        paths = client.get("/schema/openapi.json").json()["paths"]
    assert paths["/orders/{order_id}"]["get"]["operationId"] == "get_orders_order_id"
    assert paths["/orders"]["post"]["operationId"] == "post_orders"
    assert paths["/health"]["get"]["operationId"] == "HealthhealthCheck"
