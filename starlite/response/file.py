"""``FileResponse``: a file read through a file system and sent whole, in ranges, or not at all.

A file response answers conditional requests (``If-None-Match``, ``If-Modified-Since``: 304, RFC 9110
section 13) and single byte ranges (``Range``, ``If-Range``: 206 or 416, RFC 9110 section 14). A file
of the local file system goes to a server that offers the ASGI ``http.response.pathsend`` extension by
its path, for the server to send it with ``sendfile``; any other is read here.
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncGenerator, Generator
from mimetypes import guess_type
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote

from starlite.enums import MediaType
from starlite.exceptions import ClientException, ImproperlyConfiguredException, NotFoundException
from starlite.response.streaming import StreamingResponse
from starlite.status_codes import (
    HTTP_200_OK,
    HTTP_206_PARTIAL_CONTENT,
    HTTP_304_NOT_MODIFIED,
    HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE,
)
from starlite.utils.file import BaseLocalFileSystem, FileSystemAdapter

if TYPE_CHECKING:
    from starlite.datastructures.background_tasks import BackgroundTask, BackgroundTasks
    from starlite.datastructures.cookie import Cookie
    from starlite.datastructures.headers import ETag
    from starlite.types.asgi_types import Receive, Scope, Send
    from starlite.types.composite_types import PathType
    from starlite.types.file_types import FileInfo, FileSystemProtocol

__all__ = ("FileResponse", "async_file_iterator", "create_etag_for_file")

ONE_MEGABYTE = 1024 * 1024
PATHSEND_EXTENSION = "http.response.pathsend"
# One range (RFC 9110 section 14.1.1); positions longer than this are no file's and not parsed.
_BYTE_RANGE = re.compile(r"\s*([0-9]{0,20})-([0-9]{0,20})\s*")


class MissingFileException(NotFoundException, ImproperlyConfiguredException):
    """The file of a ``FileResponse`` does not exist, or is not a regular file.

    The client gets a 404 that names no server path; code written for 1.5x, which raised
    ``ImproperlyConfiguredException`` here, still catches it.
    """


class RangeNotSatisfiableException(ClientException):
    """A ``Range`` that starts past the end of the file (416, with ``Content-Range: bytes */size``)."""

    status_code = HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE


def _http_date(timestamp: float) -> str:
    # email.utils (and the socket module it loads) is imported on first use: most apps send no files.
    from email.utils import formatdate

    return formatdate(timestamp, usegmt=True)


def _parse_http_date(value: str) -> float | None:
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _modified_time(info: FileInfo) -> float | None:
    # fsspec's file systems name it differently ("mtime", "created", S3's "LastModified" datetime);
    # one without any gets no Last-Modified and no derived ETag.
    for key in ("mtime", "LastModified", "last_modified", "created"):
        value: Any = info.get(key)
        if value is None:
            continue
        if isinstance(value, (int, float)):
            return float(value)
        timestamp = getattr(value, "timestamp", None)
        if timestamp is not None:
            return float(timestamp())
    return None


async def async_file_iterator(
    file_path: PathType, chunk_size: int, adapter: FileSystemAdapter
) -> AsyncGenerator[bytes, None]:
    """Yield the content of ``file_path`` in chunks of ``chunk_size`` bytes, read through ``adapter``."""
    async with await adapter.open(file_path) as file:
        while chunk := await file.read(chunk_size):
            yield chunk


async def _range_iterator(
    file_path: PathType, chunk_size: int, adapter: FileSystemAdapter, start: int, length: int
) -> AsyncGenerator[bytes, None]:
    async with await adapter.open(file_path) as file:
        if start:
            await file.seek(start)
        while length > 0 and (chunk := await file.read(min(chunk_size, length))):
            length -= len(chunk)
            yield chunk


def create_etag_for_file(path: PathType, modified_time: float, file_size: int) -> str:
    """Return a strong entity tag derived from the file's modification time and size."""
    return f'"{int(modified_time * 1_000_000):x}-{file_size:x}"'


def _opaque_tags(header: str) -> list[str]:
    return [tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()]


