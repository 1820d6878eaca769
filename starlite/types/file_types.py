"""What a file system must offer to serve files: ``FileSystemProtocol`` and the ``FileInfo`` it returns."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any, Literal, Protocol

from typing_extensions import NotRequired, TypedDict

if TYPE_CHECKING:
    from collections.abc import Awaitable

    from anyio import AsyncFile

    from starlite.types.composite_types import PathType

__all__ = ("FileInfo", "FileSystemProtocol")


class FileInfo(TypedDict):
    """What a file system knows of a path; the keys of fsspec's ``info()``."""

    created: float
    """Creation (or metadata change) time, as ``stat_result.st_ctime``."""
    destination: NotRequired[bytes | None]
    """The target of a symbolic link."""
    gid: int
    """The owner's group id."""
    ino: int
    """The inode number."""
    islink: bool
    """Whether the path is a symbolic link."""
    mode: int
    """The protection bits."""
    mtime: float
    """Modification time."""
    name: str
    """The path."""
    nlink: int
    """The number of hard links."""
    size: int
    """The size in bytes (of the target, for a link)."""
    type: Literal["file", "directory", "other"]
    """What the path is."""
    uid: int
    """The owner's user id."""


class FileSystemProtocol(Protocol):
    """A file system files can be served from: ``info`` and ``open``, sync or async.

    fsspec's file systems (``fsspec.implementations.local.LocalFileSystem``, S3, ...) have this shape;
    ``starlite.utils.file.BaseLocalFileSystem`` is the default.
    """

    def info(self, path: PathType, **kwargs: Any) -> FileInfo | Awaitable[FileInfo]:
        """Return what the file system knows of ``path``."""

    def open(self, file: PathType, mode: str, buffering: int = -1) -> IO[Any] | Awaitable[AsyncFile[Any]]:
        """Open ``file``; the result is used in a ``with`` (or ``async with``) block."""
