"""Starlite 1.5x's dependency graph helpers: ``Dependency`` nodes and their resolution batches."""

from __future__ import annotations

from typing import Any

from starlite._kwargs.dependencies import DependencyCycle, group_in_batches
from starlite.datastructures.provide import Provide
from starlite.exceptions import ImproperlyConfiguredException

__all__ = ("Dependency", "create_dependency_batches")


class Dependency:
    """One dependency of a handler and the dependencies it needs, as a graph node.

    Two nodes are equal when their keys are: a key names one provider per handler.

    Args:
        key: The name the value is injected under.
        provide: The provider.
        dependencies: The nodes of the dependencies the provider takes.
    """

    __slots__ = ("key", "provide", "dependencies")

    def __init__(self, key: str, provide: Provide, dependencies: list[Dependency]) -> None:
        self.key = key
        self.provide = provide
        self.dependencies = dependencies

    def __eq__(self, other: Any) -> bool:
        return other is self or (isinstance(other, Dependency) and other.key == self.key)

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"Dependency({self.key!r}, {[dependency.key for dependency in self.dependencies]})"


def create_dependency_batches(expected_dependencies: set[Dependency]) -> list[set[Dependency]]:
    """Order dependencies (and, recursively, those they need) in batches that can be resolved in turn.

    Each batch needs only the dependencies of earlier batches, so the members of one batch can be
    resolved concurrently; this is how the framework resolves a handler's dependencies per request.

    Args:
        expected_dependencies: The dependencies a handler takes.

    Returns:
        The batches, first to last.

    Raises:
        ImproperlyConfiguredException: When dependencies need each other (1.5x looped forever).
    """
    graph: dict[Dependency, list[Dependency]] = {}
    pending = list(expected_dependencies)
    while pending:
        dependency = pending.pop()
        if dependency not in graph:
            graph[dependency] = dependency.dependencies
            pending.extend(dependency.dependencies)
    try:
        return [set(batch) for batch in group_in_batches(graph)]
    except DependencyCycle as cycle:
        keys = ", ".join(sorted(dependency.key for dependency in cycle.remaining))
        raise ImproperlyConfiguredException(f"Dependencies that need each other: {keys}") from None
