"""The test clients."""

from starlite.testing.client.async_client import AsyncTestClient as AsyncTestClient
from starlite.testing.client.base import BaseTestClient as BaseTestClient
from starlite.testing.client.sync_client import TestClient as TestClient

__all__ = ("AsyncTestClient", "BaseTestClient", "TestClient")
