"""``DependencyCleanupGroup``: finishing generator dependencies, called directly."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator

import pytest

from starlite.datastructures.provide import DependencyCleanupGroup
from starlite.utils.compat import async_next

pytestmark = pytest.mark.anyio


def sync_dependency(log: list[str], name: str) -> Generator[str, None, None]:
    try:
        yield name
    except ValueError as exc:
        log.append(f"{name} rolled back: {exc}")
        raise
    else:
        log.append(f"{name} committed")
    finally:
        log.append(f"{name} released")


async def async_dependency(log: list[str], name: str) -> AsyncGenerator[str, None]:
    try:
        yield name
    except ValueError as exc:
        log.append(f"{name} rolled back: {exc}")
        raise
    else:
        log.append(f"{name} committed")
    finally:
        log.append(f"{name} released")


async def test_cleanup_resumes_every_generator_last_added_first() -> None:
    log: list[str] = []
    first, second = sync_dependency(log, "first"), async_dependency(log, "second")
    assert next(first) == "first"
    assert await async_next(second) == "second"
    group = DependencyCleanupGroup([first])
    group.add(second)

    await group.cleanup()

    assert log == ["second committed", "second released", "first committed", "first released"]


async def test_a_closed_group_refuses_cleanup_and_new_generators() -> None:
    group = DependencyCleanupGroup()
    await group.cleanup()
    with pytest.raises(RuntimeError):
        await group.cleanup()
    with pytest.raises(RuntimeError):
        group.add(sync_dependency([], "late"))


async def test_an_exception_leaving_the_block_is_thrown_into_the_generators() -> None:
    log: list[str] = []
    first, second = sync_dependency(log, "first"), async_dependency(log, "second")
    next(first)
    await async_next(second)
    group = DependencyCleanupGroup([first, second])

    with pytest.raises(ValueError, match="boom"):
        async with group:
            raise ValueError("boom")

    assert log == [
        "second rolled back: boom",
        "second released",
        "first rolled back: boom",
        "first released",
    ]


async def test_cleanup_runs_every_generator_then_raises_the_first_error() -> None:
    log: list[str] = []

    def failing() -> Generator[None, None, None]:
        yield
        raise RuntimeError("cleanup failed")

    ok, broken = sync_dependency(log, "ok"), failing()
    next(ok)
    next(broken)
    group = DependencyCleanupGroup([ok, broken])

    with pytest.raises(RuntimeError, match="cleanup failed"):
        await group.cleanup()
    assert log == ["ok committed", "ok released"]
