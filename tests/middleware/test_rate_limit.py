"""Rate limiting: each client's requests counted per window in the app's cache, a 429 past the limit.

The store-backed tests run on the real Redis and memcached; the test with two server processes
sharing one Redis is in ``test_rate_limit_processes.py``.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator
from typing import Any

import anyio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from starlite import Request, Router, Starlite, WebSocket, asgi, get, websocket
from starlite.cache.memcached_cache_backend import MemcachedCacheBackend, MemcachedCacheBackendConfig
from starlite.cache.redis_cache_backend import RedisCacheBackend, RedisCacheBackendConfig
from starlite.config import CacheConfig
from starlite.exceptions import TooManyRequestsException
from starlite.middleware import RateLimitConfig, RateLimitMiddleware
from starlite.middleware import rate_limit as rate_limit_module
from starlite.middleware.rate_limit import DURATION_VALUES, DurationUnit
from starlite.testing import AsyncTestClient, TestClient, create_test_client
from tests.asgi_calls import call_asgi, http_scope
from tests.caching.conftest import close_backend, make_backend
from tests.faults.conftest import memcached_server, redis_server  # noqa: F401 - fixtures
from tests.session_stores import StoreServer

# Nothing listens on port 1 (only root could): connecting is refused at once. A free port the kernel
# picked could be taken by another process by the time the test connects.
CLOSED_PORT = 1
HEADERS = ("ratelimit-policy", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset")


@get("/")
def index() -> str:
    return "ok"


@get("/other")
def other() -> str:
    return "other"


@get("/free", skip_rate_limit=True)
def free() -> str:
    return "free"


class Clock:
    """Stands in for the middleware's clock: the time stays where a test puts it."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    # The middleware's time stands still unless a test moves it: no window ends in the middle of a
    # test. 15 seconds into a whole minute (and hour and day), so every window's end is known.
    fake = Clock(20_000 * 86_400 + 15.25)
    monkeypatch.setattr(rate_limit_module, "time", fake)
    yield fake


def limited(rate_limit: tuple[DurationUnit, int] = ("minute", 2), **options: Any) -> TestClient[Starlite]:
    config = RateLimitConfig(rate_limit=rate_limit, **options)
    return create_test_client([index, other, free], middleware=[config.middleware])


# --- the config --------------------------------------------------------------------------------------


