"""``Request``: an HTTP connection with its body."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import aclosing
from typing import Any, Generic, TypeVar
from urllib.parse import parse_qsl

from starlite.connection.base import (
    ASGIConnection,
    AuthT,
    UserT,
    raw_header,
)
from starlite.datastructures.multi_dicts import FormMultiDict
from starlite.enums import RequestEncodingType
from starlite.exceptions import (
    ClientException,
    InternalServerException,
    SerializationException,
    ValidationException,
)
from starlite.status_codes import HTTP_413_REQUEST_ENTITY_TOO_LARGE
from starlite.types.empty import Empty
from starlite.utils.serialization import decode_json, decode_msgpack

__all__ = ("Request",)

DEFAULT_PART_LIMIT = 1000

T = TypeVar("T")


def _too_large(limit: int) -> ClientException:
    return ClientException(
        status_code=HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        detail=f"Request body is larger than the limit of {limit} bytes",
    )


class MalformedBodyException(ValidationException, SerializationException):
    """A request body that does not decode: a 400, and a ``SerializationException`` as 1.5x raised.

    1.5x let the decoder's ``SerializationException`` through (answered with a 500); code that catches
    it keeps working, and the client still learns that its body was at fault.
    """


def _check_cached(state: Any) -> None:
    # Middleware may have read the body before the route's own limit applied.
    if state.max_body_size is not None and len(state.body) > state.max_body_size:
        raise _too_large(state.max_body_size)


class Request(ASGIConnection[Any, UserT, AuthT], Generic[UserT, AuthT]):
    """An HTTP request: ``Request[User, Auth]``, typed by what authentication puts in ``user`` and ``auth``.

    Args:
        scope: The ASGI ``http`` scope.
        receive: The ASGI receive callable.
        send: The ASGI send callable.
    """

    __slots__ = ()

    @property
    def method(self) -> str:
        """The HTTP method, upper-case."""
        return self.scope["method"]  # type: ignore[no-any-return]

    @property
    def content_type(self) -> tuple[str, dict[str, str]]:
        """The media type of the body and its parameters, e.g. ``("text/plain", {"charset": "utf-8"})``."""
        media_type, *params = self.headers.get("content-type", "").split(";")
        options: dict[str, str] = {}
        for param in params:
            key, _, value = param.partition("=")
            options[key.strip().lower()] = value.strip().strip('"')
        return media_type.strip().lower(), options

    async def stream(self) -> AsyncGenerator[bytes, None]:
        """Yield the body as it arrives; once read, the cached body is yielded instead.

        Raises:
            InternalServerException: When the body was already streamed without being kept (a second
                ``receive`` would wait forever), or the client disconnects before the body is complete.
            ClientException: A 413 when the body exceeds the route's ``request_max_body_size``
                (announced by ``Content-Length`` or counted as it arrives).
        """
        state = self._connection_state
        if state.body is not Empty:
            _check_cached(state)
            yield state.body
            return
        limit = self._start_reading()
        received = 0
        more = True
        while more:
            chunk, more = await self._receive_chunk()
            if chunk:
                received += len(chunk)
                if limit is not None and received > limit:
                    raise _too_large(limit)
                yield chunk
        yield b""

    def _start_reading(self) -> int | None:
        """Mark the body as being read (it can be read once) and check its declared size."""
        state = self._connection_state
        if state.body_consumed:
            # Read as a stream (a multipart form is parsed that way, never held whole in memory), so
            # there is nothing left to read; waiting on ``receive`` would hang the request.
            raise InternalServerException("stream consumed")
        state.body_consumed = True
        limit = state.max_body_size
        if limit is not None:
            declared = raw_header(self.scope, b"content-length")
            if declared is not None and declared.isdigit() and int(declared) > limit:
                raise _too_large(limit)
        return limit

    async def _receive_chunk(self) -> tuple[bytes, bool]:
        """Wait for the next part of the body: ``(bytes, more to come)``."""
        while True:
            message = await self.receive()
            if message["type"] == "http.request":
                return message.get("body", b""), message.get("more_body", False)
            if message["type"] == "http.disconnect":
                raise InternalServerException("client disconnected prematurely")

    async def body(self) -> bytes:
        """Return the whole body, read once and cached for every later call."""
        state = self._connection_state
        if state.body is Empty:
            limit = self._start_reading()
            # Most bodies arrive in one message: take it as is, without joining.
            body, more = await self._receive_chunk()
            if more:
                chunks = [body]
                received = len(body)
                while more:
                    chunk, more = await self._receive_chunk()
                    received += len(chunk)
                    if limit is not None and received > limit:
                        raise _too_large(limit)
                    chunks.append(chunk)
                body = b"".join(chunks)
            elif limit is not None and len(body) > limit:
                raise _too_large(limit)
            state.body = body
        else:
            _check_cached(state)
        return state.body

    async def json(self) -> Any:
        """Return the body decoded as JSON (``None`` for an empty body).

        Raises:
            MalformedBodyException: A 400 (also a ``SerializationException``) when the body is not
                valid JSON.
        """
        state = self._connection_state
        if state.json is Empty:
            body = await self.body()
            try:
                state.json = decode_json(body) if body else None
            except SerializationException as exc:
                raise MalformedBodyException(f"Malformed JSON request body: {exc}") from exc
        return state.json

    async def msgpack(self) -> Any:
        """Return the body decoded as MessagePack (``None`` for an empty body).

        Raises:
            MalformedBodyException: A 400 (also a ``SerializationException``) when the body is not
                valid MessagePack.
        """
        body = await self.body()
        try:
            return decode_msgpack(body) if body else None
        except SerializationException as exc:
            raise MalformedBodyException(f"Malformed MessagePack request body: {exc}") from exc

    async def form(self) -> FormMultiDict:
        """Return the parsed form body (url-encoded or multipart).

        Raises:
            ValidationException: A 400 when a multipart body is malformed.
        """
        return await self._form()

    async def _form(self, part_limit: int | None = None) -> FormMultiDict:
        """``form()``, with the multipart part limit of a handler's ``Body(multipart_form_part_limit=)``."""
        state = self._connection_state
        if state.form is Empty:
            media_type, options = self.content_type
            if media_type == RequestEncodingType.MULTI_PART:
                # python-multipart loads with the first multipart body: most apps never parse one.
                from starlite._multipart import parse_multipart_form

                app = self.scope.get("app")
                limit = int(
                    part_limit or getattr(app, "multipart_form_part_limit", None) or DEFAULT_PART_LIMIT
                )
                # Closed here when the parser stops early (a malformed body, too many parts): left to
                # the garbage collector, the half-read stream is a ResourceWarning on trio.
                async with aclosing(self.stream()) as stream:
                    state.form = FormMultiDict(
                        await parse_multipart_form(stream, options.get("boundary", ""), limit)
                    )
            elif media_type == RequestEncodingType.URL_ENCODED:
                body = (await self.body()).decode("utf-8", errors="replace")
                state.form = FormMultiDict(parse_qsl(body, keep_blank_values=True))
            else:
                state.form = FormMultiDict()
        return state.form  # type: ignore[no-any-return]

    async def send_push_promise(self, path: str) -> None:
        """Send an HTTP/2 server push for ``path`` when the server supports it; otherwise do nothing."""
        extensions = self.scope.get("extensions") or {}
        if "http.response.push" in extensions:
            headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in self.headers.items()]
            await self.send({"type": "http.response.push", "path": path, "headers": headers})
