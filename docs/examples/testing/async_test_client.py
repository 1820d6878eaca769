"""The ``AsyncTestClient``: the app runs on the test's own event loop, under asyncio or trio."""

import anyio
import pytest

from starlite import Starlite, State, get
from starlite.testing import AsyncTestClient


async def start(state: State) -> None:
    state.started = True


@get("/slow/{name:str}")
async def slow(name: str) -> str:
    await anyio.sleep(0.05)
    return name


@get("/started")
async def started(state: State) -> bool:
    return bool(state.started)


app = Starlite(route_handlers=[slow, started], on_startup=[start])


@pytest.mark.anyio
async def test_start_up_runs_inside_async_with() -> None:
    async with AsyncTestClient(app=app) as client:
        response = await client.get("/started")
    assert response.json() is True


@pytest.mark.anyio
async def test_requests_run_concurrently() -> None:
    results: dict[str, str] = {}

    async with AsyncTestClient(app=app) as client:

        async def fetch(name: str) -> None:
            results[name] = (await client.get(f"/slow/{name}")).text

        # Both requests sleep at the same time on the test's loop, so this takes one sleep, not two.
        with anyio.fail_after(1):
            async with anyio.create_task_group() as task_group:
                task_group.start_soon(fetch, "first")
                task_group.start_soon(fetch, "second")

    assert results == {"first": "first", "second": "second"}
