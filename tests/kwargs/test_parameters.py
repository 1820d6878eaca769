# ruff: noqa: UP045 - the typing.Optional spelling is what many 1.5x apps use, so it is tested as written
"""Path, query, header and cookie parameters: sources, types, ``Parameter(...)`` and layering."""

import collections
import enum
from collections.abc import MutableSequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Annotated, Any, Literal, Optional
from uuid import UUID

import pytest

from starlite import Controller, Parameter, Router, get
from starlite.testing import create_test_client


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


def _errors(response: Any) -> dict[str, dict[str, str]]:
    assert response.status_code == 400, response.text
    return {error["key"]: error for error in response.json()["extra"]}


@pytest.mark.parametrize(
    ("annotation", "raw", "expected"),
    [
        (int, "42", 42),
        (int, "-7", -7),
        (float, "2.5", 2.5),
        (bool, "true", True),
        (bool, "0", False),
        (bool, "yes", True),
        (bool, "Off", False),
        (str, "héllo wörld", "héllo wörld"),
        (bytes, "raw text", "raw text"),  # bytes are the UTF-8 of the text, echoed back decoded
        (UUID, "12345678-1234-5678-1234-567812345678", "12345678-1234-5678-1234-567812345678"),
        (date, "2024-02-29", "2024-02-29"),
        (datetime, "2024-02-29T10:30:00", "2024-02-29T10:30:00"),
        (time, "10:30", "10:30:00"),
        (timedelta, "90", 90.0),
        (timedelta, "PT1H", 3600.0),
        (timedelta, "P2W", 1209600.0),  # ISO 8601 weeks, as pydantic reads them
        (Decimal, "10.50", "10.50"),  # a Decimal is answered as a JSON string, as in 1.5x
        (Color, "blue", "blue"),
        (Level, "2", 2),
        (Literal["asc", "desc"], "desc", "desc"),
        (Optional[int], "5", 5),
    ],
)
def test_query_values_convert_to_the_annotated_type(annotation: Any, raw: str, expected: Any) -> None:
    @get("/")
    def handler(value: annotation) -> Any:  # type: ignore[valid-type]
        if isinstance(value, bytes):
            return value.decode()
        if isinstance(value, timedelta):
            return value.total_seconds()
        return value

    with create_test_client(handler) as client:
        response = client.get("/", params={"value": raw})
    assert response.status_code == 200, response.text
    assert response.json() == expected


@pytest.mark.parametrize(
    ("annotation", "raw"),
    [
        (int, "4.2"),
        (int, "four"),
        (float, "x"),
        (bool, "maybe"),
        (UUID, "not-a-uuid"),
        (date, "2024-02-30"),
        (datetime, "yesterday"),
        (time, "25:00"),
        (timedelta, "a while"),
        (Decimal, "ten"),
        (Color, "green"),
        (Level, "3"),
        (Literal["asc", "desc"], "up"),
    ],
)
def test_values_that_do_not_convert_are_a_400_naming_the_parameter(annotation: Any, raw: str) -> None:
    @get("/")
    def handler(value: annotation) -> None:  # type: ignore[valid-type]
        return None

    with create_test_client(handler) as client:
        response = client.get("/", params={"value": raw})
    error = _errors(response)["value"]
    assert error["source"] == "query"
    assert error["message"]


def test_optional_and_defaulted_parameters_may_be_left_out() -> None:
    @get("/")
    def handler(a: Optional[int], b: int = 3, c: Optional[str] = "x") -> list[Any]:
        return [a, b, c]

    with create_test_client(handler) as client:
        assert client.get("/").json() == [None, 3, "x"]
        assert client.get("/?a=1&b=2&c=z").json() == [1, 2, "z"]


def test_repeated_query_keys_fill_lists_and_sets() -> None:
    @get("/")
    def handler(ids: list[int], tags: set[str], maybe: Optional[list[int]] = None) -> dict[str, Any]:
        return {"ids": ids, "tags": sorted(tags), "maybe": maybe}

    with create_test_client(handler) as client:
        body = client.get("/?ids=1&ids=2&ids=3&tags=b&tags=a&tags=b").json()
        assert body == {"ids": [1, 2, 3], "tags": ["a", "b"], "maybe": None}
        assert client.get("/?ids=7&tags=x&maybe=1&maybe=2").json()["maybe"] == [1, 2]
        assert _errors(client.get("/?ids=1&ids=x&tags=a"))["ids"]["source"] == "query"
        assert _errors(client.get("/?tags=a"))["ids"]["message"] == "Missing required parameter"


