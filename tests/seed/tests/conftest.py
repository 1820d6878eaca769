import pytest

from starlite.testing import AsyncTestClient

from my_app.main import app


@pytest.fixture(scope="function")
def test_client() -> AsyncTestClient:
    return AsyncTestClient(app=app)
