"""``Cache``, the wrapper the app offers handlers (``app.cache``, ``request.app.cache``)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import anyio
import pytest

from starlite import Request, get
from starlite.cache import Cache, SimpleCacheBackend
from starlite.config.cache import default_cache_key_builder
from starlite.testing import create_test_client

pytestmark = pytest.mark.anyio


class DictBackend:
    """A sync backend without ``increment`` that records the threads it runs on and any overlap."""

    def __init__(self, delay: float = 0, clock: Callable[[], float] = time.monotonic) -> None:
        self.store: dict[str, tuple[Any, float]] = {}
        self.clock = clock
        self.threads: set[int] = set()
        self.delay = delay
        self.running = 0
        self.overlapped = False
        self.expirations: list[float] = []

    def _enter(self) -> None:
        self.threads.add(threading.get_ident())
        self.running += 1
        self.overlapped |= self.running > 1
        time.sleep(self.delay)
        self.running -= 1

    def get(self, key: str) -> Any:
        self._enter()
        value, until = self.store.get(key, (None, 0.0))
        return value if until > self.clock() else None

    def set(self, key: str, value: Any, expiration: float) -> None:
        self._enter()
        self.expirations.append(expiration)
        self.store[key] = (value, self.clock() + expiration)

    def delete(self, key: str) -> None:
        self._enter()
        self.store.pop(key, None)


class Clock:
    """A stand-in monotonic clock that moves only when the test says so (expiries do not depend on load)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The clock of ``Cache`` (its counter deadlines); give it to a ``DictBackend`` too."""
    clock = Clock()
    monkeypatch.setattr("starlite.cache.base.time", SimpleNamespace(monotonic=clock))
    return clock


class AsyncDictBackend:
    """An async backend without ``increment``."""

    def __init__(self) -> None:
        self.store: dict[str, Any] = {}

    async def get(self, key: str) -> Any:
        value = self.store.get(key)
        await anyio.sleep(0)  # lets other tasks in between the read and the write of an increment
        return value

    async def set(self, key: str, value: Any, expiration: float) -> None:
        await anyio.sleep(0)
        self.store[key] = value

    async def delete(self, key: str) -> None:
        self.store.pop(key, None)


def make_cache(backend: Any, expiration: int = 60) -> Cache:
    return Cache(backend=backend, default_expiration=expiration, cache_key_builder=default_cache_key_builder)


async def test_values_round_trip_through_an_async_backend() -> None:
    cache = make_cache(SimpleCacheBackend())
    await cache.set("k", {"v": 1})
    assert await cache.get("k") == {"v": 1}
    await cache.delete("k")
    assert await cache.get("k") is None


async def test_a_sync_backend_runs_in_a_worker_thread_one_call_at_a_time() -> None:
    backend = DictBackend(delay=0.02)
    cache = make_cache(backend)
    async with anyio.create_task_group() as group:
        for index in range(5):
            group.start_soon(cache.set, f"k{index}", index)
    assert await cache.get("k3") == 3
    assert threading.get_ident() not in backend.threads  # the event loop's thread was never blocked
    assert not backend.overlapped


async def test_set_without_an_expiration_uses_the_default_one() -> None:
    backend = DictBackend()
    cache = make_cache(backend, expiration=42)
    await cache.set("a", 1)
    await cache.set("b", 1, 0)
    await cache.set("c", 1, 5)
    assert backend.expirations == [42, 42, 5]


async def test_a_value_expires_after_the_default_expiration(clock: Clock) -> None:
    cache = Cache(
        backend=DictBackend(clock=clock),  # type: ignore[arg-type]
        default_expiration=0.1,  # type: ignore[arg-type]
        cache_key_builder=default_cache_key_builder,
    )
    await cache.set("k", "v")
    clock.advance(0.09)
    assert await cache.get("k") == "v"
    clock.advance(0.02)
    assert await cache.get("k") is None


async def test_increment_uses_the_backend_s_own() -> None:
    backend = SimpleCacheBackend()
    cache = make_cache(backend)
    assert [await cache.increment("n", 60) for _ in range(3)] == [1, 2, 3]
    assert backend._store["n"].value == 3  # kept as a plain integer


@pytest.mark.parametrize("backend_class", [DictBackend, AsyncDictBackend])
async def test_increment_falls_back_to_get_and_set_under_the_lock(backend_class: type[Any]) -> None:
    backend = backend_class()
    cache = make_cache(backend)
    results: list[int] = []

    async def bump() -> None:
        results.append(await cache.increment("n", 60))

    async with anyio.create_task_group() as group:
        for _ in range(30):
            group.start_soon(bump)
    assert sorted(results) == list(range(1, 31))
    stored = backend.store["n"]
    assert (stored[0] if isinstance(stored, tuple) else stored) == 30


async def test_the_fallback_counter_keeps_its_first_expiry(clock: Clock) -> None:
    backend = DictBackend(clock=clock)
    cache = make_cache(backend)
    assert await cache.increment("n", 1) == 1
    clock.advance(0.6)
    assert await cache.increment("n", 1) == 2
    assert backend.expirations[-1] == 1  # what remains of the first second (rounded up), not a new one
    clock.advance(0.5)  # the backend still holds the value (set again 0.5 s ago for 1 s), but
    assert await cache.increment("n", 1) == 1  # the counter's first second is over: it restarts


async def test_build_cache_key_uses_the_given_builder_or_the_cache_s() -> None:
    cache = Cache(
        backend=SimpleCacheBackend(), default_expiration=60, cache_key_builder=lambda request: "own"
    )
    assert cache.build_cache_key(object(), None) == "own"
    assert cache.build_cache_key(object(), lambda request: "given") == "given"


def test_handlers_reach_the_app_s_cache_through_the_request() -> None:
    @get("/remember/{value:str}")
    async def remember(request: Request[Any, Any], value: str) -> dict[str, Any]:
        previous = await request.app.cache.get("last")
        await request.cache.set("last", value)
        return {"previous": previous, "visits": await request.app.cache.increment("visits", 60)}

    with create_test_client([remember]) as client:
        assert client.get("/remember/a").json() == {"previous": None, "visits": 1}
        assert client.get("/remember/b").json() == {"previous": "a", "visits": 2}
        assert client.app.cache is client.app.cache  # one cache per app
