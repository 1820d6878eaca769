"""The test transport: the one place that speaks ASGI to httpx.

``AsyncTestClientTransport`` runs the application on the caller's own event loop, one task per
request, and hands httpx a response whose body streams out of that task as the app sends it. The
sync ``TestClientTransport`` is an adapter over the same code: each step goes through the client's
anyio blocking portal.

The work is done by private modules, one per concept: ``_scope`` builds the ASGI scope of an httpx
request, ``_tasks`` starts the app's tasks, ``_pipe`` carries the app's messages to the test, and
``_exchange`` runs one request and its response.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypedDict, TypeVar

import anyio
import httpx

from starlite.testing._exchange import STREAM_EXTENSION as STREAM_EXTENSION
from starlite.testing._exchange import Exchange, ResponseStream, describe
from starlite.testing._pipe import debugger_attached as debugger_attached
from starlite.testing._pipe import read_timeout as read_timeout
from starlite.testing._scope import build_scope as build_scope
from starlite.testing._tasks import Caller
from starlite.testing._tasks import TaskSpawner as TaskSpawner
from starlite.testing._tasks import portal_call as portal_call
from starlite.testing._tasks import unwrap_exception as unwrap_exception

if TYPE_CHECKING:
    from starlite.types import ASGIApp

# The helpers named after the four classes lived here before the split (the ``as`` imports above keep
# them, and ``STREAM_EXTENSION``, importable from here); they are defined in the private modules now.
__all__ = (
    "AsyncTestClientTransport",
    "ConnectionUpgradeException",
    "SendReceiveContext",
    "TestClientTransport",
    "TaskSpawner",
    "build_scope",
    "debugger_attached",
    "portal_call",
    "read_timeout",
    "unwrap_exception",
)


class ConnectionUpgradeException(Exception):
    """Kept for code that imports it from Starlite 1.5x, where the transport raised it internally.

    Starlite 1.5x's ``websocket_connect`` sent the handshake through the HTTP transport, which raised
    this exception to hand the websocket session back. Here ``websocket_connect`` builds the session
    directly, so nothing raises it.

    Args:
        session: The websocket session.
    """

    def __init__(self, session: Any) -> None:
        super().__init__("the connection was upgraded to a websocket")
        self.session = session


class SendReceiveContext(TypedDict):
    """Kept for code that imports it from Starlite 1.5x: the shape of 1.5x's per-request state.

    This transport keeps its per-request state in an object of its own and does not use it.
    """

    request_complete: bool
    response_complete: Any
    raw_kwargs: dict[str, Any]
    response_started: bool
    template: str | None
    context: Any | None


class AsyncTestClientTransport(httpx.AsyncBaseTransport):
    """Send httpx requests to an ASGI app in the same event loop, without a network or a thread.

    Each request runs the app in a task of its own; the response is returned as soon as the app
    starts it, and its body streams as the app sends it. Reading a body to its end waits until the
    app has finished (so after-response work and background tasks are done). The request's read
    timeout bounds every wait.

    Args:
        app: The ASGI application.
        raise_server_exceptions: Re-raise an exception the app did not handle, instead of returning
            its 500 response.
        root_path: The ASGI ``root_path``.
        client: The ``(host, port)`` the app sees as the client.
        lifespan_state: The ASGI lifespan state, copied into each request's scope.
    """

    def __init__(
        self,
        app: ASGIApp,
        raise_server_exceptions: bool = True,
        root_path: str = "",
        client: tuple[str, int] = ("testclient", 50000),
        lifespan_state: dict[str, Any] | None = None,
    ) -> None:
        self.app = app
        self.raise_server_exceptions = raise_server_exceptions
        self.root_path = root_path
        self.client = client
        self.lifespan_state = lifespan_state if lifespan_state is not None else {}
        self.spawner = TaskSpawner()
        # Called before each request; the clients use it to warn when lifespan did not run.
        self.before_request: Callable[[], None] | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Start the app for one request and return its response once it has started."""
        if self.before_request is not None:
            self.before_request()
        loop = self.spawner.loop()
        scope = build_scope(request, "http", self.root_path, self.client, self.lifespan_state)
        exchange = Exchange(
            self.app, request, scope, raise_server_exceptions=self.raise_server_exceptions, loop=loop
        )
        if loop is None and self.spawner.task_group is None:
            # trio, outside the client's context: no nursery to stream from, so the app runs to
            # completion here (still within the read timeout), its messages kept whole.
            exchange.pipe.limit = float("inf")
            with anyio.move_on_after(
                exchange.timeout if exchange.timeout is not None else float("inf")
            ) as deadline:
                await exchange.run_app()
            if deadline.cancelled_caught:
                seconds = exchange.timeout
                raise httpx.ReadTimeout(
                    f"{describe(request)}: the application did not finish within {seconds:g} seconds "
                    "(on trio, a client not entered with `async with` has no nursery to stream from, "
                    "so it waits for the whole response)",
                    request=request,
                )
            return await exchange.response()
        self.spawner.start(exchange.run_app, loop)
        try:
            return await exchange.response()
        except BaseException:
            await exchange.close()
            raise

    async def aclose(self) -> None:
        """Cancel the app's tasks for responses the test left open."""
        await self.spawner.cancel_all()


class _SyncResponseStream(httpx.SyncByteStream):
    """The sync side of a streaming body: each chunk is fetched through the portal."""

    def __init__(self, portal: Caller, stream: ResponseStream) -> None:
        self.portal = portal
        self.stream = stream

    def __iter__(self) -> Iterator[bytes]:
        while (chunk := portal_call(self.portal, self.stream.next_chunk)) is not None:
            if chunk:
                yield chunk

    def close(self) -> None:
        if self.stream.exchange.pipe.finished and self.stream.exchange.pipe.closed:
            return
        try:
            self.portal.call(self.stream.aclose)
        except RuntimeError:  # the client's loop has stopped (its with block ended): nothing runs
            pass


T = TypeVar("T")


class TestClientTransport(httpx.BaseTransport, Generic[T]):
    """The sync adapter: runs the async transport through a blocking portal.

    ``TestClientTransport[App]``, generic in the application's type as in 1.5x.

    Args:
        transport: The async transport doing the work.
        portal: A callable returning the portal to run it in (the client's own).
    """

    __test__ = False  # not a pytest test class

    def __init__(self, transport: AsyncTestClientTransport, portal: Callable[[], Caller]) -> None:
        self.transport = transport
        self.get_portal = portal

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send one request to the app and return its response (its body may still be streaming)."""
        portal = self.get_portal()
        response: httpx.Response = portal_call(portal, self.transport.handle_async_request, request)
        stream = response.stream
        if isinstance(stream, ResponseStream):
            response.stream = _SyncResponseStream(portal, stream)
        return response
