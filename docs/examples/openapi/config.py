"""Describing the API in its OpenAPI schema: title, contact, servers, tags and shared components."""

from openapi_pydantic.v3.v3_1 import Contact, Server, Tag

from starlite import OpenAPIConfig, Starlite, get
from starlite.testing import TestClient


@get("/items", tags=["items"])
def list_items() -> list[str]:
    """All the items for sale.

    Sold-out items are left out.
    """
    return ["lamp"]


openapi_config = OpenAPIConfig(
    title="Shop API",
    version="2.1.0",
    summary="Things for sale",
    description="The shop's public API.",
    # The OpenAPI models, or plain mappings of the same shape.
    contact=Contact(name="Shop team", email="api@shop.example.com"),
    license={"name": "MIT", "identifier": "MIT"},
    servers=[Server(url="https://api.shop.example.com"), {"url": "/", "description": "this server"}],
    tags=[Tag(name="items", description="What the shop sells")],
    # Added to what the schema generates; a list of them is merged, later entries winning.
    components={"examples": {"lamp": {"value": "lamp"}}},
    use_handler_docstrings=True,  # an operation's description is its handler's docstring
    enabled_endpoints={"redoc", "openapi.json"},  # every other page and document is a 404
)

app = Starlite(route_handlers=[list_items], openapi_config=openapi_config)


def test_the_schema_describes_the_api() -> None:
    schema = app.openapi_schema  # built on first read; an openapi-pydantic ``OpenAPI``
    assert schema is not None
    assert schema.info.title == "Shop API"
    operation = schema.paths["/items"].get  # type: ignore[index]
    assert operation is not None
    assert operation.tags == ["items"]
    assert operation.description == "All the items for sale.\n\nSold-out items are left out."


def test_it_is_served_at_schema() -> None:
    with TestClient(app=app) as client:
        document = client.get("/schema/openapi.json").json()
        assert document["info"]["contact"] == {"name": "Shop team", "email": "api@shop.example.com"}
        assert [server["url"] for server in document["servers"]] == ["https://api.shop.example.com", "/"]
        assert document["tags"] == [{"name": "items", "description": "What the shop sells"}]
        assert client.get("/schema/openapi.yaml").status_code == 404  # not among enabled_endpoints


def test_none_turns_it_off() -> None:
    quiet = Starlite(route_handlers=[list_items], openapi_config=None)
    assert quiet.openapi_schema is None
    with TestClient(app=quiet) as client:
        assert client.get("/schema/openapi.json").status_code == 404
