"""``DTOFactory``: DTO classes from each kind of source, and their conversions to and from the source."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeGuard

import msgspec
import pytest
from pydantic import BaseModel, Field, ValidationError, create_model
from typing_extensions import TypedDict

from starlite import DTOFactory, ImproperlyConfiguredException, PluginProtocol, Starlite
from starlite.dto import DTO
from starlite.handlers.http import DTO as HandlersDTO
from starlite.types.partial import Partial


class Person(BaseModel):
    id: int
    name: str
    password: str
    nickname: str | None = None


@dataclasses.dataclass
class DataclassPerson:
    id: int
    name: str
    password: str = "hunter2"


class TypedDictPerson(TypedDict):
    id: int
    name: str
    password: str


class StructPerson(msgspec.Struct):
    id: int
    name: str
    password: str = "hunter2"


class Row:
    """An ORM-like class only a plugin understands."""

    def __init__(self, **values: Any) -> None:
        self.values = values


class RowPlugin(PluginProtocol[Row]):
    def __init__(self, async_to_dict: bool = False) -> None:
        self.async_to_dict = async_to_dict

    @staticmethod
    def is_plugin_supported_type(value: Any) -> TypeGuard[Row]:
        return value is Row or isinstance(value, Row)

    def to_pydantic_model_class(self, model_class: type[Row], **kwargs: Any) -> type[BaseModel]:
        return create_model("RowModel", id=(int, ...), title=(str, ...))

    def from_pydantic_model_instance(self, model_class: type[Row], pydantic_model_instance: BaseModel) -> Row:
        return model_class(**pydantic_model_instance.model_dump())

    def to_dict(self, model_instance: Row) -> Any:
        if self.async_to_dict:

            async def values() -> dict[str, Any]:
                return dict(model_instance.values)

            return values()
        return dict(model_instance.values)

    def from_dict(self, model_class: type[Row], **kwargs: Any) -> Row:
        return model_class(**kwargs)


@pytest.mark.parametrize(
    "source", [Person, DataclassPerson, TypedDictPerson, StructPerson], ids=lambda s: s.__name__
)
def test_each_kind_of_source_gives_a_pydantic_model_without_the_excluded_fields(source: type) -> None:
    dto = DTOFactory()("PersonOut", source, exclude=["password"], field_mapping={"name": "full_name"})

    assert issubclass(dto, DTO) and dto.__name__ == "PersonOut"
    assert list(dto.model_fields) == ["id", "full_name", *(["nickname"] if source is Person else [])]
    assert dto.dto_source_model is source
    assert dto.dto_field_mapping == {"full_name": "name"}
    assert dto.dto_source_plugin is None
    assert dto(id=1, full_name="Ada").model_dump(include={"id", "full_name"}) == {"id": 1, "full_name": "Ada"}
    with pytest.raises(ValidationError, match="full_name"):
        dto(id=1)


def test_renaming_with_a_type_and_extra_field_definitions() -> None:
    dto = DTOFactory()(
        "PersonIn",
        Person,
        field_mapping={"id": ("person_id", str)},
        field_definitions={"referrer": (str | None, None)},
    )

    instance = dto(person_id="a-1", name="Ada", password="pw")
    assert instance.model_dump() == {
        "person_id": "a-1",
        "name": "Ada",
        "password": "pw",
        "nickname": None,
        "referrer": None,
    }


def test_a_renamed_field_keeps_its_constraints_unless_its_type_changes() -> None:
    class Account(BaseModel):
        login: str = Field(min_length=3, description="Who logs in")

    renamed = DTOFactory()("AccountIn", Account, field_mapping={"login": "username"})
    retyped = DTOFactory()("AccountIn", Account, field_mapping={"login": ("username", int)})

    with pytest.raises(ValidationError, match="username"):
        renamed(username="ab")
    assert renamed.model_json_schema()["properties"]["username"]["description"] == "Who logs in"
    assert retyped(username=7).model_dump() == {"username": 7}


def test_defaults_survive_the_copy_and_the_rename() -> None:
    dto = DTOFactory()("PersonIn", DataclassPerson, field_mapping={"password": "secret"})

    assert dto(id=1, name="Ada").model_dump() == {"id": 1, "name": "Ada", "secret": "hunter2"}


def test_unsupported_sources_and_unknown_field_names_are_refused() -> None:
    with pytest.raises(ImproperlyConfiguredException, match="No supported plugin found"):
        DTOFactory()("RowDTO", Row)
    with pytest.raises(ImproperlyConfiguredException, match="'pasword'"):
        DTOFactory()("PersonOut", Person, exclude=["pasword"])
    with pytest.raises(ImproperlyConfiguredException, match="'nmae'"):
        DTOFactory()("PersonOut", Person, field_mapping={"nmae": "full_name"})


@pytest.mark.parametrize(
    "instance",
    [
        Person(id=1, name="Ada", password="pw"),
        DataclassPerson(id=1, name="Ada", password="pw"),
        StructPerson(id=1, name="Ada", password="pw"),
        {"id": 1, "name": "Ada", "password": "pw"},
    ],
    ids=["pydantic", "dataclass", "struct", "dict"],
)
def test_from_model_instance_maps_renamed_fields(instance: Any) -> None:
    dto = DTOFactory()("PersonOut", type(instance) if not isinstance(instance, dict) else TypedDictPerson,
                       exclude=["password"], field_mapping={"name": "full_name"})  # fmt: skip

    assert dto.from_model_instance(instance).model_dump(include={"id", "full_name"}) == {
        "id": 1,
        "full_name": "Ada",
    }


@pytest.mark.parametrize("source", [Person, DataclassPerson, StructPerson], ids=lambda s: s.__name__)
def test_to_model_instance_maps_renamed_fields_back(source: type) -> None:
    dto = DTOFactory()("PersonIn", source, field_mapping={"name": "full_name"})

    person = dto(id=1, full_name="Ada", password="pw").to_model_instance()

    assert type(person) is source
    assert (person.id, person.name, person.password) == (1, "Ada", "pw")


class CamelPerson(BaseModel):
    id: int
    full_name: str = Field(alias="fullName")
    password: str


def test_a_source_field_with_an_alias_converts_both_ways() -> None:
    # The DTO keeps the alias (clients send ``fullName``); converting must not look for ``full_name``.
    person_in = DTOFactory()("CamelIn", CamelPerson)
    person_out = DTOFactory()("CamelOut", CamelPerson, exclude=["password"])
    person = CamelPerson(id=1, fullName="Ada", password="pw")

    assert person_out.from_model_instance(person).model_dump(by_alias=True) == {"id": 1, "fullName": "Ada"}
    assert (
        person_in.model_validate({"id": 1, "fullName": "Ada", "password": "pw"}).to_model_instance() == person
    )


def test_a_plugin_source_converts_through_the_plugin() -> None:
    plugin = RowPlugin()
    dto = DTOFactory(plugins=[plugin])("RowDTO", Row, field_mapping={"title": "heading"})

    assert dto.dto_source_plugin is plugin
    assert list(dto.model_fields) == ["id", "heading"]
    from_row = dto.from_model_instance(Row(id=1, title="Hello"))
    assert from_row.model_dump() == {"id": 1, "heading": "Hello"}
    row = from_row.to_model_instance()
    assert isinstance(row, Row) and row.values == {"id": 1, "title": "Hello"}


@pytest.mark.anyio
async def test_an_async_to_dict_needs_from_model_instance_async() -> None:
    dto = DTOFactory(plugins=[RowPlugin(async_to_dict=True)])("RowDTO", Row)

    with pytest.raises(ImproperlyConfiguredException, match="from_model_instance_async"):
        dto.from_model_instance(Row(id=1, title="Hello"))
    assert (await dto.from_model_instance_async(Row(id=1, title="Hello"))).model_dump() == {
        "id": 1,
        "title": "Hello",
    }


def test_a_dto_equals_its_source_by_value_as_in_1_5x() -> None:
    dto = DTOFactory()("PersonOut", Person)
    person = Person(id=1, name="Ada", password="pw")

    assert dto.from_model_instance(person) == person
    assert dto.from_model_instance(person) == person.model_dump()
    assert dto.from_model_instance(person) != Person(id=2, name="Ada", password="pw")


def test_partial_of_a_dto_keeps_the_source() -> None:
    dto = DTOFactory()("PersonIn", Person, exclude=["password"])
    partial = Partial[dto]  # type: ignore[valid-type]

    assert partial(name="Ada").model_dump() == {"id": None, "name": "Ada", "nickname": None}  # type: ignore[call-arg]
    assert partial.dto_source_model is Person  # type: ignore[attr-defined]


def test_the_names_1_5x_offered() -> None:
    import starlite

    assert starlite.DTOFactory is DTOFactory
    assert HandlersDTO is DTO
    assert Starlite  # the app imports the DTO module without any optional extra
