"""Mapped classes as pydantic models: which classes, the field types, relationships, to_dict, the OpenAPI schema."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Optional

import pytest
from pydantic import BaseModel, ValidationError
from sqlalchemy import (
    ARRAY,
    JSON,
    Column,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Integer,
    Interval,
    LargeBinary,
    Numeric,
    String,
    Table,
    TupleType,
    TypeDecorator,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declarative_base, mapped_column, registry, relationship

from starlite import Starlite, get, post
from starlite.exceptions import ImproperlyConfiguredException
from starlite.plugins.sql_alchemy import SQLAlchemyPlugin
from tests.plugins.sql_alchemy._support import Author, Book

LegacyBase = declarative_base()
mapper_registry = registry()


class Size(enum.Enum):
    SMALL = "s"
    LARGE = "l"


class Legacy(LegacyBase):  # the 1.x declarative style
    __tablename__ = "legacy"
    id = Column(Integer, primary_key=True)
    label = Column(String, default="none")


@dataclass
class Imperative:
    id: int
    name: str


mapper_registry.map_imperatively(
    Imperative,
    Table(
        "imperative",
        mapper_registry.metadata,
        Column("id", Integer, primary_key=True),
        Column("name", String(5)),
    ),
)


class Base(DeclarativeBase):
    pass


class Everything(Base):
    __tablename__ = "everything"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(3))
    note: Mapped[str | None] = mapped_column(String)
    size: Mapped[Size] = mapped_column(Enum(Size))
    kind: Mapped[str] = mapped_column(Enum("a", "b", name="kind"))
    price: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    ratio: Mapped[float] = mapped_column(Float)
    grid: Mapped[list[list[int]] | None] = mapped_column(ARRAY(Integer, dimensions=2))
    pair: Mapped[Any | None] = mapped_column(TupleType(String(), Integer()))
    blob: Mapped[bytes | None] = mapped_column(LargeBinary(4))
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    ref: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    at: Mapped[datetime | None] = mapped_column(DateTime)
    span: Mapped[timedelta | None] = mapped_column(Interval)
    active: Mapped[bool] = mapped_column(default=True)


class Owner(Base):
    __tablename__ = "owner"
    id: Mapped[int] = mapped_column(primary_key=True)
    pets: Mapped[list[Pet]] = relationship(back_populates="owner")
    best_friend_id: Mapped[int | None] = mapped_column(ForeignKey("owner.id"))
    best_friend: Mapped[Owner | None] = relationship(remote_side=[id])


class Pet(Base):
    __tablename__ = "pet"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("owner.id"))
    owner: Mapped[Owner | None] = relationship(back_populates="pets")


class Odd(TypeDecorator[str]):
    impl = String
    cache_ok = True


class WithCustomColumn(Base):
    __tablename__ = "custom"
    id: Mapped[int] = mapped_column(primary_key=True)
    odd: Mapped[str] = mapped_column(Odd)


class NotMapped:
    pass


@pytest.mark.parametrize(
    "value, supported",
    [
        (Author, True),
        (Author(name="a"), True),
        (Legacy, True),
        (Legacy(), True),
        (Imperative, True),
        (Imperative(id=1, name="a"), True),
        (Author.__table__, False),
        (NotMapped, False),
        (NotMapped(), False),
        (None, False),
        ("Author", False),
        (BaseModel, False),
    ],
)
def test_is_plugin_supported_type(value: Any, supported: bool) -> None:
    assert SQLAlchemyPlugin.is_plugin_supported_type(value) is supported


@pytest.mark.parametrize("value", [Author(name="a"), Author.__table__, NotMapped, None, "x"])
def test_parse_model_refuses_what_is_not_a_mapped_class(value: Any) -> None:
    with pytest.raises(ImproperlyConfiguredException, match="only SQLAlchemy mapped classes"):
        SQLAlchemyPlugin.parse_model(value)
    with pytest.raises(ImproperlyConfiguredException):
        SQLAlchemyPlugin().to_pydantic_model_class(value)


def test_parse_model_returns_the_mapper() -> None:
    assert SQLAlchemyPlugin.parse_model(Imperative).class_ is Imperative


def test_the_model_is_built_once_per_class() -> None:
    plugin = SQLAlchemyPlugin()
    assert plugin.to_pydantic_model_class(Author) is plugin.to_pydantic_model_class(Author)
    assert plugin.to_pydantic_model_class(Author).__name__ == "Author"


def test_column_types_become_python_types() -> None:
    model = SQLAlchemyPlugin().to_pydantic_model_class(Everything)
    valid = model.model_validate(
        {
            "id": 1,
            "code": "abc",
            "size": "l",
            "kind": "b",
            "price": "9.99",
            "ratio": 0.5,
            "grid": [[1, 2], [3]],
            "pair": ["x", "2"],
            "blob": "abcd",
            "data": {"k": [1]},
            "ref": "12345678-1234-5678-1234-567812345678",
            "at": "2024-01-02T03:04:05",
            "span": "PT1H",
        }
    )
    assert valid.size is Size.LARGE
    assert valid.price == Decimal("9.99")
    assert valid.pair == ("x", 2)
    assert valid.blob == b"abcd"
    assert valid.ref == uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert valid.span == timedelta(hours=1)
    assert valid.active is True  # the column's scalar default
    assert valid.note is None
    refused = {
        "code": "abcd",  # longer than String(3)
        "kind": "c",  # not one of the enum's strings
        "grid": [1, 2],  # not two dimensions
        "blob": "abcde",  # longer than LargeBinary(4)
        "data": "text",  # JSON columns hold objects or arrays
    }
    for field, value in refused.items():
        with pytest.raises(ValidationError) as info:
            model.model_validate({**valid.model_dump(), field: value})
        assert info.value.errors()[0]["loc"][0] == field
    required = {name for name, field in model.model_fields.items() if field.is_required()}
    assert required == {"id", "code", "size", "kind", "price", "ratio"}


def test_legacy_and_imperative_models() -> None:
    plugin = SQLAlchemyPlugin()
    legacy = plugin.to_pydantic_model_class(Legacy)
    assert legacy.model_validate({"id": 1}).label == "none"
    imperative = plugin.to_pydantic_model_class(Imperative)
    instance = plugin.from_pydantic_model_instance(
        Imperative, imperative.model_validate({"id": 1, "name": "ab"})
    )
    assert instance == Imperative(id=1, name="ab")
    assert plugin.to_dict(instance) == {"id": 1, "name": "ab"}
    assert plugin.from_dict(Imperative, id=2, name="c") == Imperative(id=2, name="c")


def test_a_column_type_without_provider_is_refused() -> None:
    with pytest.raises(ImproperlyConfiguredException, match="Unsupported column type 'Odd'"):
        SQLAlchemyPlugin().to_pydantic_model_class(WithCustomColumn)

    class OddPlugin(SQLAlchemyPlugin):
        @property
        def providers_map(self) -> dict[Any, Any]:
            return {**super().providers_map, Odd: lambda _: str}

    assert OddPlugin().to_pydantic_model_class(WithCustomColumn).model_fields["odd"].annotation is str


def test_relationships_are_nested_models_and_back_references_any() -> None:
    plugin = SQLAlchemyPlugin()
    owner = plugin.to_pydantic_model_class(Owner)
    assert owner.model_fields["pets"].annotation is Any  # back-populated, as in 1.5x
    assert owner.model_fields["best_friend"].annotation == Optional[owner]  # noqa: UP045 - as the plugin builds it
    author = plugin.to_pydantic_model_class(Author)
    book = plugin.to_pydantic_model_class(Book)
    assert author.model_fields["books"].annotation == Optional[list[book]]  # noqa: UP045
    nested = author.model_validate({"id": 1, "name": "a", "books": [{"id": 2, "title": "t"}]})
    instance = plugin.from_pydantic_model_instance(Author, nested)
    assert isinstance(instance.books[0], Book)
    assert instance.books[0].title == "t"


def test_to_dict_reads_columns_and_related_instances_without_cycles() -> None:
    plugin = SQLAlchemyPlugin()
    alice, bob = Owner(id=1), Owner(id=2)
    alice.best_friend = bob
    bob.best_friend = alice  # a cycle
    alice.pets = [Pet(id=10)]
    assert plugin.to_dict(alice) == {
        "id": 1,
        "best_friend_id": None,
        "pets": [{"id": 10, "owner_id": None}],  # the pet's owner is alice: left out
        "best_friend": {"id": 2, "best_friend_id": None, "pets": None},
    }


def test_to_dict_does_not_go_through_pydantic(monkeypatch: pytest.MonkeyPatch) -> None:
    plugin = SQLAlchemyPlugin()

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("to_dict must not build or use a pydantic model")

    monkeypatch.setattr(SQLAlchemyPlugin, "to_pydantic_model_class", refuse)
    monkeypatch.setattr(BaseModel, "model_validate", refuse)
    assert plugin.to_dict(Book(id=1, title="t", author_id=None)) == {"id": 1, "title": "t", "author_id": None}


def test_openapi_schema_of_a_mapped_model() -> None:
    @get("/authors/{author_id:int}")
    def read(author_id: int) -> Author:
        raise NotImplementedError

    @post("/authors")
    def create(data: Author) -> Author:
        raise NotImplementedError

    app = Starlite([read, create], plugins=[SQLAlchemyPlugin()])
    document = app.openapi_schema.model_dump(mode="json", exclude_none=True, by_alias=True)
    reference = {"$ref": "#/components/schemas/Author"}
    authors = document["paths"]["/authors"]["post"]
    assert authors["requestBody"]["content"]["application/json"]["schema"] == reference
    assert authors["responses"]["201"]["content"]["application/json"]["schema"] == reference
    read_responses = document["paths"]["/authors/{author_id}"]["get"]["responses"]
    assert read_responses["200"]["content"]["application/json"]["schema"] == reference
    schemas = document["components"]["schemas"]
    assert schemas["Author"]["required"] == ["id", "name"]
    assert schemas["Author"]["properties"]["name"] == {"type": "string", "maxLength": 20, "title": "Name"}
    assert schemas["Author"]["properties"]["genre"] == {
        "$ref": "#/components/schemas/Genre",
        "default": "fiction",
    }
    assert schemas["Author"]["properties"]["books"]["anyOf"][0] == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/Book"},
    }
    assert schemas["Book"]["properties"]["title"] == {"type": "string", "maxLength": 50, "title": "Title"}
    assert schemas["Genre"] == {"type": "string", "enum": ["fiction", "poetry"], "title": "Genre"}


class Holder(Base):
    __tablename__ = "holder"
    id: Mapped[int] = mapped_column(primary_key=True)
    custom_id: Mapped[int | None] = mapped_column(ForeignKey("custom.id"))
    custom: Mapped[WithCustomColumn | None] = relationship()


def test_a_related_class_that_cannot_be_converted_leaves_no_model_behind() -> None:
    plugin = SQLAlchemyPlugin()
    for _ in range(2):  # the second attempt fails the same way, rather than finding a half-built model
        with pytest.raises(ImproperlyConfiguredException, match="Unsupported column type 'Odd'"):
            plugin.to_pydantic_model_class(Holder)
