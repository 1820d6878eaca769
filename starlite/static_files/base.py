"""``StaticFiles``: the ASGI app serving the files of a ``StaticFilesConfig``'s directories.

What a request may reach: a path below the mount point is cut into its segments, and one holding
``..``, a NUL, a backslash, or a path longer than any file system accepts is refused before the file
system is asked. On the local file system (``BaseLocalFileSystem``, or fsspec's ``LocalFileSystem``) a
found path is resolved (symbolic links followed) and served only while it stays below the directory it
was found in; a link pointing elsewhere reads as missing. Every refusal is a 404.
"""

from __future__ import annotations

import os
from mimetypes import guess_type
from typing import TYPE_CHECKING, Any, Literal

from anyio.to_thread import run_sync

from starlite.enums import ScopeType
from starlite.exceptions import MethodNotAllowedException, NoRouteMatchFoundException, NotFoundException
from starlite.response import FileResponse
from starlite.status_codes import HTTP_404_NOT_FOUND
from starlite.utils.file import BaseLocalFileSystem, FileSystemAdapter, file_info_from_stat
from starlite.utils.path import join_paths

if TYPE_CHECKING:
    from collections.abc import Sequence

    from starlite.types import Receive, Scope, Send
    from starlite.types.composite_types import PathType
    from starlite.types.file_types import FileInfo, FileSystemProtocol

__all__ = ("StaticFiles",)

# Longer than PATH_MAX on Linux: no file system would find it, so it is refused without asking.
_LONGEST_PATH = 4096
_ALLOWED_METHODS = frozenset({"GET", "HEAD"})


# Media types a browser uses once it has decoded them: a precompressed one (``app.js.gz``) is sent as
# its own type with ``Content-Encoding``, as 1.5x did. Any other compressed file (``backup.tar.gz``)
# is sent as the compressed file it is, so that a client saves it as it is instead of unpacking it.
_DECODED_BY_BROWSERS = (
    "text/",
    "application/javascript",
    "application/json",
    "application/manifest+json",
    "application/wasm",
    "application/xml",
    "image/svg+xml",
)
_COMPRESSED_MEDIA_TYPES = {
    "br": "application/x-brotli",
    "bzip2": "application/x-bzip2",
    "compress": "application/x-compress",
    "gzip": "application/gzip",
    "xz": "application/x-xz",
}


def media_type_and_coding(filename: str) -> tuple[str, str | None]:
    """The ``Content-Type`` and ``Content-Encoding`` a static file called ``filename`` is sent with."""
    media_type, coding = guess_type(filename)
    if coding is None:
        return media_type or "application/octet-stream", None
    if media_type is not None and media_type.startswith(_DECODED_BY_BROWSERS):
        return media_type, coding
    return _COMPRESSED_MEDIA_TYPES.get(coding, "application/octet-stream"), None


def relative_file_path(path: str) -> str | None:
    """The path of a request below the mount point as a relative file path, or ``None`` when refused.

    Empty and ``.`` segments are dropped (so an absolute path stays below the directory); a path with
    a ``..`` segment, a NUL, a backslash, or too long to be a file's is refused.
    """
    if len(path) > _LONGEST_PATH or "\x00" in path or "\\" in path:
        return None
    segments = [segment for segment in path.split("/") if segment and segment != "."]
    if ".." in segments:
        return None
    return "/".join(segments)


def is_local_file_system(file_system: Any) -> bool:
    """Whether ``file_system`` reads the local disk (``BaseLocalFileSystem``, fsspec's local one)."""
    if isinstance(file_system, BaseLocalFileSystem):
        return True
    protocol = getattr(file_system, "protocol", None)  # fsspec's: ("file", "local")
    protocols = (protocol,) if isinstance(protocol, str) else tuple(protocol or ())
    return "file" in protocols or "local" in protocols


def _is_below(path: str, directory: str) -> bool:
    return path == directory or path.startswith(
        directory if directory.endswith(os.sep) else directory + os.sep
    )


def _find_local(directories: Sequence[str], relative: str) -> tuple[str, FileInfo] | None:
    """The first of ``directories`` holding ``relative``, followed links staying below it (sync)."""
    for directory in directories:
        try:
            path = os.path.realpath(os.path.join(directory, relative)) if relative else directory
            if not _is_below(path, directory):
                continue
            return path, file_info_from_stat(path, os.stat(path))
        except (OSError, ValueError):  # missing, a name too long, a loop of links, undecodable...
            continue
    return None