def parse_single_range(header: str, size: int) -> tuple[int, int] | None:
    """The ``(start, end)`` (both included) of a ``Range: bytes=...`` header with one range.

    Returns ``None`` for what is ignored and answered with the whole file (RFC 9110 section 14.2):
    another unit, a malformed value, several ranges.

    Raises:
        RangeNotSatisfiableException: When the range starts past the end of the file.
    """
    unit, _, spec = header.partition("=")
    match = _BYTE_RANGE.fullmatch(spec)
    if unit.strip().lower() != "bytes" or match is None:
        return None
    first, last = match.groups()
    if first == "":  # a suffix: the last N bytes
        if last == "":
            return None
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise _unsatisfiable(size)
        return max(size - suffix, 0), size - 1
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        raise _unsatisfiable(size)
    return start, min(int(last), size - 1) if last else size - 1


def _unsatisfiable(size: int) -> RangeNotSatisfiableException:
    return RangeNotSatisfiableException(
        detail=f"the requested range is not satisfiable: the file has {size} bytes",
        headers={"content-range": f"bytes */{size}"},
    )


class _FileInfoLoader:
    """The ``FileInfo`` of a response's file, read from its file system when awaited.

    Nothing is read until the response starts, and nothing is left unawaited when a response is
    built and then replaced (a coroutine made up front would warn).
    """

    __slots__ = ("adapter", "path", "stat_result")

    def __init__(
        self, adapter: FileSystemAdapter, path: PathType, stat_result: os.stat_result | None
    ) -> None:
        self.adapter = adapter
        self.path = path
        self.stat_result = stat_result

    def __await__(self) -> Generator[Any, None, FileInfo]:
        if self.stat_result is not None:
            return self.adapter.parse_stat_result(self.path, self.stat_result).__await__()
        return self.adapter.info(self.path).__await__()


