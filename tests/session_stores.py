"""Session configs of every backend for tests, on the real Redis and memcached servers of 127.0.0.1.

A test that needs a server it cannot reach is skipped, except under CI (``CI`` set), where a missing
server is a broken build and the test fails.

For the fault tests: store processes of a test's own (``StoreServer``, on a free port, never the
shared servers), which a test may stop, kill, pause and start again; and small tmpfs mounts
(``tmpfs``) that a test can fill or make read-only, which fail even for root.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, NoReturn

import aiomcache
import pytest
from redis.asyncio import Redis
from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import DeclarativeBase

from starlite.middleware.session.base import BaseBackendConfig
from starlite.middleware.session.cookie_backend import CookieBackendConfig
from starlite.middleware.session.file_backend import FileBackendConfig
from starlite.middleware.session.memcached_backend import MemcachedBackendConfig
from starlite.middleware.session.memory_backend import MemoryBackendConfig
from starlite.middleware.session.redis_backend import RedisBackendConfig
from starlite.middleware.session.sqlalchemy_backend import SQLAlchemyBackendConfig, create_session_model
from starlite.plugins.sql_alchemy import SQLAlchemyConfig, SQLAlchemyPlugin

# The SQLAlchemy backends: (database, driver, async engine). SQLite is a file of the test's own,
# PostgreSQL a database of the test's own on the server of tests/databases.py.
SQLALCHEMY_BACKENDS = {
    "sqlalchemy-sqlite": ("sqlite", "pysqlite", False),
    "sqlalchemy-aiosqlite": ("sqlite", "aiosqlite", True),
    "sqlalchemy-psycopg": ("postgresql", "psycopg", False),
    "sqlalchemy-asyncpg": ("postgresql", "asyncpg", True),
}
BACKENDS = ["cookie", "memory", "file", "redis", "memcached", *SQLALCHEMY_BACKENDS]
SERVER_SIDE = ["memory", "file", "redis", "memcached", *SQLALCHEMY_BACKENDS]
# redis-py's asyncio client, aiomcache, aiosqlite and asyncpg do not run on trio (the sync
# SQLAlchemy backends do: their queries run in worker threads).
ASYNCIO_ONLY = {"redis", "memcached", "sqlalchemy-aiosqlite", "sqlalchemy-asyncpg"}
SERVERS = {"redis": ("127.0.0.1", 6379), "memcached": ("127.0.0.1", 11211)}


def server_unreachable(message: str) -> NoReturn:
    """Skip the test, or fail it under CI, where every server must be up."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def require_server(name: str) -> tuple[str, int]:
    """The address of the ``redis`` or ``memcached`` server, once it answers a connection."""
    host, port = SERVERS[name]
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        server_unreachable(f"{name} is not reachable on {host}:{port}")
    return host, port


def make_config(
    name: str, tmp_path: Path, key_prefix: str | None = None, **options: Any
) -> BaseBackendConfig:
    """A config of the backend called ``name``; server-backed ones use ``key_prefix`` (unique if omitted)."""
    if name == "cookie":
        return CookieBackendConfig(secret=os.urandom(32), **options)
    if name == "memory":
        return MemoryBackendConfig(**options)
    if name == "file":
        return FileBackendConfig(storage_path=tmp_path / "sessions", **options)
    if name in SQLALCHEMY_BACKENDS:
        return sqlalchemy_config(name, tmp_path, **options)
    host, port = require_server(name)
    prefix = key_prefix or f"starlite-test-{uuid.uuid4().hex}"
    if name == "redis":
        return RedisBackendConfig(redis=Redis(host=host, port=port), key_prefix=prefix, **options)
    return MemcachedBackendConfig(memcached=aiomcache.Client(host, port), key_prefix=prefix, **options)


# What to undo when a SQLAlchemy config is closed (its PostgreSQL database), by id of the config.
_SQLALCHEMY_CLEANUPS: dict[int, ExitStack] = {}


def sqlalchemy_config(name: str, tmp_path: Path, **options: Any) -> SQLAlchemyBackendConfig:
    """A SQLAlchemy backend config on a new database with the session table in it.

    ``close_config`` disposes of its engine and drops the PostgreSQL database.
    """
    from tests.databases import fresh_postgres_database, postgres_url

    database, driver, use_async = SQLALCHEMY_BACKENDS[name]
    cleanup = ExitStack()
    if database == "sqlite":
        tmp_path.mkdir(parents=True, exist_ok=True)
        path = tmp_path / f"sessions-{uuid.uuid4().hex[:8]}.sqlite"
        url, sync_url = f"sqlite+{driver}:///{path}", f"sqlite+pysqlite:///{path}"
    else:
        database_name = cleanup.enter_context(fresh_postgres_database())
        url, sync_url = postgres_url(database_name, driver), postgres_url(database_name, "psycopg")

    class Base(DeclarativeBase):
        pass

    model = create_session_model(Base)
    engine = create_engine(sync_url)
    Base.metadata.create_all(engine)
    engine.dispose()
    plugin = SQLAlchemyPlugin(config=SQLAlchemyConfig(connection_string=url, use_async_engine=use_async))
    config = SQLAlchemyBackendConfig(plugin=plugin, model=model, **options)
    _SQLALCHEMY_CLEANUPS[id(config)] = cleanup
    return config


