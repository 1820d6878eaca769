"""The 1.5x options of the JSON and MessagePack helpers: an encoding hook, and a type to decode into."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest
from pydantic import BaseModel

from starlite.exceptions import SerializationException
from starlite.utils import decode_json, decode_msgpack, default_serializer, encode_json, encode_msgpack


class Money:
    def __init__(self, cents: int) -> None:
        self.cents = cents


class Item(BaseModel):
    name: str
    path: PurePosixPath


def hook(value: object) -> object:
    if isinstance(value, Money):
        return f"{value.cents / 100:.2f}"
    raise TypeError(type(value))


def test_an_encoding_hook_by_its_1_5x_name_or_in_place_of_the_type_encoders() -> None:
    assert encode_json({"price": Money(150)}, default=hook) == b'{"price":"1.50"}'
    assert encode_json({"price": Money(150)}, hook) == b'{"price":"1.50"}'
    assert decode_msgpack(encode_msgpack(Money(5), enc_hook=hook)) == "0.05"
    assert encode_json([1], default=default_serializer) == b"[1]"
    with pytest.raises(SerializationException):
        encode_json(Money(1))


def test_decoding_into_a_type() -> None:
    item = decode_json(b'{"name": "pen", "path": "/a/b"}', type_=Item)
    assert item == Item(name="pen", path=PurePosixPath("/a/b"))
    assert decode_msgpack(encode_msgpack({"name": "x", "path": "/"}), type_=Item).name == "x"
    assert decode_json("[1, 2]", type_=list[int]) == [1, 2]
    with pytest.raises(SerializationException):
        decode_json(b'{"name": 1}', type_=Item)


def test_the_default_type_encoders_are_what_the_default_serializer_applies() -> None:
    import ipaddress
    from collections import deque
    from pathlib import PurePosixPath

    from starlite.utils.serialization import DEFAULT_TYPE_ENCODERS, default_serializer

    class Identifier(str):
        pass

    values = [PurePosixPath("/a/b"), ipaddress.ip_address("::1"), deque([1, 2]), Identifier("x")]
    assert [default_serializer(value) for value in values] == ["/a/b", "::1", [1, 2], "x"]
    # A layer can start from them and change one: its own encoders come first.
    encoders = {**DEFAULT_TYPE_ENCODERS, deque: tuple}
    assert default_serializer(deque([1]), encoders) == (1,)
