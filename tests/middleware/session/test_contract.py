"""One contract, every session backend: cookie, memory, file, Redis, memcached and SQLAlchemy, through real requests.

Redis, memcached and PostgreSQL are the real servers on 127.0.0.1 (skipped when unreachable, failed
under CI); SQLAlchemy runs on PostgreSQL (psycopg, asyncpg) and on SQLite files (pysqlite, aiosqlite).
The app runs on the test client's one event loop, where the Redis and memcached clients also live.
"""

import base64
import os
import string
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import anyio
import pytest
from redis.asyncio import Redis
from sqlalchemy import func, select

from starlite import Request, Starlite, get, post
from starlite.middleware.base import DefineMiddleware
from starlite.middleware.session.base import BaseSessionBackend, SessionMiddleware
from starlite.middleware.session.cookie_backend import CookieBackendConfig
from starlite.middleware.session.file_backend import FileBackendConfig
from starlite.middleware.session.memcached_backend import MemcachedBackendConfig
from starlite.middleware.session.memory_backend import MemoryBackendConfig
from starlite.middleware.session.redis_backend import RedisBackendConfig
from starlite.middleware.session.sqlalchemy_backend import SQLAlchemyBackendConfig
from starlite.testing import AsyncTestClient, TestClient
from tests.session_stores import BACKENDS, SERVER_SIDE, close_config, make_config


@get("/read")
def read(request: Request) -> dict[str, Any]:
    return request.session


@post("/write")
def write(request: Request, data: dict[str, Any]) -> None:
    request.session.update(data)


@post("/replace")
def replace(request: Request, data: dict[str, Any]) -> None:
    request.set_session(data)


@post("/clear")
def clear(request: Request) -> None:
    request.clear_session()


@post("/increment")
async def increment(request: Request) -> int:
    count = int(request.session.get("count", 0)) + 1
    await anyio.sleep(0)  # let other requests of the same session interleave here
    request.session["count"] = count
    return count


@pytest.fixture(params=BACKENDS)
def backend_name(request: pytest.FixtureRequest) -> str:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def client(backend_name: str, tmp_path: Path, key_prefix: str) -> Any:
    config = make_config(backend_name, tmp_path, key_prefix)
    app = Starlite([read, write, replace, clear, increment], middleware=[config.middleware])
    with TestClient(app) as test_client:
        yield test_client
        test_client.portal().__enter__().call(close_config, config)


def backend_of(client: TestClient[Starlite]) -> BaseSessionBackend[Any]:
    return client.session_backend


async def _stored_count(backend: Any) -> int:
    """How many sessions the server-side store holds (0 for the cookie backend: it has no store)."""
    config = backend.config
    if isinstance(config, MemoryBackendConfig):
        return len(backend._store)
    if isinstance(config, FileBackendConfig):
        return len(list(Path(config.storage_path).glob("*"))) if Path(config.storage_path).exists() else 0
    if isinstance(config, RedisBackendConfig):
        return len([key async for key in config.redis.scan_iter(match=f"{config.key_prefix}*")])
    if isinstance(config, MemcachedBackendConfig):
        return len(backend._written)
    if isinstance(config, SQLAlchemyBackendConfig):
        return await backend._run(
            lambda session, model: session.scalar(select(func.count()).select_from(model))
        )  # type: ignore[no-any-return]
    return 0


def stored_count(client: TestClient[Starlite]) -> int:
    with client.portal() as portal:
        return portal.call(_stored_count, backend_of(client))


def test_set_get_update_and_clear(client: TestClient[Starlite]) -> None:
    assert client.get("/read").json() == {}
    client.post("/write", json={"user": "ada", "theme": "dark"})
    assert client.get("/read").json() == {"user": "ada", "theme": "dark"}
    client.post("/write", json={"theme": "light"})
    assert client.get("/read").json() == {"user": "ada", "theme": "light"}
    client.post("/replace", json={"only": 1})
    assert client.get("/read").json() == {"only": 1}
    response = client.post("/clear")
    assert "Max-Age=0" in response.headers["set-cookie"]
    assert client.get("/read").json() == {}
    assert stored_count(client) == 0
    assert client.get_session_data() == {}