class StaticFiles:
    """The ASGI app that serves the files found under ``directories`` (GET and HEAD).

    The first directory holding the requested file answers. In HTML mode a directory is answered
    with its ``index.html``, and a miss with the ``404.html`` of the directories (status 404) when
    there is one. A miss is otherwise a ``NotFoundException``.

    Args:
        is_html_mode: Serve ``index.html`` for directories and ``404.html`` for misses.
        directories: The directories to serve files from.
        file_system: The ``FileSystemProtocol`` to read them with.
        send_as_attachment: Send ``Content-Disposition: attachment`` (``inline`` otherwise).
    """

    __slots__ = ("adapter", "directories", "is_html_mode", "send_as_attachment", "_is_local", "_roots")

    def __init__(
        self,
        is_html_mode: bool,
        directories: Sequence[PathType],
        file_system: FileSystemProtocol,
        send_as_attachment: bool = False,
    ) -> None:
        self.adapter = FileSystemAdapter(file_system)
        self.directories = [os.path.normpath(directory) for directory in directories]
        self.is_html_mode = is_html_mode
        self.send_as_attachment = send_as_attachment
        self._is_local = is_local_file_system(file_system)
        # Resolved once: requests compare their resolved paths with these.
        self._roots = [os.path.realpath(d) for d in self.directories] if self._is_local else self.directories

    def __repr__(self) -> str:
        # An unnamed static files handler is listed (route_handler_method_view, `starlite routes`) by this.
        return f"StaticFiles(directories={self.directories!r})"

    async def get_fs_info(
        self, directories: Sequence[PathType], file_path: str
    ) -> tuple[str, FileInfo] | tuple[None, None]:
        """Find ``file_path`` in the first of ``directories`` that holds it.

        Args:
            directories: The directories to look in.
            file_path: A path relative to them.

        Returns:
            The path found and its ``FileInfo``, or ``(None, None)`` when no directory holds it or
            the path leads out of the directory.
        """
        relative = relative_file_path(file_path)
        if relative is None:
            return None, None
        if self._is_local:
            return await self._find_in([os.path.realpath(d) for d in directories], relative)
        return await self._find_in([os.fspath(d) for d in directories], relative)

    async def _find(
        self, directories: Sequence[PathType], relative: str
    ) -> tuple[str, FileInfo] | tuple[None, None]:
        for directory in directories:
            path = os.path.normpath(os.path.join(directory, relative))
            if not _is_below(path, os.path.normpath(directory)):
                continue
            try:
                return path, await self.adapter.info(path)
            except FileNotFoundError:
                continue
        return None, None

    async def _find_in(self, roots: Sequence[str], relative: str) -> tuple[str, FileInfo] | tuple[None, None]:
        if self._is_local:  # one worker thread for the whole lookup
            found = await run_sync(_find_local, roots, relative)
            return found if found is not None else (None, None)
        return await self._find(roots, relative)

    async def _lookup(self, relative: str) -> tuple[str, FileInfo] | tuple[None, None]:
        return await self._find_in(self._roots, relative)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer a request with the file its path names below the mount point.

        Raises:
            MethodNotAllowedException: For a method other than GET and HEAD.
            NotFoundException: When no directory holds the file (and, in HTML mode, no ``404.html``).
        """
        if scope["type"] != ScopeType.HTTP or scope["method"] not in _ALLOWED_METHODS:  # type: ignore[comparison-overlap,typeddict-item]
            raise MethodNotAllowedException(headers={"Allow": "GET, HEAD"})
        relative = relative_file_path(scope["path"])
        if relative is None:
            raise NotFoundException()
        path, info = await self._lookup(relative)
        filename = relative.rpartition("/")[2]
        if self.is_html_mode and info is not None and info["type"] == "directory":
            filename = "index.html"
            path, info = await self._lookup(f"{relative}/index.html" if relative else filename)
        if info is not None and info["type"] == "file":
            await self._send(path, info, filename, scope, receive, send)  # type: ignore[arg-type]
            return
        if self.is_html_mode:
            path, info = await self._lookup("404.html")
            if info is not None and info["type"] == "file":
                await self._send(path, info, "404.html", scope, receive, send, HTTP_404_NOT_FOUND)  # type: ignore[arg-type]
                return
        # A path the server could not decode holds lone surrogates, which no JSON body can carry.
        shown = relative.encode("utf-8", "backslashreplace").decode("utf-8")
        raise NotFoundException(f"no file or directory match the path {shown} was found")

    async def _send(
        self,
        path: str,
        info: FileInfo,
        filename: str,
        scope: Scope,
        receive: Receive,
        send: Send,
        status_code: int = 200,
    ) -> None:
        disposition: Literal["attachment", "inline"] = "attachment" if self.send_as_attachment else "inline"
        media_type, coding = media_type_and_coding(filename)
        await FileResponse(
            path,
            file_info=info,
            headers={"content-encoding": coding} if coding else None,
            media_type=media_type,
            file_system=self.adapter.file_system,
            filename=filename,
            is_head_response=scope["method"] == "HEAD",  # type: ignore[typeddict-item]
            content_disposition_type=disposition,
            status_code=status_code,
        )(scope, receive, send)


def static_asset_path(app: Any, name: str, file_path: str) -> str:
    """The path of ``file_path`` as served by the static files handler called ``name``.

    Args:
        app: The application.
        name: The static files handler's name (``StaticFilesConfig.name``).
        file_path: The file's path below the handler's directories.

    Raises:
        NoRouteMatchFoundException: When no handler has that name, or it is not a static files handler.
    """
    handler_index = app.get_handler_index_by_name(name)
    if handler_index is None:
        raise NoRouteMatchFoundException(f"Static handler {name} can not be found")
    fn = handler_index["handler"].fn
    if not isinstance(getattr(fn, "value", None), StaticFiles):
        raise NoRouteMatchFoundException(f"Handler with name {name} is not a static files handler")
    return join_paths([handler_index["paths"][0], file_path])
