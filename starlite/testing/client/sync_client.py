"""``TestClient``: a sync httpx client for an ASGI app, in the same process."""

from __future__ import annotations

import threading
import warnings
import weakref
from collections.abc import Generator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import anyio
import httpx
from anyio.from_thread import BlockingPortal, start_blocking_portal

from starlite.exceptions import ImproperlyConfiguredException
from starlite.testing._defaults import DEFAULT_BASE_URL, DEFAULT_LIFESPAN_TIMEOUT
from starlite.testing._exchange import STREAM_EXTENSION
from starlite.testing._loop import LoopRunner
from starlite.testing._tasks import TaskSpawner, portal_call
from starlite.testing.client.base import BaseTestClient
from starlite.testing.life_span_handler import LifeSpanHandler
from starlite.testing.transport import TestClientTransport
from starlite.testing.websocket_test_session import AsyncWebSocketTestSession, WebSocketTestSession

# The session helpers (``starlite.testing._sessions``) are imported where they are used: they load
# the framework, which a client of a plain ASGI app never needs.
if TYPE_CHECKING:
    from starlite.types import ASGIApp

__all__ = ("TestClient",)

T = TypeVar("T", bound="ASGIApp")


class TestClient(BaseTestClient[T], httpx.Client):
    """A sync test client: ``httpx.Client`` whose requests go straight to the app.

    Use it in a ``with`` block: entering runs the app's startup hooks and starts one event loop
    thread (an anyio blocking portal) that every request and websocket inside the block reuses;
    leaving runs the shutdown hooks. It is an adapter over the async transport: the app runs in
    that loop, one task per request, and ``client.stream(...)`` yields the body as the app sends it.

    Args:
        app: The application under test.
        base_url: The URL requests are relative to.
        raise_server_exceptions: Re-raise exceptions the app did not handle, in the test.
        root_path: The ASGI ``root_path``.
        backend: The anyio backend of the event loop thread, ``asyncio`` or ``trio``.
        backend_options: Options for that backend.
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
        # The transport reaches the portal through a weak reference: a client dropped without
        # close() is then freed at once, and its finalizer stops its event loop thread right away.
        start_portal = weakref.WeakMethod(self._start_portal)
        httpx.Client.__init__(
            self,
            transport=TestClientTransport(self.async_transport, lambda: start_portal()()),  # type: ignore[misc]
            **self._httpx_options,
        )
        self._exit_stack: ExitStack | None = None
        self._portal_stack: ExitStack | None = None
        self._portal_finalizer: weakref.finalize[Any, Any] | None = None
        self._portal_lock = threading.Lock()
        self._nested_entries = 0
        self._enter_lock = threading.Lock()
        # The thread that made the client: on asyncio, it runs the app's loop while it waits.
        self._owner_thread = threading.get_ident()

    def __enter__(self) -> TestClient[T]:
        with self._enter_lock:  # threads entering at once: one starts the app, the others nest
            return self._enter()

    def _enter(self) -> TestClient[T]:
        if self._exit_stack is not None:
            # Already entered (a fixture's ``with`` and the test's own): the outermost block owns
            # the lifespan, so startup and shutdown each run once.
            self._nested_entries += 1
            return self
        started_here = self._loop_runner is None
        portal = self._start_portal()
        with ExitStack() as stack:
            if started_here:
                # A loop that was already running (the client was used before ``with``) stays until
                # close(): what was bound to it, such as a Redis pool, keeps working after the block.
                stack.callback(self._stop_portal)
            lifespan: LifeSpanHandler[Any] = LifeSpanHandler(self.app, timeout=self.lifespan_timeout)
            self.async_transport.lifespan_state = lifespan.state
            stack.callback(lifespan.close)
            # One trip to the loop to start up and one to shut down (each trip costs a thread switch).
            stack.callback(portal_call, portal, self._shut_down, lifespan)
            portal_call(portal, self._start_up, lifespan)
            self._exit_stack = stack.pop_all()
        self._lifespan_entered = True
        return self

    async def _start_up(self, lifespan: LifeSpanHandler[Any]) -> None:
        self.async_transport.spawner.start(lifespan.run, track=False)
        await lifespan.startup()

    @staticmethod
    async def _shut_down(lifespan: LifeSpanHandler[Any]) -> None:
        try:
            await lifespan.shutdown()
        finally:
            await lifespan.wait_closed()

    def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        """Send ``request`` to the app (httpx's ``send``; every request method goes through it)."""
        self._warn_if_lifespan_skipped()
        if kwargs.get("stream"):
            request.extensions[STREAM_EXTENSION] = True
        return super().send(request, **kwargs)

    # The loop's owner: a ``LoopRunner`` on asyncio, anyio's portal on trio; ``None`` before first use.
    _loop_runner: BlockingPortal | LoopRunner | None = None

    @property
    def blocking_portal(self) -> BlockingPortal | None:
        """The anyio blocking portal of the client's event loop, once the client has a loop (1.5x).

        On asyncio, the loop moves to a thread of its own for the portal to serve (see ``portal``).
        """
        runner = self._loop_runner
        return runner.portal() if isinstance(runner, LoopRunner) else runner

    @blocking_portal.setter
    def blocking_portal(self, portal: BlockingPortal | None) -> None:
        self._loop_runner = portal

    def _start_portal(self) -> BlockingPortal | LoopRunner:
        """The client's blocking portal (its event loop thread), started on first use.

        One loop serves everything until the ``with`` block ends or the client is closed, inside and
        outside ``with``: clients of async services (a Redis pool, say) are bound to the loop they
        first ran on, so a loop per request would break them.
        """
        with self._portal_lock:  # threads sending their first requests at once share one loop
            return self._loop_runner or self._create_portal()

    def _create_portal(self) -> BlockingPortal | LoopRunner:
        if self.backend == "asyncio":
            # The test's own thread runs the loop while it waits for a call (see ``LoopRunner``).
            runner = LoopRunner(
                self.backend_options, owner=self._owner_thread, followed=self.async_transport.spawner.follows
            )
            self._loop_runner = runner
            self._portal_finalizer = weakref.finalize(self, _close_in_background, runner)
            return runner
        stack = ExitStack()
        portal = stack.enter_context(
            start_blocking_portal(backend=self.backend, backend_options=self.backend_options)
        )
        # Trio: a nursery on the loop for the app's tasks (one per request or websocket); trio
        # starts tasks only in one, and stopping the portal cancels it with what runs there.
        _, self.async_transport.spawner.task_group = portal.start_task(_hold_task_group)
        self._loop_runner = portal
        self._portal_stack = stack
        # A client dropped without close() still stops its thread when it is collected.
        self._portal_finalizer = weakref.finalize(
            self, _stop_in_background, stack, portal, self.async_transport.spawner
        )
        return portal

    def _stop_portal(self) -> None:
        stack, self._portal_stack = self._portal_stack, None
        portal, self._loop_runner = self._loop_runner, None
        if self._portal_finalizer is not None:
            self._portal_finalizer.detach()
            self._portal_finalizer = None
        spawner = self.async_transport.spawner
        spawner.task_group = None
        if isinstance(portal, LoopRunner):
            _close_runner(portal, spawner)
        elif stack is not None and portal is not None:
            _stop(stack, portal, spawner)

    @contextmanager
    def portal(self) -> Generator[BlockingPortal, None, None]:
        """Yield the client's blocking portal, to run async code from sync code (1.5x API).

        Inside ``with`` it is the portal the app runs on; outside, one started on first use and kept
        until the client is closed.
        """
        portal = self._start_portal()
        yield portal.portal() if isinstance(portal, LoopRunner) else portal

    def close(self) -> None:
        """Close the client and stop its event loop thread."""
        super().close()
        if self._exit_stack is None:
            self._stop_portal()

    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        with self._enter_lock:
            if self._nested_entries:
                self._nested_entries -= 1
                return
            stack, self._exit_stack = self._exit_stack, None
        if stack is not None:
            stack.close()

    def websocket_connect(
        self,
        url: str,
        subprotocols: Sequence[str] | None = None,
        params: Any = None,
        headers: Any = None,
        cookies: Any = None,
        auth: Any = httpx.USE_CLIENT_DEFAULT,
        follow_redirects: Any = httpx.USE_CLIENT_DEFAULT,
        timeout: Any = httpx.USE_CLIENT_DEFAULT,
        extensions: Mapping[str, Any] | None = None,
    ) -> WebSocketTestSession:
        """Open a websocket to ``url``; use the result in a ``with`` block.

        The handshake carries the client's base URL, headers and cookies; cookies the app sets when
        it accepts go into the client's jar. The read timeout (``timeout``, else the client's)
        bounds the handshake and is the default of each ``receive``. ``auth`` and
        ``follow_redirects`` are accepted for 1.5x compatibility and have no effect.

        Raises:
            WebSocketDisconnect: On entering the block, when the app closes the connection instead of
                accepting it (with the app's close code and reason).
        """
        request = self._handshake(url, subprotocols, params, headers, cookies, timeout, extensions)
        return WebSocketTestSession(self, AsyncWebSocketTestSession(self, request))

    # --- sessions -------------------------------------------------------------------------------------

    def set_session_data(self, data: dict[str, Any]) -> None:
        """Make ``data`` the session of the next requests, through the app's own session backend.

        Works inside and outside the client's ``with`` block, for the cookie backend and every
        server-side backend: the data goes into the store (or the encrypted cookies) and the session
        cookie into this client's cookie jar.

        Raises:
            ImproperlyConfiguredException: When the app has no session middleware, or a cookie option
                (``secure`` over ``http://``, a ``domain`` that is not this client's host) would keep
                the cookie from reaching the app.
        """
        from starlite.testing._sessions import set_session_data

        with self.portal() as portal:
            portal.call(set_session_data, self, data)

    def get_session_data(self) -> dict[str, Any]:
        """Return the session the next request would carry (``{}`` when there is none).

        Raises:
            ImproperlyConfiguredException: As ``set_session_data``.
        """
        from starlite.testing._sessions import get_session_data

        with self.portal() as portal:
            return portal.call(get_session_data, self)

    # The three below are 1.5x's older session API, pending deprecation there since 1.34.

    @property
    def session(self) -> Any:
        """The app's cookie session backend (pending deprecation: use ``session_backend``).

        Raises:
            ImproperlyConfiguredException: When the app's session backend is not the cookie backend.
        """
        _warn_pending("session", "session_backend")
        return self._cookie_backend("session")

    def create_session_cookies(self, session_data: dict[str, Any]) -> dict[str, str]:
        """The cookies that carry ``session_data`` (pending deprecation: use ``set_session_data``).

        Raises:
            ImproperlyConfiguredException: When the app's session backend is not the cookie backend.
        """
        _warn_pending("create_session_cookies", "set_session_data")
        backend = self._cookie_backend("create_session_cookies")
        values = backend.dump_data(session_data)
        return {f"{backend.config.key}-{index}": value.decode("ascii") for index, value in enumerate(values)}

    def get_session_from_cookies(self) -> dict[str, Any]:
        """The session held by this client's cookies (pending deprecation: use ``get_session_data``)."""
        _warn_pending("get_session_from_cookies", "get_session_data")
        return self.get_session_data()

    def _cookie_backend(self, name: str) -> Any:
        from starlite.testing._sessions import _is_cookie_backend

        backend = self.session_backend
        if not _is_cookie_backend(backend):
            raise ImproperlyConfiguredException(f"{name} needs the cookie session backend")
        return backend


def _warn_pending(name: str, alternative: str) -> None:
    warnings.warn(
        f"TestClient.{name} is pending deprecation (as in Starlite 1.5x); use TestClient.{alternative}",
        PendingDeprecationWarning,
        stacklevel=3,
    )


async def _hold_task_group(*, task_status: anyio.abc.TaskStatus[anyio.abc.TaskGroup]) -> None:
    async with anyio.create_task_group() as task_group:
        task_status.started(task_group)
        await anyio.sleep_forever()


async def _stop_tasks(portal: BlockingPortal, spawner: TaskSpawner) -> None:
    await spawner.cancel_all()  # the app's tasks still running (a response left open)
    await portal.stop(cancel_remaining=True)


def _stop(stack: ExitStack, portal: BlockingPortal, spawner: TaskSpawner) -> None:
    """Stop a client's loop thread, cancelling what still runs there (a request left hanging)."""
    try:
        portal.call(_stop_tasks, portal, spawner)
    except RuntimeError:  # already stopped
        pass
    stack.close()


def _close_runner(runner: LoopRunner, spawner: TaskSpawner) -> None:
    """Close a client's loop, cancelling what still runs there (a request left hanging)."""
    try:
        runner.call(spawner.cancel_all)
    except RuntimeError:  # already closed
        return
    runner.close()


def _close_in_background(runner: LoopRunner) -> None:
    # As ``_stop_in_background``: the collector may run inside another event loop, which could not
    # run this one; a thread of its own closes it.
    threading.Thread(target=runner.close, daemon=True).start()


def _stop_in_background(stack: ExitStack, portal: BlockingPortal, spawner: TaskSpawner) -> None:
    # Finalizers run wherever the garbage collector happens to run, possibly on the loop thread
    # itself: stopping from there would wait on itself. Another thread does it.
    threading.Thread(target=_stop, args=(stack, portal, spawner), daemon=True).start()
