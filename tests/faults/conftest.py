"""Stores that the fault tests own: a redis-server or memcached process on a free port of 127.0.0.1.

Each test starts its own server (never the shared ones on 6379 and 11211), and may stop, kill,
pause (``SIGSTOP``) and start it again on the same port while an app is using it. A missing binary
skips the test, except under CI (``CI`` set), where it fails.

``STARLITE_FAULT_CYCLES`` (default 2) is how many outages each outage test goes through: raise it
for the long mode (see docs/reliability-faults.md).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from starlite.testing import AsyncTestClient
from tests.session_stores import StoreServer, free_port, memcached_argv, redis_server_argv

CYCLES = int(os.environ.get("STARLITE_FAULT_CYCLES", "2"))


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[StoreServer]:
    """A redis-server of this test, on a free port, with an append-only file (see ``redis_server_argv``)."""
    port = free_port()
    data = tmp_path / "redis"
    data.mkdir()
    server = StoreServer(redis_server_argv(port, data), port)
    server.start()
    try:
        yield server
    finally:
        server.stop(signal.SIGKILL)


@pytest.fixture
def memcached_server() -> Iterator[StoreServer]:
    """A memcached of this test, on a free port."""
    port = free_port()
    server = StoreServer(memcached_argv(port), port)
    server.start()
    try:
        yield server
    finally:
        server.stop(signal.SIGKILL)


@pytest.fixture
def anyio_backend() -> str:
    """redis-py's asyncio client and aiomcache run on asyncio only."""
    return "asyncio"


def use_session(client: AsyncTestClient[Any], session_id: str | None) -> None:
    """Make ``client`` the browser holding ``session_id`` (or no session)."""
    client.cookies.clear()
    if session_id is not None:
        client.cookies.set("session", session_id, domain="testserver.local")


async def log_in(client: AsyncTestClient[Any], data: dict[str, Any]) -> str:
    """Start a fresh session holding ``data`` and return its id."""
    use_session(client, None)
    response = await client.post("/session", json=data)
    assert response.status_code == 201
    session_id = client.cookies.get("session")
    assert session_id
    return session_id
