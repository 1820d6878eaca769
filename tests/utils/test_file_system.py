"""``BaseLocalFileSystem`` and ``FileSystemAdapter`` (``starlite.utils.file``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Any

import pytest

from starlite.exceptions import InternalServerException, NotAuthorizedException
from starlite.utils.file import BaseLocalFileSystem, FileSystemAdapter

pytestmark = pytest.mark.anyio


class SyncFileSystem:
    """A sync file system, shaped as fsspec's are."""

    def info(self, path: str, **kwargs: Any) -> dict[str, Any]:
        return {"name": path, "size": os.stat(path).st_size, "type": "file"}

    def open(self, file: Any, mode: str, buffering: int = -1) -> IO[Any]:
        return open(file, mode, buffering)  # noqa: SIM115 - the adapter closes it


class NoPermission:
    def info(self, path: str, **kwargs: Any) -> dict[str, Any]:
        raise PermissionError(path)

    def open(self, file: Any, mode: str, buffering: int = -1) -> IO[Any]:
        raise PermissionError(file)


@pytest.mark.parametrize("file_system", [BaseLocalFileSystem(), SyncFileSystem()], ids=["local", "sync"])
async def test_open_and_info(tmp_path: Path, file_system: Any) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"hello")
    adapter = FileSystemAdapter(file_system)
    async with await adapter.open(target) as opened:
        assert await opened.read() == b"hello"
    info = await adapter.info(target)
    assert info["size"] == 5
    assert info["type"] == "file"


async def test_local_info_describes_a_link_by_its_target(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"hello")
    link = tmp_path / "link"
    link.symlink_to(target)
    info = await BaseLocalFileSystem().info(link)
    assert info["name"] == str(link)
    assert info["size"] == 5
    assert info["type"] == "file"


async def test_missing_files() -> None:
    adapter = FileSystemAdapter(BaseLocalFileSystem())
    with pytest.raises(FileNotFoundError):
        await adapter.info("no-such-file")
    with pytest.raises(InternalServerException):
        await adapter.open("no-such-file")


async def test_permission_errors_become_not_authorized() -> None:
    adapter = FileSystemAdapter(NoPermission())  # type: ignore[arg-type]
    with pytest.raises(NotAuthorizedException):
        await adapter.info("x")
    with pytest.raises(NotAuthorizedException):
        await adapter.open("x")
