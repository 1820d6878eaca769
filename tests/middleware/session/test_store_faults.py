"""Regression tests of how sessions behave when their store fails (the campaign is in tests/faults/).

- A store that cannot be read fails only what uses the session: a handler that never touches it
  still answers, and one that reads, replaces or clears it gets the 503.
- A frozen store (``SIGSTOP``) is a 503 after ``timeout``, not a request that waits forever, and
  a command cut off mid-way leaves no reply behind for the next command of another session.
- The file backend reads sessions from a read-only directory, an expired one included.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiomcache
import anyio
import pytest
from redis.asyncio import Redis

from starlite import Request, Starlite, get, post
from starlite.exceptions import ImproperlyConfiguredException, ServiceUnavailableException
from starlite.middleware.session import file_backend
from starlite.middleware.session.base import ServerSideSessionConfig
from starlite.middleware.session.file_backend import FileBackend, FileBackendConfig
from starlite.middleware.session.memcached_backend import MemcachedBackend, MemcachedBackendConfig
from starlite.middleware.session.redis_backend import RedisBackend, RedisBackendConfig
from starlite.testing import AsyncTestClient
from tests.session_stores import StoreServer, free_port, memcached_argv, redis_server_argv, remount, tmpfs


@get("/session")
def read_session(request: Request) -> dict[str, Any]:
    return request.session


@post("/session")
def write_session(request: Request, data: dict[str, Any]) -> None:
    request.session.update(data)


@post("/logout")
def logout(request: Request) -> None:
    request.clear_session()


@post("/login")
def login(request: Request) -> None:
    request.set_session({"user": "ada"})


@get("/plain")
def plain() -> str:
    return "fine"


def _app(config: ServerSideSessionConfig) -> Starlite:
    return Starlite([read_session, write_session, logout, login, plain], middleware=[config.middleware])


async def _check_only_session_users_fail(config: ServerSideSessionConfig, detail: str) -> None:
    async with AsyncTestClient(_app(config)) as client:
        client.cookies.set("session", "A" * 43, domain="testserver.local")
        response = await client.get("/plain")
        assert response.status_code == 200
        assert response.text == "fine"
        for method, path in (("GET", "/session"), ("POST", "/logout"), ("POST", "/login")):
            response = await client.request(method, path)
            assert response.status_code == 503, path
            assert response.json() == {"status_code": 503, "detail": detail}
            # A logout that cannot delete the stored session must not look like one that did.
            assert "set-cookie" not in response.headers


@pytest.mark.anyio
async def test_a_handler_not_using_the_session_answers_while_redis_is_unreachable(
    unreachable_redis: Redis,
) -> None:
    config = RedisBackendConfig(redis=unreachable_redis)
    await _check_only_session_users_fail(config, "The Redis session store is unavailable")


@pytest.mark.anyio
async def test_a_handler_not_using_the_session_answers_while_memcached_is_unreachable(
    unreachable_memcached: aiomcache.Client,
) -> None:
    config = MemcachedBackendConfig(memcached=unreachable_memcached)
    await _check_only_session_users_fail(config, "The memcached session store is unavailable")


@pytest.mark.anyio
async def test_a_handler_not_using_the_session_answers_while_the_session_directory_is_unreadable(
    tmp_path: Path,
) -> None:
    # A storage path that is a file: every session file under it is unreadable (NotADirectoryError).
    blocker = tmp_path / "not-a-directory"
    blocker.write_bytes(b"")
    config = FileBackendConfig(storage_path=blocker)
    await _check_only_session_users_fail(config, "The file session store is unavailable")


@pytest.mark.anyio
async def test_a_store_failure_is_logged_as_one_line_naming_its_cause(
    unreachable_redis: Redis, caplog: pytest.LogCaptureFixture
) -> None:
    backend = RedisBackend(RedisBackendConfig(redis=unreachable_redis))
    with caplog.at_level(logging.WARNING, logger="starlite"), pytest.raises(ServiceUnavailableException):
        await backend.get("A" * 43)
    (record,) = caplog.records
    message = record.getMessage()
    assert message.startswith("The Redis session store is unavailable: ConnectionError: ")
    assert "connecting to 127.0.0.1:1" in message  # the cause, for the operator
    assert "A" * 43 not in message
    assert record.exc_info is None


@pytest.mark.anyio
async def test_a_file_store_failure_is_logged_without_the_session_file_name(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_bytes(b"")
    backend = FileBackend(FileBackendConfig(storage_path=blocker))
    with caplog.at_level(logging.WARNING, logger="starlite"), pytest.raises(ServiceUnavailableException):
        await backend.get("B" * 43)
    (record,) = caplog.records
    assert record.getMessage().startswith("The file session store is unavailable: NotADirectoryError: ")
    assert "B" * 43 not in record.getMessage()


@pytest.mark.parametrize("config_class", [RedisBackendConfig, MemcachedBackendConfig])
@pytest.mark.parametrize("timeout", [0, -1, float("nan"), float("inf"), True, "1"])
def test_a_store_timeout_must_be_positive_seconds(config_class: Any, timeout: Any) -> None:
    client: Any = Redis() if config_class is RedisBackendConfig else aiomcache.Client("127.0.0.1")
    store = "redis" if config_class is RedisBackendConfig else "memcached"
    with pytest.raises(ImproperlyConfiguredException, match="timeout"):
        config_class(**{store: client}, timeout=timeout)


def test_the_store_timeout_defaults_to_two_seconds_and_may_be_none() -> None:
    assert RedisBackendConfig(redis=Redis()).timeout == 2.0
    assert MemcachedBackendConfig(memcached=aiomcache.Client("127.0.0.1"), timeout=None).timeout is None


@pytest.fixture
def frozen_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreServer]:
    port = free_port()
    argv = redis_server_argv(port, tmp_path) if request.param == "redis" else memcached_argv(port)
    server = StoreServer(argv, port)
    server.start()
    try:
        yield server
    finally:
        server.stop(signal.SIGKILL)


def _backend(store: str, port: int, timeout: float | None) -> RedisBackend | MemcachedBackend:
    if store == "redis":
        return RedisBackend(RedisBackendConfig(redis=Redis(host="127.0.0.1", port=port), timeout=timeout))
    return MemcachedBackend(
        MemcachedBackendConfig(memcached=aiomcache.Client("127.0.0.1", port), timeout=timeout)
    )


def _patient(backend: RedisBackend | MemcachedBackend) -> RedisBackend | MemcachedBackend:
    """A backend on the same client (and so the same pooled connections) with a generous timeout.

    For the steps meant to succeed: on a loaded machine, writing or reconnecting after a resume can
    take longer than the short timeout the frozen phase is tested with.
    """
    if isinstance(backend, RedisBackend):
        return RedisBackend(RedisBackendConfig(redis=backend.redis, timeout=10))
    return MemcachedBackend(MemcachedBackendConfig(memcached=backend.memcached, timeout=10))


async def _close(backend: RedisBackend | MemcachedBackend) -> None:
    if isinstance(backend, RedisBackend):
        await backend.redis.aclose()
    else:
        await backend.memcached.close()


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
@pytest.mark.parametrize("frozen_store", ["redis", "memcached"], indirect=True)
async def test_a_frozen_store_is_a_503_after_the_timeout_and_leaves_no_reply_behind(
    frozen_store: StoreServer,
) -> None:
    store = "redis" if "redis-server" in frozen_store.argv[0] else "memcached"
    backend = _backend(store, frozen_store.port, timeout=0.3)
    patient = _patient(backend)
    try:
        with anyio.fail_after(30):  # a hang guard, not a speed check
            for name in ("ada", "grace", "alan"):
                await patient.set(name, name.encode())
            frozen_store.pause()
            for name in ("ada", "grace"):
                with pytest.raises(ServiceUnavailableException):
                    await backend.get(name)
            frozen_store.resume()
            for _ in range(3):  # through every pooled connection
                for name in ("ada", "grace", "alan"):
                    assert await patient.get(name) == name.encode()
    finally:
        frozen_store.resume()
        await _close(backend)


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
@pytest.mark.parametrize("frozen_store", ["memcached"], indirect=True)
async def test_a_memcached_command_cancelled_by_the_caller_leaves_no_reply_behind(
    frozen_store: StoreServer,
) -> None:
    # Without a timeout of its own, the command is cut off by whoever awaits it (here a deadline of
    # the caller's): aiomcache pools that connection with the reply still to come.
    backend = _backend("memcached", frozen_store.port, timeout=None)
    try:
        with anyio.fail_after(30):
            for name in ("ada", "grace", "alan"):
                await backend.set(name, name.encode())
            frozen_store.pause()
            for name in ("ada", "grace"):
                with anyio.move_on_after(0.3):
                    await backend.get(name)
            frozen_store.resume()
            for _ in range(3):
                for name in ("ada", "grace", "alan"):
                    assert await backend.get(name) == name.encode()
    finally:
        frozen_store.resume()
        await _close(backend)


@pytest.mark.anyio
async def test_an_expired_session_reads_as_empty_from_a_read_only_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with tmpfs(tmp_path / "sessions") as directory:
        backend = FileBackend(FileBackendConfig(storage_path=directory, max_age=60))
        await backend.set("expired", b"data")
        remount(directory, read_only=True)
        try:
            assert await backend.get("expired") == b"data"
            monkeypatch.setattr(file_backend, "_now", lambda: 10**12)  # long after it expired
            assert await backend.get("expired") is None  # not a 503: the file just cannot go yet
        finally:
            remount(directory, read_only=False)
