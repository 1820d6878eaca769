"""Stores that the fault tests own: a redis-server or memcached process on a free port of 127.0.0.1.

Each test starts its own server (never the shared ones on 6379 and 11211), and may stop, kill,
pause (``SIGSTOP``) and start it again on the same port while an app is using it. A missing binary
skips the test, except under CI (``CI`` set), where it fails.

``STARLITE_FAULT_CYCLES`` (default 2) is how many outages each outage test goes through: raise it
for the long mode (see docs/reliability-faults.md).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.session_stores import server_unreachable

CYCLES = int(os.environ.get("STARLITE_FAULT_CYCLES", "2"))
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
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        assert self.process is None, "already running"
        self.process = subprocess.Popen(self.argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + _START_DEADLINE
        while True:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode(errors="replace") if self.process.stderr else ""
                raise RuntimeError(f"{self.argv[0]} exited at start: {error}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

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

    def resume(self) -> None:
        """Let a paused server go on (``SIGCONT``)."""
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)


def _binary(name: str) -> str:
    path = shutil.which(name) or (f"/usr/bin/{name}" if os.path.exists(f"/usr/bin/{name}") else None)
    if path is None:
        server_unreachable(f"{name} is not installed: the fault tests start a {name} of their own")
    return path


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[StoreServer]:
    """A redis-server of this test, writing every command to its append-only file.

    ``appendfsync always``: a session that Redis acknowledged survives the server being killed, as
    it would on a production server configured for durability.
    """
    port = free_port()
    data = tmp_path / "redis"
    data.mkdir()
    server = StoreServer(
        [
            _binary("redis-server"),
            "--port", str(port),
            "--bind", "127.0.0.1",
            "--dir", str(data),
            "--save", "",
            "--appendonly", "yes",
            "--appendfsync", "always",
            "--daemonize", "no",
            "--loglevel", "warning",
        ],
        port,
    )  # fmt: skip
    server.start()
    try:
        yield server
    finally:
        server.stop(signal.SIGKILL)


@pytest.fixture
def memcached_server() -> Iterator[StoreServer]:
    """A memcached of this test (it keeps nothing across a restart)."""
    port = free_port()
    argv = [_binary("memcached"), "-l", "127.0.0.1", "-p", str(port), "-U", "0", "-m", "16"]
    if os.geteuid() == 0:
        argv += ["-u", "root"]  # memcached refuses to run as root unless told which user to be
    server = StoreServer(argv, port)
    server.start()
    try:
        yield server
    finally:
        server.stop(signal.SIGKILL)


@pytest.fixture
def anyio_backend() -> str:
    """redis-py's asyncio client and aiomcache run on asyncio only."""
    return "asyncio"