def test_an_untouched_session_is_not_written_again(client: TestClient[Starlite]) -> None:
    client.post("/write", json={"a": 1})
    response = client.get("/read")
    assert response.json() == {"a": 1}
    assert "set-cookie" not in response.headers


def test_sessions_of_two_clients_are_apart(client: TestClient[Starlite]) -> None:
    client.post("/write", json={"who": "first"})
    first_jar = list(client.cookies.jar)
    # A second browser: same app (and event loop, which Redis clients need), an empty cookie jar.
    client.cookies.clear()
    assert client.get("/read").json() == {}
    client.post("/write", json={"who": "second"})
    assert client.get("/read").json() == {"who": "second"}
    client.cookies.clear()
    for cookie in first_jar:
        client.cookies.jar.set_cookie(cookie)
    assert client.get("/read").json() == {"who": "first"}


def test_large_payloads(client: TestClient[Starlite], backend_name: str) -> None:
    # 20 KB spans six cookies; the stores take 200 KB (memcached items go up to 1 MiB).
    size = 20_000 if backend_name == "cookie" else 200_000
    payload = {"blob": "x" * size, "rows": [{"id": index, "name": f"row {index}"} for index in range(200)]}
    client.post("/write", json=payload)
    assert client.get("/read").json() == payload


def test_unicode_and_binary_safe_values(client: TestClient[Starlite]) -> None:
    values: dict[str, Any] = {
        "unicode": "Ünïcødé ✓ 中文 🎉",
        "control": "tab\tnewline\nnul\x00",
        "bytes": bytes(range(256)),
        "numbers": [0, -1, 2**62, 1.5, float("inf")],
        "nested": {"a": [None, True, False, {"b": b"\x00"}]},
        "printable": string.printable,
    }
    client.set_session_data(values)
    data = client.get_session_data()
    assert data == values
    assert isinstance(data["bytes"], bytes)
    # And the app sees the same values (here as JSON: bytes become base64 text in the response).
    assert client.get("/read").json()["unicode"] == values["unicode"]


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])  # Redis and memcached clients are asyncio-only
async def test_concurrent_requests_on_one_session(backend_name: str, tmp_path: Path, key_prefix: str) -> None:
    config = make_config(backend_name, tmp_path, key_prefix)
    app = Starlite([read, increment], middleware=[config.middleware])
    try:
        async with AsyncTestClient(app) as client:
            await client.set_session_data({"count": 0})
            cookies = dict(client.cookies)
            results: list[int] = []

            cookie_header = "; ".join(f"{name}={value}" for name, value in cookies.items())

            async def one() -> None:
                # Each request carries the session's first cookie, as parallel tabs of one browser do.
                response = await client.post("/increment", headers={"cookie": cookie_header})
                assert response.status_code == 201
                results.append(response.json())

            async with anyio.create_task_group() as group:
                for _ in range(20):
                    group.start_soon(one)
            # Concurrent writers of one session: every request succeeds, the last write wins, and what
            # is stored is one whole, valid session that some request wrote: never a mix or garbage.
            assert len(results) == 20
            assert all(1 <= count <= 20 for count in results)
            if backend_name != "cookie":  # with cookies, each response carries its own copy
                final = (await client.get("/read", headers={"cookie": cookie_header})).json()
                assert final["count"] in results
    finally:
        await close_config(config)


def sleep_until(deadline: float) -> None:
    """Sleep until ``time.monotonic()`` reaches ``deadline`` (at once when it has passed)."""
    time.sleep(max(0.0, deadline - time.monotonic()))


