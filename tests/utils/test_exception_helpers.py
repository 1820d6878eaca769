"""``create_exception_response`` and ``ExceptionResponseContent``."""

from __future__ import annotations

from starlite import HTTPException, get
from starlite.testing import create_test_client
from starlite.utils import ExceptionResponseContent, create_exception_response


class ForeignHTTPError(Exception):
    """An HTTP error of another library (Starlette's has the same shape)."""

    def __init__(self, status_code: int, detail: str | None = None) -> None:
        self.status_code = status_code
        if detail is not None:
            self.detail = detail


def test_an_exception_with_a_status_code_gets_that_status_and_its_detail() -> None:
    response = create_exception_response(ForeignHTTPError(409, "taken"))
    assert response.status_code == 409
    assert response.body == b'{"status_code":409,"detail":"taken"}'


def test_a_status_code_without_a_detail_is_not_an_http_error() -> None:
    assert create_exception_response(ForeignHTTPError(418)).status_code == 500


def test_a_status_code_that_is_not_an_http_status_is_ignored() -> None:
    error = ForeignHTTPError(200)
    error.status_code = "teapot"  # type: ignore[assignment]
    assert create_exception_response(error).status_code == 500


def test_a_foreign_http_error_raised_by_a_handler_is_answered_not_reraised() -> None:
    @get("/")
    def handler() -> None:
        raise ForeignHTTPError(404, "no such thing")

    with create_test_client(handler) as client:  # raise_server_exceptions=True: a crash would raise
        response = client.get("/")
    assert response.status_code == 404
    assert response.json() == {"status_code": 404, "detail": "no such thing"}


def test_exception_response_content_builds_the_json_response() -> None:
    content = ExceptionResponseContent(status_code=400, detail="bad", headers={"x-a": "1"}, extra={"f": 1})
    response = content.to_response()
    assert response.status_code == 400
    assert response.headers["x-a"] == "1"
    assert response.body == b'{"status_code":400,"detail":"bad","extra":{"f":1}}'
    assert HTTPException(detail="x").status_code == 500
