"""Compression: send response bodies gzip- or brotli-encoded to clients that accept it.

``CompressionConfig`` (``compression_config=``; ``starlite.config`` exports it, as in 1.5x) picks the
backend and its settings. ``CompressionMiddleware`` wraps each HTTP handler (see
``starlite._middleware_stack``), so a handler's error responses are compressed too. A body sent in one
message is compressed whole; a streamed body is compressed chunk by chunk, each chunk flushed, so a
client reads the data as the handler produces it.
"""

from __future__ import annotations

import re
import zlib
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, Field

from starlite.constants import SCOPE_STATE_NAMESPACE, SCOPE_STATE_RESPONSE_COMPRESSED
from starlite.enums import CompressionEncoding, ScopeType
from starlite.exceptions import MissingDependencyException
from starlite.middleware.base import AbstractMiddleware

if TYPE_CHECKING:
    from starlite.types.asgi_types import ASGIApp, Message, Receive, Scope, Send

__all__ = ("CompressionConfig", "CompressionMiddleware")


def load_brotli() -> Any:
    """Import the ``brotli`` package.

    Raises:
        MissingDependencyException: When it is not installed, naming the ``brotli`` extra.
    """
    try:
        import brotli  # type: ignore[import-untyped,unused-ignore]
    except ImportError as exc:
        raise MissingDependencyException("brotli", extra="brotli") from exc
    return brotli


# --- Accept-Encoding (RFC 9110 section 12.5.3) ----------------------------------------------------------

# A weight is "0" to "1" with at most three decimals; a little more is read (any number of decimals)
# because clients write "q=0.50000". Anything else makes the entry unreadable, and it is ignored.
_QVALUE = re.compile(r"(?:0(?:\.\d*)?|1(?:\.0*)?|\.\d+)")
_ALIASES = {"x-gzip": "gzip"}  # RFC 9110 section 8.4.1.3: a recipient treats x-gzip as gzip


def preferred_encoding(accept_encoding: str, offered: tuple[str, ...]) -> str | None:
    """The coding of ``offered`` to send to a client whose ``Accept-Encoding`` is ``accept_encoding``.

    The client's weights decide, ``*`` weighing for every coding it does not name; on equal weights the
    earlier coding of ``offered`` wins. ``None`` (send the body as it is) when the client accepts none
    of them, or weighs ``identity`` above the best. Entries that cannot be read are ignored.
    """
    weights: dict[str, float] = {}
    for entry in accept_encoding.lower().split(","):
        coding, _, parameters = entry.partition(";")
        coding = coding.strip()
        if not coding:
            continue
        weight: float | None = 1.0
        for parameter in parameters.split(";") if parameters else ():
            name, _, value = parameter.partition("=")
            if name.strip() == "q":
                value = value.strip()
                weight = float(value) if _QVALUE.fullmatch(value) else None
        if weight is None:
            continue
        coding = _ALIASES.get(coding, coding)
        # Named twice, the lower weight counts: a refusal (q=0) is never overridden.
        weights[coding] = min(weight, weights.get(coding, weight))
    anything = weights.get("*", 0.0)
    best, best_weight = None, 0.0
    for coding in offered:
        weight = weights.get(coding, anything)
        if weight > best_weight:
            best, best_weight = coding, weight
    if best is not None and weights.get("identity", 0.0) > best_weight:
        return None
    return best


# --- the encoders -----------------------------------------------------------------------------------------


class _GzipStream:
    __slots__ = ("_compressor",)

    def __init__(self, level: int) -> None:
        # wbits 31: a gzip member (header and CRC), with no file name and a zero time, so the same body
        # always gives the same bytes.
        self._compressor = zlib.compressobj(level, zlib.DEFLATED, 31)

    def chunk(self, data: bytes) -> bytes:
        # A sync flush ends every chunk on a byte boundary the client can decode up to.
        return self._compressor.compress(data) + self._compressor.flush(zlib.Z_SYNC_FLUSH)

    def finish(self) -> bytes:
        return self._compressor.flush()


class _BrotliStream:
    __slots__ = ("_compressor",)

    def __init__(self, compressor: Any) -> None:
        self._compressor = compressor

    def chunk(self, data: bytes) -> bytes:
        return self._compressor.process(data) + self._compressor.flush()  # type: ignore[no-any-return]

    def finish(self) -> bytes:
        return self._compressor.finish()  # type: ignore[no-any-return]


