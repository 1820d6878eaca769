"""Running an app's ASGI lifespan (startup and shutdown) around a test client's context."""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import anyio

from starlite.testing._tasks import unwrap_exception

if TYPE_CHECKING:
    from starlite.types import ASGIApp, Message

__all__ = ("LifeSpanHandler",)


T = TypeVar("T")


class LifeSpanHandler(Generic[T]):
    """Drive the lifespan protocol of ``app``: ``run`` in a background task, then ``startup``/``shutdown``.

    ``LifeSpanHandler[App]``, generic in the application's type as in 1.5x.

    An app that fails before it answers the first lifespan message does not support the protocol,
    and is served without it (as uvicorn does with ``--lifespan auto``). A startup or shutdown that
    fails re-raises the app's own exception; one that takes longer than ``timeout`` raises
    ``TimeoutError`` and the app's lifespan task is cancelled.

    Args:
        app: The ASGI application.
        timeout: Seconds each of startup and shutdown may take; ``None`` for no limit.
    """

    def __init__(self, app: ASGIApp, timeout: float | None = None) -> None:
        self.app = app
        self.timeout = timeout
        self._cancel_scope: anyio.CancelScope | None = None
        # Made in ``run``, on the loop: anyio picks an event's kind by the library running where it
        # is made, and a sync client inside a trio test makes this handler in trio's thread.
        self._done: anyio.Event | None = None
        self.state: dict[str, Any] = {}
        self._to_app, self._from_test = anyio.create_memory_object_stream[dict[str, Any]](2)
        self._answers, self._from_app = anyio.create_memory_object_stream[dict[str, Any]](2)
        self._error: BaseException | None = None
        self._supported = True
        self._received = False  # whether the app took a lifespan message at all
        self._finished = False

    async def run(self) -> None:
        """Call the app with a lifespan scope; run this in a background task."""
        scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": self.state}
        self._done = done = anyio.Event()
        with anyio.CancelScope() as self._cancel_scope:
            try:
                await self.app(scope, self._receive, self._send)
            except BaseException as exc:  # kept and re-raised in the test's own task
                error = unwrap_exception(exc)
                if isinstance(error, anyio.get_cancelled_exc_class()):
                    raise
                self._error = error  # KeyboardInterrupt too: raised in the test, not in the loop
            finally:
                self._finished = True
                with suppress(anyio.BrokenResourceError, anyio.ClosedResourceError, anyio.WouldBlock):
                    self._answers.send_nowait({"type": "lifespan.finished"})
                self._answers.close()
                self._from_test.close()
                done.set()

    async def wait_closed(self) -> None:
        """Wait for ``run`` to end, cancelling it if the app still runs its lifespan (a timed-out hook)."""
        if not self._finished and self._cancel_scope is not None:
            self._cancel_scope.cancel()
        if self._done is not None:
            await self._done.wait()

    async def _receive(self) -> Message:
        message = await self._from_test.receive()
        self._received = True
        return message

    async def _send(self, message: Message) -> None:
        await self._answers.send(dict(message))

    async def _exchange(self, message_type: str) -> None:
        if self.timeout is None:
            await self._talk(message_type)
            return
        with anyio.move_on_after(self.timeout) as scope:
            await self._talk(message_type)
        if scope.cancelled_caught:
            if self._cancel_scope is not None:
                self._cancel_scope.cancel()
            with anyio.CancelScope(shield=True):
                await self.wait_closed()  # ended: the shutdown that follows a failed startup is skipped
            phase = message_type.rsplit(".", 1)[-1]
            raise TimeoutError(
                f"The application's lifespan {phase} did not complete within {self.timeout:g} seconds "
                "(the test client's lifespan_timeout)"
            )

    async def _talk(self, message_type: str) -> None:
        try:
            await self._to_app.send({"type": message_type})
        except (anyio.BrokenResourceError, anyio.ClosedResourceError):
            pass  # the app has already ended the protocol; its last word is waiting below
        try:
            answer = await self._from_app.receive()
        except (anyio.EndOfStream, anyio.ClosedResourceError):
            answer = {"type": "lifespan.finished"}
        if answer["type"] == f"{message_type}.complete":
            return
        if answer["type"] == "lifespan.finished":
            if message_type == "lifespan.startup" and not (self._received and self._error is not None):
                # The app ended (or raised) before taking the startup message, or took it and
                # returned without a word: it does not speak lifespan at all. One that took it and
                # then raised failed its startup: that error is raised below.
                self._supported = False
                return
            if self._error is None:
                raise RuntimeError(
                    f"The application ended the lifespan protocol without answering {message_type}"
                )
            raise self._error
        # '<type>.failed': the app raises right after sending it; that exception is the real cause.
        with suppress(anyio.EndOfStream, anyio.ClosedResourceError):
            await self._from_app.receive()
        if self._error is not None:
            raise self._error
        raise RuntimeError(answer.get("message") or f"{message_type} failed")

    def close(self) -> None:
        """Release the test side's message streams."""
        self._to_app.close()
        self._from_app.close()

    async def startup(self) -> None:
        """Send ``lifespan.startup`` and wait for the app's answer; raise its error if it failed."""
        await self._exchange("lifespan.startup")

    async def shutdown(self) -> None:
        """Send ``lifespan.shutdown`` and wait for the app's answer; raise its error if it failed."""
        if self._supported and not self._finished:
            await self._exchange("lifespan.shutdown")
