"""The server-side session stores, called directly: memory, file, Redis and memcached."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any

import aiomcache
import anyio
import pytest
from redis.asyncio import Redis

from starlite.exceptions import (
    ImproperlyConfiguredException,
    MissingDependencyException,
    ServiceUnavailableException,
)
from starlite.middleware.session import file_backend, memcached_backend, memory_backend
from starlite.middleware.session.base import ServerSideBackend, ServerSideSessionConfig
from starlite.middleware.session.file_backend import FileBackend, FileBackendConfig
from starlite.middleware.session.memcached_backend import MemcachedBackend, MemcachedBackendConfig
from starlite.middleware.session.memory_backend import MemoryBackend, MemoryBackendConfig
from starlite.middleware.session.redis_backend import RedisBackend, RedisBackendConfig

pytestmark = pytest.mark.anyio

ONE_DAY = 24 * 60 * 60


def backend_of(config: ServerSideSessionConfig) -> ServerSideBackend[Any]:
    backend = config.middleware.kwargs["backend"]
    assert isinstance(backend, ServerSideBackend)
    return backend


class FakeClock:
    """Stands in for a backend module's clock; tests move it forward by hand."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


async def wait_until_gone(backend: ServerSideBackend[Any], session_id: str, timeout: float = 5) -> None:
    """Poll until the store expires ``session_id`` (Redis and memcached expire keys on their own clock)."""
    with anyio.fail_after(timeout):
        while await backend.get(session_id) is not None:
            await anyio.sleep(0.1)


# --- what every server-side backend does ------------------------------------------------------------


async def test_an_unknown_id_has_no_data(server_side_config: ServerSideSessionConfig) -> None:
    assert await backend_of(server_side_config).get("never-written") is None


async def test_set_then_get_returns_the_data_and_set_replaces_it(
    server_side_config: ServerSideSessionConfig,
) -> None:
    backend = backend_of(server_side_config)
    await backend.set("one", b"\x00first\xff")
    assert await backend.get("one") == b"\x00first\xff"
    await backend.set("one", b"second")
    assert await backend.get("one") == b"second"


async def test_delete_removes_one_session_and_a_missing_one_is_fine(
    server_side_config: ServerSideSessionConfig,
) -> None:
    backend = backend_of(server_side_config)
    await backend.set("one", b"1")
    await backend.set("two", b"2")
    await backend.delete("one")
    await backend.delete("one")
    await backend.delete("never-written")
    assert await backend.get("one") is None
    assert await backend.get("two") == b"2"


async def test_delete_all_removes_every_session(server_side_config: ServerSideSessionConfig) -> None:
    backend = backend_of(server_side_config)
    for session_id in ("one", "two", "three"):
        await backend.set(session_id, session_id.encode())
    await backend.delete_all()
    for session_id in ("one", "two", "three"):
        assert await backend.get(session_id) is None
    # The backend keeps working afterwards.
    await backend.set("four", b"4")
    assert await backend.get("four") == b"4"


# --- memory ------------------------------------------------------------------------------------------


