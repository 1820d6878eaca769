"""CORS: the headers a browser needs before it hands an answer to a page of another origin."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from starlite import CORSConfig, Response, Starlite, get, post, websocket
from starlite.connection import WebSocket
from starlite.exceptions import ImproperlyConfiguredException
from starlite.testing import TestClient, create_test_client

SITE = "https://app.example.com"


@get("/items")
def list_items() -> list[int]:
    return [1, 2]


@post("/items")
def add_item(data: dict[str, Any]) -> dict[str, Any]:
    return data


@get("/varied")
def varied() -> Response[str]:
    return Response("x", headers={"Vary": "Accept-Encoding"})


@get("/boom")
def boom() -> None:
    raise RuntimeError("no")


HANDLERS = [list_items, add_item, varied, boom]


def client_for(**options: Any) -> TestClient[Starlite]:
    return create_test_client(HANDLERS, cors_config=CORSConfig(**options))


def test_the_defaults_are_those_of_1_5() -> None:
    config = CORSConfig()
    assert config.allow_origins == ["*"]
    assert config.allow_methods == ["*"]
    assert config.allow_headers == ["*"]
    assert config.allow_credentials is False
    assert config.allow_origin_regex is None
    assert config.expose_headers == []
    assert config.max_age == 600


def test_allowed_headers_are_kept_lower_cased() -> None:
    assert CORSConfig(allow_headers=["X-Token", "Content-Type"]).allow_headers == ["x-token", "content-type"]


def test_an_unknown_method_is_refused_when_the_config_is_made() -> None:
    with pytest.raises(ValueError, match="allow_methods"):
        CORSConfig(allow_methods=["FETCH"])  # type: ignore[list-item]


# --- requests that are not preflights ----------------------------------------------------------------


def test_an_allowed_origin_is_named_back_with_vary() -> None:
    with client_for(allow_origins=[SITE]) as client:
        response = client.get("/items", headers={"Origin": SITE})
    assert response.json() == [1, 2]
    assert response.headers["access-control-allow-origin"] == SITE
    assert response.headers["vary"] == "Origin"


def test_another_origin_gets_no_permission_but_still_its_answer() -> None:
    # The server answers; it is the browser that withholds the answer from the calling page.
    with client_for(allow_origins=[SITE]) as client:
        response = client.get("/items", headers={"Origin": "https://evil.example.org"})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


def test_a_request_without_origin_gets_no_cors_headers() -> None:
    with client_for(allow_credentials=True, expose_headers=["X-Total"]) as client:
        response = client.get("/items")
    assert not [name for name in response.headers if name.startswith("access-control-")]


def test_every_origin_allowed_is_a_star_unless_the_request_has_cookies() -> None:
    with client_for() as client:
        plain = client.get("/items", headers={"Origin": SITE})
        with_cookie = client.get("/items", headers={"Origin": SITE, "Cookie": "a=1"})
    assert plain.headers["access-control-allow-origin"] == "*"
    assert "vary" not in plain.headers
    # A browser refuses "*" for a request with credentials: the origin itself is named.
    assert with_cookie.headers["access-control-allow-origin"] == SITE
    assert with_cookie.headers["vary"] == "Origin"


def test_credentials_and_exposed_headers() -> None:
    with client_for(
        allow_origins=[SITE], allow_credentials=True, expose_headers=["X-b", "X-a", "X-b"]
    ) as client:
        response = client.get("/items", headers={"Origin": SITE})
    assert response.headers["access-control-allow-credentials"] == "true"
    assert response.headers["access-control-expose-headers"] == "X-a, X-b"


def test_vary_keeps_what_the_response_said() -> None:
    with client_for(allow_origins=[SITE]) as client:
        response = client.get("/varied", headers={"Origin": SITE})
    assert response.headers["vary"] == "Accept-Encoding, Origin"


@pytest.mark.parametrize(("path", "status"), [("/missing", 404), ("/boom", 500)])
def test_error_answers_carry_the_headers_too(path: str, status: int) -> None:
    # Without them a browser hides the error from the page, which then cannot tell what happened.
    app = Starlite(HANDLERS, cors_config=CORSConfig(allow_origins=[SITE]))
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get(path, headers={"Origin": SITE})
    assert response.status_code == status
    assert response.headers["access-control-allow-origin"] == SITE


def test_websockets_are_left_alone() -> None:
    @websocket("/ws")
    async def echo(socket: WebSocket) -> None:
        await socket.accept()
        await socket.send_text("hi")
        await socket.close()

    with create_test_client([echo], cors_config=CORSConfig(allow_origins=[SITE])) as client:
        with client.websocket_connect("/ws", headers={"Origin": SITE}) as socket:
            assert socket.receive_text() == "hi"


def test_handlers_registered_late_are_served_with_cors() -> None:
    app = Starlite([list_items], cors_config=CORSConfig(allow_origins=[SITE]))
    app.register(add_item)
    with TestClient(app) as client:
        response = client.post("/items", json={"a": 1}, headers={"Origin": SITE})
    assert response.status_code == 201
    assert response.headers["access-control-allow-origin"] == SITE


def test_an_app_without_a_config_sends_no_cors_headers() -> None:
    with create_test_client(HANDLERS) as client:
        response = client.get("/items", headers={"Origin": SITE})
        preflight = client.options(
            "/items", headers={"Origin": SITE, "Access-Control-Request-Method": "POST"}
        )
    assert "access-control-allow-origin" not in response.headers
    assert preflight.status_code == 204
    assert preflight.headers["allow"] == "GET, OPTIONS, POST"


def test_on_app_init_may_turn_cors_on() -> None:
    from starlite.config import AppConfig

    def enable(config: AppConfig) -> AppConfig:
        config.cors_config = CORSConfig(allow_origins=[SITE])
        return config

    with TestClient(Starlite(HANDLERS, on_app_init=[enable])) as client:
        assert client.get("/items", headers={"Origin": SITE}).headers["access-control-allow-origin"] == SITE


def test_a_mapping_is_read_as_a_config_and_anything_else_is_refused() -> None:
    # 1.5x's pydantic app config read a dict of the fields as a CORSConfig.
    app = Starlite(HANDLERS, cors_config={"allow_origins": [SITE]})  # type: ignore[arg-type]
    assert app.cors_config == CORSConfig(allow_origins=[SITE])
    with pytest.raises(ImproperlyConfiguredException, match="cors_config must be a CORSConfig"):
        Starlite(HANDLERS, cors_config=[SITE])  # type: ignore[arg-type]


# --- preflight requests ----------------------------------------------------------------------------


def preflight(client: TestClient[Any], origin: str = SITE, **headers: str) -> Any:
    return client.options("/items", headers={"Origin": origin, **headers})


def test_an_accepted_preflight() -> None:
    with client_for(
        allow_origins=[SITE], allow_methods=["GET", "POST"], allow_headers=["X-Token"], max_age=60
    ) as client:
        response = preflight(
            client, **{"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "x-token"}
        )
    assert response.status_code == 204
    assert response.content == b""
    assert response.headers["access-control-allow-origin"] == SITE
    assert response.headers["access-control-allow-methods"] == "GET, POST"
    assert response.headers["access-control-allow-headers"] == (
        "Accept, Accept-Language, Content-Language, Content-Type, x-token"
    )
    assert response.headers["access-control-max-age"] == "60"
    assert response.headers["vary"] == "Origin"


@pytest.mark.parametrize(
    ("headers", "refused"),
    [
        ({}, "origin"),
        ({"Access-Control-Request-Method": "DELETE"}, "method"),
        ({"Access-Control-Request-Headers": "X-Token, X-Other"}, "headers"),
    ],
)
def test_a_refused_preflight_is_a_400_naming_what_is_refused(headers: dict[str, str], refused: str) -> None:
    origin = "https://evil.example.org" if refused == "origin" else SITE
    with client_for(allow_origins=[SITE], allow_methods=["GET"], allow_headers=["X-Token"]) as client:
        response = preflight(client, origin, **headers)
    assert response.status_code == 400
    assert response.json() == {"status_code": 400, "detail": f"Disallowed CORS {refused}"}
    if refused == "origin":
        assert "access-control-allow-origin" not in response.headers


def test_a_refused_preflight_runs_no_handler() -> None:
    calls: list[str] = []

    @post("/count")
    def count() -> None:
        calls.append("called")

    app = Starlite([count], cors_config=CORSConfig(allow_origins=[SITE]))
    with TestClient(app) as client:
        response = client.options("/count", headers={"Origin": "https://evil.example.org"})
    assert response.status_code == 400
    assert calls == []


def test_the_headers_the_answer_lists_may_be_asked_for() -> None:
    # The answer lists Content-Type and the other safelisted headers as allowed: asking for them
    # must not be refused (it was in 1.5x, which broke every JSON POST from another origin).
    with client_for(allow_origins=[SITE], allow_headers=["X-Token"]) as client:
        response = preflight(client, **{"Access-Control-Request-Headers": "content-type, x-token"})
    assert response.status_code == 204
    assert "Content-Type" in response.headers["access-control-allow-headers"]


def test_every_header_allowed_echoes_what_was_asked() -> None:
    with client_for() as client:
        response = preflight(client, **{"Access-Control-Request-Headers": "X-B, X-A"})
    assert response.headers["access-control-allow-headers"] == (
        "Accept, Accept-Language, Content-Language, Content-Type, X-A, X-B"
    )
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["access-control-allow-methods"] == "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"


def test_a_preflight_to_a_path_with_no_route_is_a_404() -> None:
    with client_for(allow_origins=[SITE]) as client:
        response = client.options("/nowhere", headers={"Origin": SITE})
    assert response.status_code == 404


# --- which origins match ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("allowed", "regex", "origin", "matches"),
    [
        (["https://*.example.com"], None, "https://api.example.com", True),
        (["https://*.example.com"], None, "https://a.b.example.com", True),
        (["https://*.example.com"], None, "https://example.com", False),
        (["https://*.example.com"], None, "https://evil.com/.example.com", False),
        # A dot is a dot: 1.5x read origins as regular expressions, where it matched any character.
        (["https://example.com"], None, "https://exampleXcom", False),
        (["https://example.com"], None, "https://example.com.evil.org", False),
        (["http://localhost:*"], None, "http://localhost:5173", True),
        ([], r"https://(a|b)\.example\.com", "https://b.example.com", True),
        ([], r"https://(a|b)\.example\.com", "https://c.example.com", False),
        ([SITE], r"https://(a|b)\.example\.com", SITE, True),
    ],
)
def test_which_origins_are_allowed(allowed: list[str], regex: str | None, origin: str, matches: bool) -> None:
    config = CORSConfig(allow_origins=allowed, allow_origin_regex=regex)
    assert config.is_origin_allowed(origin) is matches
    # Asking does not change the config (1.5x appended the regex to allow_origins).
    assert config.allow_origins == allowed


# --- whatever a client sends -----------------------------------------------------------------------

_header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=80)


@settings(max_examples=150, deadline=None)
@given(
    origin=_header_text,
    method=_header_text,
    requested=_header_text,
    verb=st.sampled_from(["GET", "POST", "OPTIONS"]),
)
def test_any_origin_and_preflight_headers_get_a_clean_answer(
    origin: str, method: str, requested: str, verb: str
) -> None:
    app = Starlite(
        HANDLERS, cors_config=CORSConfig(allow_origins=[SITE, "https://*.example.net"], allow_methods=["GET"])
    )
    headers = [
        (b"origin", origin.encode("latin-1")),
        (b"access-control-request-method", method.encode("latin-1")),
        (b"access-control-request-headers", requested.encode("latin-1")),
    ]
    with TestClient(app) as client:
        response = client.request(verb, "/items", headers=headers, json={} if verb == "POST" else None)
    assert response.status_code in {200, 201, 204, 400}
    if response.status_code == 400:
        assert response.json()["detail"].startswith("Disallowed CORS")
