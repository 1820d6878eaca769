"""Redirects: the ``Redirect`` container and ``RedirectResponse``."""

from __future__ import annotations

import pytest

from starlite import Cookie, ImproperlyConfiguredException, Redirect, get
from starlite.response import RedirectResponse
from starlite.testing import create_test_client


@pytest.mark.parametrize("status_code", [301, 302, 303, 307, 308])
def test_redirect_container_sets_location_and_status(status_code: int) -> None:
    @get("/old", status_code=status_code)
    def old() -> Redirect:
        return Redirect(path="/new")

    with create_test_client([old]) as client:
        response = client.get("/old", follow_redirects=False)
    assert response.status_code == status_code
    assert response.headers["location"] == "/new"
    assert response.content == b""
    assert "content-length" not in response.headers  # as 1.5x sent redirects


def test_client_follows_redirect_when_asked() -> None:
    @get("/old", status_code=302)
    def old() -> Redirect:
        return Redirect(path="/new")

    @get("/new")
    def new() -> dict[str, str]:
        return {"at": "new"}

    with create_test_client([old, new]) as client:
        response = client.get("/old", follow_redirects=True)
    assert response.status_code == 200
    assert response.json() == {"at": "new"}
    assert response.history[0].status_code == 302


def test_redirect_container_headers_and_cookies() -> None:
    @get("/old", status_code=307)
    def old() -> Redirect:
        return Redirect(path="/new", headers={"X-Why": "moved"}, cookies=[Cookie(key="seen", value="1")])

    with create_test_client([old]) as client:
        response = client.get("/old", follow_redirects=False)
    assert response.headers["x-why"] == "moved"
    assert response.headers["set-cookie"].startswith("seen=1")


def test_redirect_with_a_non_redirect_status_is_rejected() -> None:
    with pytest.raises(ImproperlyConfiguredException):

        @get("/old")
        def old() -> Redirect:
            return Redirect(path="/new")


def test_redirect_response_default_status_is_307() -> None:
    @get("/old")
    def old() -> RedirectResponse:
        return RedirectResponse("/somewhere?x=1")

    with create_test_client([old]) as client:
        response = client.get("/old", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/somewhere?x=1"
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.content == b""


def test_redirect_response_to_absolute_url_with_status() -> None:
    @get("/old")
    def old() -> RedirectResponse:
        return RedirectResponse("https://example.com/a b", status_code=301)

    with create_test_client([old]) as client:
        response = client.get("/old", follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == "https://example.com/a%20b"


def test_redirect_response_rejects_non_redirect_status() -> None:
    with pytest.raises(ImproperlyConfiguredException):
        RedirectResponse("/x", status_code=200)


def test_redirect_response_has_no_content_length() -> None:
    @get("/old")
    def old() -> RedirectResponse:
        return RedirectResponse("/new")

    with create_test_client([old]) as client:
        response = client.get("/old", follow_redirects=False)
    assert response.status_code == 307
    assert "content-length" not in response.headers
