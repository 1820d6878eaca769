"""Plugins on the app: ``on_app_init``, request data of a plugin's model class, returned model instances."""

from __future__ import annotations

from typing import Any, TypeGuard

import pytest
from pydantic import BaseModel, create_model

from starlite import PluginProtocol, Provide, Starlite, get, post
from starlite.testing import create_test_client


class Row:
    """A stand-in for an ORM's model class: not a pydantic model, not a dataclass."""

    fields: dict[str, type] = {"id": int, "name": str}

    def __init__(self, **values: Any) -> None:
        self.values = values


class RowPlugin(PluginProtocol[Row]):
    def __init__(self, async_to_dict: bool = False) -> None:
        self.async_to_dict = async_to_dict
        self.initialised_with: list[Any] = []

    def on_app_init(self, app: Any) -> None:
        self.initialised_with.append(app)
        app.dependencies["row_count"] = Provide(lambda: 3, sync_to_thread=False)

    @staticmethod
    def is_plugin_supported_type(value: Any) -> TypeGuard[Row]:
        return value is Row or isinstance(value, Row)

    def to_pydantic_model_class(self, model_class: type[Row], **kwargs: Any) -> type[BaseModel]:
        return create_model("RowModel", **{name: (kind, ...) for name, kind in model_class.fields.items()})  # type: ignore[call-overload,no-any-return]

    def from_pydantic_model_instance(self, model_class: type[Row], pydantic_model_instance: BaseModel) -> Row:
        return model_class(**pydantic_model_instance.model_dump())

    def to_dict(self, model_instance: Row) -> Any:
        if self.async_to_dict:

            async def values() -> dict[str, Any]:
                return {**model_instance.values, "async": True}

            return values()
        return model_instance.values


def test_on_app_init_sees_the_app_before_handlers_are_registered() -> None:
    plugin = RowPlugin()

    @get("/count")
    def count(row_count: int) -> int:
        return row_count

    app = Starlite([count], plugins=[plugin])
    assert plugin.initialised_with == [app]
    with create_test_client([count], plugins=[RowPlugin()]) as client:
        assert client.get("/count").json() == 3


def test_data_of_a_plugin_model_class_arrives_as_that_class() -> None:
    seen: list[Any] = []

    @post("/rows")
    def create(data: Row) -> dict[str, Any]:
        seen.append(data)
        return data.values

    with create_test_client([create], plugins=[RowPlugin()]) as client:
        response = client.post("/rows", json={"id": 1, "name": "one"})
        assert response.status_code == 201
        assert response.json() == {"id": 1, "name": "one"}
        assert isinstance(seen[0], Row)


def test_a_list_of_plugin_models_and_an_optional_one() -> None:
    @post("/rows")
    def create_many(data: list[Row]) -> list[str]:
        return [type(row).__name__ for row in data]

    @post("/maybe")
    def maybe(data: Row | None = None) -> str:
        return "none" if data is None else data.values["name"]

    with create_test_client([create_many, maybe], plugins=[RowPlugin()]) as client:
        assert client.post("/rows", json=[{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]).json() == [
            "Row",
            "Row",
        ]
        assert client.post("/maybe", json={"id": 1, "name": "x"}).text == "x"
        assert client.post("/maybe").text == "none"


def test_a_body_that_does_not_fit_the_plugin_model_is_a_400_naming_the_field() -> None:
    @post("/rows")
    def create(data: Row) -> None:
        raise AssertionError("not reached")

    with create_test_client([create], plugins=[RowPlugin()]) as client:
        response = client.post("/rows", json={"id": "not a number", "name": "one"})
        assert response.status_code == 400
        assert [entry["key"] for entry in response.json()["extra"]] == ["id"]


@pytest.mark.parametrize("async_to_dict", [False, True])
def test_returned_model_instances_are_converted_by_the_plugin(async_to_dict: bool) -> None:
    extra = {"async": True} if async_to_dict else {}

    @get("/row")
    def one() -> Row:
        return Row(id=1, name="one")

    @get("/rows")
    def many() -> list[Row]:
        return [Row(id=1, name="one"), Row(id=2, name="two")]

    @get("/untyped")
    def untyped() -> Any:
        return Row(id=3, name="three")

    with create_test_client([one, many, untyped], plugins=[RowPlugin(async_to_dict)]) as client:
        assert client.get("/row").json() == {"id": 1, "name": "one", **extra}
        assert client.get("/rows").json() == [
            {"id": 1, "name": "one", **extra},
            {"id": 2, "name": "two", **extra},
        ]
        assert client.get("/untyped").json() == {"id": 3, "name": "three", **extra}


def test_handler_to_response_converts_with_the_plugins_given() -> None:
    @get("/row")
    def one() -> Row:
        return Row(id=1, name="one")

    with create_test_client([one], plugins=[RowPlugin()]) as client:
        # the public 1.5x method, as integrations call it
        assert client.get("/row").json() == {"id": 1, "name": "one"}
