"""Streamed responses: read an endless stream of server-sent events for as long as the test needs."""

from collections.abc import AsyncIterator

import anyio
import pytest

from starlite import Starlite, Stream, get
from starlite.testing import AsyncTestClient, TestClient

stopped: list[bool] = []


@get("/ticks")
async def ticks() -> Stream:
    async def events() -> AsyncIterator[str]:
        number = 0
        try:
            while True:  # never ends on its own
                yield f"data: tick {number}\n\n"
                number += 1
                await anyio.sleep(0.01)
        finally:
            stopped.append(True)

    return Stream(iterator=events(), media_type="text/event-stream")


app = Starlite(route_handlers=[ticks])


def test_reading_three_events() -> None:
    with TestClient(app=app) as client:
        received = []
        with client.stream("GET", "/ticks") as response:
            for line in response.iter_lines():
                if line.startswith("data:"):
                    received.append(line)
                if len(received) == 3:
                    break
        # Leaving the block closed the stream, which cancelled the handler's generator.
        assert received == ["data: tick 0", "data: tick 1", "data: tick 2"]
        assert stopped


@pytest.mark.parametrize("anyio_backend", ["asyncio"])
@pytest.mark.anyio
async def test_reading_events_in_an_async_test(anyio_backend: str) -> None:
    async with AsyncTestClient(app=app) as client, client.stream("GET", "/ticks") as response:
        chunks = response.aiter_bytes()
        assert await chunks.__anext__() == b"data: tick 0\n\n"
