"""``FileResponse``: a file read through a file system and sent in chunks."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator
from mimetypes import guess_type
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote

from starlite.enums import MediaType
from starlite.exceptions import ImproperlyConfiguredException, NotFoundException
from starlite.response.streaming import StreamingResponse
from starlite.status_codes import HTTP_200_OK
from starlite.utils.file import BaseLocalFileSystem, FileSystemAdapter

if TYPE_CHECKING:
    import os

    from starlite.datastructures.background_tasks import BackgroundTask, BackgroundTasks
    from starlite.datastructures.cookie import Cookie
    from starlite.datastructures.headers import ETag
    from starlite.types.asgi_types import Receive, Send
    from starlite.types.composite_types import PathType
    from starlite.types.file_types import FileInfo, FileSystemProtocol

__all__ = ("FileResponse", "async_file_iterator", "create_etag_for_file")

ONE_MEGABYTE = 1024 * 1024


class MissingFileException(NotFoundException, ImproperlyConfiguredException):
    """The file of a ``FileResponse`` does not exist, or is not a regular file.

    The client gets a 404 that names no server path; code written for 1.5x, which raised
    ``ImproperlyConfiguredException`` here, still catches it.
    """


def _http_date(timestamp: float) -> str:
    # email.utils (and the socket module it loads) is imported on first use: most apps send no files.
    from email.utils import formatdate

    return formatdate(timestamp, usegmt=True)


async def async_file_iterator(
    file_path: PathType, chunk_size: int, adapter: FileSystemAdapter
) -> AsyncGenerator[bytes, None]:
    """Yield the content of ``file_path`` in chunks of ``chunk_size`` bytes, read through ``adapter``."""
    async with await adapter.open(file_path) as file:
        while chunk := await file.read(chunk_size):
            yield chunk


def create_etag_for_file(path: PathType, modified_time: float, file_size: int) -> str:
    """Return a strong entity tag derived from the file's modification time and size."""
    return f'"{int(modified_time * 1_000_000):x}-{file_size:x}"'


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
    """A file read through a file system (the local one by default) and sent in chunks.

    When it starts, it reads the file's info and adds ``Content-Length``, ``Last-Modified``, ``ETag``
    and ``Content-Disposition``. A file no bigger than ``chunk_size`` is sent in one message.

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
        quoted = quote(self.filename)
        if quoted == self.filename:
            return f'{self.content_disposition_type}; filename="{self.filename}"'
        return f"{self.content_disposition_type}; filename*=utf-8''{quoted}"

    @property
    def content_length(self) -> int:
        """The file's size, once its info is read (0 before)."""
        return self.file_info["size"] if isinstance(self.file_info, dict) else 0

    async def start_response(self, send: Send) -> None:
        """Read the file's info, then send the status line and the headers.

        Raises:
            MissingFileException: When the file does not exist or is not a regular file: a 404 for
                the client, and an ``ImproperlyConfiguredException`` as 1.5x raised.
        """
        path = self.file_path
        if not isinstance(self.file_info, dict):
            try:
                self.file_info = await self.file_info
            except FileNotFoundError as exc:
                raise MissingFileException(f"{path} does not exist", detail="Not Found") from exc
        info = self.file_info
        if info["type"] != "file":
            raise MissingFileException(f"{path} is not a file", detail="Not Found")
        file_headers = {
            "content-disposition": self.content_disposition,
            "last-modified": _http_date(info["mtime"]),
            "etag": self.etag.to_header()
            if self.etag
            else create_etag_for_file(path, info["mtime"], info["size"]),
        }
        # Headers given to the response win over the ones derived from the file.
        given = {name.lower() for name in self.headers}
        self.headers = {**{k: v for k, v in file_headers.items() if k not in given}, **self.headers}
        await send(
            {
                "type": "http.response.start",
                "status": self.status_code,
                "headers": self.encode_headers(
                    self.content_length or None
                ),  # none for an empty file, as 1.5x
            }
        )

    async def send_body(self, send: Send, receive: Receive) -> None:
        """Send the file: in one message when it fits in a chunk, else streamed chunk by chunk."""
        if self.is_head_response or self.chunk_size < self.content_length:
            await super().send_body(send, receive)
            return
        async with await self.adapter.open(self.file_path) as file:
            body = await file.read()
        await send({"type": "http.response.body", "body": body})
