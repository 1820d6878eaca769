"""Streaming ``multipart/form-data`` parsing on top of python-multipart."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import anyio
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from starlite.datastructures.upload_file import UploadFile
from starlite.exceptions import ValidationException


class _TooManyParts(Exception):
    pass


class _Part:
    __slots__ = ("headers", "name", "filename", "content_type", "chunks", "upload")

    def __init__(self) -> None:
        self.headers: dict[str, str] = {}
        self.name = ""
        self.filename: str | None = None
        self.content_type = "text/plain"
        self.chunks: list[bytes] = []
        self.upload: UploadFile | None = None


async def parse_multipart_form(
    stream: AsyncIterator[bytes], boundary: str, part_limit: int = 1000
) -> list[tuple[str, Any]]:
    """Parse a multipart body chunk by chunk; file parts go to ``UploadFile`` as they arrive.

    ``part_limit`` caps the number of parts: each one costs memory or a temporary file, so an
    unbounded count lets a client exhaust the server (CVE-2023-25578 in Starlite < 1.51.2).

    Raises:
        ValidationException: A 400 for a missing boundary, a malformed body or too many parts.
    """
    if not boundary:
        raise ValidationException("Missing boundary in multipart/form-data content type")
    fields: list[tuple[str, Any]] = []
    pending: list[tuple[_Part, bytes]] = []
    current = _Part()
    header_field = bytearray()
    header_value = bytearray()
    part_count = 0
    uploads: list[UploadFile] = []
    ended = False
    received = False

    def on_part_begin() -> None:
        nonlocal current, part_count
        part_count += 1
        if part_count > part_limit:
            raise _TooManyParts
        current = _Part()

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header_field.extend(data[start:end])

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header_value.extend(data[start:end])

    def on_header_end() -> None:
        current.headers[header_field.decode("latin-1").lower()] = header_value.decode("latin-1")
        header_field.clear()
        header_value.clear()

    def on_headers_finished() -> None:
        _, options = parse_options_header(current.headers.get("content-disposition", ""))
        current.name = options.get(b"name", b"").decode("utf-8", errors="replace")
        if b"filename" in options:
            current.filename = options[b"filename"].decode("utf-8", errors="replace")
            current.content_type = current.headers.get("content-type", "application/octet-stream")
            current.upload = UploadFile(current.content_type, current.filename, headers=dict(current.headers))
            uploads.append(current.upload)

    def on_part_data(data: bytes, start: int, end: int) -> None:
        pending.append((current, data[start:end]))

    def on_part_end() -> None:
        fields.append((current.name, current))

    def on_end() -> None:
        nonlocal ended
        ended = True

    parser = MultipartParser(
        boundary.encode("latin-1"),
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
            "on_end": on_end,
        },
    )
    try:
        async for chunk in stream:
            # Feed one chunk, then hand its data on before reading the next: file parts are written
            # to their spooled file right away, so a large upload is never held in memory whole.
            received = received or bool(chunk)
            parser.write(chunk)
            for part, data in pending:
                if part.upload is not None:
                    await part.upload.write(data)
                else:
                    part.chunks.append(data)
            pending.clear()
        parser.finalize()
        if received and not ended:
            # python-multipart accepts a body cut short silently; the parts it holds may be incomplete.
            raise ValidationException("Malformed multipart/form-data body: no closing boundary")
    except BaseException as exc:
        # Nobody else will ever see these files: release their memory or temporary files now.
        with anyio.CancelScope(shield=True):
            for upload in uploads:
                await upload.close()
        if isinstance(exc, _TooManyParts):
            raise ValidationException(
                f"Request exceeds the maximum number of multipart parts ({part_limit})"
            ) from None
        if isinstance(exc, MultipartParseError):
            raise ValidationException(f"Malformed multipart/form-data body: {exc}") from exc
        raise
    result: list[tuple[str, Any]] = []
    for name, part in fields:
        if part.upload is not None:
            await part.upload.seek(0)
            result.append((name, part.upload))
        else:
            result.append((name, b"".join(part.chunks).decode("utf-8", errors="replace")))
    return result
