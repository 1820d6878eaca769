"""Streamed responses and requests, errors mid-stream and timeouts, through both test clients.

Where a client that buffered responses (Starlite 1.51, Litestar 2, httpx's ASGITransport) would
hang, the sync tests run under ``within_seconds`` and the async ones under ``anyio.fail_after``:
they fail instead of freezing the suite.
"""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, TypeVar

import anyio
import httpx
import pytest

from starlite import Request, Stream, get, post
from starlite.testing import create_async_test_client, create_test_client

R = TypeVar("R")


def within_seconds(seconds: float, func: Callable[[], R]) -> R:
    """Run ``func`` in a thread; fail the test (instead of hanging it) when it takes too long."""
    result: list[R] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            result.append(func())
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"still running after {seconds} seconds: the client hangs")
    if errors:
        raise errors[0]
    return result[0]


class EventLog:
    """What the app did, in order, visible from the test's thread."""

    def __init__(self) -> None:
        self.events: list[str] = []

    def __call__(self, event: str) -> None:
        self.events.append(event)


def sse_app(log: EventLog) -> list[Any]:
    @get("/events")
    async def events() -> Stream:
        async def generate() -> AsyncIterator[str]:
            number = 0
            try:
                while True:  # endless, as a live feed is
                    yield f"data: {number}\n\n"
                    number += 1
                    await anyio.sleep(0.01)
            finally:
                log("generator closed")

        return Stream(iterator=generate(), media_type="text/event-stream")

    return [events]


def _take(lines: Iterator[str], count: int) -> list[str]:
    events: list[str] = []
    for line in lines:
        if line.startswith("data:"):
            events.append(line)
            if len(events) == count:
                break
    return events


# --- streamed responses ---------------------------------------------------------------------------


def test_sync_client_reads_an_endless_event_stream_and_closing_it_stops_the_app() -> None:
    log = EventLog()
    with create_test_client(sse_app(log)) as client:

        def read() -> list[str]:
            with client.stream("GET", "/events") as response:
                assert response.headers["content-type"].startswith("text/event-stream")
                return _take(response.iter_lines(), 3)

        assert within_seconds(5, read) == ["data: 0", "data: 1", "data: 2"]
        # Leaving the stream block cancelled the app's task: its generator has been closed.
        assert log.events == ["generator closed"]


# Breaking out of httpx's nested line/text/byte generators leaves them to the garbage collector,
# which trio reports; that is httpx's iteration, not the client.
@pytest.mark.filterwarnings(
    "ignore:Exception ignored in. <async_generator object:pytest.PytestUnraisableExceptionWarning"
)
@pytest.mark.anyio
async def test_async_client_reads_an_endless_event_stream_and_closing_it_stops_the_app() -> None:
    log = EventLog()
    async with create_async_test_client(sse_app(log)) as client:
        with anyio.fail_after(5):
            async with client.stream("GET", "/events") as response:
                events: list[str] = []
                async for line in response.aiter_lines():
                    if line.startswith("data:"):
                        events.append(line)
                    if len(events) == 3:
                        break
        assert events == ["data: 0", "data: 1", "data: 2"]
        assert log.events == ["generator closed"]


def chunk_gate_app() -> tuple[list[Any], anyio.Event]:
    """A handler that sends one chunk, then waits for the test to have read it before the next."""
    gate = anyio.Event()

    @get("/gated")
    async def gated() -> Stream:
        async def generate() -> AsyncIterator[bytes]:
            yield b"first;"
            await gate.wait()  # only a client that streams lets the test see "first" by now
            yield b"second"

        return Stream(iterator=generate())

    return [gated], gate


def test_sync_stream_yields_each_chunk_as_the_app_sends_it() -> None:
    handlers, gate = chunk_gate_app()
    with create_test_client(handlers) as client:

        def read() -> list[bytes]:
            chunks = []
            with client.stream("GET", "/gated") as response:
                for chunk in response.iter_bytes():
                    chunks.append(chunk)
                    if chunk == b"first;":
                        with client.portal() as portal:
                            portal.call(gate.set)
            return chunks

        assert within_seconds(5, read) == [b"first;", b"second"]


@pytest.mark.anyio
async def test_async_stream_yields_each_chunk_as_the_app_sends_it() -> None:
    handlers, gate = chunk_gate_app()
    async with create_async_test_client(handlers) as client:
        chunks = []
        with anyio.fail_after(5):
            async with client.stream("GET", "/gated") as response:
                async for chunk in response.aiter_bytes():
                    chunks.append(chunk)
                    gate.set()
    assert chunks == [b"first;", b"second"]


def test_a_plain_request_returns_after_the_app_finished_its_after_response_work() -> None:
    log = EventLog()

    async def after(request: Request) -> None:
        await anyio.sleep(0.05)
        log("after_response ran")

    @get("/done", after_response=after)
    async def done() -> str:
        return "ok"

    with create_test_client(done) as client:
        assert client.get("/done").text == "ok"
        assert log.events == ["after_response ran"]


