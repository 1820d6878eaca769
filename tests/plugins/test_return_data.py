"""Returned values of a handler on an app with plugins: the plugin of a class is looked up once per handler."""

from __future__ import annotations

import asyncio
from typing import Any, TypeGuard

from starlite import PluginProtocol, get
from starlite.testing import create_test_client


class Row:
    def __init__(self, **values: Any) -> None:
        self.values = values


class CountingRowPlugin(PluginProtocol[Row]):
    """Converts ``Row`` instances and counts the returned values it is asked about."""

    def __init__(self) -> None:
        self.asked_about_values = 0

    def is_plugin_supported_type(self, value: Any) -> TypeGuard[Row]:  # type: ignore[override]
        if not isinstance(value, type):
            self.asked_about_values += 1
        return value is Row or isinstance(value, Row)

    def to_dict(self, model_instance: Row) -> dict[str, Any]:
        return model_instance.values


def test_the_plugin_of_a_returned_class_is_looked_up_once_per_handler() -> None:
    turn = iter(range(100))

    @get("/mixed")
    def mixed() -> Any:
        index = next(turn)
        if index % 3 == 0:
            return Row(id=index, name="row")
        if index % 3 == 1:
            return [Row(id=index, name="listed")]
        return {"id": index, "name": "plain"}

    plugin = CountingRowPlugin()
    with create_test_client([mixed], plugins=[plugin]) as client:
        answers = [client.get("/mixed").json() for _ in range(9)]
    expected = [{"id": 0, "name": "row"}, [{"id": 1, "name": "listed"}], {"id": 2, "name": "plain"}]
    assert answers[:3] == expected
    assert answers[6:] == [
        {"id": 6, "name": "row"},
        [{"id": 7, "name": "listed"}],
        {"id": 8, "name": "plain"},
    ]
    # Once for Row (a single instance and a list's first item share it) and once for dict, not per request.
    assert plugin.asked_about_values == 2


class Frame:
    """Like a data frame: asking for its truth is an error."""

    def __bool__(self) -> bool:
        raise ValueError("the truth value of a frame is ambiguous")


def test_a_value_without_a_truth_value_is_sent_through_its_type_encoder() -> None:
    @get("/frame", type_encoders={Frame: lambda frame: {"rows": 0}})
    def frame() -> Any:
        return Frame()

    with create_test_client([frame], plugins=[CountingRowPlugin()]) as client:
        assert client.get("/frame").json() == {"rows": 0}


class LoopWatchingRowPlugin(CountingRowPlugin):
    """Notes whether an event loop runs in the thread that reads each row (a database load would block it)."""

    def __init__(self) -> None:
        super().__init__()
        self.read_on_a_loop: list[bool] = []

    def to_dict(self, model_instance: Row) -> dict[str, Any]:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            self.read_on_a_loop.append(False)
        else:
            self.read_on_a_loop.append(True)
        return model_instance.values


def test_rows_a_sync_handler_returns_are_read_in_its_worker_thread() -> None:
    @get("/rows", sync_to_thread=True)
    def rows() -> list[Row]:
        return [Row(id=1), Row(id=2)]

    @get("/row", sync_to_thread=True)
    def row() -> Row:
        return Row(id=3)

    plugin = LoopWatchingRowPlugin()
    with create_test_client([rows, row], plugins=[plugin]) as client:
        assert client.get("/rows").json() == [{"id": 1}, {"id": 2}]
        assert client.get("/row").json() == {"id": 3}
    assert plugin.read_on_a_loop == [False, False, False]
