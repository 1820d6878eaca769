import pytest
from my_app.main import app

from starlite.status_codes import HTTP_200_OK
from starlite.testing import AsyncTestClient


# The seed page wrote `def test_health_check()` around an `async with`; that typo is the one change.
@pytest.mark.anyio
async def test_health_check():
    async with AsyncTestClient(app=app) as client:
        response = await client.get("/health-check")
        assert response.status_code == HTTP_200_OK
        assert response.text == "healthy"
