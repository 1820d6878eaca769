"""The test clients' defaults, shared by the clients and by ``create_test_client``.

A module of its own, and a light one: ``starlite.testing`` imports ``create_test_client`` eagerly
(the pytest plugin imports the package in every run), so these must not pull in httpx.
"""

from __future__ import annotations

__all__ = ("DEFAULT_BASE_URL", "DEFAULT_LIFESPAN_TIMEOUT")

DEFAULT_BASE_URL = "http://testserver.local"
# Seconds the app's startup and its shutdown may each take.
DEFAULT_LIFESPAN_TIMEOUT = 60.0
