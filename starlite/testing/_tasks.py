"""The app's tasks: started on the client's loop, called into from sync code, their errors unwrapped.

Every request, websocket and lifespan of a test client runs the app in a task of its own. On asyncio
these are plain tasks; trio starts tasks only in a nursery, which the clients hold while they are
entered. The sync client reaches the loop through a blocking portal (or its ``LoopRunner``).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Protocol

import anyio

if sys.version_info < (3, 11):  # pragma: no cover - anyio depends on the backport there
    from exceptiongroup import BaseExceptionGroup  # type: ignore[import-not-found,unused-ignore]

if TYPE_CHECKING:
    from anyio.abc import TaskGroup

__all__ = ("Caller", "TaskSpawner", "portal_call", "unwrap_exception")


def unwrap_exception(exc: BaseException) -> BaseException:
    """Return the single exception inside nested one-member exception groups (anyio wraps errors)."""
    while isinstance(exc, BaseExceptionGroup) and len(exc.exceptions) == 1:
        exc = exc.exceptions[0]
    return exc


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


class Caller(Protocol):
    """What runs a coroutine function on the client's loop from sync code.

    A ``BlockingPortal``, or the sync client's ``LoopRunner``.
    """

    def call(self, func: Callable[..., Any], *args: Any) -> Any:
        """Run ``func(*args)`` on the loop and return its result."""


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


def portal_call(portal: Caller, func: Callable[..., Coroutine[Any, Any, Any]], *args: Any) -> Any:
    """``portal.call``, but a ``KeyboardInterrupt`` (or ``SystemExit``) reaches the calling thread.

    Raised inside the portal, it would stop the portal's event loop instead.
    """
    result, interrupt = portal.call(_capture, func, *args)
    if interrupt is not None:
        raise interrupt
    return result
