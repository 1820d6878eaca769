"""Calling sync and async callables the same way."""

from __future__ import annotations

import functools
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar, cast

from typing_extensions import ParamSpec

__all__ = (
    "AsyncCallable",
    "AsyncIteratorWrapper",
    "as_async_callable_list",
    "async_partial",
    "count_positional_parameters",
    "is_async_callable",
)

P = ParamSpec("P")
T = TypeVar("T")


def is_async_callable(value: Any) -> bool:
    """Tell whether ``value`` is an async callable.

    True for coroutine functions, methods and partials of them, for objects whose ``__call__`` is a
    coroutine function and, as in Starlite 1.5x, for a class whose instances are such objects (the
    class itself returns an instance when called: ``AsyncCallable`` calls a class without awaiting).
    """
    while isinstance(value, functools.partial):
        value = value.func
    if inspect.iscoroutinefunction(value):
        return True
    owner = value if inspect.isclass(value) else type(value)
    return inspect.iscoroutinefunction(inspect.getattr_static(owner, "__call__", None))


def count_positional_parameters(fn: Callable[..., Any]) -> int:
    """Count the parameters ``fn`` can take positionally (with or without a default).

    Hooks that may take more or fewer arguments (``before_send`` with or without the scope, lifespan
    handlers with or without the state) are called with as many as they take, as in 1.5x.
    """
    try:
        parameters = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):  # builtins without a signature
        return 0
    return sum(1 for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))


class AsyncCallable(Generic[P, T]):
    """Wrap a sync or async callable so that it is always awaited.

    A sync callable runs in a worker thread (anyio's default limiter) unless ``sync_to_thread`` is false.

    Args:
        fn: The callable.
        sync_to_thread: Run a sync callable in a worker thread.
    """

    __slots__ = ("ref", "is_async", "sync_to_thread")

    def __init__(self, fn: Callable[P, T] | Callable[P, Awaitable[T]], sync_to_thread: bool = True) -> None:
        self.ref = fn
        self.is_async = is_async_callable(fn) and not inspect.isclass(fn)
        self.sync_to_thread = sync_to_thread

    @property
    def num_expected_args(self) -> int:
        """How many arguments the callable takes positionally (1.5x's hooks are called with that many)."""
        return count_positional_parameters(self.ref)

    async def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        """Call the wrapped callable and return its result."""
        if self.is_async:
            return await cast("Callable[P, Awaitable[T]]", self.ref)(*args, **kwargs)
        fn = cast("Callable[P, T]", self.ref)
        if self.sync_to_thread:
            from anyio.to_thread import run_sync  # loaded by the first sync handler that runs

            return await run_sync(functools.partial(fn, *args, **kwargs))
        return fn(*args, **kwargs)


def as_async_callable_list(
    value: Callable[..., Any] | list[Callable[..., Any]],
) -> list[AsyncCallable[..., Any]]:
    """Wrap one callable, or each of a list, as ``AsyncCallable``."""
    return [AsyncCallable(v) for v in (value if isinstance(value, list) else [value])]


def async_partial(fn: Callable[..., T]) -> Callable[..., Awaitable[T]]:
    """Wrap a sync callable in a coroutine function that runs it in a worker thread.

    The wrapper keeps the callable as ``wrapper.func``, as a ``functools.partial`` does, so that
    code looking for the original function (``unwrap_partial``, ``getattr(fn, "func")``) finds it.

    Args:
        fn: The sync callable.

    Returns:
        A coroutine function taking the same arguments.
    """

    async def wrapper(*args: Any, **kwargs: Any) -> T:
        from anyio.to_thread import run_sync

        return await run_sync(functools.partial(fn, *args, **kwargs))

    wrapper.func = fn  # type: ignore[attr-defined]
    return wrapper


_EXHAUSTED = object()


class AsyncIteratorWrapper(Generic[T]):
    """Iterate over a sync iterable with ``async for``, each ``next`` running in a worker thread.

    A slow sync generator (one reading a file or a database cursor, say) then never blocks the event
    loop; ``StreamingResponse`` accepts such iterables.

    Args:
        iterator: A sync iterator or iterable.
    """

    __slots__ = ("iterator",)

    def __init__(self, iterator: Iterator[T] | Iterable[T]) -> None:
        self.iterator: Iterator[T] = iterator if isinstance(iterator, Iterator) else iter(iterator)

    def _next(self) -> Any:
        # StopIteration cannot cross a thread boundary into a coroutine: it becomes a sentinel here.
        return next(self.iterator, _EXHAUSTED)

    def __aiter__(self) -> AsyncIterator[T]:
        return self

    async def __anext__(self) -> T:
        """Return the next value, read in a worker thread."""
        from anyio.to_thread import run_sync

        value = await run_sync(self._next)
        if value is _EXHAUSTED:
            raise StopAsyncIteration
        return cast("T", value)
