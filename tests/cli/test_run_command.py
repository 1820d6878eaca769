"""``starlite run``: the uvicorn command it starts, and one real server answering a request."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from starlite.cli.main import starlite_group
from tests.cli.apps import CREATE_APP, INSTANCE
from tests.cli.conftest import WriteFile
from tests.session_stores import free_port


class RecordedRun:
    def __init__(self) -> None:
        self.calls: list[tuple[list[str], dict[str, Any]]] = []

    def __call__(self, args: list[str], **options: Any) -> subprocess.CompletedProcess[bytes]:
        self.calls.append((args, options))
        return subprocess.CompletedProcess(args, 0)


@pytest.fixture
def recorded_run(monkeypatch: pytest.MonkeyPatch) -> RecordedRun:
    recorded = RecordedRun()
    monkeypatch.setattr(subprocess, "run", recorded)
    return recorded


@pytest.mark.parametrize(
    ("options", "environment", "expected"),
    [
        ([], {}, ["--host=127.0.0.1", "--port=8000"]),
        (
            ["--port", "9001", "--host", "0.0.0.0", "--reload"],
            {},
            ["--host=0.0.0.0", "--port=9001", "--reload"],
        ),
        (
            [],
            {"STARLITE_PORT": "9002", "STARLITE_HOST": "::1", "STARLITE_RELOAD": "1"},
            ["--host=::1", "--port=9002", "--reload"],
        ),
        (["-W", "4"], {}, ["--host=127.0.0.1", "--port=8000", "--workers=4"]),
        ([], {"WEB_CONCURRENCY": "3"}, ["--host=127.0.0.1", "--port=8000", "--workers=3"]),
        (["--web-concurrency", "1"], {}, ["--host=127.0.0.1", "--port=8000"]),
        (
            ["--reload-dir", "src", "--reload-dir", "templates"],
            {},
            ["--host=127.0.0.1", "--port=8000", "--reload", "--reload-dir=src", "--reload-dir=templates"],
        ),
    ],
    ids=["defaults", "options", "environment", "workers", "workers-env", "one-worker", "reload-dirs"],
)
def test_uvicorn_command(
    runner: CliRunner,
    write_file: WriteFile,
    recorded_run: RecordedRun,
    monkeypatch: pytest.MonkeyPatch,
    options: list[str],
    environment: dict[str, str],
    expected: list[str],
) -> None:
    write_file("app.py", INSTANCE)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    result = runner.invoke(starlite_group, ["run", *options])
    assert result.exit_code == 0, result.output
    [(args, call_options)] = recorded_run.calls
    assert args[:2] == ["uvicorn", "app:app"]
    assert sorted(args[2:]) == sorted(expected)
    # The uvicorn of this Python environment, even when its bin directory is not on PATH.
    assert Path(call_options["executable"]).name == "uvicorn"
    assert Path(call_options["executable"]).is_file()


def test_a_factory_is_run_with_uvicorn_factory_option(
    runner: CliRunner, write_file: WriteFile, recorded_run: RecordedRun
) -> None:
    write_file("main.py", CREATE_APP)
    result = runner.invoke(starlite_group, ["run"])
    assert result.exit_code == 0, result.output
    [(args, _)] = recorded_run.calls
    assert sorted(args) == sorted(
        ["uvicorn", "main:create_app", "--host=127.0.0.1", "--port=8000", "--factory"]
    )


def test_reload_and_workers_are_refused_together(
    runner: CliRunner, write_file: WriteFile, recorded_run: RecordedRun
) -> None:
    write_file("app.py", INSTANCE)
    result = runner.invoke(starlite_group, ["run", "--reload", "-W", "2"])
    assert result.exit_code == 1
    assert "--reload and --web-concurrency cannot be used together" in result.output
    assert recorded_run.calls == []


def test_debug_marks_the_app_and_is_shown(
    runner: CliRunner, write_file: WriteFile, recorded_run: RecordedRun
) -> None:
    write_file("app.py", INSTANCE)
    result = runner.invoke(starlite_group, ["run", "--debug"])
    assert result.exit_code == 0, result.output
    assert re.search(r"Debug mode +│ Enabled", result.output)
    # The server's process imports the app afresh: it is told through the environment.
    [(_, options)] = recorded_run.calls
    assert options["env"]["STARLITE_DEBUG"] == "1"
    assert options["env"]["PATH"] == os.environ["PATH"]


def test_without_debug_the_environment_is_inherited(
    runner: CliRunner, write_file: WriteFile, recorded_run: RecordedRun
) -> None:
    write_file("app.py", INSTANCE)
    assert runner.invoke(starlite_group, ["run"]).exit_code == 0
    [(_, options)] = recorded_run.calls
    assert options["env"] is None


def test_uvicorn_failing_is_an_error(
    runner: CliRunner, write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_run(args: list[str], **options: Any) -> None:
        raise subprocess.CalledProcessError(3, args)

    monkeypatch.setattr(subprocess, "run", failing_run)
    write_file("app.py", INSTANCE)
    result = runner.invoke(starlite_group, ["run"])
    assert result.exit_code == 1
    assert "uvicorn exited with status 3" in result.output


DEBUG_APP = """
import os

from starlite import Starlite, get

@get("/")
def hello() -> str:
    return "hello"

@get("/fail")
def fail() -> None:
    raise RuntimeError("the database is on fire")

app = Starlite([hello, fail], debug=os.environ.get("STARLITE_DEBUG") == "1")
"""


@contextmanager
def serving(project: Path, *options: str) -> Iterator[str]:
    """Run ``starlite run`` on a free port of 127.0.0.1 until it answers; yield its URL; stop it."""
    port = free_port()
    starlite = Path(sys.executable).parent / "starlite"
    command = [str(starlite)] if starlite.is_file() else [sys.executable, "-m", "starlite"]
    process = subprocess.Popen(
        [*command, "run", "--port", str(port), *options],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "NO_COLOR": "1"},
        start_new_session=True,  # uvicorn runs as a child of the command: stop the whole group
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url, timeout=2)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    output = process.communicate()[0].decode()
                    pytest.fail(
                        f"starlite run did not answer on port {port} (exit {process.returncode}):\n{output}"
                    )
                time.sleep(0.1)
        yield url
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        assert process.stdout is not None
        process.stdout.close()


def test_a_real_server_answers(project: Path, write_file: WriteFile) -> None:
    write_file("app.py", INSTANCE)
    with serving(project) as url:
        response = httpx.get(f"{url}/")
    assert (response.status_code, response.text) == (200, "hello")


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "no-debug"])
def test_debug_reaches_the_server_s_process(project: Path, write_file: WriteFile, debug: bool) -> None:
    write_file("app.py", DEBUG_APP)
    with serving(project, *(["--debug"] if debug else [])) as url:
        response = httpx.get(f"{url}/fail", headers={"Accept": "text/plain"})
    assert response.status_code == 500
    assert ("the database is on fire" in response.text) is debug
