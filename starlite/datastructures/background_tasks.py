"""Work that runs after the response has been sent."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from anyio import create_task_group
from typing_extensions import ParamSpec

from starlite.utils.sync import AsyncCallable

__all__ = ("BackgroundTask", "BackgroundTasks")

P = ParamSpec("P")


class BackgroundTask:
    """A callable (sync or async) to run, with its arguments, once the response is sent.

    Args:
        fn: The function to call; a sync one runs in a worker thread.
        *args: Its positional arguments.
        **kwargs: Its keyword arguments.
    """

    __slots__ = ("fn", "args", "kwargs")

    def __init__(self, fn: Callable[P, Any], *args: P.args, **kwargs: P.kwargs) -> None:
        self.fn = AsyncCallable(fn)
        self.args = args
        self.kwargs = kwargs

    async def __call__(self) -> None:
        """Run the task."""
        await self.fn(*self.args, **self.kwargs)


class BackgroundTasks:
    """Several background tasks, run in order or, with ``run_in_task_group``, concurrently.

    Args:
        tasks: The tasks to run.
        run_in_task_group: Run them concurrently in an anyio task group.
    """

    __slots__ = ("tasks", "run_in_task_group")

    def __init__(self, tasks: Iterable[BackgroundTask], run_in_task_group: bool = False) -> None:
        self.tasks = list(tasks)
        self.run_in_task_group = run_in_task_group

    async def __call__(self) -> None:
        """Run every task."""
        if self.run_in_task_group:
            async with create_task_group() as task_group:
                for task in self.tasks:
                    task_group.start_soon(task)
        else:
            for task in self.tasks:
                await task()
