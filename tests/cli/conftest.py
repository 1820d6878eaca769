"""A project directory per test: app files are written into it, and it is the working directory.

The modules a test imports from it are dropped from ``sys.modules`` afterwards and ``sys.path`` is put
back, so the next test's ``app.py`` is imported afresh rather than found in the module cache.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

WriteFile = Callable[[str, str], Path]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    directory = tmp_path / "project"
    directory.mkdir()
    monkeypatch.chdir(directory)
    for name in (
        "STARLITE_APP",
        "STARLITE_DEBUG",
        "STARLITE_HOST",
        "STARLITE_PORT",
        "STARLITE_RELOAD",
        "WEB_CONCURRENCY",
    ):
        monkeypatch.delenv(name, raising=False)
    saved_path = list(sys.path)
    saved_environment = dict(os.environ)  # a .env file loads into os.environ behind monkeypatch's back
    sys.path.insert(0, str(directory))  # as the command line does, so a test can import the app too
    try:
        yield directory
    finally:
        sys.path[:] = saved_path
        os.environ.clear()
        os.environ.update(saved_environment)
        for name, module in list(sys.modules.items()):
            if str(getattr(module, "__file__", None) or "").startswith(str(tmp_path)):
                del sys.modules[name]


@pytest.fixture
def write_file(project: Path) -> WriteFile:
    def write(relative_path: str, content: str) -> Path:
        path = project / relative_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
        importlib.invalidate_caches()  # the import system caches directory listings
        return path

    return write
