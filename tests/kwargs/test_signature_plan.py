"""The signature plan: built once at start-up, and every configuration error found there."""

import inspect
import typing
from typing import Any

import pytest
from pydantic import BaseModel

from starlite import (
    Body,
    ImproperlyConfiguredException,
    Parameter,
    Provide,
    RequestEncodingType,
    Starlite,
    get,
    post,
    websocket,
)
from starlite.connection import WebSocket
from starlite.testing import create_test_client


class Filters(BaseModel):
    name: str


def _startup_error(*handlers: Any, **options: Any) -> str:
    with pytest.raises(ImproperlyConfiguredException) as info:
        Starlite(route_handlers=list(handlers), **options)
    return str(info.value)


def test_requests_never_read_signatures_again(monkeypatch: pytest.MonkeyPatch) -> None:
    def provider(size: int = 10) -> int:
        return size

    @post("/items/{item_id:int}", dependencies={"limit": Provide(provider)})
    def handler(
        item_id: int, q: str, limit: int, data: Filters, token: str = Parameter(header="x-token")
    ) -> list:
        return [item_id, q, limit, data.name, token]

    with create_test_client(handler) as client:

        def forbidden(*args: Any, **kwargs: Any) -> Any:
            raise AssertionError("signature inspected at request time")

        monkeypatch.setattr(inspect, "signature", forbidden)
        monkeypatch.setattr(typing, "get_type_hints", forbidden)
        response = client.post("/items/3?q=x&size=5", json={"name": "n"}, headers={"x-token": "t"})
    assert response.json() == [3, "x", 5, "n", "t"]


def test_the_plan_is_kept_on_the_handler_for_later_readers() -> None:
    @get("/items/{item_id:int}")
    def handler(item_id: int, page: int = Parameter(query="p", ge=1, default=1, description="Page")) -> None:
        return None

    app = Starlite([handler])
    registered = app.route_handler_method_map["/items/{item_id:int}"]["GET"]
    plan = registered.kwargs_plan  # type: ignore[attr-defined]
    parameters = {definition.name: definition for definition in plan.parameters}
    assert (parameters["item_id"].source, parameters["page"].source, parameters["page"].key) == (
        "path",
        "query",
        "p",
    )
    assert parameters["page"].kwarg.description == "Page"
    assert parameters["page"].kwarg.ge == 1


class Session:
    """A class neither pydantic nor msgspec can build from text."""


@pytest.mark.parametrize(
    "annotation",
    [Filters, dict[str, int], list[Filters], Session],
    ids=["model", "dict", "list-of-models", "plain-class"],
)
def test_a_parameter_text_cannot_become_is_a_400_per_request_not_a_startup_error(annotation: Any) -> None:
    # As in 1.5x: the app starts (a dependency meant for another controller, say, is simply a query
    # parameter here), and requests are refused, naming the parameter.
    @get("/")
    def search(filters: annotation) -> None:  # type: ignore[valid-type]
        return None

    with create_test_client(search) as client:
        missing = client.get("/")
        sent = client.get("/?filters=x")
    assert missing.status_code == 400
    assert missing.json()["detail"] == "Missing required parameter filters for url http://testserver.local/"
    assert sent.status_code == 400
    assert [error["key"] for error in sent.json()["extra"]] == ["filters"]


def test_an_annotation_that_is_not_a_type_is_refused() -> None:
    @get("/")
    def search(filters: object()) -> None:  # type: ignore[valid-type]
        return None

    message = _startup_error(search)
    assert "search" in message
    assert "'filters'" in message
    assert "is not a type" in message


def test_an_unresolvable_annotation_is_refused() -> None:
    @get("/")
    def handler(value: "NotDefinedAnywhere") -> None:  # type: ignore[name-defined]  # noqa: F821
        return None

    message = _startup_error(handler)
    assert "'value'" in message
    assert "cannot be resolved" in message


def test_a_parameter_on_a_dependency_is_read_from_the_request_too() -> None:
    def provider(filters: Filters) -> int:
        return 1

    @get("/", dependencies={"count": Provide(provider)})
    def handler(count: int) -> None:
        return None

    with create_test_client(handler) as client:
        response = client.get("/")
    assert response.status_code == 400
    assert response.json()["extra"] == [
        {"key": "filters", "message": "Missing required parameter", "source": "query"}
    ]


