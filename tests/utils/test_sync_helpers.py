"""``is_async_callable``, ``AsyncCallable``, ``async_partial`` and ``AsyncIteratorWrapper``."""

from __future__ import annotations

import threading
from functools import partial

import pytest

from starlite.utils import AsyncCallable, AsyncIteratorWrapper, async_partial, is_async_callable


class AsyncCall:
    async def __call__(self) -> str:
        return "instance"


def test_a_class_whose_instances_are_async_callables_counts_as_async() -> None:
    # As in 1.5x: the predicate looks at the class's __call__.
    assert is_async_callable(AsyncCall) is True
    assert is_async_callable(partial(AsyncCall)) is True
    assert is_async_callable(AsyncCall()) is True


@pytest.mark.anyio
async def test_async_callable_calls_such_a_class_without_awaiting_it() -> None:
    # The class returns an instance when called: awaiting it would fail.
    instance = await AsyncCallable(AsyncCall)()
    assert isinstance(instance, AsyncCall)


@pytest.mark.anyio
async def test_async_partial_runs_the_function_in_a_worker_thread() -> None:
    def where(suffix: str, *, prefix: str) -> str:
        return f"{prefix}{threading.current_thread() is threading.main_thread()}{suffix}"

    wrapped = async_partial(where)
    assert is_async_callable(wrapped)
    assert wrapped.func is where  # type: ignore[attr-defined]
    assert await wrapped("!", prefix="main:") == "main:False!"


@pytest.mark.anyio
async def test_async_iterator_wrapper_reads_a_sync_iterable() -> None:
    assert [value async for value in AsyncIteratorWrapper(range(3))] == [0, 1, 2]
    assert [value async for value in AsyncIteratorWrapper(iter("ab"))] == ["a", "b"]


def test_async_callable_counts_the_arguments_a_hook_takes() -> None:
    # 1.5x's ``num_expected_args``: integrations call a hook with as many arguments as it takes.
    from starlite.utils import AsyncCallable

    def takes_state(state: object) -> None: ...

    async def takes_message_state_scope(message: object, state: object, scope: object = None) -> None: ...

    assert AsyncCallable(takes_state).num_expected_args == 1
    assert AsyncCallable(takes_message_state_scope).num_expected_args == 3
    assert AsyncCallable(lambda: None).num_expected_args == 0
