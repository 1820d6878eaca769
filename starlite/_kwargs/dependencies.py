"""Dependency resolution: the graph is checked at start-up; per request it runs batch by batch.

Dependencies whose own dependencies are all resolved form a batch; the async providers of a batch run
concurrently. Generator providers yield their value; their remaining code runs at ``cleanup``.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, TypeVar

import anyio

from starlite._kwargs.converters import strip_optional
from starlite._kwargs.pydantic_v1 import V1ValidationErrors, V1Validator, is_v1_model
from starlite.datastructures.provide import DependencyCleanupGroup, Provide
from starlite.exceptions import ImproperlyConfiguredException


class DependencyNode:
    """One provider as one handler sees it.

    Attributes:
        key: The name the value is injected under.
        provide: The provider.
        kwarg_names: The names (parameters, reserved names, other dependencies) it takes.
        check: Checks (and converts) the value against its consumers' annotation, or ``None``.
    """

    __slots__ = ("key", "provide", "kwarg_names", "check")

    def __init__(self, key: str, provide: Provide, kwarg_names: list[str]) -> None:
        self.key = key
        self.provide = provide
        self.kwarg_names = kwarg_names
        self.check: Callable[[Any], Any] | None = None

    async def produce(self, values: dict[str, Any], cleanup: DependencyCleanup) -> None:
        """Call the provider with its kwargs from ``values`` and store its value there."""
        value = await self.provide(**{name: values[name] for name in self.kwarg_names})
        # Checked on the value, not the provider: a decorated generator function or an object whose
        # ``__call__`` yields is a generator dependency too.
        if inspect.isgenerator(value) or inspect.isasyncgen(value):
            value = await cleanup.enter(value, self.key)
        if self.check is not None:
            value = self.check(value)
        values[self.key] = value


K = TypeVar("K", bound=Hashable)


class DependencyCycle(Exception):
    """Raised by ``group_in_batches`` with the keys that wait on each other (and those waiting on them)."""

    def __init__(self, remaining: list[Any]) -> None:
        super().__init__(remaining)
        self.remaining = remaining


def group_in_batches(requirements: Mapping[K, Iterable[K]]) -> list[list[K]]:
    """Group keys in batches, each key needing only keys of earlier batches.

    Args:
        requirements: What each key needs; a needed key that is not itself in the mapping counts as
            given (a parameter, say).

    Raises:
        DependencyCycle: When some keys need each other.
    """
    remaining = {key: set(needs) & requirements.keys() for key, needs in requirements.items()}
    batches: list[list[K]] = []
    while remaining:
        ready = [key for key, needs in remaining.items() if not needs]
        if not ready:
            raise DependencyCycle(list(remaining))
        batches.append(ready)
        for key in ready:
            del remaining[key]
        for needs in remaining.values():
            needs.difference_update(ready)
    return batches


def order_in_batches(nodes: dict[str, DependencyNode], where: str) -> list[list[DependencyNode]]:
    """Group ``nodes`` in batches, each depending only on earlier ones.

    Raises:
        ImproperlyConfiguredException: On a dependency cycle, naming it.
    """
    try:
        batches = group_in_batches({key: node.kwarg_names for key, node in nodes.items()})
    except DependencyCycle as cycle:
        path = " -> ".join(_find_cycle({key: nodes[key] for key in cycle.remaining}))
        raise ImproperlyConfiguredException(f"{where}: dependency cycle {path}") from None
    return [[nodes[key] for key in batch] for batch in batches]


def _find_cycle(nodes: dict[str, DependencyNode]) -> list[str]:
    start = next(iter(nodes))
    path = [start]
    current = start
    while True:
        current = next(name for name in nodes[current].kwarg_names if name in nodes)
        if current in path:
            return [*path[path.index(current) :], current]
        path.append(current)


async def resolve_batches(
    batches: list[list[DependencyNode]], values: dict[str, Any], cleanup: DependencyCleanup
) -> None:
    """Produce every dependency into ``values``; independent async providers run concurrently."""
    for batch in batches:
        concurrent = [node for node in batch if not node.provide.has_sync_callable] if len(batch) > 1 else []
        if len(concurrent) < 2:
            for node in batch:
                await node.produce(values, cleanup)
            continue
        for node in batch:
            if node.provide.has_sync_callable:
                await node.produce(values, cleanup)
        failures: list[BaseException] = []
        async with anyio.create_task_group() as group:
            for node in concurrent:
                group.start_soon(
                    _produce_collecting_failure, node, values, cleanup, failures, group.cancel_scope
                )
        if failures:
            raise failures[0]


async def _produce_collecting_failure(
    node: DependencyNode,
    values: dict[str, Any],
    cleanup: DependencyCleanup,
    failures: list[BaseException],
    siblings: anyio.CancelScope,
) -> None:
    # Catch here so the task group never wraps an error in an ExceptionGroup: the first failure is
    # re-raised as itself (an HTTPException keeps its status), and the siblings still running are
    # cancelled, since their values will not be used.
    try:
        await node.produce(values, cleanup)
    except Exception as exc:
        failures.append(exc)
        siblings.cancel()


class DependencyCleanup(DependencyCleanupGroup):
    """A request's ``DependencyCleanupGroup``, which also runs each generator up to its ``yield``."""

    __slots__ = ()

    async def enter(self, generator: Any, key: str) -> Any:
        """Run a generator provider up to its ``yield`` and return the value it yields."""
        try:
            if inspect.isasyncgen(generator):
                value = await generator.__anext__()
            else:
                value = next(generator)
        except (StopIteration, StopAsyncIteration):
            raise ImproperlyConfiguredException(
                f"Dependency {key!r} is a generator that did not yield"
            ) from None
        self.add(generator)
        return value

    async def close(self, exc: BaseException | None = None) -> None:
        """Finish every generator: ``cleanup()``, or ``throw(exc)`` when ``exc`` was raised.

        ``exc`` is what the handler (or a later dependency) raised; 1.5x throws it in too.
        """
        if exc is None:
            await self.cleanup()
        else:
            await self.throw(exc)