# --- streamed requests ----------------------------------------------------------------------------


def upload_app(log: EventLog) -> list[Any]:
    @post("/upload")
    async def upload(request: Request) -> int:
        total = 0
        async for chunk in request.stream():
            if chunk:
                log(f"app got {len(chunk)}")
                total += len(chunk)
        return total

    return [upload]


def test_sync_request_body_streams_into_the_app_chunk_by_chunk() -> None:
    log = EventLog()

    def body() -> Iterator[bytes]:
        for _ in range(3):
            log("client sends 1000")
            yield b"x" * 1000

    with create_test_client(upload_app(log)) as client:
        response = client.post("/upload", content=body())
    assert response.json() == 3000
    # Each chunk reached the app before the next one was produced: the body was not joined first.
    assert log.events == ["client sends 1000", "app got 1000"] * 3


@pytest.mark.anyio
async def test_async_request_body_streams_into_the_app_chunk_by_chunk() -> None:
    log = EventLog()

    async def body() -> AsyncIterator[bytes]:
        for _ in range(3):
            log("client sends 1000")
            yield b"x" * 1000

    async with create_async_test_client(upload_app(log)) as client:
        response = await client.post("/upload", content=body())
    assert response.json() == 3000
    assert log.events == ["client sends 1000", "app got 1000"] * 3


# --- errors mid-stream ----------------------------------------------------------------------------


class StreamBroke(Exception):
    pass


@get("/breaks")
async def breaks() -> Stream:
    async def generate() -> AsyncIterator[bytes]:
        yield b"partial"
        raise StreamBroke("lost the upstream")

    return Stream(iterator=generate())


def test_sync_error_mid_stream_is_raised_while_reading_with_its_traceback() -> None:
    with create_test_client(breaks) as client:
        with pytest.raises(StreamBroke, match="lost the upstream") as info:
            client.get("/breaks")
        assert any(entry.name == "generate" for entry in info.traceback)
        with client.stream("GET", "/breaks") as response:
            assert response.status_code == 200
            with pytest.raises(StreamBroke):
                response.read()


@pytest.mark.anyio
async def test_async_error_mid_stream_is_raised_or_cuts_the_body_short() -> None:
    async with create_async_test_client(breaks) as client:
        with pytest.raises(StreamBroke, match="lost the upstream"):
            await client.get("/breaks")
    async with create_async_test_client(breaks, raise_server_exceptions=False) as client:
        response = await client.get("/breaks")
    # The status was already sent: as over a network, the body just ends short.
    assert (response.status_code, response.content) == (200, b"partial")


# --- timeouts -------------------------------------------------------------------------------------


def slow_app(log: EventLog) -> list[Any]:
    @get("/slow")
    async def slow() -> str:
        try:
            await anyio.sleep(30)
        finally:
            log("handler stopped")
        return "late"  # pragma: no cover

    @get("/stalls")
    async def stalls() -> Stream:
        async def generate() -> AsyncIterator[bytes]:
            yield b"one"
            await anyio.sleep(30)
            yield b"never"  # pragma: no cover

        return Stream(iterator=generate())

    return [slow, stalls]


def test_sync_request_timeout_names_the_request_and_stops_the_handler() -> None:
    log = EventLog()
    with create_test_client(slow_app(log)) as client:
        started = time.monotonic()
        with pytest.raises(
            httpx.ReadTimeout, match=r"GET /slow\?x=1: the application sent no response within 0.2 seconds"
        ):
            within_seconds(10, lambda: client.get("/slow?x=1", timeout=0.2))
        assert time.monotonic() - started < 5
        assert log.events == ["handler stopped"]


def test_sync_client_timeout_applies_to_every_request_and_to_stalled_streams(
    timeouts_expire: threading.Event,
) -> None:
    with create_test_client(slow_app(EventLog()), timeout=0.2) as client:
        timeouts_expire.set()
        with pytest.raises(httpx.ReadTimeout, match="GET /slow"):
            within_seconds(10, lambda: client.get("/slow"))
        # Until the first chunk is in, expired timeouts wait again: on a loaded machine the stream's
        # start may take longer than 0.2 s, and only the stall is meant to time out.
        timeouts_expire.clear()

        def read_stalled() -> None:
            with client.stream("GET", "/stalls") as response:
                chunks = response.iter_bytes()
                assert next(chunks) == b"one"
                timeouts_expire.set()
                next(chunks)

        with pytest.raises(
            httpx.ReadTimeout, match="GET /stalls: the application sent nothing more of its response"
        ):
            within_seconds(10, read_stalled)