def test_the_defaults_are_those_of_1_5() -> None:
    config = RateLimitConfig(rate_limit=("minute", 10))
    assert config.exclude is None
    assert config.exclude_opt_key is None
    assert config.check_throttle_handler is None
    assert config.middleware_class is RateLimitMiddleware
    assert config.set_rate_limit_headers is True
    assert config.rate_limit_policy_header_key == "RateLimit-Policy"
    assert config.rate_limit_remaining_header_key == "RateLimit-Remaining"
    assert config.rate_limit_reset_header_key == "RateLimit-Reset"
    assert config.rate_limit_limit_header_key == "RateLimit-Limit"
    assert config.cache_key_builder is None
    assert DURATION_VALUES == {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
    middleware = config.middleware
    assert middleware.middleware is RateLimitMiddleware
    assert middleware.kwargs == {"config": config}


@pytest.mark.parametrize("rate_limit", [("minute", 0), ("minute", -3), ("week", 1), ("minute",), "10/minute"])
def test_a_limit_that_means_nothing_is_refused_when_the_config_is_made(rate_limit: Any) -> None:
    with pytest.raises(ValidationError, match="rate_limit"):
        RateLimitConfig(rate_limit=rate_limit)


# --- the limit ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["second", "minute", "hour", "day"])
def test_requests_past_the_limit_get_a_429_until_the_window_ends(unit: DurationUnit, clock: Clock) -> None:
    duration = DURATION_VALUES[unit]
    clock.now = 20_000 * 86_400 + 0.25  # a quarter second into every window
    with limited((unit, 2)) as client:
        assert [client.get("/").status_code for _ in range(3)] == [200, 200, 429]
        clock.now += duration - 0.5  # the end of the same window
        if duration > 1:
            assert client.get("/").status_code == 429
        clock.now += 1  # the next window
        assert [client.get("/").status_code for _ in range(3)] == [200, 200, 429]


def test_the_headers_say_the_policy_the_limit_what_is_left_and_when_it_resets(clock: Clock) -> None:
    with limited(("minute", 3)) as client:
        responses = [client.get("/") for _ in range(3)]
        clock.now += 20
        refused = client.get("/")
    assert [response.headers["ratelimit-remaining"] for response in responses] == ["2", "1", "0"]
    for response in responses:
        assert response.text == "ok"
        assert response.headers["ratelimit-policy"] == "3; w=60"
        assert response.headers["ratelimit-limit"] == "3"
        assert response.headers["ratelimit-reset"] == "45"  # 15.25 s into the minute: 44.75 s left
    assert refused.status_code == 429
    assert refused.headers["ratelimit-remaining"] == "0"
    assert refused.headers["ratelimit-reset"] == "25"
    assert refused.headers["retry-after"] == "25"


def test_a_refused_request_is_a_json_429_naming_the_limit() -> None:
    with limited(("hour", 1)) as client:
        client.get("/")
        response = client.get("/")
    assert response.status_code == 429
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {
        "status_code": 429,
        "detail": "Rate limit exceeded: at most 1 requests per hour",
    }
    assert 1 <= int(response.headers["retry-after"]) <= 3600


def test_retry_after_is_at_least_a_second_at_the_very_end_of_a_window(clock: Clock) -> None:
    clock.now = 20_000 * 86_400 + 59.999
    with limited(("minute", 1)) as client:
        client.get("/")
        assert client.get("/").headers["retry-after"] == "1"


def test_the_headers_can_be_left_out_but_not_retry_after() -> None:
    with limited(("minute", 1), set_rate_limit_headers=False) as client:
        served, refused = client.get("/"), client.get("/")
    assert served.status_code == 200 and refused.status_code == 429
    for response in (served, refused):
        assert not any(name in response.headers for name in HEADERS)
    assert "retry-after" in refused.headers


def test_the_header_names_are_the_configs() -> None:
    names = {
        "rate_limit_policy_header_key": "X-Policy",
        "rate_limit_limit_header_key": "X-Limit",
        "rate_limit_remaining_header_key": "X-Left",
        "rate_limit_reset_header_key": "X-Reset",
    }
    with limited(("minute", 5), **names) as client:
        response = client.get("/")
    assert response.headers["x-policy"] == "5; w=60"
    assert response.headers["x-limit"] == "5"
    assert response.headers["x-left"] == "4"
    assert "x-reset" in response.headers
    assert not any(name in response.headers for name in HEADERS)


def test_every_path_of_the_layer_shares_the_clients_quota() -> None:
    with limited(("minute", 2)) as client:
        assert [client.get(path).status_code for path in ("/", "/other", "/")] == [200, 200, 429]


def test_the_app_keeps_the_counts_in_its_cache() -> None:
    with limited(("minute", 1)) as client:
        client.get("/")
        app = client.app
    # A new client of the same app is the same address: the count is the app's, not the client's.
    with TestClient(app) as client:
        assert client.get("/").status_code == 429


# --- who is counted ----------------------------------------------------------------------------------


def test_each_client_address_has_its_own_quota() -> None:
    app = Starlite([index], middleware=[RateLimitConfig(rate_limit=("minute", 1)).middleware])
    with (
        TestClient(app, client=("10.0.0.1", 1000)) as first,
        TestClient(app, client=("10.0.0.2", 1000)) as second,
    ):
        assert first.get("/").status_code == 200
        assert first.get("/").status_code == 429
        assert second.get("/").status_code == 200
    # Another port of the same address is the same client.
    with TestClient(app, client=("10.0.0.1", 2000)) as again:
        assert again.get("/").status_code == 429


def test_forwarding_headers_sent_by_the_client_are_not_trusted_by_default() -> None:
    # Anyone can send X-Forwarded-For: a client that could name itself anew would never be limited.
    with limited(("minute", 1)) as client:
        statuses = [
            client.get(
                "/", headers={"X-Forwarded-For": f"203.0.113.{n}", "X-Real-IP": f"198.51.100.{n}"}
            ).status_code
            for n in range(3)
        ]
    assert statuses == [200, 429, 429]


def test_cache_key_builder_names_the_client() -> None:
    def api_key(request: Request[Any, Any]) -> str:
        return request.headers.get("x-api-key", "none")

    with limited(("minute", 1), cache_key_builder=api_key) as client:
        assert client.get("/", headers={"X-API-Key": "a"}).status_code == 200
        assert client.get("/", headers={"X-API-Key": "a"}).status_code == 429
        assert client.get("/", headers={"X-API-Key": "b"}).status_code == 200


def test_a_subclass_can_tell_clients_apart_its_own_way() -> None:
    class PerUserRateLimit(RateLimitMiddleware):
        def cache_key_from_request(self, request: Request[Any, Any]) -> str:
            return "user:" + request.query_params.get("user", "")

    with limited(("minute", 1), middleware_class=PerUserRateLimit) as client:
        assert client.get("/?user=ada").status_code == 200
        assert client.get("/?user=ada").status_code == 429
        assert client.get("/?user=bob").status_code == 200


def test_a_subclass_can_choose_the_requests_counted_its_own_way() -> None:
    class OnlyIndex(RateLimitMiddleware):
        async def should_check_request(self, request: Request[Any, Any]) -> bool:
            return request.url.path == "/"

    with limited(("minute", 1), middleware_class=OnlyIndex) as client:
        assert [client.get("/other").status_code for _ in range(2)] == [200, 200]
        assert [client.get("/").status_code for _ in range(2)] == [200, 429]


@pytest.mark.parametrize("loop", ["asyncio", "trio"])
def test_the_limit_holds_on_either_event_loop(loop: str) -> None:
    config = RateLimitConfig(rate_limit=("minute", 2))
    with create_test_client([index], middleware=[config.middleware], backend=loop) as client:  # type: ignore[arg-type]
        assert [client.get("/").status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.parametrize(
    "identifier",
    ["with spaces and\ttabs", "x" * 400, "ünïcødé ✓", "line\r\nbreak", "", "::"],
    ids=["spaces", "long", "unicode", "crlf", "empty", "colons"],
)
def test_any_identifier_is_counted_and_kept_apart(identifier: str) -> None:
    def from_header(request: Request[Any, Any]) -> str:
        return identifier if request.headers.get("x-who") == "me" else "someone else"

    with limited(("minute", 1), cache_key_builder=from_header) as client:
        assert client.get("/", headers={"X-Who": "me"}).status_code == 200
        assert client.get("/", headers={"X-Who": "me"}).status_code == 429
        assert client.get("/").status_code == 200


# --- what is not counted -----------------------------------------------------------------------------


def test_excluded_paths_are_neither_limited_nor_counted() -> None:
    with limited(("minute", 1), exclude=["^/other"]) as client:
        assert [client.get("/other").status_code for _ in range(3)] == [200, 200, 200]
        excluded = client.get("/other")
        assert client.get("/").status_code == 200
        assert client.get("/").status_code == 429
    assert not any(name in excluded.headers for name in HEADERS)


def test_handlers_with_the_exclude_opt_key_are_neither_limited_nor_counted() -> None:
    with limited(("minute", 1), exclude_opt_key="skip_rate_limit") as client:
        assert [client.get("/free").status_code for _ in range(3)] == [200, 200, 200]
        assert client.get("/").status_code == 200
        assert client.get("/").status_code == 429


def test_without_exclude_opt_key_the_opt_means_nothing() -> None:
    with limited(("minute", 1)) as client:
        assert [client.get("/free").status_code for _ in range(2)] == [200, 429]


def _only_index(request: Request[Any, Any]) -> bool:
    return request.url.path == "/"


async def _only_index_async(request: Request[Any, Any]) -> bool:
    await anyio.sleep(0)
    return request.url.path == "/"


@pytest.mark.parametrize("check", [_only_index, _only_index_async], ids=["sync", "async"])
def test_check_throttle_handler_chooses_the_requests_counted(check: Any) -> None:
    with limited(("minute", 1), check_throttle_handler=check) as client:
        assert [client.get("/other").status_code for _ in range(3)] == [200, 200, 200]
        assert [client.get("/").status_code for _ in range(2)] == [200, 429]
        assert client.get("/other").status_code == 200


def test_websockets_are_not_limited() -> None:
    @websocket("/ws")
    async def echo(socket: WebSocket[Any, Any, Any]) -> None:
        await socket.accept()
        await socket.send_text(await socket.receive_text())
        await socket.close()

    config = RateLimitConfig(rate_limit=("minute", 1))
    with create_test_client([echo], middleware=[config.middleware]) as client:
        for n in range(3):
            with client.websocket_connect("/ws") as socket:
                socket.send_text(str(n))
                assert socket.receive_text() == str(n)


def test_the_limit_holds_on_the_layer_that_has_it() -> None:
    config = RateLimitConfig(rate_limit=("minute", 1))
    router = Router("/limited", route_handlers=[other], middleware=[config.middleware])
    with create_test_client([index, router]) as client:
        assert [client.get("/limited/other").status_code for _ in range(2)] == [200, 429]
        assert [client.get("/").status_code for _ in range(3)] == [200, 200, 200]


def test_limits_on_two_layers_each_count_a_request_once() -> None:
    router = Router(
        "/expensive",
        route_handlers=[other],
        middleware=[RateLimitConfig(rate_limit=("minute", 2)).middleware],
    )
    app_limit = RateLimitConfig(rate_limit=("minute", 5))
    with create_test_client([index, router], middleware=[app_limit.middleware]) as client:
        assert [client.get("/expensive/other").status_code for _ in range(3)] == [200, 200, 429]
        # The app's limit counted those three too.
        assert [client.get("/").status_code for _ in range(3)] == [200, 200, 429]


def test_a_mounted_app_is_counted_apart_from_the_handlers() -> None:
    @asgi("/mounted", is_mount=True)
    async def mounted(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"mounted"})

    config = RateLimitConfig(rate_limit=("minute", 1))
    with create_test_client([index, mounted], middleware=[config.middleware]) as client:
        assert client.get("/").status_code == 200
        assert client.get("/mounted/a").status_code == 200
        assert client.get("/mounted/b").status_code == 429
        assert client.get("/").status_code == 429


def test_an_app_without_the_middleware_sends_no_rate_limit_headers() -> None:
    with create_test_client([index]) as client:
        response = client.get("/")
    assert not any(name in response.headers for name in HEADERS)


# --- the event loops ---------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_concurrent_requests_are_counted_exactly(anyio_backend: str) -> None:
    config = RateLimitConfig(rate_limit=("minute", 10))
    app = Starlite([index], middleware=[config.middleware])
    statuses: list[int] = []
    async with AsyncTestClient(app) as client:

        async def one() -> None:
            statuses.append((await client.get("/")).status_code)

        async with anyio.create_task_group() as group:
            for _ in range(40):
                group.start_soon(one)
    assert sorted(statuses) == [200] * 10 + [429] * 30


# --- a cache that fails ------------------------------------------------------------------------------


class BrokenCache:
    """A cache whose store cannot be reached."""

    def __init__(self) -> None:
        self.calls = 0

    async def increment(self, key: str, expiration: int) -> int:
        self.calls += 1
        raise ConnectionError("Error 111 connecting to 127.0.0.1:1. Connection refused.")


def test_a_cache_that_is_down_lets_requests_through_with_one_warning(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, clock: Clock
) -> None:
    broken = BrokenCache()
    with limited(("minute", 1)) as client, caplog.at_level(logging.WARNING, logger="starlite"):
        monkeypatch.setattr(client.app, "cache", broken)
        responses = [client.get("/") for _ in range(5)]
        clock.now += 11  # a later failure is reported again, at most once per 10 seconds
        responses.append(client.get("/"))
    assert [response.status_code for response in responses] == [200] * 6
    assert broken.calls == 6
    # Served uncounted: no headers that would claim a count.
    assert not any(name in responses[0].headers for name in HEADERS)
    warnings = [record for record in caplog.records if "Rate limit" in record.getMessage()]
    assert [record.levelno for record in warnings] == [logging.WARNING] * 2
    assert warnings[0].getMessage() == (
        "Rate limit not applied: the cache is unavailable "
        "(ConnectionError: Error 111 connecting to 127.0.0.1:1. Connection refused.)"
    )
    assert all(record.exc_info is None for record in warnings)


def test_an_error_of_the_apps_own_code_is_not_swallowed() -> None:
    def broken_builder(request: Request[Any, Any]) -> str:
        raise RuntimeError("a bug")

    with limited(("minute", 1), cache_key_builder=broken_builder) as client, pytest.raises(RuntimeError):
        client.get("/")


def test_the_exception_is_the_one_1_5_raised() -> None:
    # An app's exception handler for TooManyRequestsException (or 429) answers the refusals.
    def answer(request: Request[Any, Any], exc: TooManyRequestsException) -> Any:
        from starlite import Response

        return Response({"slow": "down", "retry": exc.headers["Retry-After"]}, status_code=429)

    config = RateLimitConfig(rate_limit=("minute", 1))
    with create_test_client(
        [index], middleware=[config.middleware], exception_handlers={TooManyRequestsException: answer}
    ) as client:
        client.get("/")
        response = client.get("/")
    assert response.status_code == 429
    assert response.json()["slow"] == "down"


# --- whatever a client sends -------------------------------------------------------------------------


_APP = Starlite(
    [index, other],
    middleware=[
        RateLimitConfig(
            rate_limit=("minute", 3), cache_key_builder=lambda request: request.headers.get("x-who", "")
        ).middleware
    ],
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    who=st.binary(max_size=300),
    host=st.text(max_size=60),
    path=st.one_of(
        st.sampled_from(["/", "/other"]), st.text(st.characters(codec="utf-8"), max_size=40).map("/".__add__)
    ),
)
def test_any_client_identifier_and_path_get_a_clean_answer(who: bytes, host: str, path: str) -> None:
    scope = http_scope("GET", path, [(b"host", b"testserver"), (b"x-who", who)])
    scope["client"] = (host, 1)

    async def status() -> int:
        sent = await call_asgi(_APP, scope)
        return int(sent[0]["status"])

    assert anyio.run(status) in {200, 404, 429}


# --- the counts in Redis and memcached ---------------------------------------------------------------


def in_store(
    store: str, rate_limit: tuple[DurationUnit, int], port: int | None = None, timeout: float = 1.0
) -> Starlite:
    """An app counting in ``store`` (the shared server, or whatever listens on ``port``)."""
    backend: Any
    if port is None:
        backend = make_backend(store, timeout=timeout)
    elif store == "redis":
        backend = RedisCacheBackend(
            RedisCacheBackendConfig(url=f"redis://127.0.0.1:{port}/0", timeout=timeout)
        )
    else:
        backend = MemcachedCacheBackend(
            MemcachedCacheBackendConfig(host="127.0.0.1", port=port, timeout=timeout)
        )
    # Every test has clients of its own: the store outlives the test, and the clock stands still.
    run = uuid.uuid4().hex

    def client_of_this_test(request: Request[Any, Any]) -> str:
        return f"{run}:{request.headers.get('x-client', 'anyone')}"

    async def close() -> None:
        await close_backend(backend)

    config = RateLimitConfig(rate_limit=rate_limit, cache_key_builder=client_of_this_test)
    return Starlite(
        [index, other],
        middleware=[config.middleware],
        cache_config=CacheConfig(backend=backend),
        on_shutdown=[close],
    )


@pytest.mark.parametrize("store", ["redis", "memcached"])
@pytest.mark.parametrize("anyio_backend", ["asyncio"])  # redis-py's and aiomcache's clients need asyncio
@pytest.mark.anyio
async def test_a_store_keeps_the_count(store: str, anyio_backend: str) -> None:
    async with AsyncTestClient(in_store(store, ("minute", 3))) as client:
        responses = [await client.get("/", headers={"X-Client": "ada"}) for _ in range(4)]
        other_client = await client.get("/", headers={"X-Client": "bob"})
    assert [response.status_code for response in responses] == [200, 200, 200, 429]
    assert [response.headers["ratelimit-remaining"] for response in responses] == ["2", "1", "0", "0"]
    assert responses[-1].headers["retry-after"] == "45"
    assert other_client.status_code == 200


@pytest.mark.parametrize("store", ["redis", "memcached"])
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
@pytest.mark.anyio
async def test_a_store_counts_concurrent_requests_exactly(store: str, anyio_backend: str) -> None:
    statuses: list[int] = []
    # A generous store timeout: a count that timed out under load would let its request through.
    async with AsyncTestClient(in_store(store, ("minute", 25), timeout=20)) as client:

        async def one() -> None:
            statuses.append((await client.get("/")).status_code)

        async with anyio.create_task_group() as group:
            for _ in range(100):
                group.start_soon(one)
    assert sorted(statuses) == [200] * 25 + [429] * 75


@pytest.mark.parametrize("store", ["redis", "memcached"])
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
@pytest.mark.anyio
async def test_an_identifier_no_store_takes_as_a_key_is_still_counted(store: str, anyio_backend: str) -> None:
    nasty = {"X-Client": "spaces and\ttabs " + "x" * 300}
    async with AsyncTestClient(in_store(store, ("minute", 1))) as client:
        assert (await client.get("/", headers=nasty)).status_code == 200
        assert (await client.get("/", headers=nasty)).status_code == 429


@pytest.mark.parametrize("store", ["redis", "memcached"])
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
@pytest.mark.anyio
async def test_a_store_that_is_down_lets_requests_through_with_a_warning(
    store: str, anyio_backend: str, caplog: pytest.LogCaptureFixture
) -> None:
    app = in_store(store, ("minute", 1), port=CLOSED_PORT)
    with caplog.at_level(logging.WARNING, logger="starlite"):
        async with AsyncTestClient(app) as client:
            responses = [await client.get("/") for _ in range(3)]
    assert [response.status_code for response in responses] == [200, 200, 200]
    assert [response.text for response in responses] == ["ok"] * 3
    warnings = [record.getMessage() for record in caplog.records if "Rate limit" in record.getMessage()]
    assert len(warnings) == 1
    assert warnings[0].startswith("Rate limit not applied: the cache is unavailable (ConnectionError: ")


@pytest.mark.parametrize("store", ["redis", "memcached"])
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
@pytest.mark.anyio
async def test_a_store_that_stops_answering_holds_a_request_no_longer_than_its_timeout(
    store: str, anyio_backend: str, request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> None:
    server: StoreServer = request.getfixturevalue(f"{store}_server")
    app = in_store(store, ("minute", 1), port=server.port, timeout=0.3)
    with caplog.at_level(logging.WARNING, logger="starlite"):
        async with AsyncTestClient(app, timeout=10) as client:
            assert (await client.get("/")).status_code == 200
            server.pause()
            started = time.monotonic()
            frozen = await client.get("/")
            waited = time.monotonic() - started
            server.resume()
            # The store answers again: the count it kept limits the client again. A request whose
            # count timed out while the store reconnects is let through: poll until one is refused.
            with anyio.fail_after(10):
                while (await client.get("/")).status_code != 429:
                    await anyio.sleep(0.05)
    assert frozen.status_code == 200
    assert waited < 5  # the store's 0.3 s, not the client's 10 s
    assert any("Rate limit not applied" in record.getMessage() for record in caplog.records)


def test_the_same_limit_on_two_layers_counts_a_request_once() -> None:
    # An app's "4 a minute" and a router's "4 a minute" are one limit: four requests pass, not two,
    # and each answer carries one set of headers.
    router = Router(
        "/api", route_handlers=[other], middleware=[RateLimitConfig(rate_limit=("minute", 4)).middleware]
    )
    app_limit = RateLimitConfig(rate_limit=("minute", 4))
    with create_test_client([router], middleware=[app_limit.middleware]) as client:
        answers = [client.get("/api/other") for _ in range(5)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 200, 429]
    assert [answer.headers.get_list("ratelimit-remaining") for answer in answers[:4]] == [
        ["3"],
        ["2"],
        ["1"],
        ["0"],
    ]