def test_every_backend_expires_idle_sessions_and_keeps_active_ones(tmp_path: Path, key_prefix: str) -> None:
    # One test for all backends, so that the waits are paid once. max_age is 6 s: an idle session is
    # gone after it; one used past half its life is renewed (as 1.5x, which rewrote every response).
    # Every step of a backend is timed from that backend's own write, so slow set-up or a slow
    # backend does not eat the margins of the others. The margins are well over a second either way
    # (memcached keeps time in whole seconds: a 6 s session lives 5 to 6 s).
    clients = []
    for name in BACKENDS:
        try:
            config = make_config(name, tmp_path / name, f"{key_prefix}-{name}", max_age=6)
        except pytest.skip.Exception:
            continue
        client = TestClient(Starlite([read, write], middleware=[config.middleware])).__enter__()
        clients.append((name, config, client))
    written = []
    try:
        for name, _, client in clients:
            client.post("/write", json={"alive": True})
            idle_jar = list(client.cookies.jar)  # a second browser with the same session, which stays idle
            written.append((name, client, idle_jar, time.monotonic()))
        for name, client, _, written_at in written:
            sleep_until(written_at + 3.3)  # past half its life (3 s), well before its end (5 s at least)
            response = client.get("/read")  # renewed, though unchanged
            assert response.json() == {"alive": True}, name
            assert "set-cookie" in response.headers, name
        for name, client, idle_jar, written_at in written:
            # Past the first write's 6 s, well within the renewal's 5 s at least: the renewed session
            # lives on, the idle copy would not.
            sleep_until(written_at + 6.4)
            assert client.get("/read").json() == {"alive": True}, name
            if name == "cookie":
                client.cookies.clear()
                for cookie in idle_jar:
                    client.cookies.jar.set_cookie(cookie)
                assert client.get("/read").json() == {}, name  # its own sealed expiry has passed
    finally:
        for _, config, client in clients:
            client.portal().__enter__().call(close_config, config)
            client.__exit__(None, None, None)


def test_an_untouched_fresh_session_is_not_rewritten_before_half_its_life(
    client: TestClient[Starlite],
) -> None:
    client.post("/write", json={"a": 1})
    assert "set-cookie" not in client.get("/read").headers


def _random_cookie_value(index: int) -> bytes:
    """Random bytes a client could put in a cookie header (no control characters, no ';')."""
    raw = os.urandom(index % 64 + 1)
    forms = [
        raw.hex().encode(),
        base64.urlsafe_b64encode(raw),
        bytes(byte for byte in raw if 0x20 <= byte and byte not in (0x3B, 0x7F)) or b"x",
    ]
    return forms[index % 3]


@pytest.mark.parametrize("backend_name", SERVER_SIDE)
def test_forged_and_random_session_cookies_write_nothing(client: TestClient[Starlite]) -> None:
    random = [_random_cookie_value(index) for index in range(1000)]
    junk = [*random, b"A" * 43, b"../../../../etc/passwd", b"*", b"x" * 5000]  # 43: the length of a real id
    for value in junk:
        response = client.get("/read", headers={"cookie": b"session=" + value})
        assert (response.status_code, response.json()) == (200, {}), value
    assert stored_count(client) == 0
    # A forged id is never adopted: data written after it gets an id of the server's choosing.
    forged = "A" * 43
    client.cookies.set("session", forged, domain="testserver.local")
    client.post("/write", json={"user": "ada"})
    issued = client.cookies.get("session")
    assert issued and issued != forged
    with client.portal() as portal:
        assert portal.call(backend_of(client).get, forged) is None  # type: ignore[attr-defined]


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_a_store_failing_mid_request_is_a_503_and_the_stored_session_survives(
    tmp_path: Path, key_prefix: str
) -> None:
    config = make_config("redis", tmp_path, key_prefix)
    assert isinstance(config, RedisBackendConfig)
    working, broken = config.redis, Redis(host="127.0.0.1", port=1)

    @post("/write-then-fail")
    def write_then_fail(request: Request) -> None:
        request.session["count"] = 99
        config.redis = broken  # the store goes away after the session was read, before it is written

    app = Starlite([read, write, write_then_fail], middleware=[config.middleware])
    try:
        async with AsyncTestClient(app) as client:
            await client.post("/write", json={"count": 1})
            response = await client.post("/write-then-fail")
            assert response.status_code == 503
            assert "set-cookie" not in response.headers
            config.redis = working
            assert (await client.get("/read")).json() == {"count": 1}
    finally:
        config.redis = working
        await broken.aclose()
        await close_config(config)


@post("/login")
def login(request: Request) -> None:
    # The usual login: drop whatever session the client had, then start the user's own.
    request.clear_session()
    request.session["user"] = "ada"


