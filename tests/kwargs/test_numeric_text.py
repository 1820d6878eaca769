"""Numbers in query, header and cookie parameters follow the same text rules as typed path segments."""

from __future__ import annotations

import pytest

from starlite import Parameter, get
from starlite.testing import create_test_client


@get("/int")
def takes_int(n: int) -> dict[str, int]:
    return {"n": n}


@get("/float")
def takes_float(x: float) -> dict[str, float]:
    return {"x": x}


@get("/bounded")
def takes_bounded(n: int = Parameter(ge=1, le=10)) -> dict[str, int]:
    return {"n": n}


@get("/header")
def takes_header(limit: float = Parameter(header="x-limit")) -> dict[str, float]:
    return {"limit": limit}


@pytest.mark.parametrize(
    ("path", "raw", "expected"),
    [
        pytest.param("/int", "12", {"n": 12}, id="int"),
        pytest.param("/int", "-3", {"n": -3}, id="int-negative"),
        pytest.param("/float", "2.5", {"x": 2.5}, id="float"),
        pytest.param("/float", "1e3", {"x": 1000.0}, id="float-exponent"),
        pytest.param("/bounded", "10", {"n": 10}, id="bounded"),
    ],
)
def test_numbers_written_in_ascii_are_read(path: str, raw: str, expected: dict[str, float]) -> None:
    key = "x" if path == "/float" else "n"
    with create_test_client([takes_int, takes_float, takes_bounded]) as client:
        response = client.get(path, params={key: raw})
    assert response.status_code == 200
    assert response.json() == expected


@pytest.mark.parametrize(
    ("path", "raw"),
    [
        pytest.param("/int", "１２", id="int-fullwidth"),
        pytest.param("/int", "٣", id="int-arabic-indic"),
        pytest.param("/int", "1_000", id="int-underscore"),
        pytest.param("/int", " 1", id="int-space"),
        pytest.param("/int", "1e3", id="int-exponent"),
        pytest.param("/float", "nan", id="float-nan"),
        pytest.param("/float", "inf", id="float-inf"),
        pytest.param("/float", "-infinity", id="float-minus-infinity"),
        pytest.param("/float", "1e400", id="float-overflow"),
        pytest.param("/float", "1_0", id="float-underscore"),
        pytest.param("/float", " 1", id="float-space"),
        pytest.param("/bounded", "１", id="bounded-fullwidth"),
    ],
)
def test_other_number_texts_are_a_400_naming_the_parameter(path: str, raw: str) -> None:
    key = "x" if path == "/float" else "n"
    with create_test_client([takes_int, takes_float, takes_bounded]) as client:
        response = client.get(path, params={key: raw})
    assert response.status_code == 400
    body = response.json()
    assert body["status_code"] == 400
    assert key in str(body["extra"])


def test_a_bound_still_applies_after_the_text_is_read() -> None:
    with create_test_client([takes_bounded]) as client:
        response = client.get("/bounded", params={"n": "11"})
    assert response.status_code == 400
    assert "10" in str(response.json()["extra"])


def test_a_header_number_is_read_by_the_same_rules() -> None:
    with create_test_client([takes_header]) as client:
        assert client.get("/header", headers={"x-limit": "0.25"}).json() == {"limit": 0.25}
        refused = client.get("/header", headers={"x-limit": "NaN"})
    assert refused.status_code == 400
    assert "x-limit" in str(refused.json()["extra"])
