"""Reading files through a file system: the local one by default, or any fsspec-like one.

``FileSystemAdapter`` gives every ``FileSystemProtocol`` the same async interface, whether its
``info`` and ``open`` are sync (fsspec's, run in a worker thread) or async (``BaseLocalFileSystem``).
"""

from __future__ import annotations

import os
from stat import S_ISDIR
from typing import TYPE_CHECKING, Any, cast

from anyio import AsyncFile, open_file
from anyio.to_thread import run_sync

from starlite.exceptions import InternalServerException, NotAuthorizedException
from starlite.types.file_types import FileSystemProtocol
from starlite.utils.sync import is_async_callable

if TYPE_CHECKING:
    from os import stat_result

    from starlite.types.composite_types import PathType
    from starlite.types.file_types import FileInfo

__all__ = ("BaseLocalFileSystem", "FileSystemAdapter", "file_info_from_stat")


class BaseLocalFileSystem(FileSystemProtocol):
    """The local file system, read without blocking the event loop (a ``FileSystemProtocol``)."""

    async def info(self, path: PathType, **kwargs: Any) -> FileInfo:
        """Return the ``FileInfo`` of ``path`` (of its target, for a symbolic link).

        Raises:
            FileNotFoundError: When nothing exists at ``path``.
        """
        # One trip to a worker thread for every system call this takes.
        return await run_sync(_local_file_info, path)

    async def open(self, file: PathType, mode: str, buffering: int = -1) -> AsyncFile[Any]:
        """Open ``file`` for async reading or writing."""
        return await open_file(file, mode, buffering)  # type: ignore[call-overload,no-any-return]


class FileSystemAdapter:
    """One async interface over any ``FileSystemProtocol``.

    Args:
        file_system: The file system, with sync or async ``info`` and ``open``.
    """

    __slots__ = ("file_system",)

    def __init__(self, file_system: FileSystemProtocol) -> None:
        self.file_system = file_system

    async def info(self, path: PathType) -> FileInfo:
        """Return the ``FileInfo`` of ``path``.

        Raises:
            FileNotFoundError: When nothing exists at ``path``, or when ``path`` holds a NUL
                character, which no file name can hold (a client's ``%00`` is a 404, not a 500).
            NotAuthorizedException: When the process may not read it (as in 1.5x).
            InternalServerException: On any other error of the file system.
        """
        if "\x00" in str(path):
            raise FileNotFoundError(f"no file name holds a NUL character: {path!r}")
        info = self.file_system.info
        try:
            if is_async_callable(info):
                return cast("FileInfo", await info(str(path)))  # type: ignore[misc]
            return cast("FileInfo", await run_sync(info, str(path)))
        except FileNotFoundError:
            raise
        except PermissionError as exc:
            raise NotAuthorizedException(f"failed to read {path} due to missing permissions") from exc
        except OSError as exc:
            raise InternalServerException() from exc

    async def open(self, file: PathType, mode: str = "rb", buffering: int = -1) -> AsyncFile[Any]:
        """Open ``file``; use the result in an ``async with`` block.

        Raises:
            NotAuthorizedException: When the process may not open it (as in 1.5x).
            InternalServerException: On any other error of the file system.
        """
        open_ = self.file_system.open
        try:
            if is_async_callable(open_):
                return cast("AsyncFile[Any]", await open_(file, mode, buffering))  # type: ignore[misc]
            return AsyncFile(await run_sync(open_, file, mode, buffering))  # type: ignore[arg-type]
        except PermissionError as exc:
            raise NotAuthorizedException(f"failed to open {file} due to missing permissions") from exc
        except OSError as exc:
            raise InternalServerException() from exc

    async def read_range(self, file: PathType, start: int, length: int) -> bytes:
        """Read ``length`` bytes of ``file`` from ``start`` on.

        From the local file system, opening, reading and closing take one trip to a worker thread
        (reading through ``open`` takes one per call).

        Raises:
            NotAuthorizedException: When the process may not open it (as in 1.5x).
            InternalServerException: On any other error of the file system.
        """
        if type(self.file_system) is BaseLocalFileSystem:
            try:
                return await run_sync(_read_local_range, file, start, length)
            except PermissionError as exc:
                raise NotAuthorizedException(f"failed to open {file} due to missing permissions") from exc
            except OSError as exc:
                raise InternalServerException() from exc
        async with await self.open(file) as opened:
            if start:
                await opened.seek(start)
            return await opened.read(length)  # type: ignore[no-any-return]

    @staticmethod
    async def parse_stat_result(path: PathType, result: stat_result) -> FileInfo:
        """Turn an ``os.stat`` result into a ``FileInfo``; a symbolic link gets its target's size."""
        return await run_sync(file_info_from_stat, path, result)


def _read_local_range(path: PathType, start: int, length: int) -> bytes:
    with open(path, "rb") as file:
        if start:
            file.seek(start)
        return file.read(length)


def _local_file_info(path: PathType) -> FileInfo:
    return file_info_from_stat(path, os.stat(path))


def file_info_from_stat(path: PathType, result: stat_result) -> FileInfo:
    """The ``FileInfo`` of ``path`` from its ``os.stat`` result (sync: call it in a worker thread)."""
    file_info: FileInfo = {
        "created": result.st_ctime,
        "gid": result.st_gid,
        "ino": result.st_ino,
        "islink": os.path.islink(path),
        "mode": result.st_mode,
        "mtime": result.st_mtime,
        "name": str(path),
        "nlink": result.st_nlink,
        "size": result.st_size,
        "type": "directory" if S_ISDIR(result.st_mode) else "file",
        "uid": result.st_uid,
    }
    if file_info["islink"]:
        file_info["destination"] = os.fsencode(os.readlink(path))
        try:
            file_info["size"] = os.stat(path).st_size
        except OSError:  # a dangling link: keep the size of the link itself
            file_info["size"] = result.st_size
    return file_info
