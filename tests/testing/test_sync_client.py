from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
import warnings
from typing import Any

import anyio
import pytest
from anyio.from_thread import BlockingPortal

from starlite import Cookie, Request, Response, Starlite, WebSocket, get, post, websocket
from starlite.exceptions import WebSocketDisconnect
from starlite.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from starlite.testing import LifespanNotRunWarning, TestClient, create_test_client


class CustomError(Exception):
    pass


@get("/boom")
def boom() -> None:
    raise CustomError("the original message")


@get("/url")
def read_url(request: Request) -> dict[str, Any]:
    return {"url": str(request.url), "base_url": str(request.base_url), "client": list(request.client or [])}


def test_default_base_url_and_client_address() -> None:
    with create_test_client(read_url) as client:
        body = client.get("/url?x=1").json()
    assert body == {
        "url": "http://testserver.local/url?x=1",
        "base_url": "http://testserver.local/",
        "client": ["testclient", 50000],
    }


def test_custom_base_url_and_root_path() -> None:
    with create_test_client(read_url, base_url="https://example.org:8443", root_path="/api") as client:
        body = client.get("/url").json()
    assert body["url"] == "https://example.org:8443/api/url"
    assert body["base_url"] == "https://example.org:8443/api/"


def test_raise_server_exceptions_reraises_the_original_exception() -> None:
    with create_test_client(boom) as client, pytest.raises(CustomError, match="the original message") as info:
        client.get("/boom")
    # The traceback reaches into the handler, so the test shows where the error happened.
    assert any(entry.name == "boom" for entry in info.traceback)