async def test_memory_sessions_expire_after_max_age(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock(1000.0)
    monkeypatch.setattr(memory_backend, "_monotonic", clock)
    backend = MemoryBackend(MemoryBackendConfig(max_age=10))
    await backend.set("id", b"data")
    clock.now += 9.9
    assert await backend.get("id") == b"data"
    clock.now += 0.1
    assert await backend.get("id") is None


async def test_memory_prunes_expired_sessions_nobody_reads_again(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock(1000.0)
    monkeypatch.setattr(memory_backend, "_monotonic", clock)
    backend = MemoryBackend(MemoryBackendConfig(max_age=10))
    for number in range(100):
        await backend.set(f"abandoned-{number}", b"x")
    clock.now += 11
    await backend.set("fresh", b"y")
    # Only the live session is still held: abandoned sessions do not pile up in memory.
    assert list(backend._store) == ["fresh"]


async def test_each_memory_backend_has_its_own_store() -> None:
    config = MemoryBackendConfig()
    first, second = backend_of(config), backend_of(config)
    assert first is not second
    await first.set("id", b"first")
    assert await second.get("id") is None
    await second.delete_all()
    assert await first.get("id") == b"first"


# --- file --------------------------------------------------------------------------------------------


def session_files(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir())


async def test_file_backend_creates_its_directory_with_private_permissions(tmp_path: Path) -> None:
    storage = tmp_path / "nested" / "sessions"
    backend = FileBackend(FileBackendConfig(storage_path=storage))
    assert await backend.get("id") is None
    assert not storage.exists()  # reading creates nothing
    await backend.set("id", b"data")
    assert session_files(storage) == ["id"]
    assert storage.stat().st_mode & 0o777 == 0o700
    assert (storage / "id").stat().st_mode & 0o777 == 0o600


async def test_file_backend_file_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(file_backend, "_now", FakeClock(1_700_000_000.0))
    backend = FileBackend(FileBackendConfig(storage_path=str(tmp_path), max_age=60))
    await backend.set("id", b"payload")
    content = (tmp_path / "id").read_bytes()
    assert content.startswith(b"STARLITE-SESSION\x01")
    assert content.endswith(b"payload")
    assert len(content) == 17 + 8 + len(b"payload")


async def test_file_sessions_expire_and_the_expired_file_is_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock(1_700_000_000.0)
    monkeypatch.setattr(file_backend, "_now", clock)
    backend = FileBackend(FileBackendConfig(storage_path=tmp_path, max_age=10))
    await backend.set("id", b"data")
    clock.now += 9.9
    assert await backend.get("id") == b"data"
    clock.now += 0.1
    assert await backend.get("id") is None
    assert session_files(tmp_path) == []


async def test_delete_expired_removes_expired_session_files_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock(1_700_000_000.0)
    monkeypatch.setattr(file_backend, "_now", clock)
    backend = FileBackend(FileBackendConfig(storage_path=tmp_path, max_age=10))
    await backend.set("old", b"old")
    clock.now += 5
    await backend.set("young", b"young")
    (tmp_path / "notes.txt").write_bytes(b"not a session")
    clock.now += 6  # "old" has expired, "young" has not
    await backend.delete_expired()
    assert session_files(tmp_path) == ["notes.txt", "young"]
    assert await backend.get("young") == b"young"


async def test_delete_expired_of_a_missing_directory_does_nothing(tmp_path: Path) -> None:
    backend = FileBackend(FileBackendConfig(storage_path=tmp_path / "missing"))
    await backend.delete_expired()
    await backend.delete_all()
    assert not (tmp_path / "missing").exists()


async def test_file_delete_all_leaves_other_files_alone(tmp_path: Path) -> None:
    backend = FileBackend(FileBackendConfig(storage_path=tmp_path))
    await backend.set("one", b"1")
    await backend.set("two", b"2")
    (tmp_path / "notes.txt").write_bytes(b"not a session")
    (tmp_path / "tiny").write_bytes(b"STARLITE")
    (tmp_path / "subdirectory").mkdir()
    await backend.delete_all()
    assert session_files(tmp_path) == ["notes.txt", "subdirectory", "tiny"]


async def test_files_that_are_not_sessions_read_as_absent(tmp_path: Path) -> None:
    backend = FileBackend(FileBackendConfig(storage_path=tmp_path))
    (tmp_path / "garbage").write_bytes(b"\x00" * 100)
    (tmp_path / "truncated").write_bytes(b"STARLITE-SESSION\x01\x00\x00")
    (tmp_path / "directory").mkdir()
    for name in ("garbage", "truncated", "directory"):
        assert await backend.get(name) is None


async def test_a_failed_write_leaves_the_old_session_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = FileBackend(FileBackendConfig(storage_path=tmp_path))
    await backend.set("id", b"old")

    def disk_full(source: Any, destination: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(file_backend.os, "replace", disk_full)
    with pytest.raises(ServiceUnavailableException) as exc_info:
        await backend.set("id", b"new")
    assert exc_info.value.status_code == 503
    monkeypatch.undo()
    assert await backend.get("id") == b"old"
    assert session_files(tmp_path) == ["id"]


async def test_a_crash_mid_write_leaves_the_old_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock(1_700_000_000.0)
    monkeypatch.setattr(file_backend, "_now", clock)
    backend = FileBackend(FileBackendConfig(storage_path=tmp_path, max_age=60))
    await backend.set("id", b"old")
    # What a process killed during a write leaves: part of the new data, in a temporary file.
    leftover = tmp_path / ".starlite-session-crashed.tmp"
    leftover.write_bytes(b"STARLITE-SESSION\x01\x00")
    os.utime(leftover, (clock.now, clock.now))
    assert await backend.get("id") == b"old"
    # A young temporary file may be a write in progress elsewhere: delete_expired leaves it...
    await backend.delete_expired()
    assert leftover.exists()
    # ...until it is older than max_age.
    clock.now += 61
    await backend.set("id", b"new")
    await backend.delete_expired()
    assert session_files(tmp_path) == ["id"]


async def test_file_delete_all_removes_temporary_files(tmp_path: Path) -> None:
    backend = FileBackend(FileBackendConfig(storage_path=tmp_path))
    (tmp_path / ".starlite-session-crashed.tmp").write_bytes(b"partial")
    await backend.delete_all()
    assert session_files(tmp_path) == []


async def test_readers_never_see_a_partial_write(tmp_path: Path) -> None:
    backend = FileBackend(FileBackendConfig(storage_path=tmp_path))
    first, second = b"a" * 2_000_000, b"b" * 2_000_000
    await backend.set("id", first)
    seen: set[bytes | None] = set()

    async def write() -> None:
        for _ in range(15):
            await backend.set("id", second)
            await backend.set("id", first)

    async def read() -> None:
        for _ in range(40):
            seen.add(await backend.get("id"))

    async with anyio.create_task_group() as task_group:
        task_group.start_soon(write)
        task_group.start_soon(read)
        task_group.start_soon(read)
    assert seen <= {first, second}
    assert not [name for name in session_files(tmp_path) if name != "id"]


async def test_make_filename_names_the_files(tmp_path: Path) -> None:
    backend = FileBackend(
        FileBackendConfig(storage_path=tmp_path, make_filename=lambda session_id: f"s-{session_id}.bin")
    )
    await backend.set("id", b"data")
    assert session_files(tmp_path) == ["s-id.bin"]
    assert await backend.get("id") == b"data"
    await backend.delete("id")
    assert session_files(tmp_path) == []


@pytest.mark.parametrize(
    "filename",
    [
        "../escaped",
        "nested/escaped",
        "/tmp/absolute",
        "",
        ".",
        "..",
        "nul\x00byte",
        ".starlite-session-x.tmp",
    ],
)
async def test_a_file_name_can_never_leave_the_storage_directory(tmp_path: Path, filename: str) -> None:
    storage = tmp_path / "sessions"
    backend = FileBackend(FileBackendConfig(storage_path=storage, make_filename=lambda session_id: filename))
    for call in (backend.get("id"), backend.set("id", b"data"), backend.delete("id")):
        with pytest.raises(ImproperlyConfiguredException, match="plain file name"):
            await call
    assert session_files(tmp_path) == []


async def test_file_system_errors_are_a_503(tmp_path: Path) -> None:
    not_a_directory = tmp_path / "file"
    not_a_directory.write_bytes(b"")
    backend = FileBackend(FileBackendConfig(storage_path=not_a_directory))
    with pytest.raises(ServiceUnavailableException, match="file session store is unavailable"):
        await backend.set("id", b"data")
    with pytest.raises(ServiceUnavailableException):
        await backend.get("id")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"storage_path": 42}, "storage_path"),
        ({"storage_path": ""}, "storage_path"),
        ({"storage_path": "/tmp/x", "make_filename": "name"}, "make_filename"),
        ({"storage_path": "/tmp/x", "max_age": 0}, "max_age"),
    ],
)
def test_file_config_validation(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ImproperlyConfiguredException, match=message):
        FileBackendConfig(**options)