def test_every_kind_of_array_fills_from_a_repeated_key() -> None:
    @get("/")
    def handler(
        queue: collections.deque[int],
        frozen: frozenset[int],
        mutable: MutableSequence[int],
        triple: tuple[int, str, int],
        variadic: tuple[int, ...],
    ) -> list[Any]:
        assert isinstance(queue, collections.deque)
        assert isinstance(frozen, frozenset)
        return [list(queue), sorted(frozen), mutable, list(triple), list(variadic)]

    with create_test_client(handler) as client:
        query = "queue=1&queue=2&frozen=3&frozen=3&mutable=4&triple=1&triple=a&triple=2&variadic=5&variadic=6"
        assert client.get(f"/?{query}").json() == [[1, 2], [3], [4], [1, "a", 2], [5, 6]]
        short = "queue=1&frozen=1&mutable=1&triple=1&triple=a&variadic=1"
        assert _errors(client.get(f"/?{short}"))["triple"]["message"] == "Expected 3 values"


def test_a_union_of_a_value_and_a_list_takes_either() -> None:
    @get("/")
    def handler(ids: int | list[int], maybe: int | list[int] | None = None) -> list[Any]:
        return [ids, maybe]

    with create_test_client(handler) as client:
        assert client.get("/?ids=1").json() == [1, None]
        assert client.get("/?ids=1&ids=2&maybe=3&maybe=4").json() == [[1, 2], [3, 4]]
        assert _errors(client.get("/?ids=x&ids=2"))["ids"]["source"] == "query"


def test_header_and_cookie_parameters() -> None:
    @get("/")
    def handler(
        version: int = Parameter(header="X-API-Version"),
        theme: str = Parameter(cookie="theme"),
        trace: Optional[str] = Parameter(header="x-trace", default=None),
    ) -> list[Any]:
        return [version, theme, trace]

    with create_test_client(handler) as client:
        response = client.get("/", headers={"x-api-version": "2", "cookie": "theme=dark"})
        assert response.json() == [2, "dark", None]
        assert client.get(
            "/", headers={"X-Api-Version": "3", "x-trace": "t1", "cookie": "theme=x"}
        ).json() == [
            3,
            "x",
            "t1",
        ]
        errors = _errors(client.get("/", headers={"x-api-version": "two"}))
    assert errors["x-api-version"] == {
        "key": "x-api-version",
        "source": "header",
        "message": "Expected `int`",
    }
    assert errors["theme"] == {"key": "theme", "source": "cookie", "message": "Missing required parameter"}


def test_every_failing_parameter_of_every_source_is_listed_in_one_400() -> None:
    @get("/items/{item_id:int}")
    def handler(
        item_id: int = Parameter(ge=10),
        page: int = Parameter(query="p"),
        token: str = Parameter(header="x-token"),
        session: str = Parameter(cookie="session"),
    ) -> None:
        return None

    with create_test_client(handler) as client:
        response = client.get("/items/3?p=x")
    body = response.json()
    # As in 1.5x, the detail names the first missing parameter; ``extra`` lists every error.
    assert body["detail"] == "Missing required parameter x-token for url http://testserver.local/items/3?p=x"
    assert {(error["key"], error["source"]) for error in body["extra"]} == {
        ("item_id", "path"),
        ("p", "query"),
        ("x-token", "header"),
        ("session", "cookie"),
    }


def test_a_400_without_missing_parameters_says_validation_failed() -> None:
    @get("/items/{item_id:int}")
    def handler(item_id: int = Parameter(ge=10), page: int = Parameter(query="p")) -> None:
        return None

    with create_test_client(handler) as client:
        response = client.get("/items/3?p=x")
    assert response.json()["detail"] == "Validation failed for GET http://testserver.local/items/3?p=x"
    assert len(response.json()["extra"]) == 2


