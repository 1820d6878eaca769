"""Streaming ``multipart/form-data`` parsing on top of python-multipart."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from email.utils import decode_rfc2231
from typing import Any
from urllib.parse import unquote

import anyio
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from starlite.datastructures.upload_file import UploadFile
from starlite.exceptions import ValidationException

MAX_BOUNDARY_LENGTH = 256
"""The longest multipart boundary read (RFC 2046 allows 70; python-multipart takes up to 256)."""


class _TooManyParts(Exception):
    pass


class _Part:
    __slots__ = ("headers", "name", "filename", "content_type", "charset", "chunks", "upload")

    def __init__(self) -> None:
        self.headers: dict[str, str] = {}
        self.name = ""
        self.filename: str | None = None
        # RFC 7578 section 4.4: a part without a Content-Type is text/plain.
        self.content_type = "text/plain"
        self.charset = "utf-8"
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
        disposition = current.headers.get("content-disposition", "")
        _, options = parse_options_header(disposition)
        current.name = options.get(b"name", b"").decode("utf-8", errors="replace")
        content_type, type_options = parse_options_header(current.headers.get("content-type", "text/plain"))
        current.content_type = content_type.decode("latin-1").lower()
        current.charset = type_options.get(b"charset", b"utf-8").decode("latin-1")
        filename = _extended_filename(disposition)
        if filename is None and b"filename" in options:
            filename = options[b"filename"].decode("utf-8", errors="replace")
        if filename is not None:
            current.filename = filename
            current.upload = UploadFile(
                current.content_type, filename, headers=_plain_headers(current.headers)
            )
            uploads.append(current.upload)

    def on_part_data(data: bytes, start: int, end: int) -> None:
        pending.append((current, data[start:end]))

    def on_part_end() -> None:
        fields.append((current.name, current))

    def on_end() -> None:
        nonlocal ended
        ended = True

    try:
        encoded_boundary = boundary.encode("latin-1")
    except UnicodeEncodeError:
        raise ValidationException("Malformed multipart/form-data boundary") from None
    # RFC 2046 section 5.1.1 allows 70 characters; python-multipart takes up to 256 and refuses more
    # in its constructor, before anything is read: answered as the malformed request it is.
    if len(encoded_boundary) > MAX_BOUNDARY_LENGTH:
        raise ValidationException(
            f"Malformed multipart/form-data boundary: longer than {MAX_BOUNDARY_LENGTH} characters"
        )
    parser = MultipartParser(
        encoded_boundary,
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
            result.append((name, _decode_text(b"".join(part.chunks), part.charset)))
    return result


def _decode_text(raw: bytes, charset: str) -> str:
    try:
        return raw.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know
        return raw.decode("utf-8", errors="replace")


_EXTENDED_FILENAME = re.compile(r";\s*filename\*\s*=\s*([^;\s]+)", re.IGNORECASE)


def _extended_filename(disposition: str) -> str | None:
    """The ``filename*`` of RFC 5987/2231 (``utf-8''Na%C3%AFve.jpg``), which python-multipart drops.

    RFC 7578 section 4.2 asks senders not to use it, but some do; 1.5x read it.
    """
    match = _EXTENDED_FILENAME.search(disposition)
    if match is None:
        return None
    charset, _, encoded = decode_rfc2231(match.group(1).strip('"'))
    try:
        return unquote(encoded, encoding=charset or "utf-8")
    except LookupError:
        return unquote(encoded)


def _plain_headers(headers: dict[str, str]) -> dict[str, str]:
    """A part's headers as 1.5x gave them on ``UploadFile.headers``: values lower-cased, without parameters.

    (``content-disposition: form-data``: the name and file name are the upload's own attributes.)
    """
    return {name: value.split(";", 1)[0].strip().lower() for name, value in headers.items()}
