"""Shaping what goes in and out: a write DTO and a read DTO derived from one model."""

from pydantic import BaseModel

from starlite import DTOFactory, Starlite, get, post
from starlite.testing import TestClient


class Person(BaseModel):
    id: int
    name: str
    password_hash: str


PEOPLE: dict[int, Person] = {}

dto_factory = DTOFactory()
# The client sends "full_name" and a password; the hash is the server's business.
PersonIn = dto_factory(
    "PersonIn",
    Person,
    exclude=["password_hash"],
    field_mapping={"name": "full_name"},
    field_definitions={"password": (str, ...)},
)
# What the client reads back: no password, no hash.
PersonOut = dto_factory("PersonOut", Person, exclude=["password_hash"], field_mapping={"name": "full_name"})


@post("/people")
def create_person(data: PersonIn) -> PersonOut:
    person = Person(id=data.id, name=data.full_name, password_hash=f"hashed:{data.password}")
    PEOPLE[person.id] = person
    return person  # the return annotation turns it into a PersonOut


@get("/people")
def list_people() -> list[PersonOut]:
    return list(PEOPLE.values())


app = Starlite(route_handlers=[create_person, list_people])


def test_the_client_never_sees_the_hash() -> None:
    with TestClient(app=app) as client:
        created = client.post("/people", json={"id": 1, "full_name": "Ada Lovelace", "password": "s3cret"})
        assert created.status_code == 201
        assert created.json() == {"id": 1, "full_name": "Ada Lovelace"}
        assert client.get("/people").json() == [{"id": 1, "full_name": "Ada Lovelace"}]
        assert PEOPLE[1].password_hash == "hashed:s3cret"


def test_a_body_that_does_not_fit_is_a_400_naming_the_field() -> None:
    with TestClient(app=app) as client:
        response = client.post("/people", json={"id": 2, "name": "Grace Hopper", "password": "pw"})
        assert response.status_code == 400
        assert response.json()["extra"] == [
            {"key": "full_name", "message": "Field required", "source": "body"}
        ]