def test_file_config_needs_a_storage_path() -> None:
    with pytest.raises(TypeError, match="storage_path"):
        FileBackendConfig()  # type: ignore[call-arg]


# --- Redis -------------------------------------------------------------------------------------------


async def test_redis_keys_are_prefixed_and_expire_with_the_session(
    redis_client: Redis, key_prefix: str
) -> None:
    backend = RedisBackend(RedisBackendConfig(redis=redis_client, key_prefix=key_prefix, max_age=ONE_DAY))
    await backend.set("id", b"data")
    assert await redis_client.get(f"{key_prefix}:id") == b"data"
    assert ONE_DAY - 5 < await redis_client.ttl(f"{key_prefix}:id") <= ONE_DAY


async def test_redis_sessions_expire(redis_client: Redis, key_prefix: str) -> None:
    backend = RedisBackend(RedisBackendConfig(redis=redis_client, key_prefix=key_prefix, max_age=1))
    await backend.set("id", b"data")
    assert await backend.get("id") == b"data"
    await wait_until_gone(backend, "id")


async def test_redis_delete_all_deletes_its_prefix_only(redis_client: Redis, key_prefix: str) -> None:
    # "*" in a prefix must match itself, not any text: "<prefix>*:*" unescaped would match "<prefix>other:...".
    backend = RedisBackend(RedisBackendConfig(redis=redis_client, key_prefix=f"{key_prefix}*"))
    await backend.set("mine", b"1")
    await redis_client.set(f"{key_prefix}other:theirs", b"2")
    await redis_client.set(f"{key_prefix}*nocolon", b"3")
    await backend.delete_all()
    assert await redis_client.get(f"{key_prefix}*:mine") is None
    assert await redis_client.get(f"{key_prefix}other:theirs") == b"2"
    assert await redis_client.get(f"{key_prefix}*nocolon") == b"3"


