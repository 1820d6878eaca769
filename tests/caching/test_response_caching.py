"""Response caching: ``cache=True`` or seconds on a handler, through the test client."""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from starlite import (
    CacheConfig,
    Controller,
    NotAuthorizedException,
    Request,
    Response,
    Router,
    Stream,
    get,
    post,
    route,
)
from starlite.cache import SimpleCacheBackend
from starlite.cache.redis_cache_backend import RedisCacheBackend, RedisCacheBackendConfig
from starlite.datastructures import Cookie
from starlite.response import StreamingResponse
from starlite.testing import create_test_client
from tests.caching.conftest import close_backend, make_backend


@pytest.fixture
def counter() -> Iterator[int]:
    """A count of handler calls: a cached response repeats the number of the call that made it."""
    return itertools.count()


def test_a_second_get_is_answered_from_the_cache(counter: Iterator[int]) -> None:
    @get("/", cache=True)
    def handler() -> dict[str, int]:
        return {"call": next(counter)}

    with create_test_client([handler]) as client:
        assert client.get("/").json() == {"call": 0}
        assert client.get("/").json() == {"call": 0}
        assert client.get("/?page=2").json() == {"call": 1}  # another query: another entry


@pytest.mark.parametrize("backend_name", ["memory", "redis", "memcached"])
def test_every_backend_caches_responses(backend_name: str, counter: Iterator[int]) -> None:
    path = f"/cached-{time.time_ns()}"  # the Redis and memcached servers outlive the test

    @get(path, cache=True)
    async def handler() -> dict[str, int]:
        return {"call": next(counter)}

    backend = make_backend(backend_name)

    async def close() -> None:
        await close_backend(backend)

    with create_test_client(
        [handler], cache_config=CacheConfig(backend=backend), on_shutdown=[close]
    ) as client:
        assert [client.get(path).json()["call"] for _ in range(3)] == [0, 0, 0]


def test_status_headers_and_cookies_are_kept(counter: Iterator[int]) -> None:
    @get("/", cache=True, response_headers={"x-layer": "handler"})
    def handler() -> Response[dict[str, int]]:
        return Response(
            {"call": next(counter)},
            status_code=203,
            headers={"x-call": "yes"},
            cookies=[Cookie(key="flavour", value="oat", httponly=True)],
        )

    with create_test_client([handler]) as client:
        first, second = client.get("/"), client.get("/")
    assert second.json() == {"call": 0}
    assert second.status_code == 203
    assert second.headers["x-call"] == "yes" and second.headers["x-layer"] == "handler"
    assert second.headers["set-cookie"] == first.headers["set-cookie"]
    assert "HttpOnly" in second.headers["set-cookie"]
    assert second.headers["content-type"] == first.headers["content-type"]


def test_the_handler_s_expiration_in_seconds(monkeypatch: pytest.MonkeyPatch, counter: Iterator[int]) -> None:
    @get("/", cache=100)
    def handler() -> dict[str, int]:
        return {"call": next(counter)}

    with create_test_client([handler], cache_config=CacheConfig(expiration=1000)) as client:
        backend = client.app.cache.backend
        assert client.get("/").json() == {"call": 0}
        (entry,) = backend._store.values()
        # The handler's 100 s, not the config's 1000 (the margin below 100 is for a loaded machine).
        assert 50 < (entry.expiration - entry.expiration.now(entry.expiration.tzinfo)).total_seconds() <= 100
        entry.expiration = entry.expiration.now(entry.expiration.tzinfo)  # the 100 seconds are up
        time.sleep(0.001)
        assert client.get("/").json() == {"call": 1}
        assert client.get("/").json() == {"call": 1}


def test_cache_true_uses_the_config_s_expiration(counter: Iterator[int]) -> None:
    @get("/", cache=True)
    def handler() -> dict[str, int]:
        return {"call": next(counter)}

    with create_test_client([handler], cache_config=CacheConfig(expiration=100)) as client:
        backend = client.app.cache.backend
        assert client.get("/").json() == {"call": 0}
        assert client.get("/").json() == {"call": 0}
        (entry,) = backend._store.values()
        # The config's 100 s (the margin below 100 is for a loaded machine).
        assert 50 < (entry.expiration - entry.expiration.now(entry.expiration.tzinfo)).total_seconds() <= 100
        entry.expiration = entry.expiration.now(entry.expiration.tzinfo)  # the 100 seconds are up
        time.sleep(0.001)
        assert client.get("/").json() == {"call": 1}


