"""``LiveServer``: the app served by uvicorn in another process, reached over a real socket."""

import pytest

from starlite import Starlite, get, post
from starlite.testing import LiveServer, async_live_server_client, live_server_client


def say_goodbye() -> None:
    print("closing the connection pool", flush=True)


@get("/greet/{name:str}")
def greet(name: str) -> dict[str, str]:
    return {"greeting": f"Hello, {name}!"}


@post("/double")
def double(data: list[int]) -> list[int]:
    return [number * 2 for number in data]


# Module level, so the server process can import it: the helpers find it in this module by itself.
app = Starlite(route_handlers=[greet, double], on_shutdown=[say_goodbye])


def test_sync_client() -> None:
    with live_server_client(app) as client:
        assert client.get("/greet/world").json() == {"greeting": "Hello, world!"}
        assert client.post("/double", json=[1, 2]).json() == [2, 4]


@pytest.mark.anyio
async def test_async_client() -> None:
    async with async_live_server_client(app) as client:
        response = await client.get("/greet/async")
    assert response.json() == {"greeting": "Hello, async!"}


def test_the_server_itself() -> None:
    # An import string works too, and the server object gives the URL and the process's output.
    with LiveServer(f"{__name__}:app") as server, server.client(timeout=10) as client:
        assert server.url.startswith("http://127.0.0.1:")
        assert client.get("/greet/server").status_code == 200
    # The process has ended by now: SIGTERM let uvicorn run the shutdown hooks first.
    assert "closing the connection pool" in server.output
