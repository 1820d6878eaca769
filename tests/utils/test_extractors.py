"""``ConnectionDataExtractor`` and ``ResponseDataExtractor``: what loggers and error trackers read."""

from __future__ import annotations

from typing import Any

import pytest

from starlite import Request, RequestEncodingType, Response, WebSocket
from starlite.datastructures import Cookie
from starlite.testing import RequestFactory
from starlite.utils import ConnectionDataExtractor, ResponseDataExtractor, obfuscate

factory = RequestFactory()


def test_obfuscate_masks_names_case_insensitively() -> None:
    assert obfuscate({"Authorization": "secret", "Accept": "*/*"}, {"authorization"}) == {
        "Authorization": "*****",
        "Accept": "*/*",
    }


@pytest.mark.anyio
async def test_request_parts() -> None:
    request = factory.post(
        "/items/7",
        headers={"X-Token": "abc"},
        query_params={"q": ["a", "b"]},
        data={"name": "pen"},
    )
    request.scope["path_params"] = {"item_id": 7}
    extracted = ConnectionDataExtractor(parse_body=True, parse_query=True, obfuscate_headers={"X-Token"})(
        request
    )
    assert await extracted.pop("body") == {"name": "pen"}
    assert extracted["path"] == "/items/7"
    assert extracted["method"] == "POST"
    assert extracted["query"] == {"q": ["a", "b"]}
    assert extracted["path_params"] == {"item_id": 7}
    assert extracted["headers"]["x-token"] == "*****"
    assert extracted["content_type"][0] == "application/json"
    assert extracted["scheme"] == "http"


@pytest.mark.anyio
async def test_raw_body_and_query_without_parsing() -> None:
    request = factory.post("/", query_params={"a": "1"}, data={"k": "v"})
    extracted = ConnectionDataExtractor()(request)
    assert await extracted["body"] == b'{"k":"v"}'
    assert extracted["query"] == b"a=1"


@pytest.mark.anyio
async def test_form_bodies_are_decoded() -> None:
    request = factory.post("/", data={"k": "v"}, request_media_type=RequestEncodingType.URL_ENCODED)
    assert await ConnectionDataExtractor(parse_body=True)(request)["body"] == {"k": "v"}


@pytest.mark.anyio
async def test_a_get_has_no_body() -> None:
    assert await ConnectionDataExtractor()(factory.get("/"))["body"] is None


def test_flags_turn_parts_off_and_cookies_can_be_masked() -> None:
    request = factory.get(
        "/", cookies=[Cookie(key="session", value="s3cret"), Cookie(key="theme", value="dark")]
    )
    extracted = ConnectionDataExtractor(
        extract_body=False, extract_headers=False, obfuscate_cookies={"SESSION"}
    )(request)
    assert "body" not in extracted and "headers" not in extracted
    assert extracted["cookies"] == {"session": "*****", "theme": "dark"}


def test_a_websocket_gives_only_the_parts_every_connection_has() -> None:
    request: Request[Any, Any] = factory.get("/")
    scope = {**request.scope, "type": "websocket", "scheme": "ws"}
    extracted = ConnectionDataExtractor()(WebSocket(scope))
    assert set(extracted) == {"scheme", "client", "path", "headers", "cookies", "query", "path_params"}


@pytest.mark.anyio
async def test_response_parts() -> None:
    response = Response({"ok": True}, headers={"X-Secret": "hidden"})
    response.set_cookie("token", "t1")
    messages: list[Any] = []

    async def send(message: Any) -> None:
        messages.append(message)

    await response({"type": "http"}, None, send)  # type: ignore[arg-type]
    extracted = ResponseDataExtractor(obfuscate_headers={"x-secret"}, obfuscate_cookies={"token"})(
        (messages[0], messages[1])
    )
    assert extracted["status_code"] == 200
    assert extracted["body"] == b'{"ok":true}'
    assert extracted["headers"]["x-secret"] == "*****"
    assert "set-cookie" not in extracted["headers"]
    assert extracted["cookies"]["token"] == "*****"
