# ruff: noqa: UP006, UP035, UP045 - the model module of a Starlite 1.5x app, kept as it was written
"""Moving a Starlite 1.5x app: its pydantic 1 models, with one import line changed."""

from typing import List, Optional

# Before (Starlite 1.5x, pydantic 1): from pydantic import BaseModel, validator
from pydantic.v1 import BaseModel, validator

from starlite import Starlite, get, post
from starlite.testing import TestClient


class Pet(BaseModel):
    name: str
    tags: List[str] = []
    owner_email: Optional[str] = None

    class Config:
        anystr_strip_whitespace = True

    @validator("name")
    def capitalised(cls, value: str) -> str:  # noqa: N805 - pydantic 1 validators take the class
        return value.capitalize()


@post("/pets")
def add_pet(data: Pet) -> Pet:
    return data


@get("/pets/first")
def first_pet() -> List[Pet]:
    return [Pet(name="rex", tags=["good"])]


app = Starlite(route_handlers=[add_pet, first_pet])


def test_pydantic_1_models_in_and_out() -> None:
    with TestClient(app=app) as client:
        created = client.post("/pets", json={"name": "  luna ", "tags": ["cat"]})
        listed = client.get("/pets/first")
        refused = client.post("/pets", json={"tags": "not a list"})
    assert created.status_code == 201
    assert created.json() == {"name": "Luna", "tags": ["cat"], "owner_email": None}
    assert listed.json() == [{"name": "Rex", "tags": ["good"], "owner_email": None}]
    # Invalid input is the usual 400, naming each field pydantic 1 refused.
    assert refused.status_code == 400
    assert {error["key"] for error in refused.json()["extra"]} == {"name", "tags"}
