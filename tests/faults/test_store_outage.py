"""Redis and memcached stopped, killed or frozen while an app serves sessions from them.

What a user of the app must see, whatever happens to the store:

- a request that uses the session gets a 503 whose JSON body names no host, port or error text;
- a request that does not use the session is answered as usual, session cookie or not;
- a session stored before the outage is there after it (Redis; memcached keeps nothing across a
  restart, and its sessions then read as empty, never as errors), and a write refused with a 503 is
  not half applied: the session reads as before or as written, whole;
- one WARNING line per request that met the store down (a request whose handler does not use the
  session, but that carries a session cookie, still looked it up), no traceback, nothing of the
  client's in it;
- once the store is back, the next request is served, with no restart of the app.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiomcache
import anyio
import pytest
from redis.asyncio import Redis

from starlite import Request, Starlite, post
from starlite.middleware.session.base import ServerSideSessionConfig
from starlite.middleware.session.memcached_backend import MemcachedBackendConfig
from starlite.middleware.session.redis_backend import RedisBackendConfig
from starlite.testing import AsyncTestClient
from tests.faults.conftest import CYCLES, log_in, use_session
from tests.faults.served_app import SESSION_HANDLERS
from tests.session_stores import StoreServer

pytestmark = pytest.mark.anyio

# A hang guard only, per outage (the store timeout is 0.5 s below): a request that never returns
# fails the test.
_HANG = 60
# The store timeout while the store is down or frozen, what the tests check the app against.
_OUTAGE_TIMEOUT = 0.5
# The store timeout of the steps meant to succeed (logging in, and the first requests once the store
# is back): a loaded machine may take longer than 0.5 s to answer or to reconnect, and the app's
# backend reads its config's timeout on every command.
_PATIENT_TIMEOUT = 10.0


def _config(
    store: str, server: StoreServer, timeout: float | None = _PATIENT_TIMEOUT
) -> ServerSideSessionConfig:
    if store == "redis":
        # The client as a user builds it: redis-py's default retries and connection pool.
        return RedisBackendConfig(redis=Redis(host="127.0.0.1", port=server.port), timeout=timeout)
    return MemcachedBackendConfig(memcached=aiomcache.Client("127.0.0.1", server.port), timeout=timeout)


async def _close(config: ServerSideSessionConfig) -> None:
    if isinstance(config, RedisBackendConfig):
        await config.redis.aclose()
    elif isinstance(config, MemcachedBackendConfig):
        await config.memcached.close()


@asynccontextmanager
async def _serving(config: ServerSideSessionConfig) -> AsyncIterator[AsyncTestClient[Any]]:
    app = Starlite(SESSION_HANDLERS, middleware=[config.middleware])
    try:
        async with AsyncTestClient(app) as client:
            yield client
    finally:
        await _close(config)


def _assert_clean_503(response: Any, store: str, server: StoreServer, session_id: str) -> None:
    assert response.status_code == 503
    assert "set-cookie" not in response.headers  # the client keeps the session it has
    store_name = "Redis" if store == "redis" else "memcached"
    assert response.json() == {"status_code": 503, "detail": f"The {store_name} session store is unavailable"}
    for internal in ("127.0.0.1", str(server.port), "Error", "refused", session_id or "-"):
        assert internal not in response.text


def _store_lines(records: list[logging.LogRecord]) -> list[logging.LogRecord]:
    return [record for record in records if record.name.startswith("starlite")]


def _assert_logged_once_per_failure(
    records: list[logging.LogRecord], failures: int, secrets: list[str]
) -> None:
    lines = _store_lines(records)
    assert len(lines) == failures, [record.getMessage() for record in lines]
    for record in lines:
        assert record.levelno == logging.WARNING
        assert record.exc_info is None  # one line, no traceback
        assert "session store is unavailable" in record.getMessage()
        for secret in secrets:
            assert secret not in record.getMessage()


@pytest.mark.parametrize("store", ["redis", "memcached"])
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["stopped", "killed"])
async def test_a_store_that_goes_away_and_comes_back(
    store: str, how: signal.Signals, request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> None:
    server: StoreServer = request.getfixturevalue(f"{store}_server")
    config = _config(store, server)
    async with _serving(config) as client:
        for cycle in range(CYCLES):
            with anyio.fail_after(_HANG):  # per outage
                session_id = await log_in(client, {"user": "ada", "cycle": cycle})
                config.timeout = _OUTAGE_TIMEOUT
                server.stop(how)
                caplog.clear()
                with caplog.at_level(logging.INFO, logger="starlite"):
                    use_session(client, session_id)
                    # Untouched sessions are no business of the store: served as usual.
                    assert (await client.get("/plain")).text == "fine"
                    use_session(client, None)
                    assert (await client.get("/plain")).status_code == 200
                    # Reading, writing and deleting the session need the store: a 503 each.
                    use_session(client, session_id)
                    _assert_clean_503(await client.get("/session"), store, server, session_id)
                    response = await client.post("/session", json={"user": "mallory"})
                    _assert_clean_503(response, store, server, session_id)
                    _assert_clean_503(await client.post("/logout"), store, server, session_id)
                    use_session(client, None)
                    _assert_clean_503(await client.post("/session", json={"new": True}), store, server, "")
                # Five requests met the store down: the four above, and "/plain" with a session
                # cookie, whose session was looked up (and is a 503 only if the handler uses it).
                _assert_logged_once_per_failure(caplog.records, 5, [session_id, "mallory"])

                server.start()
                config.timeout = _PATIENT_TIMEOUT
                # The client's pool reconnects on its own: no restart of the app.
                use_session(client, session_id)
                response = await client.get("/session")
                assert response.status_code == 200
                if store == "redis":
                    # Kept across the outage (append-only file), and the refused write not applied.
                    assert response.json() == {"user": "ada", "cycle": cycle}
                else:
                    assert response.json() == {}  # memcached forgets everything when it restarts
                assert (await client.post("/session", json={"after": cycle})).status_code == 201
                assert (await client.get("/session")).json().get("after") == cycle


@pytest.mark.parametrize("store", ["redis", "memcached"])
async def test_a_frozen_store_is_a_503_within_the_timeout_and_answers_stay_matched(
    store: str, request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> None:
    # SIGSTOP: the kernel still accepts connections and buffers commands, the store never answers.
    # Without a timeout the request would wait forever; with one, the command is cancelled while its
    # reply may still come, and no later command may read that reply as its own.
    server: StoreServer = request.getfixturevalue(f"{store}_server")
    config = _config(store, server)
    async with _serving(config) as client:
        sessions = {name: await log_in(client, {"user": name}) for name in ("ada", "grace", "alan")}
        for _ in range(CYCLES):
            with anyio.fail_after(_HANG):  # per outage
                config.timeout = _OUTAGE_TIMEOUT
                server.pause()
                caplog.clear()
                with caplog.at_level(logging.INFO, logger="starlite"):
                    for session_id in sessions.values():
                        use_session(client, session_id)
                        _assert_clean_503(await client.get("/session"), store, server, session_id)
                        assert (await client.get("/plain")).status_code == 200
                    use_session(client, sessions["ada"])
                    response = await client.post("/session", json={"user": "mallory"})
                    _assert_clean_503(response, store, server, sessions["ada"])
                _assert_logged_once_per_failure(caplog.records, 7, list(sessions.values()))
                timeout_line = _store_lines(caplog.records)[0].getMessage()
                assert "no answer within 0.5 seconds" in timeout_line
                server.resume()
                config.timeout = _PATIENT_TIMEOUT
                # Every pooled connection is used several times: each answer is its own session's.
                for _ in range(3):
                    for name, session_id in sessions.items():
                        use_session(client, session_id)
                        assert (await client.get("/session")).json() == {"user": name}


@pytest.mark.parametrize("store", ["redis", "memcached"])
async def test_a_store_frozen_between_read_and_write_leaves_the_session_whole(
    store: str, request: pytest.FixtureRequest
) -> None:
    server: StoreServer = request.getfixturevalue(f"{store}_server")

    @post("/freeze-then-write")
    def freeze_then_write(request: Request) -> None:
        request.session.update({"user": "grace", "role": "admin", "note": "x" * 10_000})
        config.timeout = _OUTAGE_TIMEOUT
        server.pause()  # the store goes away after the session was read, before it is written

    config = _config(store, server)
    app = Starlite([*SESSION_HANDLERS, freeze_then_write], middleware=[config.middleware])
    with anyio.fail_after(_HANG):
        try:
            async with AsyncTestClient(app) as client:
                session_id = await log_in(client, {"user": "ada", "role": "reader"})
                response = await client.post("/freeze-then-write")
                assert response.status_code == 503
                assert "set-cookie" not in response.headers
                server.resume()
                config.timeout = _PATIENT_TIMEOUT
                use_session(client, session_id)
                stored = (await client.get("/session")).json()
                # The write either never reached the store or reached it whole; never a mix.
                assert stored in (
                    {"user": "ada", "role": "reader"},
                    {"user": "grace", "role": "admin", "note": "x" * 10_000},
                )
        finally:
            await _close(config)
