"""Testing helpers: sync and async test clients that call the app in-process."""

from starlite.testing.client import (
    AsyncTestClient as AsyncTestClient,
)
from starlite.testing.client import (
    BaseTestClient as BaseTestClient,
)
from starlite.testing.client import (
    TestClient as TestClient,
)
from starlite.testing.client.base import LifespanNotRunWarning as LifespanNotRunWarning
from starlite.testing.create_test_client import (
    create_async_test_client as create_async_test_client,
)
from starlite.testing.create_test_client import (
    create_test_client as create_test_client,
)
from starlite.testing.live_server import LiveServer as LiveServer
from starlite.testing.live_server import LiveServerError as LiveServerError
from starlite.testing.live_server import LiveServerOptions as LiveServerOptions
from starlite.testing.live_server import async_live_server_client as async_live_server_client
from starlite.testing.live_server import live_server_client as live_server_client
from starlite.testing.request_factory import RequestFactory as RequestFactory
from starlite.testing.transport import (
    AsyncTestClientTransport as AsyncTestClientTransport,
)
from starlite.testing.transport import (
    TestClientTransport as TestClientTransport,
)
from starlite.testing.websocket_test_session import AsyncWebSocketTestSession as AsyncWebSocketTestSession
from starlite.testing.websocket_test_session import WebSocketTestSession as WebSocketTestSession

__all__ = (
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
