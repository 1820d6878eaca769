"""What is particular to each built-in cache backend (on asyncio: Redis and memcached clients need it)."""

from __future__ import annotations

import pickle
import time
from datetime import timedelta

import anyio
import pytest

from starlite.cache import SimpleCacheBackend
from starlite.cache._store import whole_seconds
from starlite.cache.memcached_cache_backend import (
    MemcachedCacheBackend,
    MemcachedCacheBackendConfig,
    safe_unpickle,
)
from starlite.cache.redis_cache_backend import RedisCacheBackend, RedisCacheBackendConfig
from starlite.exceptions import ImproperlyConfiguredException
from tests.caching.conftest import close_backend, make_backend
from tests.caching.test_backends import wait_until_gone

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


# --- memory ------------------------------------------------------------------------------------------


async def test_the_memory_backend_keeps_objects_as_they_are(key: str) -> None:
    backend = SimpleCacheBackend()
    value = {"a": [1, 2]}
    await backend.set(key, value, 60)
    assert await backend.get(key) is value


async def test_the_memory_backend_sweeps_out_expired_values_it_is_not_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    backend = SimpleCacheBackend()
    for index in range(100):
        await backend.set(f"old-{index}", index, 0.01)
    await anyio.sleep(0.02)
    monkeypatch.setattr(
        backend, "_next_sweep", backend._next_sweep - timedelta(minutes=2)
    )  # the minute has passed
    await backend.set("new", 1, 60)
    assert list(backend._store) == ["new"]


# --- Redis -------------------------------------------------------------------------------------------


async def test_redis_reads_values_back_as_bytes_and_takes_fractions_of_seconds(key: str) -> None:
    backend = make_backend("redis")
    try:
        await backend.set(key, "text", 60)
        assert await backend.get(key) == b"text"
        await backend.set(key, 12, 60)
        assert await backend.get(key) == b"12"
        # 10.5 s is sent as 10500 ms, neither rounded down nor up: what Redis has left of it is
        # 10500 ms less the time since it was set (at most the time the test took, however long).
        started = time.monotonic()
        await backend.set(key, "x", 10.5)
        left = await backend._redis.pttl(key)
        assert 10_500 - (time.monotonic() - started) * 1000 - 2 <= left <= 10_500
        await backend.set(f"{key}:short", "x", 0.2)
        await wait_until_gone(backend, f"{key}:short", timeout=5)
    finally:
        await close_backend(backend)


def test_the_redis_timeout_is_checked() -> None:
    with pytest.raises(ValueError, match="timeout"):
        RedisCacheBackendConfig(url="redis://localhost", timeout=0)


async def test_a_stopped_redis_fails_fast_with_connection_error(closed_port: int, key: str) -> None:
    backend = RedisCacheBackend(RedisCacheBackendConfig(url=f"redis://127.0.0.1:{closed_port}"))
    with anyio.fail_after(2), pytest.raises(ConnectionError, match="Redis cache is unavailable"):
        await backend.get(key)
    with anyio.fail_after(2), pytest.raises(ConnectionError):
        await backend.increment(key, 1)


async def test_a_redis_that_does_not_answer_times_out(silent_server: int, key: str) -> None:
    backend = RedisCacheBackend(
        RedisCacheBackendConfig(url=f"redis://127.0.0.1:{silent_server}", timeout=0.2)
    )
    with anyio.fail_after(2), pytest.raises(TimeoutError):
        await backend.set(key, b"x", 60)
    await close_backend(backend)


# --- memcached ---------------------------------------------------------------------------------------


async def test_memcached_pickles_values_and_loads_plain_data_only(key: str) -> None:
    backend = make_backend("memcached")
    try:
        await backend.set(key, {"a": [1, 2.5, None, "x", b"y"]}, 60)
        assert await backend.get(key) == {"a": [1, 2.5, None, "x", b"y"]}
        # What someone else wrote: a pickle naming a callable would run it when loaded.
        await backend._memcached_client.set(key.encode(), pickle.dumps(time.sleep), exptime=60)
        with pytest.raises(pickle.UnpicklingError, match="time.sleep"):
            await backend.get(key)
    finally:
        await close_backend(backend)


def test_safe_unpickle_refuses_any_class() -> None:
    assert safe_unpickle(pickle.dumps([1, "a", {"b": (2,)}, {3}])) == [1, "a", {"b": (2,)}, {3}]
    with pytest.raises(pickle.UnpicklingError):
        safe_unpickle(pickle.dumps(ImproperlyConfiguredException("x")))


async def test_memcached_serializers_can_be_replaced(key: str) -> None:
    backend = make_backend("memcached", serialize=str.encode, deserialize=bytes.decode)
    try:
        await backend.set(key, "plain", 60)
        assert await backend._memcached_client.get(key.encode()) == b"plain"
        assert await backend.get(key) == "plain"
    finally:
        await close_backend(backend)


@pytest.mark.parametrize(
    "odd_key", ["with space", "x" * 300, "tab\there", "new\nline", "ünïcode-\u00a0nbsp", "\ud800"]
)
async def test_memcached_takes_keys_memcached_itself_refuses(odd_key: str, key: str) -> None:
    backend = make_backend("memcached")
    try:
        await backend.set(key + odd_key, b"v", 60)
        assert await backend.get(key + odd_key) == b"v"
        assert await backend.get(key + odd_key + "other") is None
        assert await backend.increment(key + odd_key + ":n", 60) == 1
        await backend.delete(key + odd_key)
        assert await backend.get(key + odd_key) is None
    finally:
        await close_backend(backend)


def test_a_memcached_expiry_is_whole_seconds_rounded_up() -> None:
    # 0 would mean "never" to memcached: a fraction of a second is one second, never zero.
    assert [whole_seconds(seconds) for seconds in (0.2, 1, 1.2, 2)] == [1, 1, 2, 2]


async def test_a_memcached_expiry_is_rounded_up_and_zero_is_already_expired(key: str) -> None:
    backend = make_backend("memcached")
    try:
        # 1.2 s is sent as 2: the value lives for 1 s at least (memcached's clock ticks once a
        # second), so it is still there; a value sent as 1 could already be gone at the next tick.
        # (That it then expires is test_backends.py's test_a_value_expires[memcached].)
        await backend.set(key, b"v", 1.2)
        assert await backend.get(key) == b"v"
        await backend.set(key, b"v", 0)
        assert await backend.get(key) is None
    finally:
        await close_backend(backend)


async def test_a_stopped_memcached_fails_fast_with_connection_error(closed_port: int, key: str) -> None:
    backend = MemcachedCacheBackend(MemcachedCacheBackendConfig(host="127.0.0.1", port=closed_port))
    with anyio.fail_after(2), pytest.raises(ConnectionError, match="memcached cache is unavailable"):
        await backend.get(key)


async def test_a_memcached_that_does_not_answer_times_out(silent_server: int, key: str) -> None:
    backend = MemcachedCacheBackend(
        MemcachedCacheBackendConfig(host="127.0.0.1", port=silent_server, timeout=0.2)
    )
    with anyio.fail_after(2), pytest.raises(TimeoutError):
        await backend.increment(key, 60)
    await close_backend(backend)


def test_the_memcached_timeout_is_checked() -> None:
    with pytest.raises(ValueError, match="timeout"):
        MemcachedCacheBackendConfig(host="localhost", timeout=-1)