async def close_config(config: BaseBackendConfig) -> None:
    """Delete what a Redis config wrote under its prefix and close server clients (memcached keys expire).

    A SQLAlchemy config's engine is disposed of, and its PostgreSQL database dropped.
    """
    if isinstance(config, SQLAlchemyBackendConfig):
        engine = config.plugin._config.engine  # type: ignore[union-attr]
        if isinstance(engine, AsyncEngine):
            await engine.dispose()
        else:
            engine.dispose()
        cleanup = _SQLALCHEMY_CLEANUPS.pop(id(config), None)
        if cleanup is not None:
            cleanup.close()
    elif isinstance(config, RedisBackendConfig):
        keys = [key async for key in config.redis.scan_iter(match=f"{config.key_prefix}*")]
        if keys:
            await config.redis.delete(*keys)
        await config.redis.aclose()
    elif isinstance(config, MemcachedBackendConfig):
        await config.memcached.close()


# Store processes of a test's own, which it may stop, kill, pause and start again.
# How long a store may take to accept connections after it is started, before the test gives up.
_START_DEADLINE = 20.0


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on (the kernel's pick)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class StoreServer:
    """A store process on ``port``, which the test can stop, kill, pause and start again.

    Args:
        argv: The command line, port included.
        port: The port it listens on.
    """

    def __init__(self, argv: list[str], port: int) -> None:
        self.argv = argv
        self.port = port
        # What tells that the store is ready, not just listening (Redis answers "-LOADING" while it
        # reads its append-only file back): a command, and the start of the answer it must give.
        self.probe = (
            (b"PING\r\n", b"+PONG") if "redis" in Path(argv[0]).name else (b"version\r\n", b"VERSION")
        )
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the server and wait until it answers a command."""
        assert self.process is None, "already running"
        self.process = subprocess.Popen(self.argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + _START_DEADLINE
        while True:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode(errors="replace") if self.process.stderr else ""
                raise RuntimeError(f"{self.argv[0]} exited at start: {error}")
            if self._answers():
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.argv[0]} is not ready on port {self.port}")
            time.sleep(0.02)

    def _answers(self) -> bool:
        command, answer = self.probe
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(command)
                return connection.recv(64).startswith(answer)
        except OSError:
            return False

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> None:
        """Stop the server (``SIGKILL`` for a crash) and wait until it is gone."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a paused server cannot act on SIGTERM
            self.process.send_signal(sig)
        self.process.wait(timeout=_START_DEADLINE)
        if self.process.stderr:
            self.process.stderr.close()
        self.process = None

    def pause(self) -> None:
        """Freeze the server (``SIGSTOP``): connections are accepted by the kernel, never answered."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)
        # The signal stops the threads asynchronously: a worker thread of memcached may still
        # answer a command sent at once. Wait until every thread is seen stopped ("T" in its stat).
        tasks = Path(f"/proc/{self.process.pid}/task")
        deadline = time.monotonic() + _START_DEADLINE
        while tasks.exists() and any(_thread_state(task) not in ("T", "t", "") for task in tasks.iterdir()):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.argv[0]} did not stop on SIGSTOP")
            time.sleep(0.005)

    def resume(self) -> None:
        """Let a paused server go on (``SIGCONT``)."""
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)


def _thread_state(task: Path) -> str:
    try:
        stat = (task / "stat").read_text()
    except OSError:
        return ""  # the thread is gone
    return stat[stat.rindex(")") + 2 :][:1]  # the field after the command name, which may hold spaces


def store_binary(name: str) -> str:
    """The path of the ``redis-server`` or ``memcached`` program; skips (fails under CI) without it."""
    path = shutil.which(name) or (f"/usr/bin/{name}" if os.path.exists(f"/usr/bin/{name}") else None)
    if path is None:
        server_unreachable(f"{name} is not installed: the fault tests start a {name} of their own")
    return path


def redis_server_argv(port: int, data_dir: Path) -> list[str]:
    """A redis-server on ``port`` that writes every command to an append-only file in ``data_dir``.

    ``appendfsync always``: a session that Redis acknowledged survives the server being killed, as
    it would on a production server configured for durability.
    """
    return [
        store_binary("redis-server"),
        "--port", str(port),
        "--bind", "127.0.0.1",
        "--dir", str(data_dir),
        "--save", "",
        "--appendonly", "yes",
        "--appendfsync", "always",
        "--daemonize", "no",
        "--loglevel", "warning",
    ]  # fmt: skip


def memcached_argv(port: int) -> list[str]:
    """A memcached on ``port`` (it keeps nothing across a restart)."""
    argv = [store_binary("memcached"), "-l", "127.0.0.1", "-p", str(port), "-U", "0", "-m", "16"]
    if os.geteuid() == 0:
        argv += ["-u", "root"]  # memcached refuses to run as root unless told which user to be
    return argv


@contextmanager
def tmpfs(path: Path, size: str = "64k") -> Iterator[Path]:
    """Mount a tmpfs of ``size`` on ``path`` for the block; skip the test where mounting is not allowed.

    A full or read-only tmpfs refuses writes to root too, where ``chmod`` would not. Mounting
    needs ``CAP_SYS_ADMIN`` (root outside a restricted container): elsewhere the test is skipped,
    under CI too, as a CI runner may not grant it.
    """
    path.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.decode(errors='replace').strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


def remount(path: Path, *, read_only: bool) -> None:
    """Make the tmpfs on ``path`` read-only, or writable again."""
    subprocess.run(["mount", "-o", f"remount,{'ro' if read_only else 'rw'}", str(path)], check=True)
