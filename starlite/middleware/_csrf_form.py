"""Finding the CSRF token in a form body without taking the body from the handler.

The CSRF check reads the body only as far as the token field: the messages it reads are kept and
handed to the handler again, first, by the ``receive`` it gets, so the handler reads the body whole,
as sent, and parses it with its own options (its multipart part limit, its upload handling). Reading
stops at the end of the token field; the body limit of the connection (the route's
``request_max_body_size``) bounds what is kept until then.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from starlite._connection_state import ConnectionState
from starlite.connection.base import raw_header
from starlite.enums import RequestEncodingType
from starlite.exceptions import RequestEntityTooLarge
from starlite.types.empty import Empty

if TYPE_CHECKING:
    from starlite.types.asgi_types import Message, Receive, Scope

FORM_FIELD = "_csrf_token"
"""The form field holding the token, as in 1.5x (``csrf_input`` in templates writes it)."""

# A valid token has 128 characters: a longer field value is kept only as far as this, which is
# enough to know it is wrong.
_LONGEST_VALUE = 256


class _NotFound:
    """The field is not in the part of the body read so far."""


NOT_FOUND = _NotFound()


class _UrlEncodedField:
    """Looks for the field in an ``application/x-www-form-urlencoded`` body, chunk by chunk."""

    __slots__ = ("pending",)

    def __init__(self) -> None:
        self.pending = bytearray()  # the body read since its last "&": a pair not complete yet

    def feed(self, chunk: bytes, more: bool) -> bytes | None | _NotFound:
        end = chunk.rfind(b"&") if more else len(chunk)
        if end < 0:
            self.pending += chunk  # only the new chunk is searched: no rescanning as it grows
            return NOT_FOUND
        complete = bytes(self.pending + chunk[:end])
        self.pending = bytearray(chunk[end + 1 :])
        # Split at "&" as the handler's parser does: decoding UTF-8 at that ASCII byte is safe.
        for name, value in parse_qsl(complete.decode("utf-8", errors="replace"), keep_blank_values=True):
            if name == FORM_FIELD:
                return value.encode()
        return NOT_FOUND


class _MultipartField:
    """Looks for the field among the parts of a ``multipart/form-data`` body, chunk by chunk."""

    __slots__ = ("parser", "headers", "header_field", "header_value", "collecting", "value", "done")

    def __init__(self, boundary: bytes) -> None:
        from python_multipart.multipart import MultipartParser

        self.headers: dict[bytes, bytes] = {}
        self.header_field = bytearray()
        self.header_value = bytearray()
        self.collecting = False
        self.value = bytearray()
        self.done = False
        self.parser = MultipartParser(
            boundary,
            {
                "on_part_begin": self._on_part_begin,
                "on_header_field": self._on_header_field,
                "on_header_value": self._on_header_value,
                "on_header_end": self._on_header_end,
                "on_headers_finished": self._on_headers_finished,
                "on_part_data": self._on_part_data,
                "on_part_end": self._on_part_end,
            },
        )

    def _on_part_begin(self) -> None:
        self.headers.clear()

    def _on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_field += data[start:end]

    def _on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def _on_header_end(self) -> None:
        self.headers[bytes(self.header_field).lower()] = bytes(self.header_value)
        self.header_field.clear()
        self.header_value.clear()

    def _on_headers_finished(self) -> None:
        from python_multipart.multipart import parse_options_header

        _, options = parse_options_header(self.headers.get(b"content-disposition", b""))
        # A file part named like the field is a file, not the field (the handler sees it so too).
        self.collecting = options.get(b"name") == FORM_FIELD.encode() and b"filename" not in options

    def _on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.collecting and len(self.value) <= _LONGEST_VALUE:
            self.value += data[start : min(end, start + _LONGEST_VALUE + 1)]

    def _on_part_end(self) -> None:
        if self.collecting:
            self.done = True
            self.collecting = False

    def feed(self, chunk: bytes, more: bool) -> bytes | None | _NotFound:
        if self.done:  # pragma: no cover - reading stops once the field is complete
            return bytes(self.value)
        self.parser.write(chunk)
        if not more:
            self.parser.finalize()
        return bytes(self.value) if self.done else NOT_FOUND


def _field_finder(scope: Scope) -> _UrlEncodedField | _MultipartField | None:
    """What looks for the token in this request's body; ``None`` when the body is not a form."""
    content_type = raw_header(scope, b"content-type")
    if content_type is None:
        return None
    media_type, _, parameters = bytes(content_type).partition(b";")
    media_type = media_type.strip().lower()
    if media_type == RequestEncodingType.URL_ENCODED.value.encode():
        return _UrlEncodedField()
    if media_type != RequestEncodingType.MULTI_PART.value.encode():
        return None
    boundary = b""
    for parameter in parameters.split(b";"):
        key, _, value = parameter.partition(b"=")
        if key.strip().lower() == b"boundary":
            boundary = value.strip().strip(b'"')
    if not boundary:
        return None
    try:
        return _MultipartField(boundary)
    except ValueError:  # a boundary python-multipart refuses (too long): the handler answers a 400
        return None


def _search(finder: _UrlEncodedField | _MultipartField, chunk: bytes, more: bool) -> bytes | None | _NotFound:
    try:
        return finder.feed(chunk, more)
    except Exception:  # a malformed body holds no token; the handler will refuse it as malformed
        return None


def _from_cached(state: ConnectionState, finder: _UrlEncodedField | _MultipartField) -> bytes | None:
    # Something outside (a user's middleware) read the body already: look where it left it.
    if state.form is not Empty:
        value: Any = state.form.get(FORM_FIELD)
        return value.encode() if isinstance(value, str) else None
    if state.body is not Empty:
        found = _search(finder, state.body, False)
        return None if isinstance(found, _NotFound) else found
    return None  # streamed by someone else and not kept: nothing left to read


async def read_form_token(scope: Scope, receive: Receive) -> tuple[bytes | None, Receive]:
    """Read the form body as far as the token field, when the request carries a form.

    Returns:
        The field's value (``None`` when absent) and the ``receive`` to hand on, which gives the
        messages read here again before the rest of the body.

    Raises:
        RequestEntityTooLarge: When the body grows past the connection's body limit before the field
            is found (the handler would refuse that body too).
    """
    finder = _field_finder(scope)
    if finder is None:
        return None, receive
    state = ConnectionState.from_scope(scope)
    if state.body_consumed or state.body is not Empty or state.form is not Empty:
        return _from_cached(state, finder), receive
    limit = state.max_body_size
    # What was read, kept as one body (not message by message: a client sending a byte per message
    # would make the messages cost far more memory than their bytes), then whatever ended the body.
    body = bytearray()
    more = True
    last: Message | None = None
    found: bytes | None | _NotFound = NOT_FOUND
    while isinstance(found, _NotFound):
        message = await receive()
        if message["type"] != "http.request":  # the client went away
            last, found = message, None
            break
        chunk = message.get("body", b"")
        more = message.get("more_body", False)
        body += chunk
        if limit is not None and len(body) > limit:
            raise RequestEntityTooLarge(f"Request body is larger than the limit of {limit} bytes")
        found = _search(finder, chunk, more)
        if not more and isinstance(found, _NotFound):
            found = None
    replayed: deque[Message] = deque([{"type": "http.request", "body": bytes(body), "more_body": more}])
    if last is not None:
        replayed.append(last)

    async def replay() -> Message:
        if replayed:
            return replayed.popleft()
        return await receive()

    return found, replay
