"""Allowed hosts: a request addressed to a host the application does not serve is refused."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from starlite import AllowedHostsConfig, CORSConfig, Starlite, get, websocket
from starlite.connection import WebSocket
from starlite.exceptions import ImproperlyConfiguredException, WebSocketDisconnect
from starlite.testing import TestClient, create_test_client
from tests.asgi_calls import call_asgi, http_scope


@get("/")
def home() -> dict[str, str]:
    return {"hello": "world"}


@get("/health", opt={"skip_host_check": True})
def health() -> str:
    return "ok"


@get("/public/page")
def public_page() -> str:
    return "page"


HANDLERS = [home, health, public_page]


def status_for(host: str, allowed: Any, path: str = "/") -> int:
    with create_test_client(HANDLERS, allowed_hosts=allowed) as client:
        return client.get(path, headers={"Host": host}, follow_redirects=False).status_code


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("example.com", 200),
        ("EXAMPLE.com", 200),  # host names are compared without case
        ("example.com:8000", 200),  # the port is not part of the check
        ("api.example.com", 200),
        ("a.b.example.com", 200),
        ("exampleXcom", 400),  # a dot is a dot (1.5x's pattern let this in)
        ("example.com.evil.org", 400),
        ("evilexample.com", 400),
        ("other.org", 400),
        ("", 400),
    ],
)
def test_which_hosts_are_answered(host: str, status: int) -> None:
    assert status_for(host, ["example.com", "*.example.com"]) == status


def test_a_refused_host_is_a_json_400_and_runs_no_handler() -> None:
    calls: list[str] = []

    @get("/count")
    def count() -> None:
        calls.append("called")

    with create_test_client([count], allowed_hosts=["example.com"]) as client:
        response = client.get("/count", headers={"Host": "attacker.org"})
    assert response.status_code == 400
    assert response.json() == {"status_code": 400, "detail": "Invalid host header"}
    assert calls == []


def test_a_subdomain_wildcard_does_not_allow_the_domain_itself() -> None:
    assert status_for("example.com", ["*.example.com"]) == 400


def test_a_star_allows_every_host_and_an_empty_list_turns_the_check_off() -> None:
    assert status_for("anything.org", ["*", "example.com"]) == 200
    assert status_for("anything.org", []) == 200


def test_the_bare_domain_is_redirected_to_its_www_host() -> None:
    with create_test_client(HANDLERS, allowed_hosts=["www.example.com"]) as client:
        response = client.get("/public/page?x=1", headers={"Host": "example.com"}, follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "http://www.example.com/public/page?x=1"


def test_no_redirect_when_www_redirect_is_off() -> None:
    config = AllowedHostsConfig(allowed_hosts=["www.example.com"], www_redirect=False)
    assert status_for("example.com", config) == 400


def test_excluded_paths_and_handlers_skip_the_check() -> None:
    by_path = AllowedHostsConfig(allowed_hosts=["example.com"], exclude=["/public"])
    by_opt = AllowedHostsConfig(allowed_hosts=["example.com"], exclude_opt_key="skip_host_check")
    assert status_for("other.org", by_path, "/public/page") == 200
    assert status_for("other.org", by_path, "/") == 400
    assert status_for("other.org", by_opt, "/health") == 200
    assert status_for("other.org", by_opt, "/") == 400
    assert status_for("other.org", by_opt, "/missing") == 400


def test_the_forwarded_host_is_read_when_there_is_no_host() -> None:
    app = Starlite(HANDLERS, allowed_hosts=["example.com"])

    async def status(headers: list[tuple[bytes, bytes]]) -> int:
        sent = await call_asgi(app, http_scope("GET", "/", headers))
        return int(sent[0]["status"])

    import anyio

    assert anyio.run(status, [(b"x-forwarded-host", b"example.com")]) == 200
    assert anyio.run(status, []) == 400
    # With a Host, X-Forwarded-Host is not what is checked: a client sets it as easily.
    assert anyio.run(status, [(b"host", b"other.org"), (b"x-forwarded-host", b"example.com")]) == 400


def test_a_websocket_to_another_host_is_closed_before_it_is_accepted() -> None:
    @websocket("/ws")
    async def echo(socket: WebSocket) -> None:
        await socket.accept()
        await socket.send_text("hi")
        await socket.close()

    with create_test_client([echo], allowed_hosts=["example.com"]) as client:
        with pytest.raises(WebSocketDisconnect) as refused:
            with client.websocket_connect("/ws", headers={"Host": "other.org"}):
                pass
        with client.websocket_connect("/ws", headers={"Host": "example.com"}) as socket:
            assert socket.receive_text() == "hi"
    assert refused.value.code == 4400


def test_a_refusal_still_carries_the_cors_headers() -> None:
    cors = CORSConfig(allow_origins=["https://app.example.com"])
    with create_test_client(HANDLERS, allowed_hosts=["example.com"], cors_config=cors) as client:
        response = client.get("/", headers={"Host": "other.org", "Origin": "https://app.example.com"})
    assert response.status_code == 400
    assert response.headers["access-control-allow-origin"] == "https://app.example.com"


def test_the_configuration_is_checked() -> None:
    with pytest.raises(ValidationError, match="beginning of the domain"):
        AllowedHostsConfig(allowed_hosts=["www.*.example.com"])
    with pytest.raises(ValidationError):
        AllowedHostsConfig(allowed_hosts=["*.*.example.com"])
    with pytest.raises(ImproperlyConfiguredException, match="allowed_hosts must be"):
        Starlite(HANDLERS, allowed_hosts="example.com")  # type: ignore[arg-type]
    app = Starlite(HANDLERS, allowed_hosts=["example.com"])
    assert app.allowed_hosts == ["example.com"]  # as given, as in 1.5x


@settings(max_examples=200, deadline=None)
@given(host=st.binary(max_size=60))
def test_any_host_header_gets_a_200_or_a_400(host: bytes) -> None:
    app = Starlite(HANDLERS, allowed_hosts=["example.com", "*.example.org"])

    async def status() -> int:
        sent = await call_asgi(app, http_scope("GET", "/", [(b"host", host)]))
        return int(sent[0]["status"])

    import anyio

    assert anyio.run(status) in {200, 400}


def test_handlers_use_the_app_as_a_live_server_sees_it() -> None:
    # TestClient's own host ("testserver.local") is refused like any other.
    app = Starlite(HANDLERS, allowed_hosts=["example.com"])
    with TestClient(app) as client:
        assert client.get("/").status_code == 400
    with TestClient(app, base_url="http://example.com") as client:
        assert client.get("/").json() == {"hello": "world"}
