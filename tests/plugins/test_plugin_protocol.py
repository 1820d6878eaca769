"""``PluginProtocol`` and ``get_plugin_for_value``, as integrations written for 1.5x call them."""

from __future__ import annotations

from typing import Any, TypeGuard

from pydantic import BaseModel

from starlite import PluginProtocol, Starlite
from starlite.plugins import PluginMapping, get_plugin_for_value


class Row:
    def __init__(self, **values: Any) -> None:
        self.values = values


class RowModel(BaseModel):
    id: int


class RowPlugin(PluginProtocol[Row]):
    @staticmethod
    def is_plugin_supported_type(value: Any) -> TypeGuard[Row]:
        return value is Row or isinstance(value, Row)

    def from_pydantic_model_instance(self, model_class: type[Row], pydantic_model_instance: BaseModel) -> Row:
        return model_class(**pydantic_model_instance.model_dump())

    def to_dict(self, model_instance: Row) -> dict[str, Any]:
        return model_instance.values


def test_the_plugin_of_a_value_an_instance_a_list_or_an_alias() -> None:
    plugin = RowPlugin()
    assert get_plugin_for_value(Row(), [plugin]) is plugin
    assert get_plugin_for_value([Row(), Row()], [plugin]) is plugin
    assert get_plugin_for_value(list[Row], [plugin]) is plugin
    assert get_plugin_for_value(42, [plugin]) is None


def test_without_plugins_no_plugin_is_found() -> None:
    # Integrations written for 1.5x call it with the value alone (sentry-sdk's Starlite integration).
    assert get_plugin_for_value(Row()) is None
    assert get_plugin_for_value(Row(), Starlite([]).plugins) is None


def test_the_protocol_is_runtime_checkable_and_has_defaults() -> None:
    assert isinstance(RowPlugin(), PluginProtocol)
    assert PluginProtocol.is_plugin_supported_type(Row()) is False


def test_plugin_mapping_converts_instances_and_lists() -> None:
    mapping = PluginMapping(plugin=RowPlugin(), model_class=Row)
    assert mapping.get_model_instance_for_value(RowModel(id=1)).values == {"id": 1}
    assert [row.values for row in mapping.get_model_instance_for_value([RowModel(id=1), RowModel(id=2)])] == [
        {"id": 1},
        {"id": 2},
    ]