@pytest.mark.parametrize("backend_name", SERVER_SIDE)
def test_a_session_cleared_and_recreated_in_one_request_gets_a_new_id(
    backend_name: str, tmp_path: Path, key_prefix: str
) -> None:
    config = make_config(backend_name, tmp_path, key_prefix)
    with TestClient(Starlite([read, write, login], middleware=[config.middleware])) as client:
        try:
            client.post("/write", json={"planted": "by an attacker"})
            planted_id = client.cookies["session"]
            client.post("/login")
            assert client.cookies["session"] != planted_id  # no session fixation
            assert client.get("/read").json() == {"user": "ada"}
            with client.portal() as portal:
                assert portal.call(client.session_backend.get, planted_id) is None  # type: ignore[attr-defined]
        finally:
            client.portal().__enter__().call(close_config, config)


@post("/login-with-set-session")
def login_with_set_session(request: Request) -> None:
    request.set_session({"user": "grace"})


@pytest.mark.parametrize("backend_name", SERVER_SIDE)
def test_set_session_starts_a_new_session_with_a_new_id(
    backend_name: str, tmp_path: Path, key_prefix: str
) -> None:
    config = make_config(backend_name, tmp_path, key_prefix)
    with TestClient(
        Starlite([read, write, login_with_set_session], middleware=[config.middleware])
    ) as client:
        try:
            client.post("/write", json={"planted": True})
            planted_id = client.cookies["session"]
            client.post("/login-with-set-session")
            assert client.cookies["session"] != planted_id
            assert client.get("/read").json() == {"user": "grace"}
            with client.portal() as portal:
                assert portal.call(client.session_backend.get, planted_id) is None  # type: ignore[attr-defined]
        finally:
            client.portal().__enter__().call(close_config, config)


class Money:
    def __init__(self, cents: int) -> None:
        self.cents = cents


@post("/money")
def put_money(request: Request) -> None:
    request.session["price"] = Money(150)


def test_the_apps_type_encoders_serialize_session_values(
    backend_name: str, tmp_path: Path, key_prefix: str
) -> None:
    config = make_config(backend_name, tmp_path, key_prefix)
    app = Starlite(
        [read, put_money], middleware=[config.middleware], type_encoders={Money: lambda m: m.cents}
    )
    with TestClient(app) as client:
        try:
            assert client.post("/money").status_code == 201
            assert client.get("/read").json() == {"price": 150}
        finally:
            client.portal().__enter__().call(close_config, config)


@post("/amounts")
def put_amounts(request: Request) -> None:
    request.session["amounts"] = [Decimal("10.50"), Decimal("NaN"), Decimal("sNaN"), Decimal("-Infinity")]


def test_decimals_in_a_session_are_kept_as_their_digits(
    backend_name: str, tmp_path: Path, key_prefix: str
) -> None:
    # Stored as strings, like a Decimal in a response: finite or not, on every msgspec release.
    config = make_config(backend_name, tmp_path, key_prefix)
    app = Starlite([read, put_amounts], middleware=[config.middleware])
    with TestClient(app, raise_server_exceptions=False) as client:
        try:
            assert client.post("/amounts").status_code == 201
            assert client.get("/read").json() == {"amounts": ["10.50", "NaN", "sNaN", "-Infinity"]}
        finally:
            client.portal().__enter__().call(close_config, config)


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
@pytest.mark.parametrize("backend_name", SERVER_SIDE)
async def test_a_logout_is_not_undone_by_a_slower_request_of_the_same_session(
    backend_name: str, tmp_path: Path, key_prefix: str
) -> None:
    config = make_config(backend_name, tmp_path, key_prefix)
    loaded, logged_out = anyio.Event(), anyio.Event()

    @post("/slow")
    async def slow(request: Request) -> None:
        request.session["last_seen"] = "now"  # a request that touches the session...
        loaded.set()
        await logged_out.wait()  # ...and finishes after the logout

    @post("/logout")
    def logout(request: Request) -> None:
        request.clear_session()

    app = Starlite([read, write, slow, logout], middleware=[config.middleware])
    try:
        async with AsyncTestClient(app) as client:
            await client.post("/write", json={"user": "alice"})
            cookie = f"session={client.cookies['session']}"
            async with anyio.create_task_group() as group:
                group.start_soon(client.post, "/slow")
                await loaded.wait()
                await client.post("/logout")
                logged_out.set()
            # A stolen copy of the cookie is worth nothing after the logout.
            assert (await client.get("/read", headers={"cookie": cookie})).json() == {}
    finally:
        await close_config(config)


