"""Handlers that return an ASGI app, such as a Starlette response: the app is sent as it is."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlite import Cookie, Response, get
from starlite.testing import create_test_client
from starlite.types import ASGIApp

if TYPE_CHECKING:
    from starlite.types import Receive, Scope, Send


class ForeignJSONResponse:
    """The shape of a Starlette ``JSONResponse``: an ASGI app with ``set_cookie``."""

    def __init__(self, body: bytes, status_code: int = 200) -> None:
        self.body = body
        self.status_code = status_code
        self.raw_headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]

    def set_cookie(self, key: str, value: str | None = "", **options: Any) -> None:
        self.raw_headers.append((b"set-cookie", f"{key}={value}; Path={options['path']}".encode()))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        await send({"type": "http.response.body", "body": self.body})


def test_a_returned_asgi_app_is_sent_with_the_layered_cookies() -> None:
    @get("/annotated-class", response_cookies=[Cookie(key="layer", value="1")])
    def by_class() -> ForeignJSONResponse:
        return ForeignJSONResponse(b'{"via":"class"}', status_code=202)

    @get("/annotated-alias")
    def by_alias() -> ASGIApp:
        return ForeignJSONResponse(b'{"via":"alias"}')

    with create_test_client([by_class, by_alias]) as client:
        response = client.get("/annotated-class")
        assert response.status_code == 202
        assert response.json() == {"via": "class"}
        assert response.cookies["layer"] == "1"
        assert client.get("/annotated-alias").json() == {"via": "alias"}


def test_an_unresolvable_asgi_app_annotation_is_recognised_by_its_name() -> None:
    def handler() -> Any:
        return ForeignJSONResponse(b"[1]")

    handler.__annotations__["return"] = "ASGIApp"  # as under ``if TYPE_CHECKING: from ... import ASGIApp``
    with create_test_client([get("/")(handler)]) as client:
        assert client.get("/").json() == [1]


def test_after_request_receives_the_returned_app() -> None:
    seen: list[Any] = []

    def after_request(response: Any) -> Any:
        seen.append(type(response))
        return response

    @get("/", after_request=after_request)
    def handler() -> ForeignJSONResponse:
        return ForeignJSONResponse(b"{}")

    with create_test_client([handler]) as client:
        assert client.get("/").json() == {}
    assert seen == [ForeignJSONResponse]


def test_responses_and_data_are_not_taken_for_apps() -> None:
    from starlite.handlers._pipeline import returns_asgi_app

    assert returns_asgi_app(ForeignJSONResponse)
    assert returns_asgi_app(ASGIApp)
    assert not returns_asgi_app(Response)
    assert not returns_asgi_app(dict)
    assert not returns_asgi_app("Response")
