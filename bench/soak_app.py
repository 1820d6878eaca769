"""The soak's app: W1-W5 of the suite on one starlite app, and a stream its clients leave half-read.

W5's cookie sessions wrap ``/session`` alone (handler-level middleware), so W1-W4 answer as in the
suite's app. ``GET /stream`` answers 1 MiB in 16 KiB chunks from an async generator: the soak reads
some of them and hangs up, which the server must notice and clean up after, every time.

``GET /_soak/heap`` is the soak's probe, never part of the mix: it collects garbage, hands the C
allocator's free pages back to the system (glibc's ``malloc_trim``), and answers how many blocks
Python has allocated, so the soak can tell memory in use from memory the allocator only keeps.

Serve it with ``uvicorn soak_app:app`` from ``bench/``, with this repository's root on ``PYTHONPATH``.
"""

import ctypes
import ctypes.util
import gc
import os
import sys
from collections.abc import AsyncIterator
from typing import Any

import starlite

if getattr(starlite, "__version__", "1.51").startswith("1.51"):
    raise ImportError(f"soak_app needs this repository's starlite, but imported {starlite.__file__}")

from apps._item import Item  # noqa: E402

from starlite import MediaType, Request, Starlite, Stream, get, post  # noqa: E402
from starlite.middleware.session.cookie_backend import CookieBackendConfig  # noqa: E402

HELLO = "Hello, World!"
STREAM_CHUNK = b"s" * (16 * 1024)
STREAM_CHUNKS = 64  # 1 MiB


def _trim_c_heap() -> None:
    """Give the C heap's free pages back to the system (glibc only; elsewhere nothing happens)."""
    name = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    if trim is not None:
        trim(0)


def build_soak_app() -> Starlite:
    """W1-W5 and ``/stream`` on one app."""
    sessions = CookieBackendConfig(secret=os.urandom(16))

    @get("/plaintext", media_type=MediaType.TEXT)
    async def plaintext() -> str:
        return HELLO

    @get("/json")
    async def json_message() -> dict[str, str]:
        return {"message": HELLO}

    @get("/items/{item_id:int}")
    async def read_item(item_id: int, q: str) -> dict[str, Any]:
        return {"id": item_id, "q": q}

    @post("/items")
    async def create_item(data: Item) -> Item:
        return data

    @get("/session", middleware=[sessions.middleware])
    async def counter(request: Request) -> dict[str, int]:
        value = request.session.get("counter", 0) + 1
        request.session["counter"] = value
        return {"counter": value}

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(STREAM_CHUNKS):
            yield STREAM_CHUNK

    @get("/stream", media_type=MediaType.TEXT)
    async def stream() -> Stream:
        return Stream(iterator=chunks())

    @get("/_soak/heap", sync_to_thread=False)
    def heap() -> dict[str, int]:
        gc.collect()
        _trim_c_heap()
        return {"blocks": sys.getallocatedblocks()}

    handlers = [plaintext, json_message, read_item, create_item, counter, stream, heap]
    return Starlite(route_handlers=handlers)


app = build_soak_app()
