"""One request and its response: the app's task on one side, the test's reads on the other.

``Exchange`` runs the app for one httpx request: it feeds the request's body to the app's
``receive``, carries what the app sends through a ``Pipe``, and hands httpx a response as soon as
the app starts one, its body streaming as the app sends it. Every wait of the test is bounded by the
request's read timeout.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncGenerator, AsyncIterable, AsyncIterator, Iterable, Iterator
from contextlib import suppress
from typing import TYPE_CHECKING, Any

import anyio
import httpx

from starlite._connection_state import SCOPE_KEY, ConnectionState
from starlite.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from starlite.testing._pipe import Pipe, debugger_attached, read_timeout
from starlite.testing._tasks import unwrap_exception

if TYPE_CHECKING:
    from starlite.types import ASGIApp, Message

__all__ = ("STREAM_EXTENSION", "CompleteStream", "Exchange", "ResponseStream", "describe")

# The request extension with which the test clients mark a request sent by ``client.stream()``.
STREAM_EXTENSION = "starlite.testing.stream"
# How long an app may take to end once its response stream is closed, before the client stops
# waiting for it (it has been cancelled by then; only a shielded task takes that long).
_CLOSE_GRACE_SECONDS = 5.0


def describe(request: httpx.Request) -> str:
    """``METHOD /path?query``: how errors name a request."""
    return f"{request.method} {request.url.raw_path.decode('latin-1')}"


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


class Exchange:
    """One request and its response: the app's task on one side, the test's reads on the other.

    Args:
        app: The ASGI application.
        request: The httpx request.
        scope: The request's ASGI scope.
        raise_server_exceptions: Whether the test sees an exception the app did not handle, rather
            than its 500 response.
        loop: The running asyncio loop, or ``None`` on trio.
    """

    def __init__(
        self,
        app: ASGIApp,
        request: httpx.Request,
        scope: dict[str, Any],
        raise_server_exceptions: bool,
        loop: asyncio.AbstractEventLoop | None,
    ) -> None:
        self.app = app
        self.request = request
        self.scope = scope
        self.raise_server_exceptions = raise_server_exceptions
        self.state = scope[SCOPE_KEY] = ConnectionState()
        self.state.raise_server_exceptions = raise_server_exceptions
        self.timeout = read_timeout(request)
        # Sent by ``client.stream()`` (the clients mark it): the headers may go back before the
        # app has finished its after-response work.
        self.streamed = bool(request.extensions.get(STREAM_EXTENSION))
        self._body_received = False
        self.loop = loop
        self.pipe = Pipe(loop)
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
                    await self.app(self.scope, self._receive, self._send)
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
        if error is not None and (self.raise_server_exceptions or not isinstance(error, Exception)):
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
            CompleteStream(b"".join(chunks)) if complete else ResponseStream(self, chunks)
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


class CompleteStream(httpx.AsyncByteStream, httpx.SyncByteStream):
    """A body the app has finished sending."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self.body:
            yield self.body

    def __iter__(self) -> Iterator[bytes]:
        if self.body:
            yield self.body


class ResponseStream(httpx.AsyncByteStream):
    """A body still streaming out of the app's task."""

    def __init__(self, exchange: Exchange, first_chunks: list[bytes]) -> None:
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