def test_a_handler_that_never_touches_an_old_session_does_not_renew_it(
    tmp_path: Path, key_prefix: str
) -> None:
    @get("/plain")
    def plain() -> str:
        return "no session"

    backend = CookieBackendConfig(secret=os.urandom(32), max_age=100).middleware.kwargs["backend"]
    app = Starlite([read, plain], middleware=[DefineMiddleware(SessionMiddleware, backend=backend)])
    with TestClient(app) as client:
        # A session sealed 60 s ago, past half of its 100 s life.
        client.cookies.set(
            "session-0",
            backend.dump_data({"user": "ada"}, now=time.time() - 60)[0].decode(),
            domain="testserver.local",
        )
        assert "set-cookie" not in client.get("/plain").headers
        response = client.get("/read")
        assert response.json() == {"user": "ada"}
        assert "set-cookie" in response.headers  # read past half its life: renewed


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
@pytest.mark.parametrize("backend_name", SERVER_SIDE)
async def test_a_slower_request_does_not_log_out_a_login_that_rotated_the_id(
    backend_name: str, tmp_path: Path, key_prefix: str
) -> None:
    config = make_config(backend_name, tmp_path, key_prefix)
    loaded, logged_in = anyio.Event(), anyio.Event()

    @post("/activity")
    async def activity(request: Request) -> None:
        request.session["seen"] = True
        loaded.set()
        await logged_in.wait()

    app = Starlite([read, write, activity, login_with_set_session], middleware=[config.middleware])
    try:
        async with AsyncTestClient(app) as client:
            await client.post("/write", json={"anonymous": True})
            old_cookie = f"session={client.cookies['session']}"
            slow_response: list[Any] = []

            async def slow() -> None:
                slow_response.append(await client.post("/activity", headers={"cookie": old_cookie}))

            async with anyio.create_task_group() as group:
                group.start_soon(slow)
                await loaded.wait()
                await client.post("/login-with-set-session")  # rotates the id
                logged_in.set()
            # The slower request's write-back finds its id gone: it neither restores it nor sends a
            # cookie that would delete the one the login just set.
            assert "set-cookie" not in slow_response[0].headers
            assert (await client.get("/read")).json() == {"user": "grace"}
    finally:
        await close_config(config)


def test_a_failing_store_is_tried_once_and_reported_once(tmp_path: Path) -> None:
    from starlite.middleware.session._store import store_unavailable
    from starlite.middleware.session.memory_backend import MemoryBackend

    attempts: list[str] = []
    reported: list[str] = []

    class BrokenStore(MemoryBackend):
        async def set(self, session_id: str, data: bytes) -> None:
            attempts.append(session_id)
            raise store_unavailable("test", OSError("down"))

    backend = BrokenStore(MemoryBackendConfig())
    app = Starlite(
        [write],
        middleware=[DefineMiddleware(SessionMiddleware, backend=backend)],
        after_exception=[lambda exc, scope, state: reported.append(type(exc).__name__)],
    )
    with TestClient(app) as client:
        response = client.post("/write", json={"a": 1})
    assert response.status_code == 503
    assert len(attempts) == 1
    assert reported == ["ServiceUnavailableException"]


@pytest.mark.parametrize("backend_name", SERVER_SIDE)
def test_server_side_sessions_keep_what_a_websocket_handler_wrote_after_accept(
    backend_name: str, tmp_path: Path, key_prefix: str
) -> None:
    from starlite import websocket
    from starlite.connection import WebSocket
    from starlite.exceptions import WebSocketDisconnect

    @websocket("/ws")
    async def chat(socket: WebSocket) -> None:
        await socket.accept()
        socket.session["last_message"] = await socket.receive_text()  # after accept: no cookie now
        await socket.close()

    config = make_config(backend_name, tmp_path, key_prefix)
    with TestClient(Starlite([read, write, chat], middleware=[config.middleware])) as client:
        try:
            client.post("/write", json={"user": "ada"})
            with client.websocket_connect("/ws") as ws:
                ws.send_text("hello")
                with pytest.raises(WebSocketDisconnect):
                    ws.receive_text()  # the handler closed the connection
            assert client.get("/read").json() == {"user": "ada", "last_message": "hello"}
        finally:
            client.portal().__enter__().call(close_config, config)
