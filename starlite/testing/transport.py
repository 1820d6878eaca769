"""The test transport: the one place that speaks ASGI to httpx.

``AsyncTestClientTransport`` runs the application on the caller's own event loop, one task per
request, and hands httpx a response whose body streams out of that task as the app sends it. The
sync ``TestClientTransport`` is an adapter over the same code: each step goes through the client's
anyio blocking portal.
"""

from __future__ import annotations

import asyncio
import bdb
import inspect
import sys
from collections import deque
from collections.abc import (
    AsyncGenerator,
    AsyncIterable,
    AsyncIterator,
    Callable,
    Coroutine,
    Iterable,
    Iterator,
)
from contextlib import suppress
from typing import TYPE_CHECKING, Any, Protocol, TypedDict
from urllib.parse import unquote

import anyio
import httpx

from starlite._connection_state import SCOPE_KEY, ConnectionState
from starlite.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

if sys.version_info < (3, 11):  # pragma: no cover - anyio depends on the backport there
    from exceptiongroup import BaseExceptionGroup  # type: ignore[import-not-found,unused-ignore]

if TYPE_CHECKING:
    from anyio.abc import TaskGroup

    from starlite.types import ASGIApp, Message

__all__ = (
    "AsyncTestClientTransport",
    "ConnectionUpgradeException",
    "SendReceiveContext",
    "TestClientTransport",
    "TaskSpawner",
    "build_scope",
    "debugger_attached",
    "portal_call",
    "read_timeout",
    "unwrap_exception",
)

_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
# The request extension with which the test clients mark a request sent by ``client.stream()``.
STREAM_EXTENSION = "starlite.testing.stream"
# How many response messages the app may send ahead of the test reading them: as a socket buffer
# does, this bounds the memory an endless stream takes when the test reads slowly.
_PIPE_LIMIT = 64
# How long an app may take to end once its response stream is closed, before the client stops
# waiting for it (it has been cancelled by then; only a shielded task takes that long).
_CLOSE_GRACE_SECONDS = 5.0


class ConnectionUpgradeException(Exception):
    """Kept for code that imports it from Starlite 1.5x, where the transport raised it internally.

    Starlite 1.5x's ``websocket_connect`` sent the handshake through the HTTP transport, which raised
    this exception to hand the websocket session back. Here ``websocket_connect`` builds the session
    directly, so nothing raises it.

    Args:
        session: The websocket session.
    """

    def __init__(self, session: Any) -> None:
        super().__init__("the connection was upgraded to a websocket")
        self.session = session


class SendReceiveContext(TypedDict):
    """Kept for code that imports it from Starlite 1.5x: the shape of 1.5x's per-request state.

    This transport keeps its per-request state in an object of its own and does not use it.
    """

    request_complete: bool
    response_complete: Any
    raw_kwargs: dict[str, Any]
    response_started: bool
    template: str | None
    context: Any | None


def unwrap_exception(exc: BaseException) -> BaseException:
    """Return the single exception inside nested one-member exception groups (anyio wraps errors)."""
    while isinstance(exc, BaseExceptionGroup) and len(exc.exceptions) == 1:
        exc = exc.exceptions[0]
    return exc


def debugger_attached() -> bool:
    """Whether a debugger (pdb, or an IDE's) is tracing this thread: timeouts then wait on."""
    trace = sys.gettrace()
    if trace is not None:
        owner = getattr(trace, "__self__", None)
        if isinstance(owner, bdb.Bdb) or "pydevd" in type(owner).__module__ or "pydevd" in sys.modules:
            return True
    monitoring = getattr(sys, "monitoring", None)
    return monitoring is not None and monitoring.get_tool(monitoring.DEBUGGER_ID) is not None


def read_timeout(request: httpx.Request) -> float | None:
    """The read timeout httpx attached to ``request`` (per request, else the client's), or ``None``."""
    timeout = request.extensions.get("timeout")
    if isinstance(timeout, dict):
        value = timeout.get("read")
        return float(value) if value is not None else None
    return None