def test_websocket_handlers_cannot_take_http_only_kwargs() -> None:
    def provider(request: Any) -> int:
        return 1

    @websocket("/ws", dependencies={"count": Provide(provider)})
    async def handler(socket: WebSocket, count: int) -> None:
        return None

    assert "'request' is not available on this connection type" in _startup_error(handler)


def test_a_get_handler_cannot_read_the_body_through_a_dependency() -> None:
    def provider(data: dict[str, Any]) -> int:
        return 1

    @get("/", dependencies={"count": Provide(provider)})
    def handler(count: int) -> None:
        return None

    assert "'data' kwarg is unsupported for 'GET'" in _startup_error(handler)


def test_data_declared_two_ways_is_refused() -> None:
    def provider(data: dict[str, Any] = Body(media_type=RequestEncodingType.URL_ENCODED)) -> int:
        return 1

    @post("/", dependencies={"count": Provide(provider)})
    def handler(count: int, data: dict[str, Any]) -> None:
        return None

    message = _startup_error(handler)
    assert "'data' is read as application/json here and as application/x-www-form-urlencoded" in message


def test_data_of_the_same_encoding_may_be_declared_with_and_without_body() -> None:
    def provider(data: dict[str, Any] = Body()) -> int:
        return len(data)

    @post("/", dependencies={"count": Provide(provider)})
    def handler(count: int, data: dict[str, Any]) -> int:
        return count

    with create_test_client(handler) as client:
        assert client.post("/", json={"a": 1, "b": 2}).json() == 2


def test_one_name_from_two_sources_is_refused() -> None:
    @get("/{key:str}", dependencies={"key": Provide(lambda: 1)})
    def path_and_dependency(key: str) -> None:
        return None

    @get("/{key:str}")
    def path_and_alias(key: str = Parameter(header="key")) -> None:
        return None

    @get("/", dependencies={"key": Provide(lambda: 1)})
    def dependency_and_alias(key: str = Parameter(query="key")) -> None:
        return None

    @get("/{key:str}")
    def path_and_layer(key: str) -> None:
        return None

    for handler, options in (
        (path_and_dependency, {}),
        (path_and_alias, {}),
        (dependency_and_alias, {}),
        (path_and_layer, {"parameters": {"key": Parameter(str)}}),
    ):
        assert "kwarg resolution ambiguity for 'key'" in _startup_error(handler, **options)


@pytest.mark.parametrize("name", ["state", "query", "body"])
def test_a_reserved_name_cannot_be_a_path_parameter_or_an_aliased_parameter(name: str) -> None:
    def handler_fn(**kwargs: Any) -> None:
        return None

    path = get("/{" + name + ":int}")(_with_signature(handler_fn, name, inspect.Parameter.empty))
    aliased = get("/")(_with_signature(handler_fn, name, Parameter(query="other")))
    assert "is a reserved kwarg" in _startup_error(path)
    assert "is a reserved kwarg" in _startup_error(aliased)


def _with_signature(fn: Any, name: str, default: Any) -> Any:
    def handler(**kwargs: Any) -> None:
        return fn(**kwargs)

    parameter = inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=int)
    handler.__signature__ = inspect.Signature([parameter], return_annotation=None)  # type: ignore[attr-defined]
    handler.__name__ = f"takes_{name}"
    return handler


def test_a_parameter_reading_two_sources_is_refused() -> None:
    with pytest.raises(ImproperlyConfiguredException, match="one of header, cookie or query"):
        Parameter(header="x-a", query="a")


def test_constraints_that_do_not_fit_the_type_are_refused() -> None:
    @get("/")
    def handler(flag: bool = Parameter(gt=1)) -> None:
        return None

    @get("/other")
    def other(when: int = Parameter(min_length=3, default=4)) -> None:
        return None

    assert "'flag'" in _startup_error(handler)
    assert "gt cannot apply to a value of type <class 'bool'>" in _startup_error(handler)
    assert "min_length cannot apply" in _startup_error(other)