def test_parameter_query_alias_and_constraints() -> None:
    @get("/")
    def handler(
        page: int = Parameter(query="p", ge=1, le=100, default=1),
        name: str = Parameter(min_length=2, max_length=5, regex="[a-z]+", default="ab"),
        ratio: float = Parameter(gt=0, lt=1, default=0.5),
        step: int = Parameter(multiple_of=5, default=5),
        ids: list[int] = Parameter(min_items=1, max_items=2, default=[1]),
        price: Decimal = Parameter(ge=0, default=Decimal("1")),
    ) -> list[Any]:
        return [page, name, ratio, step, ids, str(price)]

    with create_test_client(handler) as client:
        assert client.get("/").json() == [1, "ab", 0.5, 5, [1], "1"]
        assert client.get("/?p=100&name=abcde&ratio=0.1&step=10&ids=4&ids=5&price=2.5").json() == [
            100,
            "abcde",
            0.1,
            10,
            [4, 5],
            "2.5",
        ]
        # The alias is the key in the request; the Python name is not read.
        assert client.get("/?page=7").json()[0] == 1
        errors = _errors(client.get("/?p=0&name=a&ratio=1&step=7&ids=1&ids=2&ids=3&price=-1"))
    assert set(errors) == {"p", "name", "ratio", "step", "ids", "price"}
    assert all(error["source"] == "query" for error in errors.values())


def test_regex_matches_at_the_start_of_the_value_as_in_1_5x() -> None:
    @get("/")
    def handler(code: str = Parameter(regex="[A-Z]{3}")) -> str:
        return code

    with create_test_client(handler) as client:
        assert client.get("/?code=ABC123").text == "ABC123"
        assert client.get("/?code=xABC").status_code == 400


def test_required_false_without_a_default_gives_none() -> None:
    @get("/")
    def handler(q: Optional[int] = Parameter(required=False)) -> Optional[int]:
        return q

    with create_test_client(handler) as client:
        assert client.get("/").json() is None
        assert client.get("/?q=3").json() == 3


def test_parameter_in_annotated_metadata() -> None:
    @get("/")
    def handler(limit: Annotated[int, Parameter(query="n", le=50)] = 10) -> int:
        return limit

    with create_test_client(handler) as client:
        assert client.get("/").json() == 10
        assert client.get("/?n=20").json() == 20
        assert client.get("/?n=51").status_code == 400


def test_const_requires_the_default_value() -> None:
    @get("/")
    def handler(version: str = Parameter(const=True, default="v1")) -> str:
        return version

    with create_test_client(handler) as client:
        assert client.get("/?version=v1").text == "v1"
        assert _errors(client.get("/?version=v2"))["version"]["message"] == "Value must be 'v1'"


def test_path_parameters_take_constraints_and_other_annotations() -> None:
    @get("/a/{n:int}")
    def constrained(n: int = Parameter(gt=0)) -> int:
        return n

    @get("/b/{code:str}")
    def as_int(code: int) -> int:
        return code * 2

    with create_test_client([constrained, as_int]) as client:
        assert client.get("/a/5").json() == 5
        assert _errors(client.get("/a/0"))["n"]["source"] == "path"
        assert client.get("/b/21").json() == 42
        assert _errors(client.get("/b/x"))["code"]["source"] == "path"


def test_layered_parameters_apply_from_app_router_and_controller() -> None:
    class Items(Controller):
        path = "/items"
        parameters = {"page_size": Parameter(int, query="size", le=50, default=10)}

        @get()
        def list_items(self, page_size: int, api_key: str) -> list[Any]:
            return [page_size, api_key]

        @get("/count")
        def count(self) -> int:
            return 0

    router = Router(
        path="/v1", route_handlers=[Items], parameters={"api_key": Parameter(str, header="x-key")}
    )
    with create_test_client(router, parameters={"api_key": Parameter(str, query="key")}) as client:
        # The router's declaration (a header) beats the app's (a query key).
        assert client.get("/v1/items", headers={"x-key": "k"}).json() == [10, "k"]
        assert client.get("/v1/items?size=20", headers={"x-key": "k"}).json() == [20, "k"]
        assert _errors(client.get("/v1/items?key=k"))["x-key"]["source"] == "header"
        # A layer's parameters are validated for every handler under it, even those not taking them.
        missing = _errors(client.get("/v1/items/count"))["x-key"]
        assert missing["message"] == "Missing required parameter"
        assert client.get("/v1/items/count", headers={"x-key": "k"}).json() == 0
        assert (
            _errors(client.get("/v1/items/count?size=99", headers={"x-key": "k"}))["size"]["source"]
            == "query"
        )


