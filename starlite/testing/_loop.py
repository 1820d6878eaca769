"""The event loop of a sync ``TestClient`` on asyncio: run by the test's own thread while it waits.

A loop in a thread of its own (anyio's blocking portal) makes every request two thread switches,
about 70 µs, and every client a thread start. ``LoopRunner`` instead runs the client's loop in the
thread that calls it, for as long as the call lasts: the test thread blocks on the request either
way, so it may as well drive the app.

That is only right while nothing on the loop needs to run between calls. The runner moves the same
loop to a thread of its own, for good, and everything on it carries on there, as soon as:

- a call ends and leaves work running that no later call would drive: a task the app started (a
  job, a periodic task started at startup) rather than one the client itself follows (a request
  being streamed, an open websocket, the lifespan);
- a call comes from another thread (a test sending requests from a thread pool, whose requests may
  wait for each other), or from a thread that already runs an event loop (an async test);
- ``portal()`` is asked for: a real anyio ``BlockingPortal``, for code that calls in from anywhere.

So an app with no background work, the usual case, is served in the test's thread, and one with
background work behaves as it would with a loop thread from its first call on.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
from collections.abc import Callable, Coroutine, Mapping
from concurrent.futures import Future
from typing import Any, TypeVar

import sniffio
from anyio.from_thread import BlockingPortal

T = TypeVar("T")

__all__ = ("LoopRunner",)

# What ``run_until_complete`` adds to the task it runs. anyio ties its worker threads (those of
# ``to_thread.run_sync``, which runs sync handlers) to the task that carries it, and stops them when
# that task ends: the runner's root task carries it, so the workers outlive each call.
_ROOT_MARK: Callable[..., Any] | None = getattr(asyncio.base_events, "_run_until_complete_cb", None)


def _new_loop(options: Mapping[str, Any]) -> asyncio.AbstractEventLoop:
    """A loop as ``anyio.run`` would make it from the same backend options."""
    factory = options.get("loop_factory")
    if factory is None and options.get("use_uvloop"):
        import uvloop  # the option asks for it: a missing uvloop is the user's ImportError to see

        factory = uvloop.new_event_loop
    loop: asyncio.AbstractEventLoop = factory() if factory is not None else asyncio.new_event_loop()
    if options.get("debug"):
        loop.set_debug(True)
    return loop


class LoopRunner:
    """An asyncio event loop that the thread calling ``call`` runs until its coroutine is done.

    Args:
        backend_options: anyio's asyncio backend options (``debug``, ``use_uvloop``, ``loop_factory``).
        owner: The thread that may run the loop itself (``threading.get_ident()``; the current thread
            by default). Calls from any other thread move the loop to a thread of its own.
        followed: Tells whether a task still running after a call is one the client follows (a
            streamed response, a websocket, the lifespan), which later calls drive; any other task
            moves the loop to a thread of its own.
    """

    def __init__(
        self,
        backend_options: Mapping[str, Any] | None = None,
        owner: int | None = None,
        followed: Callable[[asyncio.Task[Any]], bool] | None = None,
    ) -> None:
        self.loop = _new_loop(backend_options or {})
        self._owner = owner if owner is not None else threading.get_ident()
        self._followed = followed or (lambda task: False)
        self._lock = threading.Lock()
        # The thread running the loop for a call, when one is.
        self._runner: int | None = None
        # Set when the loop must move to a thread of its own once the current call ends.
        self._move = False
        self._moved = threading.Event()
        self._thread: threading.Thread | None = None
        self._portal: BlockingPortal | None = None
        self._portal_lock = threading.Lock()
        self._closed = False
        self._root = self.loop.create_task(_rest(), name="starlite-testclient-root")
        if _ROOT_MARK is not None:
            self._root.add_done_callback(_ROOT_MARK)

    @property
    def threaded(self) -> bool:
        """Whether the loop runs in a thread of its own."""
        return self._thread is not None

    def call(self, func: Callable[..., Coroutine[Any, Any, T]], *args: Any) -> T:
        """Run ``func(*args)`` on the loop and return its result (as ``BlockingPortal.call``).

        Raises:
            RuntimeError: When called from the loop itself (it would wait for itself), or after
                ``close``.
        """
        me = threading.get_ident()
        with self._lock:
            if self._closed:
                raise RuntimeError("This test client's event loop is closed")
            if self._runner == me:
                raise RuntimeError("The test client cannot be called from the app's own event loop")
            local = self._thread is None and self._runner is None and me == self._owner and not _in_a_loop()
            if local:
                self._runner = me
            elif self._thread is None:
                if self._runner is not None:
                    self._move = True  # the thread running the loop now moves it when its call ends
                else:
                    self._start_thread()
        if local:
            try:
                return self._run_here(func, *args)
            finally:
                with self._lock:
                    self._runner = None
                    if self._move or self._work_left():
                        self._start_thread()
        return self._submit(func, *args).result()

    def _run_here(self, func: Callable[..., Coroutine[Any, Any, T]], *args: Any) -> T:
        # Through a plain future rather than ``run_until_complete(task)``: the root task stays the
        # only task anyio takes for the one ``run_until_complete`` runs.
        task = self.loop.create_task(func(*args))
        done = self.loop.create_future()
        task.add_done_callback(lambda _: None if done.done() else done.set_result(None))
        self.loop.run_until_complete(done)
        return task.result()

    def _work_left(self) -> bool:
        """Whether a task the client does not follow is still running (work between calls)."""
        root, followed = self._root, self._followed
        return any(task is not root and not followed(task) for task in asyncio.all_tasks(self.loop))

    def _submit(self, func: Callable[..., Coroutine[Any, Any, T]], *args: Any) -> Future[T]:
        """Start ``func(*args)`` on the loop from another thread; the future gets its outcome.

        The task starts in an empty context: the caller's could name another async library (a trio
        test's), and anyio would believe the app runs on it.
        """
        outcome: Future[T] = Future()

        async def run() -> None:
            try:
                outcome.set_result(await func(*args))
            except BaseException as exc:  # the caller re-raises it, whatever it is
                outcome.set_exception(exc)

        self.loop.call_soon_threadsafe(self.loop.create_task, run(), context=contextvars.Context())
        return outcome

    def _start_thread(self) -> None:
        # Called with the lock held and the loop stopped: from now on it runs in this thread.
        self._move = False
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self.loop)
            self.loop.call_soon(ready.set)
            self.loop.run_forever()

        self._thread = threading.Thread(target=run, name="starlite-testclient-loop", daemon=True)
        self._thread.start()
        ready.wait()
        self._moved.set()

    def portal(self) -> BlockingPortal:
        """A blocking portal on this loop; the loop moves to a thread of its own for it to serve."""
        with self._portal_lock:
            if self._portal is None:
                with self._lock:
                    if self._thread is None:
                        if self._runner is None:
                            self._start_thread()
                        else:
                            self._move = True  # another thread runs a call: it moves the loop after
                # The portal must be made in the loop's own thread, which it takes for its home.
                self._moved.wait()
                opened: Future[BlockingPortal] = Future()
                self.loop.call_soon_threadsafe(
                    self.loop.create_task, _serve_portal(opened), context=contextvars.Context()
                )
                self._portal = opened.result()
            return self._portal

    def close(self) -> None:
        """Cancel what still runs on the loop, stop its thread if it has one, and close it."""
        if _in_a_loop():
            # This thread runs another loop (an async test closing a sync client): it cannot run
            # this one, so a thread of its own closes it.
            closer = threading.Thread(target=self.close, name="starlite-testclient-close")
            closer.start()
            closer.join()
            return
        with self._lock:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
        portal, self._portal = self._portal, None
        if thread is not None:
            if portal is not None:
                portal.call(portal.stop, True)
            self._submit(_cancel_all, self._root).result()
            self.loop.call_soon_threadsafe(self.loop.stop)
            thread.join()
        else:
            self._run_here(_cancel_all, self._root)
        try:
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
        finally:
            self.loop.close()


def _in_a_loop() -> bool:
    """Whether this thread runs an event loop already (asyncio's, trio's or any sniffio knows)."""
    try:
        sniffio.current_async_library()
    except sniffio.AsyncLibraryNotFoundError:
        return False
    return True


async def _rest() -> None:
    await asyncio.Event().wait()


async def _serve_portal(opened: Future[BlockingPortal]) -> None:
    async with BlockingPortal() as portal:
        opened.set_result(portal)
        await portal.sleep_until_stopped()


async def _cancel_all(root: asyncio.Task[None]) -> None:
    """Cancel every other task on the loop, the root last, and wait for them to finish."""
    if _ROOT_MARK is not None:
        root.remove_done_callback(_ROOT_MARK)  # it would stop the loop when the root ends
    me = asyncio.current_task()
    tasks = [task for task in asyncio.all_tasks() if task is not me and task is not root]
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.gather(*tasks, return_exceptions=True)
    root.cancel()
    await asyncio.gather(root, return_exceptions=True)
