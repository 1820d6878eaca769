"""Values that would smuggle extra headers (CR, LF, NUL) never reach the wire."""

from __future__ import annotations

from pathlib import Path

import pytest

from starlite import Cookie, File, Response, get
from starlite.testing import create_test_client


@pytest.mark.parametrize(
    "response",
    [
        Response("x", headers={"x-note": "a\r\nSet-Cookie: evil=1"}),
        Response("x", cookies=[Cookie(key="k", value="v", domain="example.com\r\nX-Evil: 1")]),
        Response("x", headers={"x-bad\nname": "1"}),
        Response("x", headers={"x-nul": "a\x00b"}),
    ],
)
def test_injected_header_values_give_a_500_not_extra_headers(response: Response) -> None:
    @get("/")
    def handler() -> Response:
        return response

    with create_test_client(handler, raise_server_exceptions=False) as client:
        result = client.get("/")
    assert result.status_code == 500
    assert "evil" not in result.headers.get("set-cookie", "")
    assert "x-evil" not in result.headers


def test_file_name_cannot_inject_headers(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("data")

    @get("/")
    def handler() -> File:
        return File(path=target, filename="a\r\nSet-Cookie: evil=1")

    with create_test_client(handler) as client:
        result = client.get("/")
    assert result.status_code == 200
    assert "set-cookie" not in result.headers
    assert (
        result.headers["content-disposition"]
        == "attachment; filename*=utf-8''a%0D%0ASet-Cookie%3A%20evil%3D1"
    )
