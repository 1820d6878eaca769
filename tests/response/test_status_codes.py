"""``starlite.status_codes``: HTTP and websocket status constants."""

from __future__ import annotations

import pytest

from starlite import status_codes


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("HTTP_100_CONTINUE", 100),
        ("HTTP_200_OK", 200),
        ("HTTP_201_CREATED", 201),
        ("HTTP_204_NO_CONTENT", 204),
        ("HTTP_306_RESERVED", 306),
        ("HTTP_307_TEMPORARY_REDIRECT", 307),
        ("HTTP_308_PERMANENT_REDIRECT", 308),
        ("HTTP_400_BAD_REQUEST", 400),
        ("HTTP_404_NOT_FOUND", 404),
        ("HTTP_413_REQUEST_ENTITY_TOO_LARGE", 413),
        ("HTTP_414_REQUEST_URI_TOO_LONG", 414),
        ("HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE", 416),
        ("HTTP_418_IM_A_TEAPOT", 418),
        ("HTTP_422_UNPROCESSABLE_ENTITY", 422),
        ("HTTP_429_TOO_MANY_REQUESTS", 429),
        ("HTTP_500_INTERNAL_SERVER_ERROR", 500),
        ("HTTP_511_NETWORK_AUTHENTICATION_REQUIRED", 511),
        ("WS_1000_NORMAL_CLOSURE", 1000),
        ("WS_1001_GOING_AWAY", 1001),
        ("WS_1008_POLICY_VIOLATION", 1008),
        ("WS_1011_INTERNAL_ERROR", 1011),
        ("WS_1015_TLS_HANDSHAKE", 1015),
    ],
)
def test_constant_values(name: str, value: int) -> None:
    assert getattr(status_codes, name) == value


def test_every_constant_name_carries_its_number() -> None:
    names = [name for name in dir(status_codes) if name.startswith(("HTTP_", "WS_"))]
    assert len([n for n in names if n.startswith("HTTP_")]) == 63
    assert len([n for n in names if n.startswith("WS_")]) == 15
    for name in names:
        assert getattr(status_codes, name) == int(name.split("_")[1]), name


def test_all_lists_every_constant() -> None:
    exported = set(status_codes.__all__)
    assert {name for name in dir(status_codes) if name.startswith(("HTTP_", "WS_"))} <= exported
