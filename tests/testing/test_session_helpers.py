"""``set_session_data`` / ``get_session_data`` on both clients, through the app's own backend."""

import os
from pathlib import Path
from typing import Any

import pytest

from starlite import ImproperlyConfiguredException, Request, Starlite, get, post
from starlite.middleware.session.base import BaseBackendConfig
from starlite.middleware.session.cookie_backend import CookieBackendConfig
from starlite.middleware.session.memory_backend import MemoryBackendConfig
from starlite.testing import AsyncTestClient, TestClient, create_async_test_client, create_test_client
from tests.session_stores import ASYNCIO_ONLY, BACKENDS, close_config, make_config


@get("/read")
def read(request: Request) -> dict[str, Any]:
    return request.session


@post("/increment")
def increment(request: Request) -> int:
    request.session["count"] = request.session.get("count", 0) + 1
    return int(request.session["count"])


CONFIGS = {
    "cookie": lambda: CookieBackendConfig(secret=os.urandom(16)),
    "memory": MemoryBackendConfig,
}


@pytest.fixture(params=sorted(CONFIGS))
def session_config(request: pytest.FixtureRequest) -> BaseBackendConfig:
    return CONFIGS[request.param]()  # type: ignore[no-any-return]


VALUES: dict[str, Any] = {
    "text": "ünïcode ✓",
    "bytes": b"\x00\xffbinary",
    "list": [1, 2.5, None],
    "nested": {"a": True},
}


@pytest.mark.parametrize("inside_with", [True, False], ids=["inside-with", "outside-with"])
@pytest.mark.parametrize("backend_name", BACKENDS)
def test_sync_client_round_trip(backend_name: str, inside_with: bool, tmp_path: Path) -> None:
    config = make_config(backend_name, tmp_path)
    client = create_test_client([read, increment], session_config=config)
    if inside_with:
        client.__enter__()
    try:
        client.set_session_data({**VALUES, "count": 41})
        assert client.post("/increment").json() == 42
        data = client.get_session_data()
        assert data == {**VALUES, "count": 42}
        assert isinstance(data["bytes"], bytes)  # binary values come back as bytes
    finally:
        with client.portal() as portal:  # the client's one loop, where the store clients live
            portal.call(close_config, config)
        if inside_with:
            client.__exit__(None, None, None)
        client.close()


@pytest.mark.anyio
@pytest.mark.parametrize("inside_with", [True, False], ids=["inside-with", "outside-with"])
@pytest.mark.parametrize(
    ("backend_name", "anyio_backend"),
    [
        (name, loop)
        for name in BACKENDS
        for loop in ("asyncio", "trio")
        if not (name in ASYNCIO_ONLY and loop == "trio")
    ],
)
async def test_async_client_round_trip(backend_name: str, inside_with: bool, tmp_path: Path) -> None:
    config = make_config(backend_name, tmp_path)
    client = create_async_test_client([read, increment], session_config=config)
    if inside_with:
        await client.__aenter__()
    try:
        await client.set_session_data({**VALUES, "count": 1})
        assert (await client.post("/increment")).json() == 2
        assert await client.get_session_data() == {**VALUES, "count": 2}
    finally:
        if inside_with:
            await client.__aexit__(None, None, None)
        await close_config(config)


def test_the_helpers_use_the_apps_own_backend_instance() -> None:
    config = MemoryBackendConfig()
    app = Starlite([read], middleware=[config.middleware])
    with TestClient(app) as client:
        client.set_session_data({"user": "ada"})
        session_id = client.cookies.get("session")
        assert session_id
        # The data is in the very store the app's middleware reads from.
        assert client.session_backend is app.middleware[0].kwargs["backend"]  # type: ignore[union-attr]
        assert client.get("/read").json() == {"user": "ada"}
    with TestClient(Starlite([read], middleware=[config.middleware])) as other_app_client:
        # Another app built from the same config has its own store: nothing leaks between them.
        other_app_client.cookies.set("session", session_id, domain="testserver.local")
        assert other_app_client.get("/read").json() == {}


def test_setting_data_twice_replaces_it_and_empty_data_clears_it(session_config: BaseBackendConfig) -> None:
    with create_test_client([read], session_config=session_config) as client:
        client.set_session_data({"a": 1})
        client.set_session_data({"b": 2})
        assert client.get("/read").json() == {"b": 2}
        client.set_session_data({})
        assert client.get("/read").json() == {}
        assert client.get_session_data() == {}


