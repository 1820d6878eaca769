"""``LiveServer``: the app served by a real uvicorn process, reached through httpx over a socket."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import anyio
import pytest

from starlite import Starlite
from starlite.exceptions import MissingDependencyException
from starlite.testing.live_server import (
    LiveServer,
    LiveServerError,
    async_live_server_client,
    live_server_client,
)
from tests.testing import live_apps

APP = "tests.testing.live_apps:app"


def is_running(pid: int | None) -> bool:
    assert pid is not None, "the server process was never started"
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_sync_client_reaches_the_server_process() -> None:
    with LiveServer(APP) as server, server.client() as client:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", server.url)
        assert server.url.endswith(f":{server.port}")
        # The handler reports its own process: the request went to the child, not to this process.
        assert client.get("/").json() == {"pid": server.pid}
        assert server.pid != os.getpid()
        response = client.post("/echo", json={"name": "live"})
        assert response.status_code == 201
        assert response.json() == {"received": {"name": "live"}}


@pytest.mark.anyio
async def test_async_client_get_post_and_stream() -> None:
    async with LiveServer(APP) as server, server.async_client() as client:
        assert (await client.get("/")).json() == {"pid": server.pid}
        response = await client.post("/echo", json=[1, 2])
        assert response.status_code == 400  # the handler wants an object: validated by the real app
        response = await client.post("/echo", json={"a": 1})
        assert response.json() == {"received": {"a": 1}}
        async with client.stream("GET", "/lines", params={"limit": 3}) as stream:
            lines = [line async for line in stream.aiter_lines()]
        assert lines == ["line 0", "line 1", "line 2"]
    assert not is_running(server.pid)


def test_endless_stream_is_read_as_it_is_sent() -> None:
    with live_server_client(APP) as client, client.stream("GET", "/lines") as response:
        assert response.headers["transfer-encoding"] == "chunked"
        assert response.headers["content-type"].startswith("text/plain")
        lines = []
        for line in response.iter_lines():
            lines.append(line)
            if len(lines) == 5:
                break
    assert lines == [f"line {number}" for number in range(5)]


def test_app_object_is_found_in_its_module() -> None:
    assert LiveServer(live_apps.app).import_string == APP
    assert (
        LiveServer(live_apps.create_app, factory=True).import_string == "tests.testing.live_apps:create_app"
    )
    with live_server_client(live_apps.create_app, factory=True) as client:
        assert client.get("/").status_code == 200
        assert client.post("/echo", json={}).status_code == 404  # the factory's app, not ``app``


# The test module holds the app too (as a test that imported it does): the app's own module wins,
# since importing a test module in the server would run the test module's code there.
APP_OBJECT = live_apps.app


def test_an_app_imported_into_a_test_module_is_served_from_its_own_module() -> None:
    assert LiveServer(APP_OBJECT).import_string == APP


@pytest.mark.anyio
async def test_async_helper_serves_an_app_object() -> None:
    async with async_live_server_client(live_apps.app) as client:
        response = await client.post("/echo", json={"from": "async"})
    assert response.json() == {"received": {"from": "async"}}


def test_app_outside_any_module_is_refused() -> None:
    local_app = Starlite(route_handlers=[])
    with pytest.raises(ValueError, match="pass an import string"):
        LiveServer(local_app)


@pytest.mark.parametrize("target", ["tests.testing.live_apps", ":app", "tests.testing.live_apps:"])
def test_malformed_import_string_is_refused(target: str) -> None:
    with pytest.raises(ValueError, match="package.module:attribute"):
        LiveServer(target)


def test_startup_and_shutdown_hooks_run_in_the_server(tmp_path: Path) -> None:
    events = tmp_path / "events.txt"
    with LiveServer(APP, env={live_apps.EVENTS_VARIABLE: str(events)}) as server:
        assert events.read_text() == "startup\n"
    # SIGTERM let uvicorn run the app's shutdown before the process ended.
    assert events.read_text() == "startup\nshutdown\n"
    assert "live app event: shutdown" in server.output
    assert "Application shutdown complete" in server.output


def test_failing_startup_reports_the_exit_code_and_traceback() -> None:
    server = LiveServer("tests.testing.live_apps:failing_startup_app")
    with pytest.raises(LiveServerError) as error_info:
        server.start()
    message = str(error_info.value)
    assert "exited with code 3" in message
    assert "Traceback (most recent call last)" in message
    assert "RuntimeError: the database is not there" in message
    assert error_info.value.exit_code == 3
    assert "the database is not there" in error_info.value.output
    assert not is_running(server.pid)


def test_failing_factory_reports_the_traceback() -> None:
    with pytest.raises(LiveServerError, match=r"(?s)Traceback.*the factory could not build the app"):
        with LiveServer("tests.testing.live_apps:broken_factory", factory=True):
            pytest.fail("the body must not run")


@pytest.mark.parametrize(
    ("target", "complaint"),
    [
        ("tests.testing.live_apps:no_such_app", 'Attribute "no_such_app" not found'),
        ("tests.testing.no_such_module:app", 'Could not import module "tests.testing.no_such_module"'),
    ],
)
def test_bad_import_string_reports_the_server_output(target: str, complaint: str) -> None:
    with pytest.raises(LiveServerError, match="exited with code") as error_info:
        with LiveServer(target):
            pytest.fail("the body must not run")
    assert complaint in str(error_info.value)


def test_startup_timeout_stops_the_process() -> None:
    server = LiveServer(APP, startup_timeout=0.01)
    with pytest.raises(LiveServerError, match="did not start serving within 0.01 seconds"):
        server.start()
    assert server.exit_code is not None
    assert not is_running(server.pid)


def test_a_startup_that_hangs_is_killed_when_the_startup_timeout_passes() -> None:
    # A long shutdown timeout, so that "killed, not stopped politely" has a bound a loaded machine keeps.
    server = LiveServer("tests.testing.live_apps:hanging_startup_app", startup_timeout=1, shutdown_timeout=30)
    started = time.monotonic()
    with pytest.raises(LiveServerError, match="did not start serving within 1 seconds"):
        server.start()
    assert time.monotonic() - started < 15  # not the startup timeout plus the shutdown timeout
    assert not is_running(server.pid)


@pytest.mark.anyio
async def test_cancelling_an_async_start_ends_the_process_without_waiting_for_it() -> None:
    server = LiveServer("tests.testing.live_apps:hanging_startup_app", startup_timeout=30)
    started = time.monotonic()
    with anyio.move_on_after(0.5):
        async with server:
            pytest.fail("the body of a cancelled start must not run")
    assert time.monotonic() - started < 15  # not the 30 s startup timeout
    # The abandoned start-up thread stops the process it started: wait (boundedly) for it.
    with anyio.fail_after(10):
        while server.pid is not None and is_running(server.pid):
            await anyio.sleep(0.05)


@pytest.mark.parametrize("error", [ZeroDivisionError, KeyboardInterrupt])
def test_process_ends_when_the_body_raises(error: type[BaseException]) -> None:
    server = LiveServer(APP)
    with pytest.raises(error), server:
        assert is_running(server.pid)
        raise error
    assert server.exit_code is not None
    assert not is_running(server.pid)
    assert "Application shutdown complete" in server.output


@pytest.mark.anyio
async def test_process_ends_when_the_async_body_is_cancelled() -> None:
    # Cancelled once the server serves and the body runs (a cancel during start-up is the test above).
    server = LiveServer(APP)
    serving = anyio.Event()
    pids: list[int | None] = []

    cancelled: list[bool] = []

    async def body() -> None:
        async with server:
            pids.append(server.pid)
            serving.set()
            try:
                await anyio.sleep(30)
            except anyio.get_cancelled_exc_class():
                cancelled.append(True)
                raise

    with anyio.fail_after(60):  # a hang guard
        async with anyio.create_task_group() as task_group:
            task_group.start_soon(body)
            await serving.wait()
            assert is_running(pids[0])
            task_group.cancel_scope.cancel()
    # Not ``cancel_scope.cancelled_caught``: anyio 4.2 (our minimum) leaves it False on asyncio when only the
    # child task, not the host, received the cancellation.
    assert cancelled == [True]
    assert server.exit_code is not None
    assert not is_running(pids[0])


def test_two_servers_run_side_by_side() -> None:
    with LiveServer(APP) as first, LiveServer(APP) as second:
        assert first.port != second.port
        with first.client() as first_client, second.client() as second_client:
            assert first_client.get("/").json() == {"pid": first.pid}
            assert second_client.get("/").json() == {"pid": second.pid}


def test_server_left_running_is_ended_at_interpreter_exit() -> None:
    script = textwrap.dedent(
        f"""
        from starlite.testing.live_server import LiveServer
        server = LiveServer({APP!r})
        server.start()
        print(server.pid, flush=True)
        """
    )
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    finished = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    pid = int(finished.stdout.split()[0])
    try:
        assert not is_running(pid)
    finally:
        if is_running(pid):
            os.kill(pid, 9)


def test_missing_uvicorn_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    # A ``None`` entry in sys.modules is how Python marks a package as not importable.
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    with pytest.raises(MissingDependencyException, match=r"starlite\[standard\]"):
        LiveServer(APP).start()


def test_url_before_start_is_an_error() -> None:
    with pytest.raises(LiveServerError, match="not been started"):
        _ = LiveServer(APP).url