# Statuses whose answer has no body, or a body that must not change: 206 carries byte ranges of the
# unencoded representation (RFC 9110 section 14.4).
_LEFT_ALONE_STATUSES = frozenset({204, 205, 206, 304})
# The choice is remembered for this many distinct Accept-Encoding values, each at most this long
# (browsers send about 25 bytes); a longer one is read each time, so clients cannot fill the memory.
_ACCEPT_ENCODINGS_REMEMBERED = 1024
_LONGEST_REMEMBERED = 128
# A body this large is compressed in a worker thread (zlib and brotli release the GIL): gzip at level 9
# takes tens of milliseconds per MiB, which would stall every other request on the event loop.
_COMPRESSED_IN_A_THREAD = 256 * 1024


def _merged_vary(values: list[bytes]) -> bytes:
    if not values:
        return b"Accept-Encoding"
    names = [part.strip() for value in values for part in value.split(b",") if part.strip()]
    lowered = {name.lower() for name in names}
    if b"*" in lowered or b"accept-encoding" in lowered:
        return b", ".join(names)
    return b", ".join([*names, b"Accept-Encoding"])


def _mark_compressed(scope: Scope) -> None:
    # For the request logging, which says whether it logs the body compressed (as 1.5x did).
    state = scope.get("state")
    if state is not None:
        state.setdefault(SCOPE_STATE_NAMESPACE, {})[SCOPE_STATE_RESPONSE_COMPRESSED] = True


_Encoder = _GzipStream | _BrotliStream


