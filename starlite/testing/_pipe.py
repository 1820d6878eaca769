"""The pipe between the app's task and the test: the app's messages, bounded, and how long the test waits.

The app writes its ASGI messages into a ``Pipe``; the test reads them out, as a socket would carry
them. The test waits at most the request's read timeout, except while a debugger is stepping
through the app.
"""

from __future__ import annotations

import asyncio
import bdb
import sys
from collections import deque
from typing import TYPE_CHECKING, Any

import anyio

if TYPE_CHECKING:
    import httpx

    from starlite.types import Message

__all__ = ("PIPE_LIMIT", "Pipe", "debugger_attached", "read_timeout")

# How many response messages the app may send ahead of the test reading them: as a socket buffer
# does, this bounds the memory an endless stream takes when the test reads slowly.
PIPE_LIMIT = 64


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


class Pipe:
    """Messages from the app on their way to the test: one writer, bounded.

    Any number of tasks may wait on the reading side (the test reading, and closing, from several
    tasks); finishing or closing wakes them all. On asyncio it waits on bare futures (the hot path of
    every request: no anyio cancel scope); elsewhere on anyio events.

    Args:
        loop: The running asyncio loop, or ``None`` on trio.
        limit: How many messages may wait unread before the writer waits.
    """

    __slots__ = ("_items", "_loop", "_readers", "_writer", "closed", "finished", "limit")

    def __init__(self, loop: asyncio.AbstractEventLoop | None, limit: float = PIPE_LIMIT) -> None:
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
