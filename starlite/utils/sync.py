"""Calling sync and async callables the same way."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar, cast

from typing_extensions import ParamSpec

__all__ = ("AsyncCallable", "as_async_callable_list", "count_positional_parameters", "is_async_callable")

P = ParamSpec("P")
T = TypeVar("T")


def is_async_callable(value: Any) -> bool:
    """Tell whether calling ``value`` returns an awaitable.

    True for coroutine functions, partials of them, and objects whose ``__call__`` is one.
    """
    while isinstance(value, functools.partial):
        value = value.func
    call = inspect.getattr_static(type(value), "__call__", None)
    return inspect.iscoroutinefunction(value) or inspect.iscoroutinefunction(call)


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
        self.is_async = is_async_callable(fn)
        self.sync_to_thread = sync_to_thread

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
