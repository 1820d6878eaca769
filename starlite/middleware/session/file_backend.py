r"""Server-side sessions kept as files: one file per session in a directory.

Each file holds a header, the session's expiry and its data::

    b"STARLITE-SESSION\x01"  (17 bytes: a magic string and the format version)
    expiry                   (8 bytes: big-endian IEEE 754 double, Unix time in seconds)
    data                     (the rest: the serialized session)

The expiry is wall-clock time, since the files outlive the process that wrote them. The magic header
tells session files apart from anything else in the directory, so ``delete_all`` and
``delete_expired`` remove session files only. A file that is too short or lacks the header reads as
absent.

Writes are atomic: the data goes to a temporary file in the same directory, then ``os.replace`` puts
it in place, so a reader sees the old file or the new one, never part of one. Files are not
``fsync``-ed (a write per request would wait on the disk): after a power failure a session may be
lost, which reads as an empty session, never a corrupted one. All file I/O runs in a worker thread.
"""

from __future__ import annotations

import os
import struct
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import anyio
from anyio import to_thread

from starlite.exceptions import ImproperlyConfiguredException
from starlite.middleware.session._store import store_unavailable
from starlite.middleware.session.base import ServerSideBackend, ServerSideSessionConfig

__all__ = ("FileBackend", "FileBackendConfig")

_T = TypeVar("_T")

_MAGIC = b"STARLITE-SESSION\x01"
_EXPIRY = struct.Struct(">d")
_HEADER_SIZE = len(_MAGIC) + _EXPIRY.size
# Temporary files start with a dot and end in ``.tmp``; a crash can leave one behind, and the
# clean-up methods recognize it by name (its content may be incomplete).
_TEMP_PREFIX = ".starlite-session-"
_TEMP_SUFFIX = ".tmp"
# Looked up at every call, so tests can move time forward without touching ``time.time`` itself.
_now = time.time


class FileBackend(ServerSideBackend["FileBackendConfig"]):
    """Keeps each session in its own file under ``config.storage_path``.

    The directory is created (mode ``0o700``) on the first write; session files are created with
    mode ``0o600``, as they hold session data. Expired files are removed when read, or by
    ``delete_expired``, which an app may call on a schedule.

    A file system error other than a missing file (a full disk, a permission) raises
    ``ServiceUnavailableException``.

    Args:
        config: The backend's configuration.
    """

    def __init__(self, config: FileBackendConfig) -> None:
        super().__init__(config)
        self.storage_path = Path(config.storage_path)
        # The directory as 1.5x offered it: an ``anyio.Path``, with awaitable file operations.
        self.path = anyio.Path(self.storage_path)

    def _path(self, session_id: str) -> Path:
        make_filename = self.config.make_filename
        name = make_filename(session_id) if make_filename is not None else session_id
        # A file name is one path component: no separator, no ``..``, nothing that could escape
        # ``storage_path`` or shadow a temporary file, whatever ``make_filename`` returns.
        if (
            not isinstance(name, str)
            or name in ("", ".", "..")
            or "\x00" in name
            or os.sep in name
            or (os.altsep is not None and os.altsep in name)
            or name.startswith(_TEMP_PREFIX)
        ):
            raise ImproperlyConfiguredException(
                f"Session file name {name!r} is not a plain file name inside storage_path"
            )
        return self.storage_path / name

    async def _run(self, function: Callable[..., _T], *args: Any) -> _T:
        try:
            return await to_thread.run_sync(function, *args)
        except OSError as exc:
            raise store_unavailable("file", exc) from exc

    async def get(self, session_id: str) -> bytes | None:
        """Return the data of ``session_id``, or ``None`` when absent, unreadable or expired.

        An expired file is deleted.
        """
        return await self._run(_read, self._path(session_id))

    async def set(self, session_id: str, data: bytes) -> None:
        """Write ``data`` to ``session_id``'s file, atomically, to expire in ``config.max_age`` seconds."""
        payload = _MAGIC + _EXPIRY.pack(_now() + self.config.max_age) + data
        await self._run(_write, self.storage_path, self._path(session_id), payload)

    async def delete(self, session_id: str) -> None:
        """Delete ``session_id``'s file; a missing file is not an error."""
        await self._run(_unlink, self._path(session_id))

    async def delete_all(self) -> None:
        """Delete every session file in ``storage_path``, and temporary files left by crashed writes.

        Other files in the directory are left alone.
        """
        await self._run(_sweep, self.storage_path, True, 0.0)

    async def delete_expired(self) -> None:
        """Delete the expired session files in ``storage_path``.

        Temporary files older than ``config.max_age`` (left by a crashed write) go too.
        """
        await self._run(_sweep, self.storage_path, False, float(self.config.max_age))