class DependencyValidationError(Exception):
    """A provided value that does not fit its consumer's annotation: the plan answers it with a 500."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message

    def as_dict(self) -> dict[str, str]:
        """The entry listed in the 500 response's ``extra``."""
        return {"key": self.key, "message": self.message, "source": "dependency"}


def create_value_check(key: str, annotation: Any) -> Callable[[Any], Any] | None:
    """Return a function checking a provided value against its annotation, or ``None`` when unchecked.

    A value of the annotated class passes as is (one ``isinstance``). Anything else goes through
    pydantic (pydantic 1 for a pydantic 1 model, so an ``orm_mode`` model takes an ORM object), which
    converts what it can (``"5"`` for an ``int``), as 1.5x's signature model did; what it cannot
    convert raises ``DependencyValidationError``: a server-side bug, answered with a 500.
    Generic and protocol annotations are taken on trust.
    """
    target, optional = strip_optional(annotation)
    if not isinstance(target, type) or typing.get_origin(target) is not None or target is object:
        return None
    try:
        isinstance(None, target)
    except TypeError:  # a non-runtime protocol
        return None
    validate: Callable[[Any], Any] | None = V1Validator(annotation) if is_v1_model(target) else None

    def check(value: Any) -> Any:
        nonlocal validate
        if isinstance(value, target) or (value is None and optional):
            return value
        from pydantic import PydanticSchemaGenerationError, TypeAdapter, ValidationError

        try:
            if validate is None:
                validate = TypeAdapter(annotation).validate_python
            return validate(value)
        except (ValidationError, PydanticSchemaGenerationError, V1ValidationErrors):
            raise DependencyValidationError(
                key,
                # What the client sees: nothing of the handler, only what went wrong.
                f"dependency {key!r} provided a {type(value).__name__}, but the parameter is annotated "
                f"{getattr(annotation, '__name__', annotation)!s}",
            ) from None

    return check
