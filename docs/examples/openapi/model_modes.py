"""What is received and what is sent: a model with an alias is described once for each."""

from openapi_spec_validator import validate
from pydantic import BaseModel, Field

from starlite import OpenAPIConfig, Starlite, post
from starlite.testing import TestClient


class Item(BaseModel):
    id: int
    name: str = Field(alias="itemName")


class Node(BaseModel):
    value: int
    children: list["Node"] = []


@post("/items")
def create_item(data: Item) -> Item:
    return data


@post("/trees")
def create_tree(data: Node) -> Node:
    return data


app = Starlite(
    route_handlers=[create_item, create_tree],
    openapi_config=OpenAPIConfig(title="Shop", version="1.0.0"),
)


def test_bodies_are_described_as_accepted_and_responses_as_sent() -> None:
    with TestClient(app=app) as client:
        document = client.get("/schema/openapi.json").json()
        sent = client.post("/items", json={"id": 1, "itemName": "pen"}).json()
    validate(document)
    schemas = document["components"]["schemas"]
    operation = document["paths"]["/items"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    response = operation["responses"]["201"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/Item-Input"}
    assert response == {"$ref": "#/components/schemas/Item-Output"}
    assert schemas["Item-Input"]["required"] == ["id", "itemName"]  # what a client sends
    assert schemas["Item-Output"]["required"] == ["id", "name"]  # what the app answers
    assert sent == {"id": 1, "name": "pen"}
    # A model that reads the same both ways (recursion included) is one component.
    assert "Node" in schemas and "Node-Input" not in schemas