def test_without_session_middleware_the_helpers_say_so() -> None:
    with (
        create_test_client([read]) as client,
        pytest.raises(ImproperlyConfiguredException, match="no session middleware"),
    ):
        client.set_session_data({"a": 1})


@pytest.mark.parametrize(
    ("options", "base_url", "message"),
    [
        ({"secure": True}, "http://testserver.local", "secure=True"),
        ({"domain": "example.com"}, "http://testserver.local", "does not match"),
    ],
)
def test_cookie_options_that_would_never_reach_the_app_are_refused(
    options: dict[str, Any], base_url: str, message: str
) -> None:
    config = CookieBackendConfig(secret=os.urandom(16), **options)
    with create_test_client([read], session_config=config, base_url=base_url) as client:
        with pytest.raises(ImproperlyConfiguredException, match=message):
            client.set_session_data({"a": 1})
        with pytest.raises(ImproperlyConfiguredException, match=message):
            client.get_session_data()


@pytest.mark.parametrize(
    ("options", "base_url"),
    [({"secure": True}, "https://testserver.local"), ({"domain": "example.com"}, "http://api.example.com")],
)
def test_matching_cookie_options_work(options: dict[str, Any], base_url: str) -> None:
    config = CookieBackendConfig(secret=os.urandom(16), **options)
    with create_test_client([read], session_config=config, base_url=base_url) as client:
        client.set_session_data({"a": 1})
        assert client.get("/read").json() == {"a": 1}


def test_create_session_cookies_and_get_session_from_cookies_as_in_1_5x() -> None:
    # 1.5x's older API, pending deprecation there: it still works, and says what replaces it.
    with create_test_client([read], session_config=CookieBackendConfig(secret=os.urandom(16))) as client:
        with pytest.warns(PendingDeprecationWarning, match="set_session_data"):
            cookies = client.create_session_cookies({"a": 1})
        assert list(cookies) == ["session-0"]
        response = client.get("/read", headers={"cookie": f"session-0={cookies['session-0']}"})
        assert response.json() == {"a": 1}
        client.set_session_data({"b": 2})
        with pytest.warns(PendingDeprecationWarning, match="get_session_data"):
            assert client.get_session_from_cookies() == {"b": 2}
        with pytest.warns(PendingDeprecationWarning, match="session_backend"):
            assert client.session is client.session_backend


def test_the_1_5x_session_property_needs_the_cookie_backend() -> None:
    with (
        create_test_client([read], session_config=MemoryBackendConfig()) as client,
        pytest.warns(PendingDeprecationWarning),
        pytest.raises(ImproperlyConfiguredException, match="cookie session backend"),
    ):
        client.session  # noqa: B018


@pytest.mark.parametrize("base_url", ["http://testserver", "http://localhost:8000"])
def test_a_base_url_whose_host_has_no_dot_is_warned_about(base_url: str) -> None:
    # http.cookiejar files such a host under "<host>.local": a cookie set with a Domain never comes back.
    with pytest.warns(UserWarning, match="without a dot"):
        create_test_client([read], base_url=base_url)
    with pytest.warns(UserWarning, match="without a dot"):
        AsyncTestClient(Starlite([read]), base_url=base_url)


@pytest.mark.parametrize("base_url", ["http://testserver.local", "http://127.0.0.1", "http://[::1]:8000"])
def test_a_base_url_with_a_dotted_host_or_an_address_is_not_warned_about(base_url: str) -> None:
    create_test_client([read], base_url=base_url)  # filterwarnings = error


@pytest.mark.anyio
async def test_async_client_helpers_refuse_an_app_without_sessions() -> None:
    async with AsyncTestClient(Starlite([read])) as client:
        with pytest.raises(ImproperlyConfiguredException, match="no session middleware"):
            await client.get_session_data()


def test_the_helpers_find_session_middleware_on_a_router() -> None:
    from starlite import Router

    router = Router(path="/api", route_handlers=[read], middleware=[MemoryBackendConfig().middleware])
    with create_test_client([router]) as client:
        client.set_session_data({"on": "router"})
        assert client.get("/api/read").json() == {"on": "router"}


def test_a_client_used_before_with_keeps_its_loop_after_the_block() -> None:
    config = make_config("redis", Path("."))
    client = create_test_client([read, increment], session_config=config)
    try:
        client.set_session_data({"count": 1})  # starts the client's loop, binding the Redis pool to it
        with client:
            assert client.post("/increment").json() == 2
        # After the block the same loop is still there, so the Redis pool still works.
        assert client.post("/increment").json() == 3
    finally:
        with client.portal() as portal:
            portal.call(close_config, config)
        client.close()
