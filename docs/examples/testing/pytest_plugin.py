"""The pytest plugin: mark the app under test once, then ask for a ready client in any test."""

import pytest

from starlite import Starlite, State, get
from starlite.testing import AsyncTestClient, TestClient


def open_pool(state: State) -> None:
    state.pool = "open"


def close_pool(state: State) -> None:
    state.pool = "closed"


@get("/pool", sync_to_thread=False)
def pool(state: State) -> str:
    return str(state.pool)


@get("/crash", sync_to_thread=False)
def crash() -> None:
    raise RuntimeError("unexpected")


app = Starlite(route_handlers=[pool, crash], on_startup=[open_pool], on_shutdown=[close_pool])

# Every test in this module tests ``app``. In a project, an import string such as
# "my_project.main:app" saves importing it, and a module-wide marker may live in a conftest.py.
pytestmark = pytest.mark.starlite_app(app)


def test_the_client_is_already_started(starlite_client: TestClient[Starlite]) -> None:
    # The client's ``with`` block is already entered: the startup hooks ran, the shutdown hooks run
    # after the test.
    assert starlite_client.get("/pool").text == "open"


# Keyword options of the marker go to the client; a marker on the test adds to the module's.
@pytest.mark.starlite_app(raise_server_exceptions=False)
def test_client_options(starlite_client: TestClient[Starlite]) -> None:
    assert starlite_client.get("/crash").status_code == 500


# Under anyio's pytest plugin: the client runs on the test's loop, asyncio or trio.
@pytest.mark.anyio
async def test_async_client_with_anyio(async_starlite_client: AsyncTestClient[Starlite]) -> None:
    response = await async_starlite_client.get("/pool")
    assert response.text == "open"


# Under pytest-asyncio, in strict mode (as here) or auto mode: the same fixture.
@pytest.mark.asyncio
async def test_async_client_with_pytest_asyncio(async_starlite_client: AsyncTestClient[Starlite]) -> None:
    response = await async_starlite_client.get("/pool")
    assert response.text == "open"


class TestAnAppFromAFixture:
    # A ``starlite_app`` fixture replaces the marker, here for this class's tests only; in a
    # conftest.py it would for a whole directory.
    @pytest.fixture
    def starlite_app(self) -> Starlite:
        return Starlite(route_handlers=[pool], on_startup=[open_pool])

    def test_it(self, starlite_client: TestClient[Starlite]) -> None:
        assert starlite_client.app is not app
        assert starlite_client.get("/pool").text == "open"