async def test_redis_delete_all_deletes_many_keys(redis_client: Redis, key_prefix: str) -> None:
    backend = RedisBackend(RedisBackendConfig(redis=redis_client, key_prefix=key_prefix))
    async with redis_client.pipeline(transaction=False) as pipeline:
        for number in range(1234):
            pipeline.set(f"{key_prefix}:{number}", b"x")
        await pipeline.execute()
    await backend.delete_all()
    assert [key async for key in redis_client.scan_iter(match=f"{key_prefix}:*")] == []


async def test_an_unreachable_redis_is_a_503(unreachable_redis: Redis) -> None:
    backend = RedisBackend(RedisBackendConfig(redis=unreachable_redis))
    for call in (backend.get("id"), backend.set("id", b"x"), backend.delete("id"), backend.delete_all()):
        with pytest.raises(
            ServiceUnavailableException, match="Redis session store is unavailable"
        ) as exc_info:
            await call
        assert exc_info.value.status_code == 503


def test_redis_config_refuses_decoded_responses() -> None:
    with pytest.raises(ImproperlyConfiguredException, match="decode_responses"):
        RedisBackendConfig(redis=Redis(decode_responses=True))


@pytest.mark.parametrize("key_prefix", ["", 42])
def test_redis_config_refuses_a_bad_key_prefix(key_prefix: Any) -> None:
    with pytest.raises(ImproperlyConfiguredException, match="key_prefix"):
        RedisBackendConfig(redis=Redis(), key_prefix=key_prefix)


def test_redis_config_needs_a_redis_client() -> None:
    with pytest.raises(ImproperlyConfiguredException, match="redis.asyncio.Redis"):
        RedisBackendConfig(redis="redis://localhost")  # type: ignore[arg-type]


# --- memcached ---------------------------------------------------------------------------------------


async def test_memcached_keys_are_prefixed(memcached_client: aiomcache.Client, key_prefix: str) -> None:
    backend = MemcachedBackend(MemcachedBackendConfig(memcached=memcached_client, key_prefix=key_prefix))
    await backend.set("id", b"data")
    assert await memcached_client.get(f"{key_prefix}:id".encode()) == b"data"
    await backend.delete_all()


async def test_memcached_sessions_expire(memcached_client: aiomcache.Client, key_prefix: str) -> None:
    # max_age=2: memcached's clock ticks once a second, so a 1 s session could be gone before it is
    # read back; a 2 s one lives for 1 s at least.
    backend = MemcachedBackend(
        MemcachedBackendConfig(memcached=memcached_client, key_prefix=key_prefix, max_age=2)
    )
    await backend.set("id", b"data")
    assert await backend.get("id") == b"data"
    await wait_until_gone(backend, "id", timeout=8)


