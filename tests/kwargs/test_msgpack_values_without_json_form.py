"""A MessagePack body holding what no JSON answer can carry (an extension type, a map keyed by nil, a
boolean or an array) is a 400 naming the problem; it decoded, and a handler sending the data back
failed as a 500 ("Unable to serialize response content"). Found by the bad-input campaign
(tests/robustness/)."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from starlite import Body, post
from starlite.enums import RequestEncodingType
from starlite.testing import create_test_client


@post("/echo")
async def echo(data: Any = Body(media_type=RequestEncodingType.MESSAGEPACK)) -> dict[str, Any]:
    return {"data": data}


@post("/mapping")
async def mapping(data: dict[str, Any] = Body(media_type=RequestEncodingType.MESSAGEPACK)) -> dict[str, Any]:
    return data


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        pytest.param(msgspec.msgpack.encode(msgspec.msgpack.Ext(1, b"x")), "extension type 1", id="ext"),
        pytest.param(b"\x81\xc0\x01", "map key None", id="nil key"),
        pytest.param(b"\x81\xa1a\x81\xc3\x01", "map key True", id="nested boolean key"),
        pytest.param(b"\x81\x92\x01\x02\x01", "map key (1, 2)", id="array key"),
    ],
)
@pytest.mark.parametrize("path", ["/echo", "/mapping"])
def test_values_without_a_json_form_are_a_400(path: str, body: bytes, problem: str) -> None:
    with create_test_client([echo, mapping]) as client:
        response = client.post(path, content=body, headers={"content-type": "application/x-msgpack"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Malformed MessagePack request body:")
    assert problem in response.json()["detail"]


def test_keys_that_are_numbers_or_bytes_still_decode() -> None:
    body = msgspec.msgpack.encode({"a": [1, {2: b"x", b"k": 1.5}], "b": None})
    with create_test_client([echo]) as client:
        response = client.post("/echo", content=body, headers={"content-type": "application/x-msgpack"})
    assert response.status_code == 201
    assert response.json() == {"data": {"a": [1, {"2": "eA==", "aw==": 1.5}], "b": None}}
