"""``AsyncTestClient``: an async httpx client for an ASGI app, on the test's own event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Mapping
from contextlib import AsyncExitStack
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import anyio
import httpx

from starlite.testing.client.base import DEFAULT_BASE_URL, BaseTestClient
from starlite.testing.life_span_handler import LifeSpanHandler
from starlite.testing.transport import unwrap_exception

if TYPE_CHECKING:
    from starlite.types import ASGIApp

__all__ = ("AsyncTestClient",)

T = TypeVar("T", bound="ASGIApp")


def _running_on_asyncio() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


async def _start_in_background(stack: AsyncExitStack, run: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Start ``run`` in the background until ``stack`` closes.

    On asyncio a plain task is used, so that the client may be entered and left in different tasks
    (pytest-asyncio runs an async fixture's set-up and tear-down in separate tasks). trio has no
    unowned tasks; there the client must be entered and left in one task, as anyio's pytest plugin does.
    """
    if _running_on_asyncio():
        task = asyncio.get_running_loop().create_task(run())
        stack.push_async_callback(asyncio.wait_for, task, None)
    else:
        task_group = await stack.enter_async_context(anyio.create_task_group())
        task_group.start_soon(run)


class AsyncTestClient(BaseTestClient[T], httpx.AsyncClient):
    """An async test client: ``httpx.AsyncClient`` running the app on the test's own event loop.

    There is no thread: concurrent requests really overlap, and the app shares the test's loop.

    Use it in an ``async with`` block: entering runs the app's startup hooks, leaving its shutdown
    hooks. Works under asyncio and trio.

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
        timeout: The httpx timeout.
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
        timeout: Any = None,
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
        )
        httpx.AsyncClient.__init__(self, transport=self.async_transport, **self._httpx_options)
        self._exit_stack: AsyncExitStack | None = None

    async def __aenter__(self) -> AsyncTestClient[T]:
        try:
            await self._start()
        except BaseException as exc:
            # The task group wraps errors in an ExceptionGroup; the test wants the app's own exception.
            raise unwrap_exception(exc) from None
        return self

    async def _start(self) -> None:
        async with AsyncExitStack() as stack:
            lifespan = LifeSpanHandler(self.app)
            stack.callback(lifespan.close)
            self.async_transport.lifespan_state = lifespan.state
            await _start_in_background(stack, lifespan.run)
            stack.push_async_callback(lifespan.shutdown)
            await lifespan.startup()
            self._exit_stack = stack.pop_all()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
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
