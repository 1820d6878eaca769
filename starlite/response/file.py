"""``FileResponse``: a file streamed from disk in chunks."""

from __future__ import annotations

import os
from mimetypes import guess_type
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote

import anyio

from starlite.enums import MediaType
from starlite.exceptions import NotFoundException
from starlite.response.streaming import StreamingResponse
from starlite.status_codes import HTTP_200_OK

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from starlite.datastructures.background_tasks import BackgroundTask, BackgroundTasks
    from starlite.datastructures.cookie import Cookie
    from starlite.datastructures.headers import ETag


def _http_date(timestamp: float) -> str:
    # email.utils (and the socket module it loads) is imported on first use: most apps send no files.
    from email.utils import formatdate

    return formatdate(timestamp, usegmt=True)


__all__ = ("FileResponse", "create_etag_for_file")

ONE_MEGABYTE = 1024 * 1024


def create_etag_for_file(path: str | os.PathLike[str], modified_time: float, file_size: int) -> str:
    """Return a strong entity tag derived from the file's modification time and size."""
    return f'"{int(modified_time * 1_000_000):x}-{file_size:x}"'


def _content_disposition(disposition_type: str, filename: str) -> str:
    # RFC 6266 section 4.3: a quoted name when it is printable ASCII, else the percent-encoded UTF-8
    # form (which also keeps control characters such as CR and LF out of the header).
    if not filename.isascii() or not filename.isprintable():
        return f"{disposition_type}; filename*=utf-8''{quote(filename)}"
    escaped = filename.replace("\\", "\\\\").replace('"', '\\"')
    return f'{disposition_type}; filename="{escaped}"'


class FileResponse(StreamingResponse):
    """A file sent from disk in chunks.

    It carries ``Content-Length``, ``Last-Modified``, ``ETag`` and ``Content-Disposition`` headers.

    Args:
        path: The file's path.
        background: Work to run after the response is sent.
        chunk_size: Bytes read and sent at a time.
        content_disposition_type: ``attachment`` (download) or ``inline``.
        cookies: Cookies to set.
        encoding: The text encoding for the headers.
        etag: An explicit ``ETag``; one is derived from the file otherwise.
        filename: The name given to the client; the file's own name by default.
        headers: More response headers.
        is_head_response: Send the headers only.
        media_type: The media type; guessed from the file name by default.
        stat_result: The ``os.stat`` result, when already known.
        status_code: The HTTP status code.

    Raises:
        NotFoundException: When the file does not exist or is not a regular file.
    """

    __slots__ = ("path", "chunk_size", "stat_result", "filename")

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        background: BackgroundTask | BackgroundTasks | None = None,
        chunk_size: int = ONE_MEGABYTE,
        content_disposition_type: Literal["attachment", "inline"] = "attachment",
        cookies: list[Cookie] | None = None,
        encoding: str = "utf-8",
        etag: ETag | None = None,
        filename: str | None = None,
        headers: dict[str, Any] | None = None,
        is_head_response: bool = False,
        media_type: Literal[MediaType.TEXT] | str | None = None,
        stat_result: os.stat_result | None = None,
        status_code: int = HTTP_200_OK,
    ) -> None:
        self.path = path
        self.chunk_size = chunk_size
        self.filename = filename or os.path.basename(path)
        try:
            self.stat_result = stat_result or os.stat(path)
        except OSError as exc:
            raise NotFoundException() from exc
        if not os.path.isfile(path):
            raise NotFoundException()
        if media_type is None:
            media_type = guess_type(self.filename)[0] or "application/octet-stream"
        size = self.stat_result.st_size
        file_headers = {
            "content-disposition": _content_disposition(content_disposition_type, self.filename),
            "content-length": str(size),
            "last-modified": _http_date(self.stat_result.st_mtime),
            "etag": etag.to_header() if etag else create_etag_for_file(path, self.stat_result.st_mtime, size),
        }
        super().__init__(
            content=self._read_chunks,
            status_code=status_code,
            media_type=media_type,
            background=background,
            headers={**file_headers, **(headers or {})},
            cookies=cookies,
            encoding=encoding,
            is_head_response=is_head_response,
        )

    async def _read_chunks(self) -> AsyncIterator[bytes]:
        async with await anyio.open_file(self.path, mode="rb") as file:
            while chunk := await file.read(self.chunk_size):
                yield chunk

    @property
    def content_length(self) -> int | None:
        """The file's size in bytes."""
        return self.stat_result.st_size
