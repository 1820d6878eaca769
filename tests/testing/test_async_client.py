from __future__ import annotations

import threading
from typing import Any

import anyio
import pytest
import sniffio

from starlite import Request, Starlite, get, post
from starlite.testing import AsyncTestClient, create_async_test_client

pytestmark = pytest.mark.anyio


class CustomError(Exception):
    pass


@get("/where")
async def where() -> dict[str, Any]:
    return {"thread": threading.get_ident(), "library": sniffio.current_async_library()}


async def test_app_runs_on_the_tests_own_thread_and_loop(anyio_backend: str) -> None:
    async with create_async_test_client(where) as client:
        body = (await client.get("/where")).json()
    assert body == {"thread": threading.get_ident(), "library": anyio_backend}


async def test_concurrent_requests_overlap() -> None:
    # The first request can only finish once the second has arrived: a client that ran requests one
    # after another (or froze the test's loop) would deadlock here and hit the fail_after limit.
    second_arrived = anyio.Event()

    @get("/first")
    async def first() -> str:
        await second_arrived.wait()
        return "first"

    @get("/second")
    async def second() -> str:
        second_arrived.set()
        return "second"

    results: dict[str, str] = {}
    async with create_async_test_client([first, second]) as client:

        async def fetch(path: str) -> None:
            results[path] = (await client.get(path)).text

        with anyio.fail_after(5):
            async with anyio.create_task_group() as task_group:
                task_group.start_soon(fetch, "/first")
                await anyio.sleep(0)
                task_group.start_soon(fetch, "/second")
    assert results == {"/first": "first", "/second": "second"}


async def test_lifespan_hooks_run_on_the_tests_loop() -> None:
    events: list[str] = []

    async def startup(state: Any) -> None:
        state.ready = True
        events.append("start")

    async def shutdown() -> None:
        events.append("stop")

    @get("/ready")
    async def ready(request: Request) -> bool:
        return bool(request.app.state.ready)

    app = Starlite([ready], on_startup=[startup], on_shutdown=[shutdown])
    async with AsyncTestClient(app=app) as client:
        assert events == ["start"]
        assert (await client.get("/ready")).json() is True
    assert events == ["start", "stop"]


async def test_failing_startup_reraises_its_cause() -> None:
    async def broken() -> None:
        raise ConnectionError("cache unreachable")

    with pytest.raises(ConnectionError, match="cache unreachable"):
        async with create_async_test_client(where, on_startup=[broken]):
            pass  # pragma: no cover


async def test_raise_server_exceptions() -> None:
    @post("/boom")
    async def boom(data: dict[str, Any]) -> None:
        raise CustomError(data["message"])

    async with create_async_test_client(boom) as client:
        with pytest.raises(CustomError, match="from the test"):
            await client.post("/boom", json={"message": "from the test"})
    async with create_async_test_client(boom, raise_server_exceptions=False) as client:
        response = await client.post("/boom", json={"message": "hidden"})
    assert response.status_code == 500
    assert "hidden" not in response.text


async def test_cookies_and_default_headers() -> None:
    @get("/headers")
    async def headers(request: Request) -> dict[str, Any]:
        return {"user_agent": request.headers.get("user-agent"), "host": request.headers.get("host")}

    async with create_async_test_client(headers) as client:
        body = (await client.get("/headers")).json()
    assert body == {"user_agent": "testclient", "host": "testserver.local"}


# trio has no unowned tasks (anyio's pytest plugin uses one task for set-up and tear-down there).
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_entered_and_left_in_different_asyncio_tasks(anyio_backend: str) -> None:
    # pytest-asyncio runs an async fixture's set-up and tear-down in separate tasks.
    import asyncio

    events: list[str] = []
    client = create_async_test_client(
        where, on_startup=[lambda: events.append("start")], on_shutdown=[lambda: events.append("stop")]
    )
    await asyncio.create_task(client.__aenter__())
    assert (await client.get("/where")).status_code == 200
    await asyncio.create_task(client.__aexit__(None, None, None))
    assert events == ["start", "stop"]
