"""The file session backend on a directory that turns read-only, or fills up, while the app runs.

The directory is a small tmpfs of the test's own (``mount -t tmpfs -o size=64k``), made read-only
with ``mount -o remount,ro`` and filled with a filler file: both refuse writes to root too, which a
``chmod`` would not. Where mounting is not allowed the tests are skipped.

What a user of the app must see: writing or deleting a session is a 503 with a clean JSON body,
reading one still works, requests that do not use the session are answered, no session file is
ever left half written (no temporary file stays behind, a stored session keeps its bytes), one
WARNING line per failure, and writes work again as soon as the directory does.
"""

from __future__ import annotations

import errno
import logging
import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from starlite import Starlite
from starlite.middleware.session.file_backend import FileBackendConfig
from starlite.testing import AsyncTestClient
from tests.faults.conftest import CYCLES, log_in, use_session
from tests.faults.served_app import SESSION_HANDLERS
from tests.session_stores import remount, tmpfs

pytestmark = pytest.mark.anyio

_DETAIL = {"status_code": 503, "detail": "The file session store is unavailable"}


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """The file backend runs on both event loops."""
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def directory(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "sessions", size="64k") as mounted:
        yield mounted


@asynccontextmanager
async def _serving(directory: Path) -> AsyncIterator[AsyncTestClient[Any]]:
    config = FileBackendConfig(storage_path=directory)
    app = Starlite(SESSION_HANDLERS, middleware=[config.middleware])
    async with AsyncTestClient(app) as client:
        yield client


def _files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in directory.iterdir() if path.name != "filler"}


def _assert_clean_503(response: Any, directory: Path) -> None:
    assert response.status_code == 503
    assert response.json() == _DETAIL
    assert "set-cookie" not in response.headers
    assert str(directory) not in response.text


def _assert_one_warning_each(records: list[logging.LogRecord], failures: int, session_id: str) -> None:
    lines = [record for record in records if record.name.startswith("starlite")]
    assert len(lines) == failures, [record.getMessage() for record in lines]
    for record in lines:
        assert record.levelno == logging.WARNING
        assert record.exc_info is None
        assert "file session store is unavailable" in record.getMessage()
        assert session_id not in record.getMessage()  # the file names are session ids


async def test_a_directory_turned_read_only(directory: Path, caplog: pytest.LogCaptureFixture) -> None:
    async with _serving(directory) as client:
        for cycle in range(CYCLES):
            session_id = await log_in(client, {"user": "ada", "cycle": cycle})
            before = _files(directory)
            remount(directory, read_only=True)
            try:
                caplog.clear()
                with caplog.at_level(logging.INFO, logger="starlite"):
                    use_session(client, session_id)
                    # Reading needs no write: served as usual.
                    assert (await client.get("/session")).json() == {"user": "ada", "cycle": cycle}
                    assert (await client.get("/plain")).text == "fine"
                    _assert_clean_503(await client.post("/session", json={"user": "mallory"}), directory)
                    _assert_clean_503(await client.post("/logout"), directory)
                    use_session(client, None)
                    _assert_clean_503(await client.post("/session", json={"new": True}), directory)
                _assert_one_warning_each(caplog.records, 3, session_id)
                assert _files(directory) == before  # nothing changed, nothing half written
            finally:
                remount(directory, read_only=False)
            # Writable again: the next write goes through, with no restart.
            use_session(client, session_id)
            assert (await client.post("/session", json={"after": cycle})).status_code == 201
            assert (await client.get("/session")).json() == {"user": "ada", "cycle": cycle, "after": cycle}
            assert (await client.post("/logout")).status_code == 201
            assert not _files(directory)


def _fill(directory: Path) -> None:
    """Write a filler file until the file system refuses another byte."""
    with open(directory / "filler", "wb", buffering=0) as filler:
        while True:
            try:
                filler.write(b"\0" * 4096)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
                break
        while True:  # the last partial page
            try:
                filler.write(b"\0")
            except OSError:
                return


async def test_a_full_directory(directory: Path, caplog: pytest.LogCaptureFixture) -> None:
    async with _serving(directory) as client:
        for cycle in range(CYCLES):
            session_id = await log_in(client, {"user": "ada", "cycle": cycle})
            _fill(directory)
            before = _files(directory)
            caplog.clear()
            with caplog.at_level(logging.INFO, logger="starlite"):
                use_session(client, session_id)
                _assert_clean_503(await client.post("/session", json={"note": "x" * 8192}), directory)
                use_session(client, None)
                _assert_clean_503(await client.post("/session", json={"new": True}), directory)
                use_session(client, session_id)
                assert (await client.get("/session")).json() == {"user": "ada", "cycle": cycle}
                assert (await client.get("/plain")).text == "fine"
            _assert_one_warning_each(caplog.records, 2, session_id)
            # The refused writes left no temporary file, and the stored session kept its bytes.
            assert _files(directory) == before
            os.unlink(directory / "filler")
            # Space is back: writes go through again.
            assert (await client.post("/session", json={"note": "x" * 8192})).status_code == 201
            stored = (await client.get("/session")).json()
            assert stored == {"user": "ada", "cycle": cycle, "note": "x" * 8192}
            assert (await client.post("/logout")).status_code == 201
            assert not _files(directory)