@pytest.mark.anyio
async def test_async_timeouts_per_request_and_per_client() -> None:
    log = EventLog()
    async with create_async_test_client(slow_app(log)) as client:
        with anyio.fail_after(5), pytest.raises(httpx.ReadTimeout, match="GET /slow"):
            await client.get("/slow", timeout=0.2)
    assert log.events == ["handler stopped"]
    client = create_async_test_client(slow_app(log))
    client.timeout = httpx.Timeout(0.2)
    async with client:
        with anyio.fail_after(5), pytest.raises(httpx.ReadTimeout, match="GET /slow"):
            await client.get("/slow")


def test_timeout_none_waits_as_long_as_the_app_takes() -> None:
    @get("/takes-a-while")
    async def takes_a_while() -> str:
        await anyio.sleep(0.3)
        return "done"

    with create_test_client(takes_a_while, timeout=0.1) as client:
        assert client.get("/takes-a-while", timeout=None).text == "done"


# --- lifespan -------------------------------------------------------------------------------------


def test_a_hanging_startup_fails_after_the_lifespan_timeout() -> None:
    async def hangs() -> None:
        await anyio.sleep(30)

    client = create_test_client(breaks, on_startup=[hangs])
    client.lifespan_timeout = 0.2
    with pytest.raises(TimeoutError, match="lifespan startup did not complete within 0.2 seconds"):
        within_seconds(10, client.__enter__)


@pytest.mark.anyio
async def test_a_hanging_shutdown_fails_after_the_lifespan_timeout() -> None:
    async def hangs() -> None:
        await anyio.sleep(30)

    client = create_async_test_client(breaks, on_shutdown=[hangs])
    client.lifespan_timeout = 0.2
    with anyio.fail_after(5), pytest.raises(TimeoutError, match="lifespan shutdown did not complete"):
        async with client:
            pass


# --- debugging ------------------------------------------------------------------------------------


def test_debugger_attached_sees_a_pdb_style_tracer() -> None:
    import bdb
    import sys

    from starlite.testing.transport import debugger_attached

    class Debugger(bdb.Bdb):
        def trace_dispatch(self, frame: Any, event: str, arg: Any) -> None:  # type: ignore[override]
            return None  # a debugger that never stops

    assert not debugger_attached()
    previous = sys.gettrace()
    sys.settrace(Debugger().trace_dispatch)
    try:
        attached = debugger_attached()
    finally:
        sys.settrace(previous)
    assert attached


def test_a_timeout_that_expires_under_a_debugger_keeps_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    # Stepping through a handler must not fail the request: while a debugger is attached, an expired
    # read timeout waits again. The fake debugger is switched on and off by the test, so how many
    # expiries a loaded machine needs for the first request does not decide the second one.
    from starlite.testing import _exchange

    debugger = {"attached": True, "asked": 0}

    def debugger_attached() -> bool:
        debugger["asked"] += 1
        return debugger["attached"]

    monkeypatch.setattr(_exchange, "debugger_attached", debugger_attached)

    @get("/stepped-through")
    async def stepped_through() -> str:
        await anyio.sleep(0.5)  # longer than two 0.2 s timeouts
        return "finished"

    @get("/never-ends")
    async def never_ends() -> str:
        await anyio.sleep(60)  # cancelled when the request times out
        return "unreachable"

    with create_test_client([stepped_through, never_ends], timeout=0.2) as client:
        assert client.get("/stepped-through").text == "finished"
        assert debugger["asked"] >= 2  # the timeout did expire, and the client waited again
        debugger["attached"] = False
        with pytest.raises(httpx.ReadTimeout):
            within_seconds(10, lambda: client.get("/never-ends"))  # no debugger: the first expiry fails


def test_sync_client_on_trio_streams_and_times_out_too() -> None:
    log = EventLog()
    with create_test_client([*sse_app(log), *slow_app(log)], backend="trio") as client:

        def read() -> list[str]:
            with client.stream("GET", "/events") as response:
                return _take(response.iter_lines(), 2)

        assert within_seconds(5, read) == ["data: 0", "data: 1"]
        with pytest.raises(httpx.ReadTimeout, match="GET /slow"):
            within_seconds(10, lambda: client.get("/slow", timeout=0.2))
    assert log.events == ["generator closed", "handler stopped"]


def test_stream_hands_back_the_headers_before_slow_after_response_work_and_get_waits_for_it() -> None:
    log = EventLog()

    async def slow_hook(request: Request) -> None:
        await anyio.sleep(0.5)
        log("after_response ran")

    @get("/report", after_response=slow_hook)
    async def report() -> str:
        return "done"

    with create_test_client(report) as client:
        with client.stream("GET", "/report") as response:
            assert log.events == []  # the headers came back before the hook ran
            assert response.read() == b"done"  # reading to the end does
            assert log.events == ["after_response ran"]
        log.events.clear()
        assert client.get("/report").text == "done"
        assert log.events == ["after_response ran"]  # a plain request returns when the app is done