def _parse(header: bytes) -> float | None:
    """The expiry in a file's header, or ``None`` when it is not a session file."""
    if len(header) < _HEADER_SIZE or not header.startswith(_MAGIC):
        return None
    (expires_at,) = _EXPIRY.unpack_from(header, len(_MAGIC))
    return float(expires_at)


def _read(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as file:
            content = file.read()
            opened = os.fstat(file.fileno())
    except (FileNotFoundError, IsADirectoryError):
        return None
    expires_at = _parse(content)
    if expires_at is None:
        return None
    if expires_at <= _now():
        # Only delete the file that was read: a write may have replaced it since. A directory that
        # refuses the deletion (read-only) leaves it to ``delete_expired``: the session has expired
        # either way, and reading it is not an error.
        with suppress(OSError):
            current = os.stat(path)
            if (current.st_dev, current.st_ino) == (opened.st_dev, opened.st_ino):
                os.unlink(path)
        return None
    return content[_HEADER_SIZE:]


def _write(directory: Path, path: Path, payload: bytes) -> None:
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(payload)
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


def _unlink(path: Path) -> None:
    with suppress(FileNotFoundError):
        os.unlink(path)


def _sweep(directory: Path, everything: bool, temporary_max_age: float) -> None:
    """Delete session files in ``directory``: all of them, or the expired ones."""
    try:
        entries = list(os.scandir(directory))
    except FileNotFoundError:
        return
    now = _now()
    for entry in entries:
        if not entry.is_file(follow_symlinks=False):
            continue
        if entry.name.startswith(_TEMP_PREFIX) and entry.name.endswith(_TEMP_SUFFIX):
            with suppress(FileNotFoundError):
                # A young temporary file may be a write in progress: leave it to finish.
                if everything or entry.stat().st_mtime + temporary_max_age <= now:
                    os.unlink(entry.path)
            continue
        try:
            with open(entry.path, "rb") as file:
                expires_at = _parse(file.read(_HEADER_SIZE))
        except FileNotFoundError:
            continue
        if expires_at is not None and (everything or expires_at <= now):
            _unlink(Path(entry.path))


@dataclass(kw_only=True)
class FileBackendConfig(ServerSideSessionConfig):
    """Configuration of file-based server-side sessions.

    Attributes:
        storage_path: The directory of the session files; created on the first write if missing.
        make_filename: Turns a session id into a file name (a single path component); by default
            the file is named after the id itself.

    Example:
        >>> from starlite.middleware.session.file_backend import FileBackendConfig
        >>> config = FileBackendConfig(storage_path="/tmp/sessions")
    """

    _backend_class: ClassVar[type[FileBackend]] = FileBackend

    storage_path: str | os.PathLike[str]
    make_filename: Callable[[str], str] | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if not isinstance(self.storage_path, (str, os.PathLike)) or not os.fspath(self.storage_path):
            raise ImproperlyConfiguredException(
                f"storage_path must be a directory path, not {self.storage_path!r}"
            )
        if self.make_filename is not None and not callable(self.make_filename):
            raise ImproperlyConfiguredException("make_filename must be a callable taking a session id")
