import pytest
from my_app.main import app

from starlite.testing import AsyncTestClient


@pytest.fixture(scope="function")
def test_client() -> AsyncTestClient:
    return AsyncTestClient(app=app)