def test_a_layer_declaration_of_an_annotated_argument_gives_source_and_default_only() -> None:
    @get("/")
    def handler(name: str, size: int, region: Optional[str]) -> list[Any]:
        return [name, size, region]

    layered = {
        "name": Parameter(str, header="x-name", regex="^[a-z]$", required=False),
        "size": Parameter(int, query="s", lt=10, default=3),
        "region": Parameter(str, required=False),
    }
    with create_test_client(handler, parameters=layered) as client:
        # As in 1.5x: the layer's regex and bound document the parameter, the annotation checks it.
        assert client.get("/?s=50", headers={"x-name": "albatross"}).json() == ["albatross", 50, None]
        assert client.get("/", headers={"x-name": "a"}).json() == ["a", 3, None]
        assert _errors(client.get("/?s=x", headers={"x-name": "a"}))["s"]["source"] == "query"
        # ``required=False`` on the layer does not make the handler's plain ``str`` optional.
        missing = client.get("/")
        assert (
            missing.json()["detail"] == "Missing required parameter x-name for url http://testserver.local/"
        )


def test_a_handlers_own_parameter_declaration_beats_the_layers() -> None:
    @get("/")
    def handler(limit: int = Parameter(query="limit", default=5)) -> int:
        return limit

    with create_test_client(handler, parameters={"limit": Parameter(int, query="l", default=1)}) as client:
        assert client.get("/").json() == 5
        assert client.get("/?limit=8").json() == 8


def test_reserved_kwargs() -> None:
    @get("/{name:str}")
    def handler(
        request: Any, state: Any, scope: Any, headers: Any, cookies: Any, query: Any, name: str
    ) -> dict:
        return {
            "method": request.method,
            "state": state.greeting,
            "path": scope["path"],
            "header": headers["x-a"],
            "cookie": cookies["c"],
            "query": query["q"],
            "name": name,
        }

    with create_test_client(handler, initial_state={"greeting": "hi"}) as client:
        response = client.get("/bob?q=1", headers={"x-a": "A", "cookie": "c=C"})
    assert response.json() == {
        "method": "GET",
        "state": "hi",
        "path": "/bob",
        "header": "A",
        "cookie": "C",
        "query": "1",
        "name": "bob",
    }


def test_enum_literal_and_regex_errors_name_the_allowed_values() -> None:
    @get("/")
    def handler(
        color: Color = Color.RED,
        order: Literal["asc", "desc"] = "asc",
        code: str = Parameter(regex="[A-Z]{3}", default="ABC"),
    ) -> None:
        return None

    with create_test_client(handler) as client:
        errors = _errors(client.get("/?color=green&order=up&code=abc"))
    assert errors["color"]["message"] == "Expected one of: 'red', 'blue'"
    assert errors["order"]["message"] == "Expected one of: 'asc', 'desc'"
    assert errors["code"]["message"] == "Expected a value matching '[A-Z]{3}'"


def test_websocket_handlers_take_parameters_and_close_with_4400_when_invalid() -> None:
    from starlite import websocket
    from starlite.connection import WebSocket
    from starlite.exceptions import WebSocketDisconnect

    @websocket("/ws/{room:str}")
    async def handler(
        socket: WebSocket, room: str, user: int, token: str = Parameter(header="x-token")
    ) -> None:
        await socket.accept()
        await socket.send_json({"room": room, "user": user, "token": token})
        await socket.close()

    with create_test_client(handler) as client:
        with client.websocket_connect("/ws/lobby?user=7", headers={"x-token": "t"}) as ws:
            assert ws.receive_json() == {"room": "lobby", "user": 7, "token": "t"}
        with pytest.raises(WebSocketDisconnect) as info, client.websocket_connect("/ws/lobby?user=x") as ws:
            ws.receive_json()
    assert info.value.code == 4400
