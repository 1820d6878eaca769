"""``AsyncTestClient``: an async httpx client for an ASGI app, on the test's own event loop."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AsyncExitStack
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import anyio
import httpx
import sniffio

from starlite.testing._defaults import DEFAULT_BASE_URL, DEFAULT_LIFESPAN_TIMEOUT
from starlite.testing._exchange import STREAM_EXTENSION
from starlite.testing._tasks import unwrap_exception
from starlite.testing.client.base import BaseTestClient
from starlite.testing.life_span_handler import LifeSpanHandler
from starlite.testing.websocket_test_session import AsyncWebSocketTestSession

# The session helpers (``starlite.testing._sessions``) are imported where they are used: they load
# the framework, which a client of a plain ASGI app never needs.
if TYPE_CHECKING:
    from starlite.types import ASGIApp

__all__ = ("AsyncTestClient",)

T = TypeVar("T", bound="ASGIApp")


class AsyncTestClient(BaseTestClient[T], httpx.AsyncClient):
    """An async test client: ``httpx.AsyncClient`` running the app on the test's own event loop.

    There is no thread: concurrent requests really overlap, and the app shares the test's loop.
    Each request runs the app in a task of its own, so ``client.stream(...)`` yields the body as the
    app sends it, and closing the stream early cancels the app's task.

    Use it in an ``async with`` block: entering runs the app's startup hooks, leaving its shutdown
    hooks. Works under asyncio and trio (on trio, streaming and websockets need the ``async with``
    block, which holds the nursery the app's tasks run in).

    Args:
        app: The application under test.
        base_url: The URL requests are relative to.
        raise_server_exceptions: Re-raise exceptions the app did not handle, in the test.
        root_path: The ASGI ``root_path``.
        backend: Kept for compatibility with the sync client; the test's own loop is used.
        backend_options: Kept for compatibility with the sync client.
        session_config: The app's session configuration (1.5x compatibility; the session helpers use
            the backend of the app's own session middleware).
        cookies: Initial cookies.
        timeout: The httpx timeout of every request (httpx's 5 seconds by default); a request whose
            app sends nothing for that long fails with ``httpx.ReadTimeout`` naming it.
        client: The ``(host, port)`` the app sees as the client's address.
        lifespan_timeout: Seconds the app's startup and its shutdown may each take.
    """

    __test__ = False

    def __init__(
        self,
        app: T,
        base_url: str = DEFAULT_BASE_URL,
        raise_server_exceptions: bool = True,
        root_path: str = "",
        backend: Literal["asyncio", "trio"] = "asyncio",
        backend_options: Mapping[str, Any] | None = None,
        session_config: Any = None,
        cookies: Any = None,
        timeout: Any = httpx.USE_CLIENT_DEFAULT,
        client: tuple[str, int] = ("testclient", 50000),
        lifespan_timeout: float | None = DEFAULT_LIFESPAN_TIMEOUT,
    ) -> None:
        BaseTestClient.__init__(
            self,
            app=app,
            base_url=base_url,
            raise_server_exceptions=raise_server_exceptions,
            root_path=root_path,
            backend=backend,
            backend_options=backend_options,
            session_config=session_config,
            cookies=cookies,
            timeout=timeout,
            client=client,
            lifespan_timeout=lifespan_timeout,
        )
        httpx.AsyncClient.__init__(self, transport=self.async_transport, **self._httpx_options)
        self._exit_stack: AsyncExitStack | None = None
        self._nested_entries = 0
        self._entering: anyio.Event | None = None
        self._owner: int | None = None  # on trio: the task holding the client's nursery

    async def __aenter__(self) -> AsyncTestClient[T]:
        # Tasks entering at once: the first starts the app, the others wait and count as nested.
        while self._entering is not None:
            await self._entering.wait()
        if self._exit_stack is not None:
            # Already entered (a fixture's ``async with`` and the test's own): the outermost block
            # owns the lifespan, so startup and shutdown each run once.
            if self._owner is not None and self._owner != anyio.get_current_task().id:
                raise RuntimeError(
                    "On trio, an AsyncTestClient entered in one task cannot be entered from another: "
                    "its nursery belongs to the first"
                )
            self._nested_entries += 1
            return self
        self._entering = entering = anyio.Event()
        try:
            await self._start()
        except BaseException as exc:
            # The task group wraps errors in an ExceptionGroup; the test wants the app's own exception.
            raise unwrap_exception(exc) from None
        finally:
            self._entering = None
            entering.set()
        return self

    async def _start(self) -> None:
        spawner = self.async_transport.spawner
        async with AsyncExitStack() as stack:
            if sniffio.current_async_library() == "asyncio":
                # Plain tasks: the client may be entered and left in different tasks (pytest-asyncio
                # runs an async fixture's set-up and tear-down in separate ones).
                stack.push_async_callback(spawner.cancel_all)
            else:
                # trio starts tasks only in a nursery: the client holds one while it is entered
                # (and must be left in the task that entered it, as anyio's pytest plugin does).
                task_group = await stack.enter_async_context(anyio.create_task_group())
                self._owner = anyio.get_current_task().id
                stack.callback(setattr, self, "_owner", None)
                spawner.task_group = task_group
                stack.callback(setattr, spawner, "task_group", None)
                stack.callback(task_group.cancel_scope.cancel)  # responses left open end with it
            lifespan: LifeSpanHandler[Any] = LifeSpanHandler(self.app, timeout=self.lifespan_timeout)
            stack.callback(lifespan.close)
            self.async_transport.lifespan_state = lifespan.state
            spawner.start(lifespan.run, track=False)  # client.aclose() cancels requests, not it
            stack.push_async_callback(lifespan.wait_closed)
            stack.push_async_callback(lifespan.shutdown)
            await lifespan.startup()
            self._exit_stack = stack.pop_all()
        self._lifespan_entered = True

    async def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        """Send ``request`` to the app (httpx's ``send``; every request method goes through it)."""
        self._warn_if_lifespan_skipped()
        if kwargs.get("stream"):
            request.extensions[STREAM_EXTENSION] = True
        return await super().send(request, **kwargs)

    def websocket_connect(
        self,
        url: str,
        subprotocols: Sequence[str] | None = None,
        params: Any = None,
        headers: Any = None,
        cookies: Any = None,
        timeout: Any = httpx.USE_CLIENT_DEFAULT,
        extensions: Mapping[str, Any] | None = None,
    ) -> AsyncWebSocketTestSession:
        """Open a websocket to ``url``: use the result in an ``async with`` block.

        The handshake carries the client's base URL, headers and cookies; cookies the app sets when
        it accepts go into the client's jar. The read timeout (``timeout``, else the client's)
        bounds the handshake and is the default of each ``receive``.

        Raises:
            WebSocketDisconnect: On entering the block, when the app closes the connection instead of
                accepting it (with the app's close code and reason).
        """
        request = self._handshake(url, subprotocols, params, headers, cookies, timeout, extensions)
        return AsyncWebSocketTestSession(self, request)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        if self._nested_entries:
            self._nested_entries -= 1
            return
        stack, self._exit_stack = self._exit_stack, None
        if stack is not None:
            try:
                await stack.aclose()
            except BaseException as exc:
                raise unwrap_exception(exc) from None

    # --- sessions -------------------------------------------------------------------------------------

    async def set_session_data(self, data: dict[str, Any]) -> None:
        """Make ``data`` the session of the next requests, through the app's own session backend.

        Works inside and outside ``async with``, for the cookie backend and every server-side backend:
        the data goes into the store (or the encrypted cookies) and the session cookie into this
        client's cookie jar.

        Raises:
            ImproperlyConfiguredException: When the app has no session middleware, or a cookie option
                (``secure`` over ``http://``, a ``domain`` that is not this client's host) would keep
                the cookie from reaching the app.
        """
        from starlite.testing._sessions import set_session_data

        await set_session_data(self, data)

    async def get_session_data(self) -> dict[str, Any]:
        """Return the session the next request would carry (``{}`` when there is none).

        Raises:
            ImproperlyConfiguredException: As ``set_session_data``.
        """
        from starlite.testing._sessions import get_session_data

        return await get_session_data(self)
