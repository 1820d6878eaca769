"""Driving the command line from tests with click's ``CliRunner``, as a script or CI job would run it."""

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from starlite.cli.main import starlite_group
from starlite.testing import TestClient

from . import app as app_module

APP = f"{app_module.__name__}:app"  # "<module>:<attribute>", as for --app or STARLITE_APP


def test_routes() -> None:
    result = CliRunner().invoke(starlite_group, ["--app", APP, "routes"])
    assert result.exit_code == 0
    assert "/login/{name:str} (HTTP)" in result.output
    assert "login async POST" in result.output


def test_write_the_openapi_schema(tmp_path: Path) -> None:
    output = tmp_path / "openapi.json"
    result = CliRunner().invoke(starlite_group, ["--app", APP, "schema", "openapi", "--output", str(output)])
    assert result.exit_code == 0
    assert set(json.loads(output.read_text())["paths"]) == {"/login/{name}", "/me"}


def test_clear_the_sessions() -> None:
    with TestClient(app=app_module.app) as client:
        client.post("/login/ann")
        assert client.get("/me").json() == {"user": "ann"}
        # --yes: no question asked; without it the command asks "Delete all sessions? [y/n]".
        result = CliRunner().invoke(starlite_group, ["--app", APP, "sessions", "clear", "--yes"])
        assert result.exit_code == 0
        assert client.get("/me").json() == {}


def test_what_run_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[list[str]] = []

    def record(args: list[str], **options: Any) -> subprocess.CompletedProcess[bytes]:
        started.append(args)
        return subprocess.CompletedProcess(args, 0)

    monkeypatch.setattr(subprocess, "run", record)
    result = CliRunner().invoke(starlite_group, ["--app", APP, "run", "--port", "8080", "--reload"])
    assert result.exit_code == 0
    assert started == [["uvicorn", APP, "--reload", "--host=127.0.0.1", "--port=8080"]]
