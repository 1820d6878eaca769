"""DTOs named by postponed return annotations (``from __future__ import annotations``).

A DTO defined inside a function is not in its module's globals, so the string ``"PersonOut"`` cannot
be resolved from there. The handler's closure resolves it when the handler's body uses the DTO; when
nothing can, the handler is refused, since its return values would go out with the excluded fields.
"""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from starlite import DTOFactory, ImproperlyConfiguredException, get, post
from starlite.testing import create_test_client


class Person(BaseModel):
    name: str
    password: str


PERSON = Person(name="Ada", password="hunter2")


def test_a_local_dto_the_handler_uses_is_resolved_through_its_closure() -> None:
    PersonOut = DTOFactory()("PersonOut", Person, exclude=["password"])  # noqa: N806

    @get("/")
    def read() -> PersonOut:  # type: ignore[valid-type]
        assert PersonOut is not None  # the body names the DTO: it is in the handler's closure
        return PERSON

    with create_test_client([read]) as client:
        assert client.get("/").json() == {"name": "Ada"}


def test_a_local_dto_nothing_can_resolve_is_refused_at_decoration() -> None:
    PersonOut = DTOFactory()("PersonOut", Person, exclude=["password"])  # noqa: N806

    with pytest.raises(ImproperlyConfiguredException, match="PersonOut") as refusal:

        @get("/")
        def read() -> list[PersonOut]:  # type: ignore[valid-type]
            return [PERSON]

    assert "module level" in str(refusal.value)


def test_a_local_data_dto_the_handler_uses_is_resolved_through_its_closure() -> None:
    PersonIn = DTOFactory()("PersonIn", Person, field_mapping={"name": "full_name"})  # noqa: N806

    @post("/")
    def create(data: PersonIn) -> dict[str, str]:  # type: ignore[valid-type]
        person = PersonIn.to_model_instance(data)
        return {"name": person.name}

    with create_test_client([create]) as client:
        response = client.post("/", json={"full_name": "Ada", "password": "x"})
        assert response.status_code == 201
        assert response.json() == {"name": "Ada"}
        assert client.post("/", json={"name": "Ada", "password": "x"}).status_code == 400


def test_an_unresolvable_annotation_that_names_no_dto_is_left_as_it_is() -> None:
    class Local(BaseModel):
        value: int

    @get("/")
    def read() -> Local:
        return Local(value=1)

    with create_test_client([read]) as client:
        assert client.get("/").json() == {"value": 1}
