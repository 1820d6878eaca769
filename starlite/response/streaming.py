"""``StreamingResponse``: a body sent chunk by chunk from an iterator."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from anyio import CancelScope, create_task_group, get_cancelled_exc_class

from starlite.enums import MediaType
from starlite.response.base import Response
from starlite.status_codes import HTTP_200_OK

if TYPE_CHECKING:
    from starlite.datastructures.background_tasks import BackgroundTask, BackgroundTasks
    from starlite.datastructures.cookie import Cookie
    from starlite.types.asgi_types import Receive, Scope, Send

__all__ = ("StreamingResponse",)

StreamType = Iterable[Any] | Iterator[Any] | AsyncIterable[Any] | AsyncIterator[Any]

_DONE = object()


async def _iterate_sync(iterator: Iterator[Any]) -> AsyncIterator[Any]:
    # A sync iterator may block (file reads, sleeps): advance it in a worker thread.
    from anyio.to_thread import run_sync  # loaded by the first sync iterator streamed

    try:
        while True:
            chunk = await run_sync(next, iterator, _DONE)
            if chunk is _DONE:
                return
            yield chunk
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            close()


class StreamingResponse(Response[StreamType]):
    """A response whose body comes from a sync or async iterator, sent as it is produced.

    Args:
        content: A sync or async iterable (or a callable returning one) of ``str`` or ``bytes`` chunks.
        status_code: The HTTP status code.
        media_type: The media type.
        background: Work to run after the response is sent.
        headers: Response headers.
        cookies: Cookies to set.
        encoding: The text encoding of ``str`` chunks.
        is_head_response: Send the headers only.
    """

    __slots__ = ("iterator",)

    def __init__(
        self,
        content: StreamType | Callable[[], StreamType],
        *,
        status_code: int = HTTP_200_OK,
        media_type: MediaType | str = MediaType.JSON,
        background: BackgroundTask | BackgroundTasks | None = None,
        headers: dict[str, Any] | None = None,
        cookies: list[Cookie] | None = None,
        encoding: str = "utf-8",
        is_head_response: bool = False,
    ) -> None:
        super().__init__(
            content=b"",
            status_code=status_code,
            media_type=media_type,
            background=background,
            headers=headers,
            cookies=cookies,
            encoding=encoding,
            is_head_response=is_head_response,
        )
        source = content() if callable(content) else content
        self.iterator: AsyncIterator[Any] = (
            aiter(source) if isinstance(source, AsyncIterable) else _iterate_sync(iter(source))
        )

    @property
    def content_length(self) -> int | None:
        """Unknown for a stream: the body is sent with chunked transfer encoding."""
        return None

    async def start_response(self, send: Send) -> None:
        """Send the status line and headers, without ``Content-Length``."""
        await send(
            {"type": "http.response.start", "status": self.status_code, "headers": self.encode_headers()}
        )

    async def _stream(self, send: Send) -> None:
        try:
            async for chunk in self.iterator:
                body = chunk if isinstance(chunk, bytes) else str(chunk).encode(self.encoding)
                await send({"type": "http.response.body", "body": body, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            # When the client goes away mid-stream the generator is left suspended at a ``yield``;
            # close it now so its ``finally`` blocks run (and open files close) without waiting for GC.
            close = getattr(self.iterator, "aclose", None)
            if close is not None:
                with CancelScope(shield=True):
                    await close()

    async def _listen_for_disconnect(self, receive: Receive, cancel_scope: CancelScope) -> None:
        # Stop producing chunks as soon as the client goes away (an endless stream would never end).
        try:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    cancel_scope.cancel()
                    return
        except get_cancelled_exc_class():
            # Cancelled because the stream ended: this task's own end, so it ends quietly. Left to
            # propagate, asyncio keeps the exception on the finished task, and its traceback holds
            # the response, its iterator and the task group in a reference cycle until the garbage
            # collector runs (about 45 objects per streamed response).
            return

    async def send_body(self, send: Send, receive: Receive) -> None:
        """Send the chunks until the iterator ends or the client disconnects."""
        if self.is_head_response:
            await send({"type": "http.response.body", "body": b""})
            return
        async with create_task_group() as task_group:
            task_group.start_soon(self._listen_for_disconnect, receive, task_group.cancel_scope)
            await self._stream(send)
            task_group.cancel_scope.cancel()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Send the response over ASGI."""
        await self.start_response(send)
        await self.send_body(send, receive)
        await self.after_response()
