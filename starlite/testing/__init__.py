"""Testing helpers: test clients that call the app in-process, a request factory, a live server.

Names load on first use (PEP 562): the pytest plugin lives in this package, and pytest loads it in
every run, so importing the package itself must not pull in httpx and the framework.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# Eager, and cheap: these functions share their module's name, which a lazy name would lose to
# the module once it is imported.
from starlite.testing.create_test_client import create_async_test_client as create_async_test_client
from starlite.testing.create_test_client import create_test_client as create_test_client
from starlite.utils._lazy import lazy_exports

if TYPE_CHECKING:
    from starlite.testing.client.async_client import AsyncTestClient as AsyncTestClient
    from starlite.testing.client.base import BaseTestClient as BaseTestClient
    from starlite.testing.client.base import LifespanNotRunWarning as LifespanNotRunWarning
    from starlite.testing.client.sync_client import TestClient as TestClient
    from starlite.testing.live_server import LiveServer as LiveServer
    from starlite.testing.live_server import LiveServerError as LiveServerError
    from starlite.testing.live_server import LiveServerOptions as LiveServerOptions
    from starlite.testing.live_server import async_live_server_client as async_live_server_client
    from starlite.testing.live_server import live_server_client as live_server_client
    from starlite.testing.request_factory import RequestFactory as RequestFactory
    from starlite.testing.transport import AsyncTestClientTransport as AsyncTestClientTransport
    from starlite.testing.transport import ConnectionUpgradeException as ConnectionUpgradeException
    from starlite.testing.transport import SendReceiveContext as SendReceiveContext
    from starlite.testing.transport import TestClientTransport as TestClientTransport
    from starlite.testing.websocket_test_session import AsyncWebSocketTestSession as AsyncWebSocketTestSession
    from starlite.testing.websocket_test_session import WebSocketTestSession as WebSocketTestSession

_EXPORTS = {
    "ConnectionUpgradeException": "starlite.testing.transport",
    "SendReceiveContext": "starlite.testing.transport",
    "AsyncTestClient": "starlite.testing.client.async_client",
    "AsyncTestClientTransport": "starlite.testing.transport",
    "AsyncWebSocketTestSession": "starlite.testing.websocket_test_session",
    "BaseTestClient": "starlite.testing.client.base",
    "LifespanNotRunWarning": "starlite.testing.client.base",
    "LiveServer": "starlite.testing.live_server",
    "LiveServerError": "starlite.testing.live_server",
    "LiveServerOptions": "starlite.testing.live_server",
    "RequestFactory": "starlite.testing.request_factory",
    "TestClient": "starlite.testing.client.sync_client",
    "TestClientTransport": "starlite.testing.transport",
    "WebSocketTestSession": "starlite.testing.websocket_test_session",
    "async_live_server_client": "starlite.testing.live_server",
    "live_server_client": "starlite.testing.live_server",
}

__all__ = (
    "ConnectionUpgradeException",
    "SendReceiveContext",
    "AsyncTestClient",
    "AsyncTestClientTransport",
    "AsyncWebSocketTestSession",
    "BaseTestClient",
    "LifespanNotRunWarning",
    "LiveServer",
    "LiveServerError",
    "LiveServerOptions",
    "RequestFactory",
    "TestClient",
    "TestClientTransport",
    "WebSocketTestSession",
    "async_live_server_client",
    "create_async_test_client",
    "create_test_client",
    "live_server_client",
)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
