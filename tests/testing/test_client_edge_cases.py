"""Edge cases of the test clients: raw ASGI apps, error pages that stream, nesting, threads, interrupts."""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator
from contextlib import aclosing
from typing import Any

import anyio
import httpx
import pytest

from starlite import Request, Starlite, Stream, WebSocket, get, post, websocket
from starlite.exceptions import WebSocketDisconnect
from starlite.middleware.session.memory_backend import MemoryBackendConfig
from starlite.testing import (
    AsyncTestClient,
    LifespanNotRunWarning,
    TestClient,
    create_async_test_client,
    create_test_client,
)
from starlite.types import Receive, Scope, Send


async def plain_text(send: Send, status: int = 200, chunks: tuple[bytes, ...] = (b"ok",)) -> None:
    await send(
        {"type": "http.response.start", "status": status, "headers": [(b"content-type", b"text/plain")]}
    )
    for index, chunk in enumerate(chunks):
        await send({"type": "http.response.body", "body": chunk, "more_body": index < len(chunks) - 1})


# --- apps that do not speak lifespan --------------------------------------------------------------


async def http_only(scope: Scope, receive: Receive, send: Send) -> None:
    assert scope["type"] == "http"  # an app that fails on a lifespan scope does not support it
    await plain_text(send)


async def returns_on_lifespan(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    await plain_text(send)


@pytest.mark.parametrize("app", [http_only, returns_on_lifespan])
def test_sync_client_serves_an_app_without_lifespan(app: Any) -> None:
    with TestClient(app) as client:
        assert client.get("/").text == "ok"


@pytest.mark.anyio
@pytest.mark.parametrize("app", [http_only, returns_on_lifespan])
async def test_async_client_serves_an_app_without_lifespan(app: Any) -> None:
    async with AsyncTestClient(app) as client:
        assert (await client.get("/")).text == "ok"


# --- error pages ----------------------------------------------------------------------------------


@get("/unavailable", status_code=503)
async def unavailable() -> Stream:
    async def events() -> AsyncIterator[str]:
        while True:
            yield "data: retry later\n\n"
            await anyio.sleep(0.01)

    return Stream(iterator=events(), media_type="text/event-stream")


def test_a_streamed_error_page_streams_instead_of_waiting_for_the_app_to_end() -> None:
    with (
        create_test_client(unavailable, timeout=2) as client,
        client.stream("GET", "/unavailable") as response,
    ):
        assert response.status_code == 503
        assert next(response.iter_lines()) == "data: retry later"


@pytest.mark.anyio
async def test_a_large_raw_500_is_read_whole() -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await plain_text(send, 500, tuple(b"x" for _ in range(200)))

    async with AsyncTestClient(app, timeout=2) as client:
        response = await client.get("/")
    assert (response.status_code, len(response.content)) == (500, 200)


@pytest.mark.anyio
async def test_several_tasks_of_the_app_waiting_for_the_disconnect_all_see_it() -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        await receive()  # the (empty) body
        seen: list[str] = []

        async def wait_for_disconnect() -> None:
            message = await receive()
            seen.append(message["type"])

        async with anyio.create_task_group() as task_group:
            task_group.start_soon(wait_for_disconnect)
            task_group.start_soon(wait_for_disconnect)
            await anyio.sleep(0.01)
            await plain_text(send)
        assert seen == ["http.disconnect", "http.disconnect"]

    async with AsyncTestClient(app, timeout=2) as client:
        assert (await client.get("/")).text == "ok"


def test_a_slow_after_response_hook_times_out_with_a_message_that_says_so(
    timeouts_expire: threading.Event,
) -> None:
    async def slow_hook(request: Request) -> None:
        # Only the wait for this hook is meant to time out: the response before it may take longer
        # than 0.2 s on a loaded machine.
        timeouts_expire.set()
        await anyio.sleep(30)

    @get("/done", after_response=slow_hook)
    async def done() -> str:
        return "ok"

    with create_test_client(done, timeout=0.2) as client:
        with pytest.raises(
            httpx.ReadTimeout, match="did not finish within 0.2 seconds after sending its response"
        ):
            client.get("/done")


# --- timeouts and lifespan ------------------------------------------------------------------------


def test_timeout_none_on_the_client_means_no_timeout() -> None:
    @get("/nap")
    async def nap() -> str:
        await anyio.sleep(0.2)
        return "awake"

    assert TestClient(Starlite([nap]), timeout=None).timeout == httpx.Timeout(None)
    with create_test_client(nap, timeout=None) as client:
        assert client.timeout == httpx.Timeout(None)
        assert client.get("/nap").text == "awake"
    assert create_test_client(nap).timeout == httpx.Timeout(5.0)  # httpx's default otherwise


@pytest.mark.anyio
async def test_async_startup_timeout_raises_the_timeout() -> None:
    async def hangs() -> None:
        await anyio.sleep(30)

    client = create_async_test_client(unavailable, on_startup=[hangs], lifespan_timeout=0.2)
    with anyio.fail_after(5), pytest.raises(TimeoutError, match="lifespan startup did not complete"):
        async with client:
            pass  # pragma: no cover


# --- nesting, threads, sessions -------------------------------------------------------------------


def lifespan_log() -> tuple[list[str], dict[str, Any]]:
    events: list[str] = []
    return events, {
        "on_startup": [lambda: events.append("startup")],
        "on_shutdown": [lambda: events.append("shutdown")],
    }


def test_nested_with_runs_the_lifespan_once() -> None:
    events, hooks = lifespan_log()
    client = create_test_client(unavailable, **hooks)
    with client, client:
        assert events == ["startup"]
    assert events == ["startup", "shutdown"]
    assert client.blocking_portal is None  # the loop thread ended with the outer block


@pytest.mark.anyio
async def test_nested_async_with_runs_the_lifespan_once() -> None:
    events, hooks = lifespan_log()
    client = create_async_test_client(unavailable, **hooks)
    async with client:
        async with client:
            assert events == ["startup"]
        assert events == ["startup"]
    assert events == ["startup", "shutdown"]


def test_threads_sending_their_first_requests_at_once_share_one_loop() -> None:
    @get("/thread")
    async def thread() -> int:
        return threading.get_ident()

    client = create_test_client(thread)
    barrier = threading.Barrier(6)
    seen: list[int] = []

    def first_request() -> None:
        barrier.wait()
        seen.append(client.get("/thread").json())

    workers = [threading.Thread(target=first_request) for _ in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    client.close()
    assert len(seen) == 6 and len(set(seen)) == 1


def test_session_middleware_given_both_ways_is_installed_once() -> None:
    config = MemoryBackendConfig()

    @get("/count")
    async def count(request: Request) -> int:
        request.session["n"] = request.session.get("n", 0) + 1
        return int(request.session["n"])

    # The 1.5x idiom passes the config twice: as session_config and in middleware.
    with create_test_client(count, session_config=config, middleware=[config.middleware]) as client:
        assert client.get("/count").json() == 1
        assert client.get_session_data() == {"n": 1}
        client.set_session_data({"n": 10})
        assert client.get("/count").json() == 11


# --- interrupts and late closes -------------------------------------------------------------------


@get("/interrupt")
async def interrupt() -> None:
    raise KeyboardInterrupt


def test_keyboard_interrupt_in_the_app_reaches_the_sync_test_and_the_client_still_works() -> None:
    with create_test_client([interrupt, unavailable]) as client:
        with pytest.raises(KeyboardInterrupt):
            client.get("/interrupt")
        with client.stream("GET", "/unavailable") as response:  # the loop thread still runs
            assert response.status_code == 503


@pytest.mark.anyio
async def test_keyboard_interrupt_in_the_app_reaches_the_async_test() -> None:
    async with create_async_test_client(interrupt) as client:
        with pytest.raises(KeyboardInterrupt):
            await client.get("/interrupt")


def test_closing_a_stream_after_the_client_ended_is_harmless() -> None:
    with create_test_client(unavailable) as client:
        response = client.send(client.build_request("GET", "/unavailable"), stream=True)
        assert response.status_code == 503
    response.close()  # the loop thread is gone; nothing is left to stop


def test_the_lifespan_warning_points_at_the_test_for_streams_too() -> None:
    client = create_test_client(unavailable, on_startup=[lambda: None])
    with pytest.warns(LifespanNotRunWarning) as record, client.stream("GET", "/unavailable") as response:
        assert response.status_code == 503
    client.close()
    assert record[0].filename == __file__


# --- websockets -----------------------------------------------------------------------------------


@websocket("/fragile")
async def fragile(socket: WebSocket) -> None:
    await socket.accept()
    await socket.receive_text()
    raise ValueError("the handler's own error")


def test_sending_to_a_crashed_websocket_handler_raises_its_error() -> None:
    with create_test_client(fragile) as client, pytest.raises(ValueError, match="the handler's own error"):
        with client.websocket_connect("/fragile") as session:
            session.send_text("first")
            time.sleep(0.05)
            session.send_text("second")


@websocket("/chatty")
async def chatty(socket: WebSocket) -> None:
    await socket.accept()
    while True:
        await socket.send_text("more")


def test_leaving_a_websocket_whose_handler_is_blocked_sending_is_quick(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Leaving must wake the blocked handler, not wait out the grace a handler has to end before it
    # is cancelled (1 s). The grace is made 30 s here, so that "quick" can be given a bound a loaded
    # machine keeps (10 s) while still telling the two apart.
    from starlite.testing.websocket_test_session import AsyncWebSocketTestSession

    finish = AsyncWebSocketTestSession._finish

    async def finish_with_a_long_grace(
        self: AsyncWebSocketTestSession, raise_errors: bool, grace: float = 30
    ) -> None:
        await finish(self, raise_errors, grace)

    monkeypatch.setattr(AsyncWebSocketTestSession, "_finish", finish_with_a_long_grace)
    with create_test_client(chatty) as client:
        with client.websocket_connect("/chatty") as session:
            assert session.receive_text() == "more"
            time.sleep(0.05)  # the handler fills the buffer and waits
        started = time.monotonic()
        with client.websocket_connect("/chatty") as session:
            time.sleep(0.05)
        assert time.monotonic() - started < 10


@websocket("/goodbye")
async def goodbye(socket: WebSocket) -> None:
    await socket.accept()
    await socket.close(code=4002, reason="bye")


def test_receive_raises_on_the_apps_close_as_in_1_5x() -> None:
    with create_test_client(goodbye) as client, client.websocket_connect("/goodbye") as session:
        with pytest.raises(WebSocketDisconnect) as info:
            session.receive()
    assert (info.value.code, info.value.detail) == (4002, "bye")


def test_the_handshake_carries_the_websocket_upgrade_headers() -> None:
    @websocket("/headers")
    async def headers(socket: WebSocket) -> None:
        await socket.accept()
        await socket.send_json(
            {key: socket.headers.get(key) for key in ("connection", "upgrade", "sec-websocket-version")}
        )
        await socket.send_text(socket.headers.get("sec-websocket-key") or "")

    with create_test_client(headers) as client, client.websocket_connect("/headers") as session:
        assert session.receive_json() == {
            "connection": "upgrade",
            "upgrade": "websocket",
            "sec-websocket-version": "13",
        }
        assert len(session.receive_text()) == 24  # 16 random bytes, base64


@pytest.mark.anyio
async def test_a_partly_read_generator_body_is_closed_by_the_client() -> None:
    closed: list[bool] = []

    async def body() -> AsyncIterator[bytes]:
        try:
            for _ in range(10):
                yield b"chunk"
        finally:
            closed.append(True)

    @get("/ignore-body")
    async def ignore_body(request: Request) -> str:
        async with aclosing(request.stream()) as chunks:
            async for _ in chunks:
                break  # reads one chunk of ten
        return "ok"

    async with create_async_test_client(ignore_body) as client:
        assert (await client.request("GET", "/ignore-body", content=body())).text == "ok"
    assert closed == [True]


# --- second review: readers in other tasks, shields, lifespan interrupts, bodies -----------------


@pytest.mark.anyio
async def test_a_websocket_reader_in_another_task_ends_when_the_session_is_left() -> None:
    @websocket("/quiet")
    async def quiet(socket: WebSocket) -> None:
        await socket.accept()
        await socket.receive_text()  # the client never sends

    outcome: list[str] = []
    async with create_async_test_client(quiet, timeout=None) as client:
        async with client.websocket_connect("/quiet") as session, anyio.create_task_group() as task_group:

            async def read() -> None:
                try:
                    await session.receive_text()
                except WebSocketDisconnect:
                    outcome.append("disconnected")

            task_group.start_soon(read)
            await anyio.sleep(0.02)
            with anyio.fail_after(3):
                await session.__aexit__(None, None, None)
    assert outcome == ["disconnected"]


@pytest.mark.anyio
async def test_closing_a_response_from_another_task_ends_its_reader() -> None:
    async with create_async_test_client(unavailable, timeout=None) as client:
        response = await client.send(client.build_request("GET", "/unavailable"), stream=True)
        lines: list[str] = []
        first_line_read = anyio.Event()

        async def read() -> None:
            async for line in response.aiter_lines():  # pragma: no branch
                lines.append(line)
                first_line_read.set()

        with anyio.fail_after(10):  # a hang guard: the reader must end once the response is closed
            async with anyio.create_task_group() as task_group:
                task_group.start_soon(read)
                await first_line_read.wait()  # the reader is now waiting for more
                await response.aclose()
    assert lines and lines[0] == "data: retry later"


# Leaving httpx's byte iterators half-read leaves them to the garbage collector, which trio reports.
@pytest.mark.filterwarnings(
    "ignore:Exception ignored in. <async_generator object:pytest.PytestUnraisableExceptionWarning"
)
@pytest.mark.anyio
async def test_the_apps_shielded_cleanup_finishes_when_the_test_closes_a_stream() -> None:
    events: list[str] = []

    @get("/careful")
    async def careful() -> Stream:
        async def chunks() -> AsyncIterator[bytes]:
            try:
                while True:
                    yield b"x"
                    await anyio.sleep(0.01)
            finally:
                with anyio.CancelScope(shield=True):
                    await anyio.sleep(0.05)  # flushing something that must not be cut short
                    events.append("cleanup finished")

        return Stream(iterator=chunks())

    async with create_async_test_client(careful) as client, client.stream("GET", "/careful") as response:
        assert await response.aiter_bytes().__anext__() == b"x"
    assert events == ["cleanup finished"]


@pytest.mark.parametrize("phase", ["startup", "shutdown"])
def test_keyboard_interrupt_in_a_lifespan_hook_reaches_the_sync_test(phase: str) -> None:
    def interrupt() -> None:
        raise KeyboardInterrupt

    client = create_test_client(unavailable, **{f"on_{phase}": [interrupt]})
    with pytest.raises(KeyboardInterrupt):
        with client:
            pass
    assert client.blocking_portal is None  # the loop thread did not die with it; it was stopped


@pytest.mark.anyio
async def test_keyboard_interrupt_in_a_startup_hook_reaches_the_async_test() -> None:
    def interrupt() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        async with create_async_test_client(unavailable, on_startup=[interrupt]):
            pass  # pragma: no cover


@pytest.mark.anyio
async def test_closing_the_async_client_inside_its_block_still_runs_shutdown() -> None:
    events, hooks = lifespan_log()
    async with create_async_test_client(unavailable, **hooks) as client:
        await client.aclose()
    assert events == ["startup", "shutdown"]


def test_the_sync_client_closes_a_sync_generator_body_the_app_did_not_finish() -> None:
    closed: list[bool] = []

    def body() -> Any:
        try:
            for _ in range(10):
                yield b"chunk"
        finally:
            closed.append(True)

    @post("/first-chunk")
    async def first_chunk(request: Request) -> str:
        async with aclosing(request.stream()) as chunks:
            async for chunk in chunks:
                return chunk.decode()
        return ""  # pragma: no cover

    with create_test_client(first_chunk) as client:
        assert client.post("/first-chunk", content=body()).text == "chunk"
    assert closed == [True]


@pytest.mark.anyio
async def test_a_file_given_as_the_body_stays_open(tmp_path: Any) -> None:
    path = tmp_path / "payload.bin"
    path.write_bytes(b"x" * 1000)

    @get("/size")
    async def size(request: Request) -> int:
        return len(await request.body())

    async with create_async_test_client(size) as client, await anyio.open_file(path, "rb") as payload:
        assert (await client.request("GET", "/size", content=payload)).json() == 1000
        await payload.seek(0)  # still the test's to use
        assert len(await payload.read()) == 1000


@pytest.mark.anyio
async def test_a_raw_app_that_fails_its_startup_without_saying_so_still_fails() -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await receive()  # lifespan.startup
            raise ConnectionError("database is down")
        await plain_text(send)  # pragma: no cover

    with pytest.raises(ConnectionError, match="database is down"):
        async with AsyncTestClient(app):
            pass  # pragma: no cover


@pytest.mark.anyio
async def test_two_tasks_entering_one_client_start_it_once(anyio_backend: str) -> None:
    events, hooks = lifespan_log()
    client = create_async_test_client(unavailable, **hooks)
    if anyio_backend == "trio":
        async with client:
            async with client:  # the same task nests
                assert events == ["startup"]
        assert events == ["startup", "shutdown"]
        return

    async def enter_and_leave() -> None:
        async with client:
            await anyio.sleep(0.05)

    async with anyio.create_task_group() as task_group:
        task_group.start_soon(enter_and_leave)
        task_group.start_soon(enter_and_leave)
    assert events == ["startup", "shutdown"]
