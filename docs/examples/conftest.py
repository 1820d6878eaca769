"""Collect every module under ``docs/examples`` as a test module.

The examples are named after what they show (``hello_world.py``), not ``test_*.py``, so pytest's
``python_files`` setting would skip them. The hook below collects them anyway; a file whose name
already matches ``python_files`` (or that was named on the command line) is left to pytest's own
collector, so no file is collected twice.

Every directory here has an ``__init__.py``: the examples are imported as ``examples.<area>.<name>``,
which keeps modules of the same basename in different areas from clashing.

pytest rewrites ``assert`` statements only in modules that match ``python_files``; the examples are
registered for rewriting below, so a failing example shows the compared values too.
"""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path

import pytest

EXAMPLES_ROOT = Path(__file__).parent
NOT_EXAMPLES = {"conftest.py", "__init__.py"}


def _register_examples_for_assert_rewriting() -> None:
    package = __name__.rpartition(".")[0]  # "examples" when imported as a package
    if not package:
        return
    for child in EXAMPLES_ROOT.iterdir():
        is_area = child.is_dir() and (child / "__init__.py").exists()
        is_example = child.suffix == ".py" and child.name not in NOT_EXAMPLES
        if is_area or is_example:
            pytest.register_assert_rewrite(f"{package}.{child.stem}")


_register_examples_for_assert_rewriting()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Module | None:
    if file_path.suffix != ".py" or file_path.name in NOT_EXAMPLES:
        return None
    if not file_path.is_relative_to(EXAMPLES_ROOT):
        return None
    # pytest's python plugin already collects these two kinds of file; collecting them here too would
    # run every test twice.
    if parent.session.isinitpath(file_path):
        return None
    if any(_matches(pattern, file_path) for pattern in parent.config.getini("python_files")):
        return None
    return pytest.Module.from_parent(parent, path=file_path)


def _matches(pattern: str, file_path: Path) -> bool:
    """Match ``pattern`` as pytest does: against the file name, or the whole path if it has a slash."""
    return fnmatch(str(file_path), pattern) if "/" in pattern else fnmatch(file_path.name, pattern)


@pytest.fixture(params=[pytest.param("asyncio", id="asyncio"), pytest.param("trio", id="trio")])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Run every ``@pytest.mark.anyio`` example on asyncio and on trio."""
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def fresh_rate_limits(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """For an example whose module-level ``app`` has a rate limit: nothing counted yet, and a clock that
    stands still 15 s into a minute (and an hour, and a day).

    The app, and so its cache of counts, is shared by the example's tests, which would otherwise
    depend on their order; and on the real clock a window could end in the middle of a test.
    """
    from starlite.cache import SimpleCacheBackend
    from starlite.middleware import rate_limit

    monkeypatch.setattr(rate_limit, "time", lambda: 20_000 * 86_400 + 15.25)
    monkeypatch.setattr(request.module.app.cache, "backend", SimpleCacheBackend())