def test_a_handler_without_cache_is_never_cached(counter: Iterator[int]) -> None:
    @get("/")
    def handler() -> dict[str, int]:
        return {"call": next(counter)}

    with create_test_client([handler]) as client:
        assert [client.get("/").json()["call"] for _ in range(2)] == [0, 1]
        assert client.app.cache.backend._store == {}


def test_only_get_responses_are_cached(counter: Iterator[int]) -> None:
    @route("/", http_method=["GET", "POST", "PUT"], cache=True, status_code=200)
    def handler(request: Request[Any, Any]) -> dict[str, Any]:
        return {"call": next(counter), "method": request.method}

    with create_test_client([handler]) as client:
        assert client.post("/").json() == {"call": 0, "method": "POST"}
        assert client.post("/").json() == {"call": 1, "method": "POST"}
        assert client.get("/").json() == {"call": 2, "method": "GET"}
        # A POST is never answered from the GET's entry.
        assert client.put("/").json() == {"call": 3, "method": "PUT"}
        assert client.get("/").json() == {"call": 2, "method": "GET"}


def test_a_head_request_is_answered_from_the_get_s_entry_without_a_body(counter: Iterator[int]) -> None:
    @route("/", http_method=["GET", "HEAD"], cache=True)
    def handler() -> dict[str, int]:
        return {"call": next(counter)}

    with create_test_client([handler]) as client:
        client.get("/")
        head = client.head("/")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(b'{"call":0}'))
    assert next(counter) == 1  # the HEAD did not call the handler


@pytest.mark.parametrize("status_code", [301, 404, 500])
def test_responses_other_than_2xx_are_not_cached(status_code: int, counter: Iterator[int]) -> None:
    @get("/", cache=True)
    def handler() -> Response[dict[str, int]]:
        return Response({"call": next(counter)}, status_code=status_code, headers={"location": "/x"})

    with create_test_client([handler]) as client:
        assert client.get("/", follow_redirects=False).json() == {"call": 0}
        assert client.get("/", follow_redirects=False).json() == {"call": 1}
        assert client.app.cache.backend._store == {}


def test_errors_are_not_cached(counter: Iterator[int]) -> None:
    @get("/", cache=True)
    def handler() -> dict[str, int]:
        call = next(counter)
        if call == 0:
            raise NotAuthorizedException("first call fails")
        return {"call": call}

    with create_test_client([handler]) as client:
        assert client.get("/").status_code == 401
        assert client.get("/").json() == {"call": 1}
        assert client.get("/").json() == {"call": 1}


def test_a_streamed_response_is_not_cached(counter: Iterator[int]) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield str(next(counter)).encode()
        yield b"-end"

    @get("/stream", cache=True)
    def stream_handler() -> Stream:
        return Stream(iterator=chunks())

    @get("/any", cache=True)
    def any_handler() -> Response[Any]:
        return StreamingResponse(chunks(), media_type="text/plain")  # type: ignore[return-value]

    with create_test_client([stream_handler, any_handler]) as client:
        assert [client.get("/stream").text for _ in range(2)] == ["0-end", "1-end"]
        assert [client.get("/any").text for _ in range(2)] == ["2-end", "3-end"]
        assert client.app.cache.backend._store == {}


def test_guards_run_before_the_cache_is_read(counter: Iterator[int]) -> None:
    def only_with_token(connection: Any, handler: Any) -> None:
        if connection.headers.get("token") != "yes":
            raise NotAuthorizedException("no token")

    @get("/", cache=True, guards=[only_with_token])
    def handler() -> dict[str, int]:
        return {"call": next(counter)}

    with create_test_client([handler]) as client:
        assert client.get("/", headers={"token": "yes"}).json() == {"call": 0}
        assert client.get("/").status_code == 401  # the cached answer is not for them
        assert client.get("/", headers={"token": "yes"}).json() == {"call": 0}