class FileResponse(StreamingResponse):
    """A file read through a file system (the local one by default) and sent over ASGI.

    When it starts, it reads the file's info and adds ``Content-Length``, ``Last-Modified``, ``ETag``,
    ``Accept-Ranges`` and ``Content-Disposition``. Called with a request's scope, a ``200`` file
    response to ``GET`` or ``HEAD`` answers ``If-None-Match`` and ``If-Modified-Since`` with ``304
    Not Modified``, and a ``GET`` with a single byte ``Range`` with ``206 Partial Content`` (``416``
    when the range starts past the end; several ranges get the whole file). A file no bigger than
    ``chunk_size`` is sent in one message, a larger one in chunks, and a whole file of the local file
    system by its path when the server offers the ``http.response.pathsend`` extension.

    Args:
        path: The file's path.
        background: Work to run after the response is sent.
        chunk_size: Bytes read and sent at a time.
        content_disposition_type: ``attachment`` (download) or ``inline``.
        cookies: Cookies to set.
        encoding: The text encoding for the headers.
        etag: An explicit ``ETag``; one is derived from the file otherwise.
        file_system: The file system to read from (``BaseLocalFileSystem`` by default; fsspec's
            file systems fit too).
        filename: The name given to the client (none by default, as in 1.5x).
        file_info: The file's ``FileInfo``, when already known.
        headers: More response headers.
        is_head_response: Send the headers only.
        media_type: The media type; guessed from ``filename`` by default, else
            ``application/octet-stream``.
        stat_result: The ``os.stat`` result, when already known.
        status_code: The HTTP status code.
    """

    __slots__ = (
        "adapter",
        "chunk_size",
        "content_disposition_type",
        "etag",
        "file_info",
        "file_path",
        "filename",
        "byte_range",
        "_headers_derived",
    )

    def __init__(
        self,
        path: PathType,
        *,
        background: BackgroundTask | BackgroundTasks | None = None,
        chunk_size: int = ONE_MEGABYTE,
        content_disposition_type: Literal["attachment", "inline"] = "attachment",
        cookies: list[Cookie] | None = None,
        encoding: str = "utf-8",
        etag: ETag | None = None,
        file_system: FileSystemProtocol | None = None,
        filename: str | None = None,
        file_info: FileInfo | None = None,
        headers: dict[str, Any] | None = None,
        is_head_response: bool = False,
        media_type: Literal[MediaType.TEXT] | str | None = None,
        stat_result: os.stat_result | None = None,
        status_code: int = HTTP_200_OK,
    ) -> None:
        if not media_type:
            media_type = (guess_type(filename)[0] if filename else None) or "application/octet-stream"
        self.file_path = path
        self.filename = filename or ""
        self.chunk_size = chunk_size
        self.content_disposition_type = content_disposition_type
        self.etag = etag
        self.adapter = FileSystemAdapter(file_system or BaseLocalFileSystem())
        self.file_info: FileInfo | _FileInfoLoader = file_info or _FileInfoLoader(
            self.adapter, path, stat_result
        )
        # (start, end), both included, once a Range request is granted.
        self.byte_range: tuple[int, int] | None = None
        self._headers_derived = False
        super().__init__(
            content=lambda: async_file_iterator(path, chunk_size, self.adapter),
            status_code=status_code,
            media_type=media_type,
            background=background,
            headers=headers,
            cookies=cookies,
            encoding=encoding,
            is_head_response=is_head_response,
        )

    @property
    def content_disposition(self) -> str:
        """The ``Content-Disposition`` value.

        A name that URL quoting leaves as it is goes in ``filename="..."``; any other (spaces,
        quotes, non-ASCII, control characters) in the percent-encoded ``filename*`` (RFC 6266
        section 4.3), so nothing in it can end the value or the header.
        """
        # A name read from a file system may hold undecodable bytes (as surrogate escapes): they are
        # quoted as the bytes they stand for.
        quoted = quote(self.filename, errors="surrogateescape")
        if quoted == self.filename:
            return f'{self.content_disposition_type}; filename="{self.filename}"'
        return f"{self.content_disposition_type}; filename*=utf-8''{quoted}"

    @property
    def content_length(self) -> int:
        """The bytes sent: the file's size (or the granted range's), once its info is read (0 before)."""
        if self.byte_range is not None:
            return self.byte_range[1] - self.byte_range[0] + 1
        return self.file_info["size"] if isinstance(self.file_info, dict) else 0

    async def _load_file_info(self) -> FileInfo:
        if not isinstance(self.file_info, dict):
            try:
                self.file_info = await self.file_info
            except FileNotFoundError as exc:
                raise MissingFileException(f"{self.file_path} does not exist", detail="Not Found") from exc
        if self.file_info["type"] != "file":
            raise MissingFileException(f"{self.file_path} is not a file", detail="Not Found")
        return self.file_info

    def _file_headers(self, info: FileInfo) -> None:
        # Headers given to the response win over the ones derived from the file.
        if self._headers_derived:
            return
        self._headers_derived = True
        modified = _modified_time(info)
        derived: dict[str, str] = {"content-disposition": self.content_disposition}
        if modified is not None:
            derived["last-modified"] = _http_date(modified)
        if self.etag:
            derived["etag"] = self.etag.to_header()
        elif modified is not None:
            derived["etag"] = create_etag_for_file(self.file_path, modified, info["size"])
        if self.status_code == HTTP_200_OK:
            derived["accept-ranges"] = "bytes"
        given = {name.lower() for name in self.headers}
        self.headers = {**{k: v for k, v in derived.items() if k not in given}, **self.headers}

    def _header(self, name: str) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == name:
                return str(value)
        return None

    def _not_modified(self, request_headers: dict[bytes, str], modified: float | None) -> bool:
        # RFC 9110 section 13.2.2: If-None-Match first; If-Modified-Since only without it.
        if_none_match = request_headers.get(b"if-none-match")
        if if_none_match is not None:
            etag = self._header("etag")
            tags = _opaque_tags(if_none_match)
            return "*" in tags or (etag is not None and etag.removeprefix("W/") in tags)
        if_modified_since = request_headers.get(b"if-modified-since")
        if if_modified_since is not None and modified is not None:
            since = _parse_http_date(if_modified_since)
            return since is not None and int(modified) <= since
        return False

    def _range_applies(self, if_range: str | None, modified: float | None) -> bool:
        # RFC 9110 section 13.1.5: a Range is honoured only while the file is the one the client
        # holds a part of; a weak tag never matches, a date must be the Last-Modified exactly.
        if if_range is None:
            return True
        if_range = if_range.strip()
        if if_range.startswith(("W/", '"')):
            etag = self._header("etag")
            return etag is not None and not etag.startswith("W/") and etag == if_range
        since = _parse_http_date(if_range)
        return since is not None and modified is not None and int(modified) == since

    async def start_response(self, send: Send) -> None:
        """Read the file's info, then send the status line and the headers.

        Raises:
            MissingFileException: When the file does not exist or is not a regular file: a 404 for
                the client, and an ``ImproperlyConfiguredException`` as 1.5x raised.
        """
        info = await self._load_file_info()
        self._file_headers(info)
        headers = self.encode_headers(self.content_length)
        if self.byte_range is not None:
            start, end = self.byte_range
            headers.append((b"content-range", f"bytes {start}-{end}/{info['size']}".encode("latin-1")))
        await send({"type": "http.response.start", "status": self.status_code, "headers": headers})

    async def send_body(self, send: Send, receive: Receive) -> None:
        """Send the file (or its granted range): in one message when it fits in a chunk, else in chunks."""
        length = self.content_length
        if self.is_head_response or not self.status_allows_body:
            await send({"type": "http.response.body", "body": b""})
            return
        start = self.byte_range[0] if self.byte_range is not None else 0
        if self.chunk_size < length:
            # Never more than Content-Length said, even when the file grew since it was looked up.
            self.iterator = _range_iterator(self.file_path, self.chunk_size, self.adapter, start, length)
            await super().send_body(send, receive)
            return
        body = await self.adapter.read_range(self.file_path, start, length)
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer the request in ``scope`` with the file, a part of it, or ``304 Not Modified``.

        Raises:
            MissingFileException: When the file does not exist or is not a regular file (404).
            RangeNotSatisfiableException: When a ``Range`` starts past the end of the file (416).
        """
        info = await self._load_file_info()
        self._file_headers(info)
        method = scope.get("method")
        if self.status_code == HTTP_200_OK and method in ("GET", "HEAD"):
            request_headers = {
                name: value.decode("latin-1")
                for name, value in scope.get("headers", ())
                if name in (b"if-none-match", b"if-modified-since", b"range", b"if-range")
            }
            if request_headers:
                modified = _modified_time(info)
                if self._not_modified(request_headers, modified):
                    await self._send_not_modified(send)
                    return
                range_header = request_headers.get(b"range")
                if (
                    range_header is not None
                    and method == "GET"
                    and self._range_applies(request_headers.get(b"if-range"), modified)
                ):
                    self.byte_range = parse_single_range(range_header, info["size"])
                    if self.byte_range is not None:
                        self.status_code = HTTP_206_PARTIAL_CONTENT
        if (
            self.byte_range is None
            and not self.is_head_response
            and PATHSEND_EXTENSION in (scope.get("extensions") or {})
            and type(self.adapter.file_system) is BaseLocalFileSystem
            and self.status_allows_body
        ):
            await self.start_response(send)
            # The server sends the file itself (sendfile); ASGI asks for an absolute path.
            await send({"type": PATHSEND_EXTENSION, "path": os.path.abspath(self.file_path)})
        else:
            await self.start_response(send)
            await self.send_body(send, receive)
        await self.after_response()

    async def _send_not_modified(self, send: Send) -> None:
        # RFC 9110 section 15.4.5: no body and no content headers, the validators kept.
        self.status_code = HTTP_304_NOT_MODIFIED
        self.is_head_response = False  # a 304 describes no body, not even the length of one
        self.headers = {
            name: value
            for name, value in self.headers.items()
            if not name.lower().startswith("content-") and name.lower() != "accept-ranges"
        }
        await send(
            {"type": "http.response.start", "status": self.status_code, "headers": self.encode_headers()}
        )
        await send({"type": "http.response.body", "body": b""})
        await self.after_response()
