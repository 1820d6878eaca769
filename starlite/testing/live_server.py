"""Serve an app with uvicorn in a child process, for tests that need a real socket.

The in-process test clients never open a socket. Some behaviour only shows up over one: a browser or
another process calling the app, streaming through a real HTTP stack, lifespan hooks run by a real
server, signal handling. ``LiveServer`` starts ``python -m uvicorn`` on a free loopback port and hands
out httpx clients aimed at it; the process is always ended when the ``with`` block is left.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from types import ModuleType, TracebackType
from typing import IO, Any, TypedDict

import anyio
import anyio.to_thread
import httpx
from typing_extensions import Unpack

from starlite.exceptions import MissingDependencyException, StarLiteException

__all__ = (
    "LiveServer",
    "LiveServerError",
    "LiveServerOptions",
    "async_live_server_client",
    "live_server_client",
)

# uvicorn logs this line (at INFO) once the socket is being served, which is after lifespan start-up.
_READY_MARKER = "Uvicorn running on"


class LiveServerError(StarLiteException, RuntimeError):
    """The live server did not start, or was used in a state it is not in.

    Attributes:
        exit_code: The server process's exit code, when it had ended; negative for a signal.
        output: What the server process wrote (stdout and stderr together) up to the failure.
    """

    def __init__(self, message: str, *, exit_code: int | None = None, output: str = "") -> None:
        self.exit_code = exit_code
        self.output = output
        super().__init__(f"{message}\nServer output:\n{output}" if output else message)


class LiveServerOptions(TypedDict, total=False):
    """The keyword options of ``LiveServer``, accepted by the client helpers too."""

    factory: bool
    env: Mapping[str, str]
    startup_timeout: float
    shutdown_timeout: float
    uvicorn_options: Sequence[str]
    cwd: str | os.PathLike[str]


class LiveServer:
    """An app served by uvicorn in a child process on ``127.0.0.1`` and a free port.

    Use it as a context manager, sync or async; the server is ready when the block starts and its
    process has ended when the block is left, however it is left::

        with LiveServer("myproject.app:app") as server, server.client() as client:
            assert client.get("/health").status_code == 200

    The child runs the same interpreter with the parent's ``sys.path`` prepended to ``PYTHONPATH``, so
    it imports the same code. On leaving, the process gets SIGTERM, which lets uvicorn run the app's
    shutdown hooks, and is killed if it has not ended within ``shutdown_timeout`` seconds.

    Readiness is read from uvicorn's ``Uvicorn running on`` log line, so ``uvicorn_options`` must not
    set ``--log-level`` above ``info``.

    Args:
        app: An import string (``"package.module:attribute"``), or an app (or, with ``factory``, a
            factory) bound to a name at the top level of an imported module, which is looked up in
            ``sys.modules``.
        factory: Call ``app`` with no arguments to get the ASGI app (uvicorn's ``--factory``).
        env: Environment variables to set in the server process, over the parent's.
        startup_timeout: Seconds to wait for the server to start serving.
        shutdown_timeout: Seconds to wait after SIGTERM before killing the process.
        uvicorn_options: Extra ``uvicorn`` command line arguments, such as ``["--http", "h11"]``.
        cwd: The server process's working directory; the parent's when ``None``.

    Raises:
        ValueError: ``app`` is not an import string and cannot be found in an imported module.
    """

    def __init__(
        self,
        app: Any,
        *,
        factory: bool = False,
        env: Mapping[str, str] | None = None,
        startup_timeout: float = 20.0,
        shutdown_timeout: float = 5.0,
        uvicorn_options: Sequence[str] = (),
        cwd: str | os.PathLike[str] | None = None,
    ) -> None:
        self.import_string = _import_string_for(app)
        self.factory = factory
        self.env = dict(env or {})
        self.startup_timeout = startup_timeout
        self.shutdown_timeout = shutdown_timeout
        self.uvicorn_options = list(uvicorn_options)
        self.cwd = cwd
        self._process: subprocess.Popen[str] | None = None
        self._port: int | None = None
        self._lines: list[str] = []
        self._lines_lock = threading.Lock()
        self._ready = threading.Event()
        self._output_ended = threading.Event()
        self._abandoned = threading.Event()  # an async start was cancelled
        self._reader: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port the server listens on.

        Raises:
            LiveServerError: The server was never started.
        """
        if self._port is None:
            raise LiveServerError("The live server has not been started")
        return self._port

    @property
    def url(self) -> str:
        """The server's base URL, such as ``http://127.0.0.1:54321``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        """The server process's id, or ``None`` before it is started."""
        return None if self._process is None else self._process.pid

    @property
    def exit_code(self) -> int | None:
        """The process's exit code once it has ended (negative for a signal), else ``None``."""
        return None if self._process is None else self._process.poll()

    @property
    def output(self) -> str:
        """Everything the server process wrote, stdout and stderr interleaved; complete after stopping."""
        with self._lines_lock:
            return "".join(self._lines)

    def start(self) -> None:
        """Start the server process and wait until it serves requests.

        Raises:
            MissingDependencyException: uvicorn is not installed.
            LiveServerError: The process ended, or did not start serving within ``startup_timeout``
                seconds; the message holds its exit code and output. Or the server is already running.
        """
        if self._process is not None and self._process.poll() is None:
            raise LiveServerError("The live server is already running")
        if importlib.util.find_spec("uvicorn") is None:
            raise MissingDependencyException("uvicorn", install_package="uvicorn[standard]", extra="standard")
        self._lines = []
        self._ready.clear()
        self._output_ended.clear()
        # Binding port 0 here and passing the listening socket down (uvicorn's --fd) leaves no window in
        # which another process could take the port between picking it and binding it.
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            listener.bind(("127.0.0.1", 0))
            listener.listen()
            self._port = listener.getsockname()[1]
            process = subprocess.Popen(
                self._command(listener.fileno()),
                pass_fds=(listener.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                encoding="utf-8",
                errors="replace",
                env=self._environment(),
                cwd=self.cwd,
            )
        finally:
            # The child has its own copy now; ours would keep the port accepting after the child ends.
            listener.close()
        self._process = process
        _running_servers.add(self)
        if self._abandoned.is_set():  # cancelled while the process was being started
            self.stop()
            raise LiveServerError("The live server's start was cancelled; the process was stopped")
        # Reading every line, not only until the ready one, keeps the pipe drained: a child blocked on a
        # full pipe would stop serving.
        assert process.stdout is not None
        try:
            self._reader = threading.Thread(
                target=self._read_output,
                args=(process.stdout,),
                name=f"live-server-{process.pid}",
                daemon=True,
            )
            self._reader.start()
            self._wait_until_ready(process)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """End the server process: SIGTERM, then SIGKILL after ``shutdown_timeout`` seconds.

        Does nothing when the process is not running. Safe to call more than once.
        """
        process = self._process
        if process is None:
            return
        try:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(self.shutdown_timeout)
                except subprocess.TimeoutExpired:
                    pass
        finally:
            # Also reached on a KeyboardInterrupt during the wait: the process must not outlive us.
            if process.poll() is None:
                process.kill()
                process.wait()
            _running_servers.discard(self)
        if self._reader is not None:
            # A grandchild that inherited the pipe could keep it open; do not wait for it forever.
            self._reader.join(timeout=2)

    def client(self, **httpx_kwargs: Any) -> httpx.Client:
        """Make an ``httpx.Client`` whose ``base_url`` is the server's URL.

        Environment proxies are ignored unless ``trust_env=True`` is passed, as a proxy cannot reach
        the test machine's loopback address.

        Args:
            **httpx_kwargs: Further ``httpx.Client`` arguments.

        Returns:
            The client; use it as a context manager to close it.
        """
        httpx_kwargs.setdefault("trust_env", False)
        return httpx.Client(base_url=self.url, **httpx_kwargs)

    def async_client(self, **httpx_kwargs: Any) -> httpx.AsyncClient:
        """Make an ``httpx.AsyncClient`` whose ``base_url`` is the server's URL.

        Environment proxies are ignored unless ``trust_env=True`` is passed, as for ``client``.

        Args:
            **httpx_kwargs: Further ``httpx.AsyncClient`` arguments.

        Returns:
            The client; use it as an async context manager to close it.
        """
        httpx_kwargs.setdefault("trust_env", False)
        return httpx.AsyncClient(base_url=self.url, **httpx_kwargs)

    def __enter__(self) -> LiveServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    async def __aenter__(self) -> LiveServer:
        self._abandoned.clear()
        try:
            # Abandoned on cancellation, so a cancelled test does not wait out the start-up; the
            # flag makes the worker thread stop the process it started and give up.
            await anyio.to_thread.run_sync(self.start, abandon_on_cancel=True)
        except BaseException:
            self._abandoned.set()
            # A cancellation delivered after the worker thread started the server would skip __aexit__.
            await self._stop_shielded()
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self._stop_shielded()

    async def _stop_shielded(self) -> None:
        # Shielded: leaving a cancelled scope must still end the process.
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(self.stop)

    def _command(self, socket_fd: int) -> list[str]:
        command = [sys.executable, "-m", "uvicorn", self.import_string, "--fd", str(socket_fd)]
        command += ["--log-level", "info", "--no-use-colors"]
        if self.factory:
            command.append("--factory")
        return command + self.uvicorn_options

    def _environment(self) -> dict[str, str]:
        environment = {**os.environ, "PYTHONUNBUFFERED": "1", **self.env}
        # An empty entry means "the working directory", which may not be the child's.
        search_path = [os.getcwd() if entry == "" else str(entry) for entry in sys.path]
        if environment.get("PYTHONPATH"):
            search_path.append(environment["PYTHONPATH"])
        environment["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(search_path))
        return environment

    def _read_output(self, stream: IO[str]) -> None:
        with stream:
            for line in stream:
                with self._lines_lock:
                    self._lines.append(line)
                if _READY_MARKER in line:
                    self._ready.set()
        self._output_ended.set()

    def _wait_until_ready(self, process: subprocess.Popen[str]) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while not self._ready.wait(0.05):
            if self._output_ended.is_set() or process.poll() is not None:
                # The output can end a moment before the process does; let it exit with its own code.
                try:
                    process.wait(self.shutdown_timeout)
                except subprocess.TimeoutExpired:
                    pass
                self.stop()
                raise LiveServerError(
                    f"The live server for {self.import_string!r} exited with code {process.returncode} "
                    "before it started serving",
                    exit_code=process.returncode,
                    output=self.output,
                )
            if time.monotonic() >= deadline or self._abandoned.is_set():
                # Killed at once: a server stuck in its startup may not answer SIGTERM either.
                process.kill()
                process.wait()
                self.stop()
                if self._abandoned.is_set():
                    raise LiveServerError("The live server's start was cancelled; the process was stopped")
                raise LiveServerError(
                    f"The live server for {self.import_string!r} did not start serving within "
                    f"{self.startup_timeout} seconds; it was stopped with exit code {process.returncode}",
                    exit_code=process.returncode,
                    output=self.output,
                )


@contextmanager
def live_server_client(app: Any, **options: Unpack[LiveServerOptions]) -> Iterator[httpx.Client]:
    """Serve ``app`` with a ``LiveServer`` and yield a sync httpx client for it.

    Args:
        app: An import string or an app object; see ``LiveServer``.
        **options: ``LiveServer``'s keyword options.

    Yields:
        An ``httpx.Client`` with the server's URL as ``base_url``.
    """
    with LiveServer(app, **options) as server, server.client() as client:
        yield client


@asynccontextmanager
async def async_live_server_client(
    app: Any, **options: Unpack[LiveServerOptions]
) -> AsyncIterator[httpx.AsyncClient]:
    """Serve ``app`` with a ``LiveServer`` and yield an async httpx client for it.

    Args:
        app: An import string or an app object; see ``LiveServer``.
        **options: ``LiveServer``'s keyword options.

    Yields:
        An ``httpx.AsyncClient`` with the server's URL as ``base_url``.
    """
    async with LiveServer(app, **options) as server, server.async_client() as client:
        yield client


def _import_string_for(app: Any) -> str:
    if isinstance(app, str):
        module_path, _, attribute_path = app.partition(":")
        if not module_path or not attribute_path:
            raise ValueError(f"An app import string looks like 'package.module:attribute', not {app!r}")
        return app
    # Every module holding the app at its top level is a candidate (a test module that imported it
    # too). Best: the module a function or class names as its own; then modules another process can
    # import by name; then modules that are not test modules (importing one would re-run its
    # module-level code in the server).
    home = getattr(app, "__module__", None)
    candidates: list[tuple[tuple[bool, bool, bool], str]] = []
    # copy(): another thread importing must not change the dict while it is scanned.
    for module_name, module in sys.modules.copy().items():
        if not isinstance(module, ModuleType):
            continue
        attribute = _attribute_holding(module, app)
        importable = _importable_name(module_name, module)
        if attribute is None or importable is None:
            continue
        rank = (importable != home, not _findable(importable, module), _looks_like_a_test(importable))
        candidates.append((rank, f"{importable}:{attribute}"))
    if candidates:
        return min(candidates)[1]
    raise ValueError(
        f"This {type(app).__name__} object was not found at the top level of an importable module (a script "
        "run by its path is not one), so the server process could not import it; pass an import string "
        "such as 'package.module:app' instead"
    )


def _findable(name: str, module: ModuleType) -> bool:
    """Whether importing ``name`` finds this very module's file (pytest may import test files by path)."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return False
    origin = getattr(module, "__file__", None)
    return spec is not None and (origin is None or spec.origin == origin)


def _looks_like_a_test(name: str) -> bool:
    last = name.rpartition(".")[2]
    return last.startswith("test_") or last.endswith("_test") or last == "conftest"


def _attribute_holding(module: ModuleType, value: Any) -> str | None:
    try:
        namespace = vars(module)
    except Exception:  # a lazy module proxy may fail on attribute access; it cannot hold the app
        return None
    return next((name for name, item in list(namespace.items()) if item is value), None)


def _importable_name(module_name: str, module: ModuleType) -> str | None:
    if module_name != "__main__":
        return module_name
    # A script's module cannot be imported by another process; one run with ``python -m`` can.
    spec = getattr(module, "__spec__", None)
    return None if spec is None or spec.name == "__main__" else str(spec.name)


_running_servers: set[LiveServer] = set()


@atexit.register
def _stop_running_servers() -> None:
    # A safety net for servers never stopped, e.g. started without ``with`` and then forgotten.
    for server in list(_running_servers):
        server.stop()
