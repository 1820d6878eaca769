"""``ResponseHeader`` validation and ``BackgroundTask``/``BackgroundTasks`` called directly."""

from __future__ import annotations

import anyio
import pytest
from pydantic import ValidationError

from starlite import BackgroundTask, BackgroundTasks, ResponseHeader


def test_response_header_needs_a_value() -> None:
    # A pydantic ValidationError, as 1.5x's pydantic ResponseHeader raised.
    with pytest.raises(ValidationError):
        ResponseHeader(name="x")
    assert ResponseHeader(name="x", documentation_only=True).value is None
    header = ResponseHeader(name="x", value="1", description="doc")
    assert (header.name, header.value, header.description) == ("x", "1", "doc")


@pytest.mark.anyio
async def test_background_task_with_sync_and_async_functions() -> None:
    calls: list[tuple[str, int]] = []

    async def async_fn(name: str, *, number: int) -> None:
        calls.append((name, number))

    await BackgroundTask(async_fn, "async", number=1)()
    await BackgroundTask(lambda name, number: calls.append((name, number)), "sync", number=2)()
    assert calls == [("async", 1), ("sync", 2)]


@pytest.mark.anyio
async def test_background_tasks_sequential_keep_order() -> None:
    calls: list[int] = []

    async def slow(value: int) -> None:
        await anyio.sleep(0.01 * (3 - value))
        calls.append(value)

    await BackgroundTasks([BackgroundTask(slow, 0), BackgroundTask(slow, 1), BackgroundTask(slow, 2)])()
    assert calls == [0, 1, 2]


@pytest.mark.anyio
async def test_background_tasks_in_task_group_run_concurrently() -> None:
    calls: list[int] = []
    started = anyio.Event()

    async def waiter() -> None:
        # Only finishes if the other task runs at the same time.
        with anyio.fail_after(2):
            await started.wait()
        calls.append(1)

    async def starter() -> None:
        started.set()
        calls.append(2)

    await BackgroundTasks([BackgroundTask(waiter), BackgroundTask(starter)], run_in_task_group=True)()
    assert sorted(calls) == [1, 2]