class CompressionMiddleware(AbstractMiddleware):
    """Compress the bodies of HTTP responses for clients that accept gzip or brotli.

    A response is sent as it is when its status has no body to compress (204, 205, 304) or carries
    byte ranges (206), when it already has a ``Content-Encoding``, when it is a ``text/event-stream``,
    or when its body is shorter than ``minimum_size``. Every other response gets
    ``Vary: Accept-Encoding``, and is compressed when the client accepts one of the config's codings
    (never for ``HEAD``, whose answer has no body).

    Args:
        app: The next ASGI app.
        config: The compression configuration.

    Raises:
        MissingDependencyException: When the config asks for brotli and it is not installed.
    """

    def __init__(self, app: ASGIApp, config: CompressionConfig) -> None:
        super().__init__(
            app=app, exclude=config.exclude, exclude_opt_key=config.exclude_opt_key, scopes={ScopeType.HTTP}
        )
        self.config = config
        self._offered = config.offered_encodings
        self._checks_exclusions = self.exclude_pattern is not None or bool(self.exclude_opt_key)
        # The coding chosen for each Accept-Encoding seen: clients send a handful of distinct values,
        # so the header is parsed once per value, not per request.
        self._chosen: dict[bytes, str | None] = {}
        self._brotli: Any = None
        if CompressionEncoding.BROTLI.value in self._offered:
            self._brotli = load_brotli()
            modes = {"generic": self._brotli.MODE_GENERIC, "text": self._brotli.MODE_TEXT}
            self._brotli_options = {
                "mode": modes.get(config.brotli_mode, self._brotli.MODE_FONT),
                "quality": config.brotli_quality,
                "lgwin": config.brotli_lgwin,
                "lgblock": config.brotli_lgblock,
            }

    def _encoding_for(self, scope: Scope) -> str | None:
        value = None
        for name, header in scope["headers"]:
            if name == b"accept-encoding":  # several fields are one comma-separated list
                value = header if value is None else value + b"," + header
        if not value:
            return None
        chosen = self._chosen.get(value, False)
        if chosen is False:
            chosen = preferred_encoding(value.decode("latin-1"), self._offered)
            if len(value) <= _LONGEST_REMEMBERED:
                if len(self._chosen) >= _ACCEPT_ENCODINGS_REMEMBERED:  # the values are the client's
                    self._chosen.clear()
                self._chosen[value] = chosen
        return chosen  # type: ignore[return-value]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the connection, compressing the response when the client accepts it."""
        # The exclusions are checked here, and only when configured (AbstractMiddleware would check
        # them for every request).
        if scope["type"] != "http" or (self._checks_exclusions and self.should_skip(scope)):
            await self.app(scope, receive, send)
            return
        encoding = None if scope["method"] == "HEAD" else self._encoding_for(scope)
        extensions = scope.get("extensions")
        if encoding is not None and extensions and "http.response.pathsend" in extensions:
            # A file the server sends itself could not be compressed: withdraw the offer, so that the
            # file is read and compressed here as it would be by a server without the extension.
            scope["extensions"] = {k: v for k, v in extensions.items() if k != "http.response.pathsend"}
        await self.app(scope, receive, self.create_compression_send_wrapper(send, encoding, scope))

    __call__._skips_excluded = True  # type: ignore[attr-defined]

    def compress(self, encoding: str, body: bytes) -> bytes:
        """Compress a whole body with ``encoding`` (``"gzip"`` or ``"br"``)."""
        if encoding == CompressionEncoding.BROTLI.value:
            return self._brotli.compress(body, **self._brotli_options)  # type: ignore[no-any-return]
        compressor = zlib.compressobj(self.config.gzip_compress_level, zlib.DEFLATED, 31)
        return compressor.compress(body) + compressor.flush()

    def _encoder(self, encoding: str) -> _Encoder:
        if encoding == CompressionEncoding.BROTLI.value:
            return _BrotliStream(self._brotli.Compressor(**self._brotli_options))
        return _GzipStream(self.config.gzip_compress_level)

    def create_compression_send_wrapper(
        self, send: Send, compression_encoding: str | None, scope: Scope
    ) -> Send:
        """Wrap ``send`` so that the response is compressed with ``compression_encoding``.

        Args:
            send: The ASGI send function.
            compression_encoding: The coding to apply (``"gzip"`` or ``"br"``), or ``None`` when the
                client accepts neither (the response then only gets its ``Vary``).
            scope: The connection's scope.

        Returns:
            The ASGI send function the app sends its response to.
        """
        minimum_size = self.config.minimum_size
        coding = compression_encoding or ""  # held (and so used) only when there is one
        passing = False  # the rest of the response goes out as the app sends it
        held: Message | None = None  # the start of a response to compress, until its body comes
        kept: list[tuple[bytes, bytes]] = []  # the held start's headers, less those compression changes
        vary: list[bytes] = []
        etag: bytes | None = None
        length: bytes | None = None
        encoder: _Encoder | None = None

        async def send_compressed(message: Message) -> None:
            nonlocal passing, held, kept, vary, etag, length, encoder
            if passing:
                await send(message)
            elif encoder is not None:
                if message["type"] == "http.response.body":
                    more_body = message.get("more_body", False)
                    body = message.get("body", b"")
                    data = encoder.chunk(body) if body else b""
                    if not more_body:
                        data += encoder.finish()
                    message = {"type": "http.response.body", "body": data, "more_body": more_body}
                await send(message)
            elif held is None:
                if message["type"] != "http.response.start":
                    await send(message)
                    return
                status = message["status"]
                skip = status in _LEFT_ALONE_STATUSES or status < 200
                for name, value in message.get("headers") or ():
                    lowered = name.lower()
                    if lowered == b"vary":
                        vary.append(value)
                        continue
                    if lowered == b"content-length":
                        length = value
                        continue
                    if lowered == b"etag":
                        etag = value
                        continue
                    if lowered == b"content-encoding":
                        skip = True
                    elif lowered == b"content-type":
                        skip = skip or value[:17].lower() == b"text/event-stream"
                    kept.append((name, value))
                if skip or (length is not None and length.isdigit() and int(length) < minimum_size):
                    passing = True
                    await send(message)
                elif compression_encoding is None:
                    # The answer would differ for a client that accepts a coding: caches must know.
                    passing = True
                    message["headers"] = _as_they_were(kept, length, etag, vary)
                    await send(message)
                else:
                    held = message
            elif message["type"] != "http.response.body":
                passing = True
                await send(held)
                await send(message)
            else:
                body = message.get("body", b"")
                more_body = message.get("more_body", False)
                if not more_body and len(body) < minimum_size:
                    passing = True  # a short body in one message: not worth compressing
                    await send(held)
                    await send(message)
                    return
                headers = [*kept, (b"content-encoding", coding.encode())]
                headers.append((b"vary", _merged_vary(vary)))
                if etag is not None:
                    # The compressed bytes are another representation: a strong validator of the
                    # original must not stand for them (RFC 9110 section 8.8.3).
                    headers.append((b"etag", etag if etag.startswith(b"W/") else b"W/" + etag))
                if more_body:
                    # A stream: its length is unknown, so it is compressed whatever its first chunk.
                    encoder = self._encoder(coding)
                    _mark_compressed(scope)
                    await send({**held, "headers": headers})
                    data = encoder.chunk(body) if body else b""
                    await send({"type": "http.response.body", "body": data, "more_body": True})
                    return
                passing = True
                if len(body) < _COMPRESSED_IN_A_THREAD:
                    data = self.compress(coding, body)
                else:
                    from anyio.to_thread import run_sync  # loaded by the first large body

                    data = await run_sync(self.compress, coding, body)
                if len(data) >= len(body):  # incompressible: the original is smaller
                    held["headers"] = _as_they_were(kept, length, etag, vary)
                    await send(held)
                    await send(message)
                    return
                headers.append((b"content-length", str(len(data)).encode()))
                _mark_compressed(scope)
                await send({**held, "headers": headers})
                await send({"type": "http.response.body", "body": data})

        return send_compressed


