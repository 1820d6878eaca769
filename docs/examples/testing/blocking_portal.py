"""``TestClient.portal()``: run async code on the app's event loop from a sync test."""

from collections.abc import AsyncIterator

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

from starlite import Starlite, State, Stream, get
from starlite.testing import TestClient


def open_channel(state: State) -> None:
    # The app reads news from a memory stream: something only async code can feed.
    state.news_in, state.news_out = anyio.create_memory_object_stream[str](10)


@get("/news")
async def news(state: State) -> Stream:
    receiving: MemoryObjectReceiveStream[str] = state.news_out

    async def lines() -> AsyncIterator[str]:
        async for item in receiving:
            yield f"{item}\n"

    return Stream(iterator=lines())


app = Starlite(route_handlers=[news], on_startup=[open_channel])


def test_feeding_the_app_from_a_sync_test() -> None:
    with TestClient(app=app) as client, client.portal() as portal:
        sending: MemoryObjectSendStream[str] = app.state.news_in
        # portal.call runs a coroutine function on the loop the app runs on, and returns its result.
        portal.call(sending.send, "first")
        portal.call(sending.send, "second")
        portal.call(sending.aclose)
        assert client.get("/news").text == "first\nsecond\n"
