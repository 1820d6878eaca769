"""Handler return values serialized into response bodies (JSON via msgspec, text, bytes)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

import msgspec
import pytest
from pydantic import BaseModel

from starlite import MediaType, get
from starlite.response import Response
from starlite.testing import create_test_client

FIXED_UUID = UUID("12345678-1234-5678-1234-567812345678")
FIXED_DATETIME = datetime(2023, 5, 17, 12, 30, 45, tzinfo=timezone.utc)


class Color(Enum):
    RED = "red"
    GREEN = "green"


class Address(BaseModel):
    city: str
    zip_code: str


class Person(BaseModel):
    id: UUID
    name: str
    born: datetime
    address: Address
    tags: list[str] = []


@dataclass
class Point:
    x: int
    y: int


class Item(msgspec.Struct):
    name: str
    price: float


class Money:
    def __init__(self, cents: int) -> None:
        self.cents = cents


def _get_json(handler: Any, path: str = "/") -> Any:
    with create_test_client([handler]) as client:
        response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response.json()


def test_dict_is_json() -> None:
    @get("/")
    def handler() -> dict[str, Any]:
        return {"a": 1, "b": [1, 2], "c": None}

    assert _get_json(handler) == {"a": 1, "b": [1, 2], "c": None}


def test_list_is_json() -> None:
    @get("/")
    def handler() -> list[int]:
        return [3, 2, 1]

    assert _get_json(handler) == [3, 2, 1]


def test_json_body_is_compact() -> None:
    @get("/")
    def handler() -> dict[str, int]:
        return {"a": 1, "b": 2}

    with create_test_client([handler]) as client:
        assert client.get("/").content == b'{"a":1,"b":2}'


def test_dataclass_is_json() -> None:
    @get("/")
    def handler() -> Point:
        return Point(x=1, y=2)

    assert _get_json(handler) == {"x": 1, "y": 2}


def test_nested_pydantic_model_with_datetime_and_uuid() -> None:
    @get("/")
    def handler() -> Person:
        return Person(
            id=FIXED_UUID,
            name="Ada",
            born=FIXED_DATETIME,
            address=Address(city="London", zip_code="N1"),
            tags=["x"],
        )

    body = _get_json(handler)
    assert body["id"] == str(FIXED_UUID)
    assert body["name"] == "Ada"
    assert datetime.fromisoformat(body["born"].replace("Z", "+00:00")) == FIXED_DATETIME
    assert body["address"] == {"city": "London", "zip_code": "N1"}
    assert body["tags"] == ["x"]


def test_list_of_pydantic_models() -> None:
    @get("/")
    def handler() -> list[Address]:
        return [Address(city="a", zip_code="1"), Address(city="b", zip_code="2")]

    assert _get_json(handler) == [{"city": "a", "zip_code": "1"}, {"city": "b", "zip_code": "2"}]


def test_msgspec_struct_is_json() -> None:
    @get("/")
    def handler() -> Item:
        return Item(name="pen", price=1.5)

    assert _get_json(handler) == {"name": "pen", "price": 1.5}


def test_uuid_is_json_string() -> None:
    @get("/")
    def handler() -> UUID:
        return FIXED_UUID

    assert _get_json(handler) == str(FIXED_UUID)


def test_datetime_and_date_are_iso_strings() -> None:
    @get("/")
    def handler() -> dict[str, Any]:
        return {"when": FIXED_DATETIME, "day": date(2020, 2, 29)}

    body = _get_json(handler)
    assert datetime.fromisoformat(body["when"].replace("Z", "+00:00")) == FIXED_DATETIME
    assert body["day"] == "2020-02-29"


def test_decimal_is_a_json_string_with_every_digit_kept() -> None:
    # As Starlite 1.51.16 answers: a Decimal is a string, so "10.50" keeps its trailing zero and a
    # client's JSON parser never turns an amount of money into a float.
    @get("/")
    def handler() -> dict[str, Decimal]:
        return {"price": Decimal("10.50"), "big": Decimal("12345678901234567890.123456789")}

    with create_test_client([handler]) as client:
        response = client.get("/")
    assert response.content == b'{"price":"10.50","big":"12345678901234567890.123456789"}'


def test_a_decimal_reads_the_same_in_a_dict_a_model_a_dataclass_and_a_struct() -> None:
    @dataclass
    class Row:
        amount: Decimal

    class RowModel(BaseModel):
        amount: Decimal

    class RowStruct(msgspec.Struct):
        amount: Decimal

    @get("/")
    def handler() -> list[Any]:
        amount = Decimal("0.10")
        return [{"amount": amount}, RowModel(amount=amount), Row(amount), RowStruct(amount)]

    assert _get_json(handler) == [{"amount": "0.10"}] * 4


NON_FINITE_DECIMALS = ["NaN", "-NaN", "sNaN", "Infinity", "-Infinity"]


@pytest.mark.parametrize("value", NON_FINITE_DECIMALS)
@pytest.mark.parametrize("with_type_encoders", [False, True], ids=["default-encoder", "type-encoders"])
def test_a_non_finite_decimal_is_a_json_string(value: str, with_type_encoders: bool) -> None:
    # msgspec 0.23 refuses these as numbers and older releases wrote a bare NaN token that is not JSON;
    # either way the handler's answer was lost.
    type_encoders = {Money: lambda money: money.cents} if with_type_encoders else None

    @get("/", type_encoders=type_encoders)
    def handler() -> dict[str, Any]:
        return {"v": Decimal(value), "nested": [Decimal(value)], "finite": Decimal("1.5"), "text": "NaN"}

    with create_test_client([handler], raise_server_exceptions=False) as client:
        response = client.get("/")
    assert response.status_code == 200, response.text
    assert json.loads(response.content) == {"v": value, "nested": [value], "finite": "1.5", "text": "NaN"}
    assert Decimal(response.json()["v"]).compare_total(Decimal(value)) == 0  # sign and kind of NaN kept


@pytest.mark.parametrize("value", NON_FINITE_DECIMALS)
@pytest.mark.parametrize("with_type_encoders", [False, True], ids=["default-encoder", "type-encoders"])
def test_a_non_finite_decimal_is_a_messagepack_string(value: str, with_type_encoders: bool) -> None:
    # A signalling NaN could not become a MessagePack float on any msgspec release: it was a 500.
    type_encoders = {Money: lambda money: money.cents} if with_type_encoders else None

    @get("/", media_type=MediaType.MESSAGEPACK, type_encoders=type_encoders)
    def handler() -> dict[str, Any]:
        return {"v": Decimal(value), "finite": Decimal("1.5")}

    with create_test_client([handler], raise_server_exceptions=False) as client:
        response = client.get("/")
    assert response.status_code == 200, response.text
    assert msgspec.msgpack.decode(response.content) == {"v": value, "finite": "1.5"}


def test_enum_is_its_value() -> None:
    @get("/")
    def handler() -> dict[str, Color]:
        return {"color": Color.GREEN}

    assert _get_json(handler) == {"color": "green"}


def test_set_is_a_json_array() -> None:
    @get("/")
    def handler() -> set[int]:
        return {1, 2, 3}

    assert sorted(_get_json(handler)) == [1, 2, 3]


def test_frozenset_in_a_dict_is_a_json_array() -> None:
    @get("/")
    def handler() -> dict[str, Any]:
        return {"ids": frozenset({"a"})}

    assert _get_json(handler) == {"ids": ["a"]}


def test_str_is_text_plain() -> None:
    @get("/")
    def handler() -> str:
        return "héllo"

    with create_test_client([handler]) as client:
        response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.content == "héllo".encode()
    assert response.headers["content-length"] == str(len("héllo".encode()))


def test_bytes_are_sent_raw() -> None:
    payload = bytes(range(256))

    @get("/", media_type="application/octet-stream")
    def handler() -> bytes:
        return payload

    with create_test_client([handler]) as client:
        response = client.get("/")
    assert response.content == payload
    assert response.headers["content-type"] == "application/octet-stream"


def test_bytes_default_to_text_media_type() -> None:
    @get("/")
    def handler() -> bytes:
        return b"raw"

    with create_test_client([handler]) as client:
        response = client.get("/")
    assert response.content == b"raw"
    assert response.headers["content-type"].startswith("text/plain")


def test_none_is_json_null_with_200() -> None:
    @get("/")
    def handler() -> None:
        return None

    with create_test_client([handler]) as client:
        response = client.get("/")
    assert response.status_code == 200
    assert response.content == b"null"
    assert response.json() is None


def test_status_204_has_an_empty_body() -> None:
    @get("/", status_code=204)
    def handler() -> None:
        return None

    with create_test_client([handler]) as client:
        response = client.get("/")
    assert response.status_code == 204
    assert response.content == b""
    assert "content-length" not in response.headers


def test_unserializable_return_value_gives_500() -> None:
    class Opaque:
        pass

    @get("/")
    def handler() -> Any:
        return {"thing": Opaque()}

    with create_test_client([handler], raise_server_exceptions=False) as client:
        response = client.get("/")
    assert response.status_code == 500
    assert response.json()["status_code"] == 500


def test_unserializable_return_value_is_a_json_500_with_the_default_client() -> None:
    class Opaque:
        pass

    @get("/")
    def handler() -> Any:
        return Opaque()

    with create_test_client([handler]) as client:
        response = client.get("/")
    assert response.status_code == 500
    assert response.json() == {"status_code": 500, "detail": "Unable to serialize response content"}


def test_type_encoders_on_handler() -> None:
    @get("/", type_encoders={Money: lambda money: f"${money.cents / 100:.2f}"})
    def handler() -> dict[str, Money]:
        return {"total": Money(1234)}

    assert _get_json(handler) == {"total": "$12.34"}


def test_type_encoders_on_app() -> None:
    @get("/")
    def handler() -> list[Money]:
        return [Money(5)]

    with create_test_client([handler], type_encoders={Money: lambda money: money.cents}) as client:
        assert client.get("/").json() == [5]


def test_type_encoders_match_subclasses() -> None:
    class Euro(Money):
        pass

    @get("/", type_encoders={Money: lambda money: money.cents})
    def handler() -> Euro:
        return Euro(7)

    assert _get_json(handler) == 7


def test_handler_type_encoders_override_app_ones() -> None:
    @get("/", type_encoders={Money: lambda money: "handler"})
    def handler() -> Money:
        return Money(1)

    with create_test_client([handler], type_encoders={Money: lambda money: "app"}) as client:
        assert client.get("/").json() == "handler"


def test_type_encoders_on_response_object() -> None:
    @get("/")
    def handler() -> Response[Money]:
        return Response(Money(3), type_encoders={Money: lambda money: {"cents": money.cents}})

    assert _get_json(handler) == {"cents": 3}


def test_msgpack_media_type() -> None:
    @get("/", media_type=MediaType.MESSAGEPACK)
    def handler() -> dict[str, Any]:
        return {"a": [1, 2], "id": FIXED_UUID}

    with create_test_client([handler]) as client:
        response = client.get("/")
    assert response.headers["content-type"] == "application/x-msgpack"
    assert msgspec.msgpack.decode(response.content) == {"a": [1, 2], "id": str(FIXED_UUID)}


def test_html_media_type_str() -> None:
    @get("/", media_type=MediaType.HTML)
    def handler() -> str:
        return "<p>hi</p>"

    with create_test_client([handler]) as client:
        response = client.get("/")
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.text == "<p>hi</p>"


def test_values_1_5x_encoded_by_default() -> None:
    import ipaddress
    import re
    from collections import deque

    from pydantic import ByteSize, SecretBytes, SecretStr

    class Name(str):
        pass

    @get("/")
    def handler() -> dict[str, Any]:
        return {
            "secret": SecretStr("hunter2"),
            "secret_bytes": SecretBytes(b"hunter2"),
            "address": ipaddress.IPv4Address("10.0.0.1"),
            "network": ipaddress.IPv6Network("2001:db8::/32"),
            "interface": ipaddress.IPv4Interface("10.0.0.1/24"),
            "queue": deque([1, 2]),
            "pattern": re.compile(r"^\d+$"),
            "size": ByteSize(1024),
            "name": Name("ada"),
        }

    body = _get_json(handler)
    assert body == {
        "secret": "**********",
        "secret_bytes": "**********",
        "address": "10.0.0.1",
        "network": "2001:db8::/32",
        "interface": "10.0.0.1/24",
        "queue": [1, 2],
        "pattern": r"^\d+$",
        "size": 1024,
        "name": "ada",
    }
    assert "hunter2" not in json.dumps(body)


def test_type_encoders_declared_on_a_response_class() -> None:
    # A ``Response`` subclass may declare ``type_encoders`` for all its instances; the handler's
    # layers' encoders win over them.
    class MoneyResponse(Response[Any]):
        type_encoders = {Money: lambda money: f"{money.cents} cents"}

    @get("/class")
    def by_class() -> Money:
        return Money(3)

    @get("/layer", type_encoders={Money: lambda money: "layer"})
    def by_layer() -> Money:
        return Money(3)

    with create_test_client([by_class, by_layer], response_class=MoneyResponse) as client:
        assert client.get("/class").json() == "3 cents"
        assert client.get("/layer").json() == "layer"
    assert MoneyResponse(Money(1)).body == b'"1 cents"'
    assert MoneyResponse(Money(1), type_encoders={Money: lambda money: 0}).body == b"0"
