"""Naming a model's component in the OpenAPI document with ``__schema_name__``."""

from uuid import UUID, uuid4

from openapi_spec_validator import validate
from pydantic import BaseModel

from starlite import Starlite, get
from starlite.testing import TestClient


class IdModel(BaseModel):
    # Clients generated from the schema get a type named IdContainer, not IdModel.
    __schema_name__ = "IdContainer"

    id: UUID


@get("/id")
def retrieve_id_handler() -> IdModel:
    return IdModel(id=uuid4())


app = Starlite(route_handlers=[retrieve_id_handler])


def test_the_component_has_the_chosen_name() -> None:
    with TestClient(app=app) as client:
        document = client.get("/schema/openapi.json").json()
    validate(document)
    content = document["paths"]["/id"]["get"]["responses"]["200"]["content"]
    assert content["application/json"]["schema"] == {"$ref": "#/components/schemas/IdContainer"}
    assert document["components"]["schemas"]["IdContainer"] == {
        "type": "object",
        "title": "IdContainer",
        "properties": {"id": {"type": "string", "format": "uuid", "title": "Id"}},
        "required": ["id"],
    }