def test_after_response_runs_on_a_hit_and_the_handler_s_hooks_do_not(counter: Iterator[int]) -> None:
    seen: list[str] = []

    async def after_response(request: Request[Any, Any]) -> None:
        seen.append("after_response")

    def after_request(response: Response[Any]) -> Response[Any]:
        seen.append("after_request")
        response.headers["x-after"] = str(next(counter))
        return response

    @get("/", cache=True, after_response=after_response, after_request=after_request)
    def handler() -> str:
        return "body"

    with create_test_client([handler]) as client:
        first, second = client.get("/"), client.get("/")
    assert first.headers["x-after"] == second.headers["x-after"] == "0"
    assert seen == ["after_request", "after_response", "after_response"]


def key_named(name: str) -> Any:
    return lambda request: f"{name}:{request.url.path}"


def test_the_closest_layer_s_cache_key_builder_wins() -> None:
    class Items(Controller):
        path = "/controller"
        cache_key_builder = key_named("controller")

        @get("/", cache=True)
        def from_controller(self) -> str:
            return "c"

        @get("/own", cache=True, cache_key_builder=key_named("handler"))
        def from_handler(self) -> str:
            return "h"

    @get("/in-router", cache=True)
    def from_router() -> str:
        return "r"

    @get("/from-app", cache=True)
    def from_app() -> str:
        return "a"

    router = Router("/router", route_handlers=[Items, from_router], cache_key_builder=key_named("router"))
    config = CacheConfig(cache_key_builder=key_named("app"))
    with create_test_client([router, from_app], cache_config=config) as client:
        for path in ("/router/controller", "/router/controller/own", "/router/in-router", "/from-app"):
            assert client.get(path).status_code == 200
        assert set(client.app.cache.backend._store) == {
            "controller:/router/controller",
            "handler:/router/controller/own",
            "router:/router/in-router",
            "app:/from-app",
        }


def test_a_key_builder_that_gives_one_key_shares_one_entry(counter: Iterator[int]) -> None:
    @get("/{name:str}", cache=True, cache_key_builder=lambda request: "everything")
    def handler(name: str) -> dict[str, Any]:
        return {"call": next(counter), "name": name}

    with create_test_client([handler]) as client:
        assert client.get("/a").json() == {"call": 0, "name": "a"}
        assert client.get("/b").json() == {"call": 0, "name": "a"}


def test_an_entry_that_is_not_a_cached_response_is_a_miss_and_replaced(counter: Iterator[int]) -> None:
    @get("/", cache=True)
    def handler() -> dict[str, int]:
        return {"call": next(counter)}

    with create_test_client([handler]) as client:
        store = client.app.cache.backend._store
        for foreign in (b"\x80\x04pickle", "text", b"starlite-response/1\n\xc1", 42):
            client.get("/")
            next(iter(store.values())).value = foreign
        assert client.get("/").json() == {"call": 4}
        assert client.get("/").json() == {"call": 4}


