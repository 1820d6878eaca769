import pytest

from starlite.status_codes import HTTP_200_OK
from starlite.testing import AsyncTestClient


@pytest.mark.anyio
async def test_health_check(test_client: AsyncTestClient):
    async with test_client as client:
        response = await client.get("/health-check")
        assert response.status_code == HTTP_200_OK
        assert response.text == "healthy"
