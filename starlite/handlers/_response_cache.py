"""Response caching (a handler's ``cache=True`` or ``cache=<seconds>``): the wrapper around its pipeline.

What is cached is what went on the wire: the status, the headers (the handler's cookies among them,
as ``Set-Cookie``) and the body of a ``GET`` answered with a 2xx status in one body message. A
response sent in several parts (a ``Stream``, a file bigger than one chunk) is never cached, nor is
an error. A ``HEAD`` request to a handler that also answers ``GET`` is answered from the ``GET``'s
entry, without its body.

The guards run on every request, hit or miss (a cached answer is only for callers who may see it);
on a hit nothing else of the handler runs (``before_request``, the handler, ``after_request``, its
background task), and ``after_response`` still does.

Entries are stored as ``_MAGIC`` and a MessagePack array ``[status, [[name, value], ...], body]``:
reading one back decodes data only, so an entry written by someone else into a shared store can at
worst be a wrong answer, never code that runs (1.5x pickled the response object). An entry that is
not in this form is a miss, and is overwritten.

A store that fails (stopped, unreachable, slower than its backend's ``timeout``) is logged as one
warning line and then left alone for ``_RETRY_AFTER`` seconds: requests are answered uncached.
"""

from __future__ import annotations

import logging
import re
import time
from typing import TYPE_CHECKING, Any

import msgspec

from starlite.utils.exception import answer_exception

if TYPE_CHECKING:
    from starlite.cache.base import Cache
    from starlite.types.asgi_types import ASGIApp, Message, Receive, Scope, Send

__all__ = ("caches_responses", "with_response_cache")

logger = logging.getLogger("starlite")

_MAGIC = b"starlite-response/1\n"
_Entry = tuple[int, list[tuple[bytes, bytes]], bytes]
_decoder = msgspec.msgpack.Decoder(_Entry)
_encoder = msgspec.msgpack.Encoder()
# Seconds the response cache is skipped after its store failed.
_RETRY_AFTER = 5.0
# Annotations of handlers whose responses are sent in parts: they are never wrapped.
_STREAMED = ("File", "Stream", "FileResponse", "StreamingResponse")


def caches_responses(handler: Any) -> bool:
    """Tell whether ``handler`` asked for response caching and can send a cacheable response."""
    cache = handler.cache
    if cache is False or cache is None or (not isinstance(cache, bool) and cache <= 0):
        return False
    annotation = handler.return_annotation
    return getattr(annotation, "__name__", None) not in _STREAMED


def with_response_cache(
    answer: Any, handler: Any, request_class: Any, exception_handlers: Any, debug: bool
) -> ASGIApp:
    """Wrap a handler's pipeline (built without its guards) in the guards and the response cache.

    Like the pipeline, the wrapper returns the request when a response went out and ``None`` when an
    error was answered, for ``after_response``.
    """
    expiration = None if handler.cache is True else handler.cache
    key_builder = handler._resolve_layered("cache_key_builder")
    guards = handler.authorize_connection if handler.has_guards else None

    async def answer_from_cache(scope: Scope, receive: Receive, send: Send) -> Any:
        method = scope["method"]  # type: ignore[typeddict-item]
        request = request_class(scope, receive, send)
        cache: Cache = scope["app"].cache
        try:
            if guards is not None:
                await guards(request)
            if method != "GET" and method != "HEAD":
                key = None
            else:
                key = (key_builder or cache.key_builder)(request)
        except Exception as exc:
            await answer_exception(exc, scope, receive, send, exception_handlers, debug, False)
            return None
        if key is None or _skipping(cache):
            return await answer(scope, receive, send)
        try:
            value = await cache.get(key)
        except Exception as exc:  # noqa: BLE001 - a cache is an optimisation: a failing one is skipped
            _store_failed(cache, "read", exc)
            return await answer(scope, receive, send)
        entry = _decode(value)
        if entry is not None:
            status, headers, body = entry
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": b"" if method == "HEAD" else body})
            return request
        recorder = _Recorder(send)
        result = await answer(scope, receive, recorder)
        if method == "GET" and recorder.cacheable():
            await _write(cache, key, recorder.encode(), expiration)
        return result

    return answer_from_cache


class _Recorder:
    """Passes a response's messages on, keeping a copy of a response that could be cached."""

    __slots__ = ("send", "status", "headers", "body", "parts", "complete")

    def __init__(self, send: Send) -> None:
        self.send = send
        self.status = 0
        self.headers: list[tuple[bytes, bytes]] = []
        self.body = b""
        self.parts = 0
        self.complete = False

    async def __call__(self, message: Message) -> None:
        kind = message["type"]
        if kind == "http.response.start":
            self.status = message["status"]
            self.headers = [(bytes(name), bytes(value)) for name, value in message.get("headers", ())]
        elif kind == "http.response.body":
            self.parts += 1
            if self.parts == 1:
                self.body = bytes(message.get("body", b""))
            self.complete = not message.get("more_body", False)
        else:  # a file sent by the server (pathsend), trailers: not a body we hold
            self.parts += 2
        await self.send(message)

    def cacheable(self) -> bool:
        return (
            self.complete
            and self.parts == 1
            and 200 <= self.status < 300
            and not any(
                name.lower() == b"cache-control" and _NOT_SHARED.search(value) for name, value in self.headers
            )
        )

    def encode(self) -> bytes:
        return _MAGIC + _encoder.encode((self.status, self.headers, self.body))


# A response its handler marked for one user only (RFC 9111 sections 5.2.2.5 and 5.2.2.7): never
# stored, so that it is never served to another.
_NOT_SHARED = re.compile(rb"(?i)\b(?:no-store|private)\b")


def _decode(value: Any) -> _Entry | None:
    if not isinstance(value, bytes) or not value.startswith(_MAGIC):
        return None
    try:
        entry = _decoder.decode(memoryview(value)[len(_MAGIC) :])
    except msgspec.DecodeError:
        return None
    return entry if 200 <= entry[0] < 300 else None


def _skipping(cache: Any) -> bool:
    return time.monotonic() < getattr(cache, "_skip_until", 0.0)


def _store_failed(cache: Any, action: str, exc: Exception) -> None:
    # One line, no traceback: the store's state is the operator's business, and the request is
    # answered anyway. Then the store is left alone for a while, so that a store that hangs does not
    # cost every request its timeout.
    try:
        cache._skip_until = time.monotonic() + _RETRY_AFTER
    except AttributeError:  # a cache object of the user's own, without the attribute
        pass
    detail = str(exc) or type(exc).__name__
    logger.warning(
        "Response cache %s failed, responses are not cached for %.0f seconds: %s",
        action,
        _RETRY_AFTER,
        detail,
    )


async def _write(cache: Cache, key: str, entry: bytes, expiration: int | None) -> None:
    try:
        await cache.set(key, entry, expiration)
    except Exception as exc:  # noqa: BLE001
        _store_failed(cache, "write", exc)
