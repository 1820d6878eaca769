"""What every built-in cache backend does, called directly: memory, and Redis and memcached on the real servers."""

from __future__ import annotations

import time
from typing import Any

import anyio
import pytest

from tests.caching.conftest import close_backend, make_backend

pytestmark = pytest.mark.anyio


async def wait_until_gone(backend: Any, key: str, timeout: float = 5) -> None:
    """Poll until the store expires ``key`` (Redis and memcached expire on their own clocks)."""
    with anyio.fail_after(timeout):
        while await backend.get(key) is not None:
            await anyio.sleep(0.05)


async def test_a_missing_key_is_none(backend: Any, key: str) -> None:
    assert await backend.get(key) is None


async def test_set_get_and_delete(backend: Any, key: str) -> None:
    await backend.set(key, b"\x00value\xff", 60)
    assert await backend.get(key) == b"\x00value\xff"
    await backend.set(key, b"other", 60)
    assert await backend.get(key) == b"other"
    await backend.delete(key)
    assert await backend.get(key) is None
    await backend.delete(key)  # a missing key is not an error


async def test_a_value_expires(store: tuple[str, str], backend: Any, key: str) -> None:
    # memcached counts whole seconds on a clock that ticks once a second: a 1 s value may be gone at
    # the next tick, at once. 2 s keeps it for at least 1 s, long enough to be read back.
    expiration = 2 if store[0] == "memcached" else 1
    await backend.set(key, b"short", expiration)
    assert await backend.get(key) == b"short"
    await wait_until_gone(backend, key, timeout=expiration + 5)


async def test_increment_creates_the_counter_at_one_and_counts(backend: Any, key: str) -> None:
    assert [await backend.increment(key, 60) for _ in range(3)] == [1, 2, 3]


async def test_increment_restarts_after_the_counter_expired_and_does_not_extend_it(
    backend: Any, key: str
) -> None:
    started = time.monotonic()
    assert await backend.increment(key, 1) == 1
    # Increments after creation keep the first expiry: the counter is gone ~1 s after its creation
    # (memcached rounds to whole seconds, so up to 2 s), however often it is incremented meanwhile.
    with anyio.fail_after(5):
        while (value := await backend.increment(key, 1)) != 1:
            await anyio.sleep(0.1)
    assert value == 1
    assert time.monotonic() - started < 3.5


async def test_concurrent_increments_from_two_clients_are_all_counted(
    store: tuple[str, str], key: str
) -> None:
    first, second = make_backend(store[0]), make_backend(store[0])
    if store[0] == "memory":
        second = first  # one process's memory: the two "clients" are its tasks
    results: list[int] = []

    async def count(backend: Any, times: int) -> None:
        for _ in range(times):
            results.append(await backend.increment(key, 60))

    try:
        async with anyio.create_task_group() as group:
            for index in range(20):
                group.start_soon(count, first if index % 2 else second, 10)
    finally:
        await close_backend(first)
        await close_backend(second)
    assert sorted(results) == list(range(1, 201))


async def test_increment_of_a_value_that_is_not_a_counter_fails(backend: Any, key: str) -> None:
    await backend.set(key, "not a number", 60)
    with pytest.raises(ValueError):
        await backend.increment(key, 60)