async def test_memcached_keeps_sessions_longer_than_thirty_days(
    memcached_client: aiomcache.Client, key_prefix: str
) -> None:
    # memcached reads an expiry above 30 days as a Unix time: sent as is, 31 days would mean January 1970.
    config = MemcachedBackendConfig(memcached=memcached_client, key_prefix=key_prefix, max_age=31 * ONE_DAY)
    backend = MemcachedBackend(config)
    await backend.set("id", b"data")
    assert await backend.get("id") == b"data"
    await backend.delete_all()


async def test_memcached_delete_all_deletes_what_this_backend_wrote(
    memcached_client: aiomcache.Client, key_prefix: str
) -> None:
    config = MemcachedBackendConfig(memcached=memcached_client, key_prefix=key_prefix)
    backend, other_process = MemcachedBackend(config), MemcachedBackend(config)
    await backend.set("one", b"1")
    await backend.set("two", b"2")
    await other_process.set("three", b"3")
    await backend.delete_all()
    assert await backend.get("one") is None
    assert await backend.get("two") is None
    # memcached cannot list keys: another instance's sessions stay until they expire (documented).
    assert await backend.get("three") == b"3"
    await other_process.delete_all()
    assert await backend.get("three") is None


async def test_memcached_forgets_expired_ids(
    memcached_client: aiomcache.Client, key_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock(1000.0)
    monkeypatch.setattr(memcached_backend, "_monotonic", clock)
    backend = MemcachedBackend(
        MemcachedBackendConfig(memcached=memcached_client, key_prefix=key_prefix, max_age=10)
    )
    for number in range(20):
        await backend.set(f"abandoned-{number}", b"x")
    clock.now += 11
    await backend.set("fresh", b"y")
    # The ids kept for delete_all do not outgrow the live sessions.
    assert list(backend._written) == ["fresh"]
    await backend.delete_all()


async def test_an_unreachable_memcached_is_a_503(unreachable_memcached: aiomcache.Client) -> None:
    backend = MemcachedBackend(MemcachedBackendConfig(memcached=unreachable_memcached))
    for call in (backend.get("id"), backend.set("id", b"x"), backend.delete("id")):
        with pytest.raises(
            ServiceUnavailableException, match="memcached session store is unavailable"
        ) as exc_info:
            await call
        assert exc_info.value.status_code == 503


@pytest.mark.parametrize("key_prefix", ["", "with space", "tab\there", "new\nline", "x" * 122, 42])
def test_memcached_config_refuses_a_key_prefix_that_breaks_keys(key_prefix: Any) -> None:
    with pytest.raises(ImproperlyConfiguredException, match="key_prefix"):
        MemcachedBackendConfig(memcached=aiomcache.Client("127.0.0.1"), key_prefix=key_prefix)


def test_memcached_config_keeps_keys_within_250_bytes() -> None:
    client = aiomcache.Client("127.0.0.1")
    # 63 random bytes make ids of up to 252 characters (4 per byte is the longest looked up): over 250.
    with pytest.raises(ImproperlyConfiguredException, match="250"):
        MemcachedBackendConfig(memcached=client, key_prefix="p", session_id_bytes=63)
    config = MemcachedBackendConfig(memcached=client, key_prefix="p" * 100, session_id_bytes=32)
    assert config.key_prefix == "p" * 100


# --- missing optional dependencies -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("module", "dependency", "extra"),
    [
        ("redis_backend", "redis", "redis"),
        ("memcached_backend", "aiomcache", "memcached"),
        ("sqlalchemy_backend", "sqlalchemy", "sqlalchemy"),
    ],
)
def test_a_missing_dependency_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, module: str, dependency: str, extra: str
) -> None:
    # Hide the package and its submodules (an imported submodule would satisfy the import on its own),
    # and import the backend module afresh.
    for name in list(sys.modules):
        if name == dependency or name.startswith(f"{dependency}."):
            monkeypatch.setitem(sys.modules, name, None)
    module_name = f"starlite.middleware.session.{module}"
    monkeypatch.delitem(sys.modules, module_name)
    with pytest.raises(MissingDependencyException, match=rf"pip install starlite\[{extra}\]"):
        importlib.import_module(module_name)
