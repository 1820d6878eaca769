"""``Provide``: wraps a callable that produces a dependency's value."""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import AsyncGenerator, Callable, Generator, Mapping
from types import TracebackType
from typing import Any, TypeAlias

from starlite.exceptions import ImproperlyConfiguredException
from starlite.types.empty import Empty
from starlite.utils.sync import AsyncCallable

__all__ = ("Dependencies", "DependencyCleanupGroup", "Provide")

logger = logging.getLogger("starlite")


def _unwrap(fn: Any) -> Any:
    while isinstance(fn, functools.partial):
        fn = fn.func
    return fn


class Provide:
    """A dependency provider, for the ``dependencies=`` mapping of any layer.

    The callable may be sync or async, and may take parameters of its own: path, query, header and
    cookie parameters, reserved names (``request``, ``state``, ...) and other dependencies, all
    resolved like a handler's. A generator (sync or async) that yields once is a dependency with
    cleanup: the code after its ``yield`` runs after the response is sent. When the handler raised,
    the exception is thrown in at the ``yield`` (as in 1.5x), so ``except`` blocks can roll back and
    ``finally`` blocks always release what the provider acquired.

    Args:
        dependency: The callable producing the value.
        use_cache: Call it once, then reuse its first value for every later request.
        sync_to_thread: Run a sync callable in a worker thread, so a blocking one cannot stall the
            event loop (off by default, as in 1.5x: cheap sync providers run faster inline).

    Raises:
        ImproperlyConfiguredException: When ``dependency`` is not callable, or a generator is cached
            (its cleanup would never run).
    """

    __slots__ = ("dependency", "use_cache", "sync_to_thread", "value", "is_generator", "_call")

    def __init__(
        self, dependency: Callable[..., Any], use_cache: bool = False, sync_to_thread: bool = False
    ) -> None:
        if not callable(dependency):
            raise ImproperlyConfiguredException(f"Provide needs a callable, got {dependency!r}")
        target = inspect.unwrap(_unwrap(dependency))
        # A callable object's generator is its ``__call__`` method.
        call = target if inspect.isroutine(target) else inspect.getattr_static(type(target), "__call__", None)
        self.is_generator = inspect.isgeneratorfunction(call) or inspect.isasyncgenfunction(call)
        if self.is_generator and use_cache:
            raise ImproperlyConfiguredException(
                f"Provide({getattr(target, '__name__', target)!r}): a generator dependency cannot use "
                "use_cache, since its cleanup would never run"
            )
        self.dependency = dependency
        self.use_cache = use_cache
        self.sync_to_thread = sync_to_thread
        self.value: Any = Empty
        self._call: AsyncCallable[..., Any] = AsyncCallable(dependency, sync_to_thread=sync_to_thread)

    @property
    def has_sync_callable(self) -> bool:
        """Whether the provider is a plain (not async) callable."""
        return not self._call.is_async

    async def __call__(self, **kwargs: Any) -> Any:
        """Produce the value (a generator object, for generator providers), caching it if asked."""
        if self.use_cache and self.value is not Empty:
            return self.value
        value = await self._call(**kwargs)
        if self.use_cache:
            self.value = value
        return value

    def __eq__(self, other: object) -> bool:
        # As in 1.5x: the same callable, caching alike and (for a cached one) holding the same value;
        # running it in a thread or not does not make it another provider.
        return other is self or (
            isinstance(other, Provide)
            and other.dependency == self.dependency
            and other.use_cache == self.use_cache
            and other.value == self.value
        )

    def __hash__(self) -> int:
        return hash((self.dependency, self.use_cache))

    def __repr__(self) -> str:
        name = getattr(_unwrap(self.dependency), "__qualname__", repr(self.dependency))
        return f"Provide({name}, use_cache={self.use_cache}, sync_to_thread={self.sync_to_thread})"


AnyGenerator: TypeAlias = "Generator[Any, Any, Any] | AsyncGenerator[Any, Any]"


class DependencyCleanupGroup:
    """The generator dependencies of one request, finished together once the response is decided.

    Each generator has yielded its value already; what follows its ``yield`` runs at ``cleanup()``,
    or, when the request failed, at ``throw(exc)``, which raises the exception at the ``yield`` so the
    provider's ``except`` can roll back and its ``finally`` release what it holds. The generators are
    finished one at a time, last added first, since a later dependency may use an earlier one. Used as
    an ``async with`` block, the group throws an exception leaving the block into its generators.

    Args:
        generators: Generators that have already yielded their value.
    """

    __slots__ = ("_generators", "_closed")

    def __init__(self, generators: list[AnyGenerator] | None = None) -> None:
        self._generators: list[AnyGenerator] = generators if generators is not None else []
        self._closed = False

    def add(self, generator: AnyGenerator) -> None:
        """Add a generator that has yielded its value.

        Raises:
            RuntimeError: When the group was already cleaned up.
        """
        if self._closed:
            raise RuntimeError("Cannot add a generator to a closed DependencyCleanupGroup")
        self._generators.append(generator)

    async def cleanup(self) -> None:
        """Resume every generator after its ``yield``; each gets its turn even if another fails.

        Raises:
            RuntimeError: When the group was already cleaned up.
            Exception: The first error a generator raised, once all of them ran.
        """
        errors = await self._finish_all(None)
        if errors:
            raise errors[0]

    async def throw(self, exc: BaseException) -> None:
        """Raise ``exc`` in every generator at its ``yield``; their own errors are logged.

        ``exc`` is on its way to the client already: a generator that lets it through, or fails in
        its turn, does not keep the others from running.

        Raises:
            RuntimeError: When the group was already cleaned up.
        """
        for error in await self._finish_all(exc):
            logger.error("Error in the cleanup of a generator dependency", exc_info=error)

    async def _finish_all(self, exc: BaseException | None) -> list[BaseException]:
        if self._closed:
            raise RuntimeError("Cannot call cleanup on a closed DependencyCleanupGroup")
        self._closed = True
        errors: list[BaseException] = []
        while self._generators:
            try:
                await _finish(self._generators.pop(), exc)
            except BaseException as error:  # noqa: BLE001 - every generator must get its turn
                if error is not exc:
                    errors.append(error)
        return errors

    async def __aenter__(self) -> None:
        """Enter the block whose exception, if any, the generators see."""

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        """Throw the exception that left the block (if any) into the generators; it goes on after."""
        if exc_val is not None:
            await self.throw(exc_val)


async def _finish(generator: Any, exc: BaseException | None) -> None:
    is_async = inspect.isasyncgen(generator)
    try:
        if exc is not None:
            await generator.athrow(exc) if is_async else generator.throw(exc)
        elif is_async:
            await generator.__anext__()
        else:
            next(generator)
    except (StopIteration, StopAsyncIteration):
        return
    # It yielded again: a second value nobody asked for.
    await generator.aclose() if is_async else generator.close()
    raise ImproperlyConfiguredException("A generator dependency must yield exactly once")


Dependencies: TypeAlias = "Mapping[str, Provide]"
"""The ``dependencies`` of a layer: the providers keyed by the name they are injected as."""