def build_scope(
    request: httpx.Request,
    scope_type: str,
    root_path: str = "",
    client: tuple[str, int] = ("testclient", 50000),
    state: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Build the ASGI scope of an httpx request (``http`` or ``websocket``)."""
    url = request.url
    scheme = url.scheme
    if scope_type == "websocket":
        scheme = {"http": "ws", "https": "wss"}.get(scheme, scheme)
    port = url.port or _DEFAULT_PORTS.get(scheme, 80)
    raw_path = url.raw_path.split(b"?", 1)[0]
    headers = [(key.lower(), value) for key, value in request.headers.raw]
    if not any(key == b"host" for key, _ in headers):  # httpx adds Host; a hand-built request may not
        host = url.host if url.port is None else f"{url.host}:{url.port}"
        headers.insert(0, (b"host", host.encode("latin-1")))
    scope: dict[str, Any] = {
        "type": scope_type,
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "scheme": scheme,
        "path": unquote(path) if "%" in (path := raw_path.decode("latin-1")) else path,
        "raw_path": raw_path,
        "root_path": root_path,
        "query_string": url.query,
        "headers": headers,
        "client": client,
        "server": (url.host, port),
        "extensions": {},
        "state": dict(state or {}),
    }
    if scope_type == "http":
        scope["method"] = request.method
        scope["extensions"]["http.response.debug"] = {}
    else:
        protocols = request.headers.get("sec-websocket-protocol")
        scope["subprotocols"] = [p.strip() for p in protocols.split(",")] if protocols else []
    return scope


def describe(request: httpx.Request) -> str:
    """``METHOD /path?query``: how errors name a request."""
    return f"{request.method} {request.url.raw_path.decode('latin-1')}"


class TaskSpawner:
    """Where the transport starts the app's tasks: plain asyncio tasks, or a trio nursery.

    On asyncio a task may be started from anywhere, so a client works without a task group (and
    may be entered and left in different tasks, as pytest-asyncio's fixtures are). trio only starts
    tasks in a nursery, which the clients open while they are entered.
    """

    def __init__(self) -> None:
        self.task_group: TaskGroup | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._untracked: set[asyncio.Task[None]] = set()

    @staticmethod
    def loop() -> asyncio.AbstractEventLoop | None:
        """The running asyncio loop, or ``None`` on another async library (trio)."""
        try:
            return asyncio.get_running_loop()  # cheaper than asking sniffio, on every request
        except RuntimeError:
            return None

    def available(self) -> bool:
        """Whether a task can be started here, now."""
        return self.task_group is not None or self.loop() is not None

    def start(
        self,
        run: Callable[[], Coroutine[Any, Any, None]],
        loop: asyncio.AbstractEventLoop | None = None,
        track: bool = True,
    ) -> None:
        """Start ``run()`` in the background: an asyncio task, or in the nursery on trio.

        ``track=False`` keeps the task out of ``cancel_all`` (the lifespan, which ends on its own).
        """
        loop = loop or self.loop()
        if loop is None:
            assert self.task_group is not None, "no nursery to start the task in"
            self.task_group.start_soon(run)
            return
        task = loop.create_task(run())
        # A strong reference until it ends: asyncio itself only keeps a weak one.
        tasks = self._tasks if track else self._untracked
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    def follows(self, task: asyncio.Task[Any]) -> bool:
        """Whether ``task`` is one this spawner started (a request, a websocket, the lifespan)."""
        return task in self._tasks or task in self._untracked

    async def cancel_all(self) -> None:
        """Cancel the plain asyncio tasks still running (responses the test never closed)."""
        tasks = [task for task in self._tasks if not task.done()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks)


_TIMED_OUT = object()


def _expire(waiter: asyncio.Future[Any]) -> None:
    if not waiter.done():
        waiter.set_result(_TIMED_OUT)


def _wake(waiter: asyncio.Future[Any] | anyio.Event | None) -> None:
    if waiter is None:
        return
    if isinstance(waiter, asyncio.Future):
        if not waiter.done():
            waiter.set_result(None)
    else:
        waiter.set()


class _Pipe:
    """Messages from the app on their way to the test: one writer, bounded.

    Any number of tasks may wait on the reading side (the test reading, and closing, from several
    tasks); finishing or closing wakes them all. On asyncio it waits on bare futures (the hot path of
    every request: no anyio cancel scope); elsewhere on anyio events.

    Args:
        loop: The running asyncio loop, or ``None`` on trio.
        limit: How many messages may wait unread before the writer waits.
    """

    __slots__ = ("_items", "_loop", "_readers", "_writer", "closed", "finished", "limit")

    def __init__(self, loop: asyncio.AbstractEventLoop | None, limit: float = _PIPE_LIMIT) -> None:
        self._loop = loop
        self.limit = limit
        self._items: deque[Message] = deque()
        self._readers: list[asyncio.Future[Any] | anyio.Event] = []
        self._writer: asyncio.Future[Any] | anyio.Event | None = None
        self.finished = False  # the app returned (or raised)
        self.closed = False  # the test stopped reading

    async def _wait(self, timeout: float | None, for_reader: bool) -> bool:
        """Wait to be woken; ``False`` when ``timeout`` seconds passed first."""
        waiter: asyncio.Future[Any] | anyio.Event = (
            self._loop.create_future() if self._loop is not None else anyio.Event()
        )
        if for_reader:
            self._readers.append(waiter)
        else:
            self._writer = waiter
        try:
            if isinstance(waiter, asyncio.Future):
                if timeout is None:
                    await waiter
                    return True
                handle = self._loop.call_later(timeout, _expire, waiter)  # type: ignore[union-attr]
                try:
                    return await waiter is not _TIMED_OUT
                finally:
                    handle.cancel()
            if timeout is None:
                await waiter.wait()
                return True
            with anyio.move_on_after(timeout):
                await waiter.wait()
                return True
            return False
        finally:
            if for_reader and waiter in self._readers:
                self._readers.remove(waiter)

    def _wake_readers(self) -> None:
        readers, self._readers = self._readers, []
        for waiter in readers:
            _wake(waiter)

    async def put(self, message: Message) -> None:
        while len(self._items) >= self.limit and not self.closed:
            await self._wait(None, for_reader=False)
        if self.closed:
            return  # the client went away; a server drops what is sent after that
        self._items.append(message)
        if self._readers:
            self._wake_readers()

    def finish(self) -> None:
        self.finished = True
        self._wake_readers()

    def close(self) -> None:
        self.closed = True
        self._items.clear()
        _wake(self._writer)
        self._wake_readers()

    def get_nowait(self) -> Message | None:
        if self._items:
            message = self._items.popleft()
            _wake(self._writer)
            return message
        return None

    async def get(self, timeout: float | None = None) -> Message | None:
        """The next message, or ``None`` once the app has finished (or the test closed the pipe).

        Raises:
            TimeoutError: When nothing came within ``timeout`` seconds.
        """
        while not self._items:
            if self.finished or self.closed:
                return None
            if not await self._wait(timeout, for_reader=True):
                raise TimeoutError
        return self.get_nowait()

    async def wait_finished(self, timeout: float | None = None) -> None:
        """Wait until the app has finished.

        Raises:
            TimeoutError: When it has not within ``timeout`` seconds.
        """
        while not self.finished:
            if not await self._wait(timeout, for_reader=True):
                raise TimeoutError


async def _iterate_body(stream: Any) -> AsyncGenerator[bytes, None]:
    # When the app stops reading early, the test's own generator (httpx keeps it as ``_stream``)
    # and httpx's iterator around it are closed now, so their ``finally`` blocks run; other
    # iterables (an open file, say) belong to the test and are left open, as httpx leaves them.
    inner = getattr(stream, "_stream", None)
    if isinstance(stream, AsyncIterable):
        iterator = stream.__aiter__()
        try:
            async for chunk in iterator:
                yield chunk
        finally:
            for item in (iterator, inner):
                if inspect.isasyncgen(item):
                    await item.aclose()
    elif isinstance(stream, Iterable):
        sync_iterator = iter(stream)
        try:
            for chunk in sync_iterator:
                yield chunk
        finally:
            for item in (sync_iterator, inner):
                if inspect.isgenerator(item):
                    item.close()


async def _capture(
    func: Callable[..., Coroutine[Any, Any, Any]], *args: Any
) -> tuple[Any, BaseException | None]:
    try:
        return await func(*args), None
    except Exception:
        raise
    except BaseException as exc:
        if isinstance(exc, anyio.get_cancelled_exc_class()):
            raise
        return None, exc  # KeyboardInterrupt, SystemExit: raised in the test's thread, not the loop's


class Caller(Protocol):
    """What runs a coroutine function on the client's loop from sync code.

    A ``BlockingPortal``, or the sync client's ``LoopRunner``.
    """

    def call(self, func: Callable[..., Any], *args: Any) -> Any:
        """Run ``func(*args)`` on the loop and return its result."""


def portal_call(portal: Caller, func: Callable[..., Coroutine[Any, Any, Any]], *args: Any) -> Any:
    """``portal.call``, but a ``KeyboardInterrupt`` (or ``SystemExit``) reaches the calling thread.

    Raised inside the portal, it would stop the portal's event loop instead.
    """
    result, interrupt = portal.call(_capture, func, *args)
    if interrupt is not None:
        raise interrupt
    return result


class _Exchange:
    """One request and its response: the app's task on one side, the test's reads on the other."""

    def __init__(
        self,
        transport: AsyncTestClientTransport,
        request: httpx.Request,
        loop: asyncio.AbstractEventLoop | None,
    ) -> None:
        self.transport = transport
        self.request = request
        self.scope = build_scope(
            request, "http", transport.root_path, transport.client, transport.lifespan_state
        )
        self.state = self.scope[SCOPE_KEY] = ConnectionState()
        self.state.raise_server_exceptions = transport.raise_server_exceptions
        self.timeout = read_timeout(request)
        # Sent by ``client.stream()`` (the clients mark it): the headers may go back before the
        # app has finished its after-response work.
        self.streamed = bool(request.extensions.get(STREAM_EXTENSION))
        self._body_received = False
        self.loop = loop
        self.pipe = _Pipe(loop)
        self.error: BaseException | None = None
        self.cancel_scope: anyio.CancelScope | None = None
        self._cancelled = False
        if isinstance(request.stream, httpx.ByteStream):
            # The whole body is known: one message, no generator to step through.
            self._body: AsyncGenerator[bytes, None] | None = None
            self._content = b"".join(request.stream)
        else:
            self._body = _iterate_body(request.stream)
        self._request_complete = False
        self._disconnected: anyio.Event | None = None
        self._response_complete = False

    # --- the app's side ---------------------------------------------------------------------------

    async def run_app(self) -> None:
        """Run the app in a cancel scope (in a task of its own); ``cancel`` stops it.

        A cancel scope rather than ``Task.cancel()``, on asyncio too: the app's shielded scopes
        (cleanups that must finish) then hold, as they do on trio.
        """
        try:
            with anyio.CancelScope() as self.cancel_scope:
                if self._cancelled:
                    self.cancel_scope.cancel()
                try:
                    await self.transport.app(self.scope, self._receive, self._send)
                except Exception as exc:
                    self.error = unwrap_exception(exc)
                except BaseException as exc:
                    error = unwrap_exception(exc)
                    if isinstance(error, anyio.get_cancelled_exc_class()):
                        raise  # caught by the scope when it is ours
                    # KeyboardInterrupt, SystemExit: kept for the test's side to raise in the test,
                    # rather than escaping into the event loop.
                    self.error = error
                finally:
                    if self._body is not None:
                        # A generator body the app did not read to its end is closed now.
                        with anyio.CancelScope(shield=True), suppress(Exception):
                            await self._body.aclose()
        finally:
            self.pipe.finish()
            self._disconnect()

    def cancel(self) -> None:
        """Stop the app's task."""
        self._cancelled = True
        if self.cancel_scope is not None:
            self.cancel_scope.cancel()

    async def _receive(self) -> Message:
        if not self._request_complete:
            if self._body is None:
                self._request_complete = True
                return {"type": "http.request", "body": self._content, "more_body": False}
            try:
                chunk = await self._body.__anext__()
            except StopAsyncIteration:
                self._request_complete = True
                return {"type": "http.request", "body": b"", "more_body": False}
            return {"type": "http.request", "body": chunk, "more_body": True}
        # Nothing more will come from the client: report the disconnect once the response is done
        # or the test has closed it.
        if not (self._response_complete or self.pipe.closed):
            if self._disconnected is None:  # one event, however many tasks of the app wait on it
                self._disconnected = anyio.Event()
            await self._disconnected.wait()
        return {"type": "http.disconnect"}

    async def _send(self, message: Message) -> None:
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            await self.pipe.put(message)
            self._response_complete = True
            self._disconnect()
        elif message["type"] in ("http.response.start", "http.response.body"):
            await self.pipe.put(message)

    def _disconnect(self) -> None:
        if self._disconnected is not None:
            self._disconnected.set()

    # --- the test's side --------------------------------------------------------------------------

    async def next_message(self, what: str) -> Message | None:
        """The app's next message, waiting at most the read timeout."""
        message = self.pipe.get_nowait()
        if message is not None or self.pipe.finished:
            return message
        while True:
            try:
                return await self.pipe.get(self.timeout)
            except TimeoutError:
                if not debugger_attached():
                    break
        await self.close()
        raise httpx.ReadTimeout(
            f"{describe(self.request)}: the application sent {what} within {self.timeout:g} seconds "
            "(the client's read timeout; pass timeout=... to the request or the client to change it)",
            request=self.request,
        )

    async def wait_for_app(self) -> None:
        """Wait, within the read timeout, for the app's task to end (its after-response work)."""
        while not self.pipe.finished:
            try:
                await self.pipe.wait_finished(self.timeout)
            except TimeoutError:
                if not debugger_attached():
                    break
        if self.pipe.finished:
            return
        await self.close()
        raise httpx.ReadTimeout(
            f"{describe(self.request)}: the application did not finish within {self.timeout:g} seconds "
            "after sending its response",
            request=self.request,
        )

    def raise_app_error(self) -> None:
        """Raise what the app raised (or answered with a 500) when the test asked to see it."""
        error = self.error
        if error is not None and (self.transport.raise_server_exceptions or not isinstance(error, Exception)):
            self.error = None
            raise error
        server_exception = self.state.server_exception
        if server_exception is not None:
            self.state.server_exception = None
            raise server_exception

    async def close(self) -> None:
        """The test is done with the response: stop the app if it still runs, and wait for it."""
        if self.pipe.closed:
            return  # closed already (a timeout closes, then the error path closes again)
        self.pipe.close()
        self._disconnect()
        if not self.pipe.finished:
            self.cancel()
            with anyio.move_on_after(_CLOSE_GRACE_SECONDS, shield=True), suppress(TimeoutError):
                await self.pipe.wait_finished()

    async def response(self) -> httpx.Response:
        """Wait for the response to start and return it, its body streaming from the app."""
        if self.loop is not None:
            # One bare yield: the app's task, started just before, runs first, and most apps finish
            # in that one step; then nothing more needs waiting for (no future, no extra loop turn).
            await asyncio.sleep(0)
        start = await self.next_message("no response")
        if start is None:
            self.raise_app_error()
            if self.error is not None:  # an Exception with raise_server_exceptions=False
                return self._build(HTTP_500_INTERNAL_SERVER_ERROR, [], [], complete=True)
            raise RuntimeError(f"The application sent no response to {describe(self.request)}")
        if start["type"] != "http.response.start":
            await self.close()
            sent, request = start["type"], describe(self.request)
            raise RuntimeError(f"The application sent {sent!r} before 'http.response.start' to {request}")
        status, headers = start["status"], list(start.get("headers") or [])
        # What the app has sent already. When that is the whole body, the response is complete and
        # needs no more trips back to the app (the common case: one trip per request for the sync
        # client); the request is over once the app has finished its after-response work, which is
        # also when an unhandled exception it answered with a 500 is known.
        chunks: list[bytes] = []
        body_complete = False
        while (message := self.pipe.get_nowait()) is not None:
            chunks.append(message.get("body", b""))
            body_complete = not message.get("more_body", False)
        self._body_received = body_complete
        streamed_answer = self.streamed and status < HTTP_500_INTERNAL_SERVER_ERROR
        if (body_complete and not streamed_answer) or self.pipe.finished:
            if not self.pipe.finished:
                await self.wait_for_app()
            self.raise_app_error()
            return self._build(status, headers, chunks, complete=True)
        # Still streaming, or (``client.stream``) whole but the app is not done: the headers go
        # back now, and reading to the end waits for the app.
        return self._build(status, headers, chunks, complete=False)

    def _build(self, status: int, headers: list[Any], chunks: list[bytes], complete: bool) -> httpx.Response:
        if self.request.method == "HEAD":
            chunks = []
        stream: httpx.AsyncByteStream = (
            _CompleteStream(b"".join(chunks)) if complete else _ResponseStream(self, chunks)
        )
        return httpx.Response(status_code=status, headers=headers, stream=stream, request=self.request)

    async def next_chunk(self) -> bytes | None:
        """The next piece of the body, or ``None`` at its end (once the app has finished)."""
        if self._body_received:
            await self.wait_for_app()
            self.raise_app_error()
            return None
        message = await self.next_message("nothing more of its response")
        if message is None:
            # The app ended; without a final body message the body is cut short, as a dropped
            # connection would cut it.
            self.raise_app_error()
            return None
        body: bytes = b"" if self.request.method == "HEAD" else message.get("body", b"")
        if not message.get("more_body", False):
            # The body is whole; the request is over once the app has run its after-response work.
            self._body_received = True
            await self.wait_for_app()
            self.raise_app_error()
        return body


class _CompleteStream(httpx.AsyncByteStream, httpx.SyncByteStream):
    """A body the app has finished sending."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self.body:
            yield self.body

    def __iter__(self) -> Iterator[bytes]:
        if self.body:
            yield self.body


class _ResponseStream(httpx.AsyncByteStream):
    """A body still streaming out of the app's task."""

    def __init__(self, exchange: _Exchange, first_chunks: list[bytes]) -> None:
        self.exchange = exchange
        self.pending = first_chunks

    async def next_chunk(self) -> bytes | None:
        if self.pending:
            return self.pending.pop(0)
        return await self.exchange.next_chunk()

    def __aiter__(self) -> AsyncIterator[bytes]:
        # An iterator object rather than an async generator: one the test abandons half-read needs
        # no finalizing by the garbage collector (which trio reports).
        return self

    async def __anext__(self) -> bytes:
        while (chunk := await self.next_chunk()) is not None:
            if chunk:
                return chunk
        raise StopAsyncIteration

    async def aclose(self) -> None:
        await self.exchange.close()


class AsyncTestClientTransport(httpx.AsyncBaseTransport):
    """Send httpx requests to an ASGI app in the same event loop, without a network or a thread.

    Each request runs the app in a task of its own; the response is returned as soon as the app
    starts it, and its body streams as the app sends it. Reading a body to its end waits until the
    app has finished (so after-response work and background tasks are done). The request's read
    timeout bounds every wait.

    Args:
        app: The ASGI application.
        raise_server_exceptions: Re-raise an exception the app did not handle, instead of returning
            its 500 response.
        root_path: The ASGI ``root_path``.
        client: The ``(host, port)`` the app sees as the client.
        lifespan_state: The ASGI lifespan state, copied into each request's scope.
    """

    def __init__(
        self,
        app: ASGIApp,
        raise_server_exceptions: bool = True,
        root_path: str = "",
        client: tuple[str, int] = ("testclient", 50000),
        lifespan_state: dict[str, Any] | None = None,
    ) -> None:
        self.app = app
        self.raise_server_exceptions = raise_server_exceptions
        self.root_path = root_path
        self.client = client
        self.lifespan_state = lifespan_state if lifespan_state is not None else {}
        self.spawner = TaskSpawner()
        # Called before each request; the clients use it to warn when lifespan did not run.
        self.before_request: Callable[[], None] | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Start the app for one request and return its response once it has started."""
        if self.before_request is not None:
            self.before_request()
        loop = self.spawner.loop()
        exchange = _Exchange(self, request, loop)
        if loop is None and self.spawner.task_group is None:
            # trio, outside the client's context: no nursery to stream from, so the app runs to
            # completion here (still within the read timeout), its messages kept whole.
            exchange.pipe.limit = float("inf")
            with anyio.move_on_after(
                exchange.timeout if exchange.timeout is not None else float("inf")
            ) as scope:
                await exchange.run_app()
            if scope.cancelled_caught:
                seconds = exchange.timeout
                raise httpx.ReadTimeout(
                    f"{describe(request)}: the application did not finish within {seconds:g} seconds "
                    "(on trio, a client not entered with `async with` has no nursery to stream from, "
                    "so it waits for the whole response)",
                    request=request,
                )
            return await exchange.response()
        self.spawner.start(exchange.run_app, loop)
        try:
            return await exchange.response()
        except BaseException:
            await exchange.close()
            raise

    async def aclose(self) -> None:
        """Cancel the app's tasks for responses the test left open."""
        await self.spawner.cancel_all()


class _SyncResponseStream(httpx.SyncByteStream):
    """The sync side of a streaming body: each chunk is fetched through the portal."""

    def __init__(self, portal: Caller, stream: _ResponseStream) -> None:
        self.portal = portal
        self.stream = stream

    def __iter__(self) -> Iterator[bytes]:
        while (chunk := portal_call(self.portal, self.stream.next_chunk)) is not None:
            if chunk:
                yield chunk

    def close(self) -> None:
        if self.stream.exchange.pipe.finished and self.stream.exchange.pipe.closed:
            return
        try:
            self.portal.call(self.stream.aclose)
        except RuntimeError:  # the client's loop has stopped (its with block ended): nothing runs
            pass


class TestClientTransport(httpx.BaseTransport):
    """The sync adapter: runs the async transport through a blocking portal.

    Args:
        transport: The async transport doing the work.
        portal: A callable returning the portal to run it in (the client's own).
    """

    __test__ = False  # not a pytest test class

    def __init__(self, transport: AsyncTestClientTransport, portal: Callable[[], Caller]) -> None:
        self.transport = transport
        self.get_portal = portal

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send one request to the app and return its response (its body may still be streaming)."""
        portal = self.get_portal()
        response: httpx.Response = portal_call(portal, self.transport.handle_async_request, request)
        stream = response.stream
        if isinstance(stream, _ResponseStream):
            response.stream = _SyncResponseStream(portal, stream)
        return response