class FailingBackend(SimpleCacheBackend):
    """A memory cache whose store is down: every call fails."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    async def get(self, key: str) -> Any:
        self.calls += 1
        raise ConnectionError("the store is down")

    async def set(self, key: str, value: Any, expiration: int) -> None:
        self.calls += 1
        raise ConnectionError("the store is down")


def test_a_store_that_is_down_is_skipped_with_one_warning(
    caplog: pytest.LogCaptureFixture, counter: Iterator[int]
) -> None:
    @get("/", cache=True)
    def handler() -> dict[str, int]:
        return {"call": next(counter)}

    backend = FailingBackend()
    with (
        caplog.at_level(logging.WARNING, logger="starlite"),
        create_test_client([handler], cache_config=CacheConfig(backend=backend)) as client,
    ):
        responses = [client.get("/") for _ in range(3)]
    assert [(r.status_code, r.json()["call"]) for r in responses] == [(200, 0), (200, 1), (200, 2)]
    (record,) = caplog.records
    assert record.levelno == logging.WARNING and "the store is down" in record.getMessage()
    assert record.exc_info is None
    assert backend.calls == 1  # then the store is left alone for a while


def test_the_store_is_tried_again_after_a_while(
    monkeypatch: pytest.MonkeyPatch, counter: Iterator[int]
) -> None:
    @get("/", cache=True)
    def handler() -> dict[str, int]:
        return {"call": next(counter)}

    backend = FailingBackend()
    with create_test_client([handler], cache_config=CacheConfig(backend=backend)) as client:
        client.get("/")
        client.app.cache._skip_until = 0.0  # the pause is over
        client.get("/")
    assert backend.calls == 2


@pytest.mark.parametrize("port_fixture", ["closed_port", "silent_server"])
def test_a_stopped_or_silent_redis_answers_uncached_and_quickly(
    port_fixture: str,
    request: pytest.FixtureRequest,
    caplog: pytest.LogCaptureFixture,
    counter: Iterator[int],
) -> None:
    port = request.getfixturevalue(port_fixture)

    @get("/", cache=True)
    def handler() -> dict[str, int]:
        return {"call": next(counter)}

    backend = RedisCacheBackend(RedisCacheBackendConfig(url=f"redis://127.0.0.1:{port}", timeout=0.3))

    async def close() -> None:
        await close_backend(backend)

    started = time.monotonic()
    with (
        caplog.at_level(logging.WARNING, logger="starlite"),
        create_test_client(
            [handler], cache_config=CacheConfig(backend=backend), on_shutdown=[close]
        ) as client,
    ):
        assert [client.get("/").json()["call"] for _ in range(3)] == [0, 1, 2]
    # A hang guard, with room for a loaded machine: without the store's 0.3 s timeout, a silent
    # store would hold the first request for ever.
    assert time.monotonic() - started < 10
    assert len(caplog.records) == 1


def test_a_cache_that_raises_inside_a_handler_is_the_handler_s_business() -> None:
    @get("/")
    async def handler(request: Request[Any, Any]) -> str:
        await request.app.cache.get("x")
        return "unreachable"

    with create_test_client(
        [handler], cache_config=CacheConfig(backend=FailingBackend()), raise_server_exceptions=False
    ) as client:
        assert client.get("/").status_code == 500


def test_post_handlers_with_cache_still_run_guards() -> None:
    def deny(connection: Any, handler: Any) -> None:
        raise NotAuthorizedException("no")

    @post("/", cache=True, guards=[deny])
    def handler() -> str:
        return "never"

    with create_test_client([handler]) as client:
        assert client.post("/").status_code == 401


def test_responses_are_cached_on_trio_too(counter: Iterator[int]) -> None:
    @get("/", cache=True)
    async def handler() -> dict[str, int]:
        return {"call": next(counter)}

    with create_test_client([handler], backend="trio") as client:
        assert [client.get("/").json()["call"] for _ in range(2)] == [0, 0]
        assert client.get("/other-query?x=1").status_code == 404


def test_an_encoded_question_mark_in_the_path_gets_an_entry_of_its_own() -> None:
    # /u/alice%3Ftab=x is the path "/u/alice?tab=x": it must not fill the entry of /u/alice?tab=x.
    @get("/u/{name:str}", cache=60)
    def profile(name: str) -> str:
        return f"profile of {name!r}"

    with create_test_client([profile]) as client:
        assert client.get("/u/alice%3Ftab=x").text == "profile of 'alice?tab=x'"
        assert client.get("/u/alice", params={"tab": "x"}).text == "profile of 'alice'"


@pytest.mark.parametrize("cache_control", ["private", "no-store", "max-age=60, private"])
def test_an_answer_meant_for_one_user_is_not_stored(cache_control: str, counter: Iterator[int]) -> None:
    @get("/mine", cache=60, response_headers={"cache-control": cache_control})
    def mine() -> int:
        return next(counter)

    with create_test_client([mine]) as client:
        assert [client.get("/mine").json() for _ in range(2)] == [0, 1]