def _as_they_were(
    kept: list[tuple[bytes, bytes]], length: bytes | None, etag: bytes | None, vary: list[bytes]
) -> list[tuple[bytes, bytes]]:
    """The headers of a response sent uncompressed, with ``Accept-Encoding`` in its ``Vary``."""
    headers = [*kept, (b"vary", _merged_vary(vary))]
    if length is not None:
        headers.append((b"content-length", length))
    if etag is not None:
        headers.append((b"etag", etag))
    return headers


class CompressionConfig(BaseModel):
    """How responses are compressed (``compression_config=``).

    Attributes:
        backend: ``"gzip"``, or ``"brotli"`` (needs ``pip install 'starlite[brotli]'``).
        minimum_size: Bodies shorter than this many bytes are sent as they are.
        gzip_compress_level: The gzip level, 0 (none) to 9 (smallest, slowest).
        brotli_quality: The brotli quality, 0 (fastest) to 11 (smallest).
        brotli_mode: What brotli tunes for: ``"text"`` (UTF-8 text), ``"generic"`` or ``"font"`` (WOFF 2).
        brotli_lgwin: The base 2 logarithm of brotli's window size, 10 to 24.
        brotli_lgblock: The base 2 logarithm of brotli's input block size, 16 to 24; 0 lets the quality
            decide.
        brotli_gzip_fallback: With the brotli backend, send gzip to clients that accept gzip and not
            brotli.
        middleware_class: The middleware class applied, ``CompressionMiddleware`` or a subclass.
        exclude: A path pattern, or a list of them, whose responses are not compressed.
        exclude_opt_key: A handler ``opt`` key: handlers with a truthy value are not compressed.
    """

    backend: Literal["gzip", "brotli"]
    minimum_size: Annotated[int, Field(gt=0)] = 500
    gzip_compress_level: Annotated[int, Field(ge=0, le=9)] = 9
    brotli_quality: Annotated[int, Field(ge=0, le=11)] = 5
    brotli_mode: Literal["generic", "text", "font"] = "text"
    brotli_lgwin: Annotated[int, Field(ge=10, le=24)] = 22
    brotli_lgblock: Literal[0, 16, 17, 18, 19, 20, 21, 22, 23, 24] = 0
    brotli_gzip_fallback: bool = True
    middleware_class: type[CompressionMiddleware] = CompressionMiddleware
    exclude: str | list[str] | None = None
    exclude_opt_key: str | None = None

    @property
    def offered_encodings(self) -> tuple[str, ...]:
        """The content codings this config can send, the server's preferred first."""
        if self.backend == "gzip":
            return (CompressionEncoding.GZIP.value,)
        if self.brotli_gzip_fallback:
            return (CompressionEncoding.BROTLI.value, CompressionEncoding.GZIP.value)
        return (CompressionEncoding.BROTLI.value,)
