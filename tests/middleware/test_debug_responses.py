"""The 500 of a debug application: the traceback as HTML, JSON or text; nothing of it without debug."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from starlite import MediaType, Request, Response, get
from starlite.middleware.exceptions.debug_response import (
    create_debug_response,
    create_html_response_content,
    create_plain_text_response_content,
)
from starlite.testing import RequestFactory, create_test_client

SECRET = "db password is hunter2"


@get("/boom")
def boom() -> None:
    try:
        {}["missing"]
    except KeyError as exc:
        raise RuntimeError(SECRET) from exc


@get("/markup")
def markup() -> None:
    raise ValueError("<script>alert('x')</script>")


def fetch(path: str, debug: bool, accept: str | None = None) -> Any:
    headers = {"accept": accept} if accept is not None else {}
    with create_test_client([boom, markup], debug=debug, raise_server_exceptions=False) as client:
        return client.get(path, headers=headers)


def test_a_browser_gets_an_html_page_of_the_traceback() -> None:
    response = fetch("/boom", debug=True, accept="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "RuntimeError on GET /boom" in page
    assert SECRET in page
    assert __file__ in page
    assert "raise RuntimeError(SECRET) from exc" in page  # the source line of the frame
    assert "KeyError" in page  # the cause, with its own frames


def test_an_api_client_gets_json_with_the_traceback_lines() -> None:
    response = fetch("/boom", debug=True, accept="application/json")
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["status_code"] == 500
    assert body["detail"] == f"RuntimeError: {SECRET}"
    assert body["extra"]["exception_type"] == "RuntimeError"
    assert body["extra"]["traceback"][0] == "Traceback (most recent call last):"
    assert any("raise RuntimeError(SECRET) from exc" in line for line in body["extra"]["traceback"])


@pytest.mark.parametrize("accept", [None, "*/*", "text/plain", "application/xml"])
def test_any_other_client_gets_plain_text(accept: str | None) -> None:
    response = fetch("/boom", debug=True, accept=accept)
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.startswith("Traceback (most recent call last):")
    assert response.text.rstrip().endswith(f"RuntimeError: {SECRET}")


def test_the_client_preference_decides_between_html_and_json() -> None:
    assert (
        fetch("/boom", True, "text/html;q=0.5, application/json")
        .headers["content-type"]
        .startswith("application/json")
    )
    assert (
        fetch("/boom", True, "application/json;q=0.2, text/html")
        .headers["content-type"]
        .startswith("text/html")
    )


def test_markup_in_the_exception_is_escaped_in_the_page() -> None:
    page = fetch("/markup", debug=True, accept="text/html").text
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


@pytest.mark.parametrize("accept", [None, "text/html", "application/json", "text/plain"])
@pytest.mark.parametrize("path", ["/boom", "/markup"])
def test_without_debug_the_500_holds_no_line_of_the_traceback(accept: str | None, path: str) -> None:
    response = fetch(path, debug=False, accept=accept)
    assert response.status_code == 500
    assert response.json() == {"status_code": 500, "detail": "Internal Server Error"}
    for leak in (SECRET, "script", "Traceback", ".py", "RuntimeError", "ValueError", "KeyError"):
        assert leak not in response.text


@settings(max_examples=60, deadline=None)
@given(accept=st.text(max_size=80))
def test_any_accept_header_gets_a_debug_500(accept: str) -> None:
    with create_test_client([boom], debug=True, raise_server_exceptions=False) as client:
        try:
            response = client.get("/boom", headers={"accept": accept})
        except UnicodeEncodeError:
            return  # httpx cannot send it; no server would see it
    assert response.status_code == 500
    assert SECRET in response.text


def test_an_exception_handler_for_500_answers_in_debug_too() -> None:
    def handler(request: Request[Any, Any], exc: Exception) -> Response[str]:
        return Response("handled", status_code=500, media_type=MediaType.TEXT)

    with create_test_client(
        [boom], debug=True, exception_handlers={500: handler}, raise_server_exceptions=False
    ) as client:
        response = client.get("/boom", headers={"accept": "text/html"})
    assert (response.status_code, response.text) == (500, "handled")


def test_the_1_5_helpers_render_the_same_traceback() -> None:
    try:
        raise ValueError("<b>bold</b>")
    except ValueError as caught:
        exc = caught
    request = RequestFactory().get("/page", headers={"accept": "text/html"})
    page = create_html_response_content(exc, request)
    assert "ValueError on GET /page" in page and "&lt;b&gt;bold&lt;/b&gt;" in page and "<b>" not in page
    assert create_plain_text_response_content(exc).endswith("ValueError: <b>bold</b>\n")
    response = create_debug_response(request, exc)
    assert (response.status_code, response.media_type) == (500, MediaType.HTML)
