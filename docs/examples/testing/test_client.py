"""The sync ``TestClient``: call the app in-process, over HTTP and websockets."""

from collections.abc import Iterator

import pytest

from starlite import MediaType, Starlite, State, WebSocket, get, websocket
from starlite.testing import TestClient, create_test_client


def connect_to_database(state: State) -> None:
    state.database = "connected"


@get("/health-check", media_type=MediaType.TEXT)
def health_check(state: State) -> str:
    return f"healthy, database {state.database}"


@websocket("/chat")
async def chat(socket: WebSocket) -> None:
    await socket.accept()
    name = await socket.receive_text()
    await socket.send_json({"welcome": name})
    await socket.close()


app = Starlite(route_handlers=[health_check, chat], on_startup=[connect_to_database])


@pytest.fixture()
def client() -> Iterator[TestClient[Starlite]]:
    # ``with`` runs the app's start-up and shut-down handlers around the test.
    with TestClient(app=app) as client:
        yield client


def test_health_check(client: TestClient[Starlite]) -> None:
    response = client.get("/health-check")
    assert response.status_code == 200
    assert response.text == "healthy, database connected"


def test_websocket(client: TestClient[Starlite]) -> None:
    with client.websocket_connect("/chat") as ws:
        ws.send_text("ada")
        assert ws.receive_json() == {"welcome": "ada"}


def test_create_test_client() -> None:
    # ``create_test_client`` builds the app from handlers and app options in one call.
    @get("/")
    def index() -> dict[str, bool]:
        return {"ok": True}

    with create_test_client(route_handlers=[index]) as client:
        assert client.get("/").json() == {"ok": True}