def test_raise_server_exceptions_false_returns_the_500_response() -> None:
    with create_test_client(boom, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    assert response.status_code == HTTP_500_INTERNAL_SERVER_ERROR
    assert response.json() == {"status_code": 500, "detail": "Internal Server Error"}


def test_http_exceptions_are_responses_not_raised() -> None:
    with create_test_client(boom) as client:
        response = client.get("/missing")
    assert response.status_code == 404


def test_an_exception_handler_for_500_stops_the_reraise() -> None:
    def handle(request: Request, exc: Exception) -> Response[Any]:
        return Response({"handled": type(exc).__name__}, status_code=500)

    with create_test_client(boom, exception_handlers={CustomError: handle}) as client:
        response = client.get("/boom")
    assert response.json() == {"handled": "CustomError"}


def test_cookies_persist_across_requests() -> None:
    @get("/set")
    def set_cookie() -> Response[None]:
        return Response(None, cookies=[Cookie(key="flavour", value="oat")])

    @get("/read")
    def read_cookie(request: Request) -> dict[str, str]:
        return request.cookies

    with create_test_client([set_cookie, read_cookie]) as client:
        client.get("/set")
        assert client.get("/read").json() == {"flavour": "oat"}


def test_lifespan_runs_on_enter_and_exit() -> None:
    events: list[str] = []
    app = Starlite(
        [read_url], on_startup=[lambda: events.append("start")], on_shutdown=[lambda: events.append("stop")]
    )
    client = TestClient(app)
    assert events == []
    with client:
        assert events == ["start"]
        client.get("/url")
    assert events == ["start", "stop"]


def test_failing_startup_reraises_its_cause() -> None:
    def broken() -> None:
        raise ConnectionError("database is down")

    with pytest.raises(ConnectionError, match="database is down"):
        with create_test_client(read_url, on_startup=[broken]):
            pass  # pragma: no cover


def test_requests_work_without_entering_the_client_but_warn_that_lifespan_did_not_run() -> None:
    started: list[bool] = []
    client = create_test_client(read_url, on_startup=[lambda: started.append(True)])
    with pytest.warns(LifespanNotRunWarning, match="startup handlers did not run") as record:
        assert client.get("/url").status_code == 200
        assert client.get("/url").status_code == 200  # warned once per client
    assert len(record) == 1
    assert record[0].filename == __file__  # points at the test's own line
    assert started == []  # lifespan only runs inside `with`


def test_no_warning_without_lifespan_hooks_or_inside_with() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert create_test_client(read_url).get("/url").status_code == 200  # nothing was skipped
        with create_test_client(read_url, on_startup=[lambda: None]) as client:
            assert client.get("/url").status_code == 200


def test_sync_client_on_trio_backend() -> None:
    @get("/backend")
    async def backend() -> str:
        import sniffio

        return sniffio.current_async_library()

    with create_test_client(backend, backend="trio") as client:
        assert client.get("/backend").text == "trio"


def test_on_asyncio_the_tests_own_thread_runs_one_loop_for_the_whole_context() -> None:
    seen: set[tuple[int, int]] = set()
    started: list[asyncio.AbstractEventLoop] = []

    async def on_startup() -> None:
        started.append(asyncio.get_running_loop())

    @get("/thread")
    async def thread() -> None:
        seen.add((threading.get_ident(), id(asyncio.get_running_loop())))

    with create_test_client(thread, on_startup=[on_startup]) as client:
        for _ in range(3):
            client.get("/thread")
    # No thread of its own: no thread switch per request, no thread start per client.
    assert seen == {(threading.get_ident(), id(started[0]))}
    assert threading.active_count() == 1 or all(
        t.name != "starlite-testclient-loop" for t in threading.enumerate()
    )


def test_trio_runs_the_app_in_a_loop_thread_reused_inside_the_context() -> None:
    threads: set[int] = set()

    @get("/thread")
    async def thread() -> None:
        threads.add(threading.get_ident())

    with create_test_client(thread, backend="trio") as client:
        for _ in range(3):
            client.get("/thread")
    assert len(threads) == 1 and threading.get_ident() not in threads


def test_a_task_the_app_left_running_carries_on_at_the_next_call() -> None:
    ticks: list[int] = []
    tasks: set[asyncio.Task[None]] = set()

    async def ticker() -> None:
        for tick in range(3):
            ticks.append(tick)
            await asyncio.sleep(0)

    @get("/start")
    async def start() -> None:
        task = asyncio.get_running_loop().create_task(ticker())
        tasks.add(task)

    @get("/ticks")
    async def read_ticks() -> list[int]:
        await asyncio.sleep(0.01)
        return ticks

    with create_test_client([start, read_ticks]) as client:
        client.get("/start")
        assert client.get("/ticks").json() == [0, 1, 2]


def test_requests_from_other_threads_move_the_loop_to_a_thread_and_may_wait_for_each_other() -> None:
    # A long poll answered by a request from another thread: with the loop in the test's thread only
    # while one call runs, the second request would wait for the first forever.
    event: list[asyncio.Event] = []

    @get("/wait")
    async def wait() -> str:
        event.append(asyncio.Event())
        await event[0].wait()
        return "released"

    @get("/release")
    async def release() -> str:
        while not event:
            await asyncio.sleep(0.001)
        event[0].set()
        return "done"

    with create_test_client([wait, release]) as client:
        results: list[str] = []
        waiter = threading.Thread(target=lambda: results.append(client.get("/wait").text))
        waiter.start()
        assert client.get("/release").text == "done"
        waiter.join(5)
        assert results == ["released"]
        assert client.get("/release").text == "done"  # the loop carries on in its thread


def test_portal_runs_async_code_from_a_sync_test() -> None:
    async def double(value: int) -> int:
        await anyio.sleep(0)
        return value * 2

    with create_test_client(read_url) as client, client.portal() as portal:
        assert portal.call(double, 21) == 42
    with client.portal() as portal:  # outside the context: a fresh portal
        assert portal.call(double, 2) == 4


def test_post_json_and_form_bodies() -> None:
    @post("/echo")
    async def echo(request: Request) -> dict[str, Any]:
        if request.content_type[0] == "application/json":
            return {"json": await request.json()}
        return {"form": dict(await request.form())}

    with create_test_client(echo) as client:
        assert client.post("/echo", json={"a": [1, 2]}).json() == {"json": {"a": [1, 2]}}
        assert client.post("/echo", data={"a": "b"}).json() == {"form": {"a": "b"}}


@websocket("/ws")
async def echo_socket(socket: WebSocket) -> None:
    await socket.accept(
        subprotocols=socket.scope["subprotocols"][0] if socket.scope["subprotocols"] else None
    )
    while True:
        try:
            message = await socket.receive_json()
        except WebSocketDisconnect:
            return
        await socket.send_json({"echo": message, "cookie": socket.cookies.get("token")})


def test_websocket_send_and_receive_json_text_and_bytes() -> None:
    @websocket("/raw")
    async def raw(socket: WebSocket) -> None:
        await socket.accept()
        text = await socket.receive_text()
        await socket.send_text(text.upper())
        data = await socket.receive_bytes()
        await socket.send_bytes(data[::-1])
        await socket.close(code=1001, reason="bye")

    with create_test_client([echo_socket, raw]) as client:
        client.cookies.set("token", "abc")
        with client.websocket_connect("/ws", subprotocols=["chat"]) as session:
            assert session.accepted_subprotocol == "chat"
            session.send_json({"n": 1})
            assert session.receive_json() == {"echo": {"n": 1}, "cookie": "abc"}
        with client.websocket_connect("/raw") as session:
            session.send_text("hi")
            assert session.receive_text() == "HI"
            session.send_bytes(b"abc")
            assert session.receive_bytes() == b"cba"
            with pytest.raises(WebSocketDisconnect) as info:
                session.receive_text()
            assert info.value.code == 1001
            assert info.value.detail == "bye"


def test_websocket_closed_before_accept_raises_with_its_code() -> None:
    @websocket("/deny")
    async def deny(socket: WebSocket) -> None:
        await socket.close(code=4403, reason="forbidden")

    with create_test_client(deny) as client, pytest.raises(WebSocketDisconnect) as info:
        with client.websocket_connect("/deny"):
            pass  # pragma: no cover
    assert info.value.code == 4403


def test_websocket_receive_timeout() -> None:
    @websocket("/silent")
    async def silent(socket: WebSocket) -> None:
        await socket.accept()
        await socket.receive_text()

    with create_test_client(silent) as client, client.websocket_connect("/silent") as session:
        with pytest.raises(TimeoutError):
            session.receive(timeout=0.05)


def test_websocket_handler_error_is_reraised_in_the_test() -> None:
    @websocket("/fail")
    async def fail(socket: WebSocket) -> None:
        await socket.accept()
        raise CustomError("socket broke")

    with create_test_client(fail) as client, pytest.raises(CustomError, match="socket broke"):
        with client.websocket_connect("/fail") as session:
            session.receive_text()


def test_websocket_to_unknown_path_is_closed() -> None:
    with create_test_client(echo_socket) as client, pytest.raises(WebSocketDisconnect) as info:
        with client.websocket_connect("/nowhere"):
            pass  # pragma: no cover
    assert info.value.code == 4404


def threads_started_since(before: set[threading.Thread], deadline: float = 10) -> set[threading.Thread]:
    """The threads started since ``before`` that still run, once they are gone or ``deadline`` passed.

    A set of thread objects, not a count: threads of earlier tests (an idle worker of a thread pool)
    may end meanwhile, which a count would mistake for ours.
    """
    give_up = time.monotonic() + deadline
    while (started := set(threading.enumerate()) - before) and time.monotonic() < give_up:
        time.sleep(0.01)
    return started


def test_a_client_dropped_without_closing_stops_its_event_loop_thread() -> None:
    import gc

    @get("/")
    def handler() -> str:
        return "ok"

    gc.collect()
    before = set(threading.enumerate())
    for _ in range(20):
        client = create_test_client(handler)
        assert client.get("/").text == "ok"  # outside ``with``: the client starts its own loop thread
        del client
    # Freed as soon as it is dropped (no reference cycle keeps it), and its thread is stopped from
    # another, short-lived thread: wait (boundedly) for those to finish.
    assert threads_started_since(before) == set()


def test_dropping_a_client_with_work_still_running_on_its_loop_does_not_hang() -> None:
    import gc

    @get("/")
    def handler() -> str:
        return "ok"

    gc.collect()
    before = set(threading.enumerate())
    client = create_test_client(handler)
    with client.portal() as portal:
        portal.start_task_soon(anyio.sleep_forever)  # e.g. a request a failed test left hanging
    del client  # the finalizer cancels what is left instead of waiting for it
    assert threads_started_since(before) == set()


def test_middleware_never_sees_an_error_the_app_already_answered() -> None:
    from starlite.middleware import AbstractMiddleware

    seen: list[BaseException] = []

    class Catching(AbstractMiddleware):
        async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
            try:
                await self.app(scope, receive, send)
            except Exception as exc:  # a middleware that answers errors itself
                seen.append(exc)
                await Response("fallback", status_code=599, media_type="text/plain")(scope, receive, send)

    @get("/boom", middleware=[Catching])
    def boom() -> None:
        raise RuntimeError("boom")

    with create_test_client(boom) as client, pytest.raises(RuntimeError, match="boom"):
        client.get("/boom")  # re-raised once, for the test, after the app returned
    with create_test_client(boom, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    # The handler's error was answered inside the middleware (as in 1.5x): one 500, nothing doubled.
    assert (response.status_code, response.json()["detail"]) == (500, "Internal Server Error")
    assert seen == []


@pytest.mark.anyio
async def test_the_sync_client_works_inside_an_async_test(anyio_backend: str) -> None:
    # The test's thread already runs a loop: the client's own loop goes to a thread of its own.
    @get("/hello")
    async def hello() -> str:
        await anyio.sleep(0)
        return "hello"

    with create_test_client(hello) as client:
        assert client.get("/hello").text == "hello"
        with client.stream("GET", "/hello") as response:
            assert response.read() == b"hello"
    client.close()


def test_work_the_app_started_carries_on_while_the_test_waits() -> None:
    # A queue consumer started at startup: the loop moves to a thread of its own, as a server's would run.
    done = threading.Event()
    queue: list[asyncio.Queue[int]] = []
    tasks: set[asyncio.Task[None]] = set()

    async def consume() -> None:
        while True:
            await queue[0].get()
            await asyncio.sleep(0.01)
            done.set()

    async def start_consumer() -> None:
        queue.append(asyncio.Queue())
        tasks.add(asyncio.get_running_loop().create_task(consume()))

    @post("/job", status_code=202)
    async def job() -> None:
        queue[0].put_nowait(1)

    with create_test_client(job, on_startup=[start_consumer]) as client:
        assert client.post("/job").status_code == 202
        assert done.wait(2), "the job did not run while the test waited"


def test_sync_handlers_keep_their_worker_thread_across_requests() -> None:
    # anyio's worker threads outlive each call: a sync handler finds the same thread (and what it
    # keeps per thread, such as a sqlite connection) on the next request.
    local = threading.local()
    opened: list[sqlite3.Connection] = []

    @get("/connection", sync_to_thread=True)
    def connection() -> dict[str, int]:
        if not hasattr(local, "connection"):
            local.connection = sqlite3.connect(":memory:", check_same_thread=False)
            opened.append(local.connection)
        return {"thread": threading.get_ident(), "one": local.connection.execute("select 1").fetchone()[0]}

    with create_test_client(connection) as client:
        answers = [client.get("/connection").json() for _ in range(3)]
    for opened_connection in opened:
        opened_connection.close()
    assert len({answer["thread"] for answer in answers}) == 1
    assert {answer["one"] for answer in answers} == {1}


def test_a_portal_opened_from_another_thread_during_a_request_serves_every_thread() -> None:
    async def answer() -> int:
        await asyncio.sleep(0)
        return 42

    # The helper thread asks for the portal while the request runs (the test's thread runs the loop
    # then; the loop moves to a thread of its own once the request is done). The request waits until
    # the helper is waiting for its portal (at most 5 s), so that this holds whatever the load.
    in_request = threading.Event()
    asked_during_the_request: list[bool] = []

    def helper_waits_for_its_portal() -> bool:
        return bool(getattr(client._loop_runner, "_move", False))

    @get("/slow")
    async def slow() -> str:
        if not asked_during_the_request:  # the first request only
            in_request.set()
            for _ in range(500):
                if helper_waits_for_its_portal():
                    break
                await asyncio.sleep(0.01)
            asked_during_the_request.append(helper_waits_for_its_portal())
        return "slow"

    seen: list[int] = []
    with create_test_client(slow) as client:

        def helper() -> None:
            in_request.wait(5)
            with client.portal() as portal:
                seen.append(portal.call(answer))

        thread = threading.Thread(target=helper)
        thread.start()
        assert client.get("/slow").text == "slow"
        thread.join(5)
        assert asked_during_the_request == [True]
        with client.portal() as portal:
            seen.append(portal.call(answer))
        assert client.get("/slow").text == "slow"
    assert seen == [42, 42]
    assert all(t.name != "starlite-testclient-loop" for t in threading.enumerate())


def test_blocking_portal_is_anyios_portal_as_in_1_5x() -> None:
    started = threading.Event()

    async def mark() -> None:
        started.set()

    @get("/")
    async def index() -> str:
        return "ok"

    with create_test_client(index) as client:
        assert client.get("/").text == "ok"
        portal = client.blocking_portal
        assert isinstance(portal, BlockingPortal)
        portal.start_task_soon(mark)
        assert started.wait(2)
        assert client.get("/").text == "ok"
    assert client.blocking_portal is None
