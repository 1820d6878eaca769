"""The two apps the wire corpus is sent to, each served by its own uvicorn with the same options.

``app`` is a starlite app with every kind of body (JSON, url-encoded form, multipart, raw bytes) and a
streamed answer; ``control`` is a bare ASGI callable on the same paths that reads whatever body comes
and answers 200, so what it gets is what uvicorn itself does with the bytes.

Both serve ``GET /_state``, read by the corpus between cases: the asyncio tasks alive in the server,
the streams whose generator has not finished, and how many requests reached the app at all (so the
corpus knows which answers uvicorn gave without calling the app). A ``mark`` query parameter is printed
to the server's output, to cut its log into one slice per case.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

from starlite import (
    Body,
    MediaType,
    Parameter,
    Request,
    RequestEncodingType,
    Starlite,
    Stream,
    UploadFile,
    get,
    post,
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

CHUNK = 64 * 1024


class Counters:
    """What ``/_state`` reports, kept per process (each server runs one app)."""

    requests = 0
    streams_open = 0


def state(mark: str | None) -> dict[str, int]:
    if mark:
        print(f"wire-mark {mark}", flush=True)
    return {
        # The task answering this request is one of them.
        "tasks": len(asyncio.all_tasks()),
        "streams_open": Counters.streams_open,
        "requests": Counters.requests,
    }


async def chunks(size: int) -> AsyncIterator[bytes]:
    Counters.streams_open += 1
    try:
        sent = 0
        while sent < size or size < 0:  # a negative size: endless
            piece = CHUNK if size < 0 else min(CHUNK, size - sent)
            yield b"x" * piece
            sent += piece
            await asyncio.sleep(0)
    finally:
        Counters.streams_open -= 1


@get("/ping", media_type=MediaType.TEXT)
async def ping() -> str:
    return "pong"


@post("/json")
async def json_body(data: dict[str, Any]) -> dict[str, int]:
    return {"keys": len(data)}


@post("/form")
async def form_body(
    data: dict[str, str] = Body(media_type=RequestEncodingType.URL_ENCODED),
) -> dict[str, int]:
    return {"fields": len(data)}


@post("/upload")
async def upload(data: dict[str, Any] = Body(media_type=RequestEncodingType.MULTI_PART)) -> dict[str, int]:
    size = 0
    for value in data.values():
        size += len(await value.read()) if isinstance(value, UploadFile) else len(str(value))
    return {"size": size}


@post("/raw")
async def raw_body(request: Request) -> dict[str, int]:
    return {"size": len(await request.body())}


@get("/items/{item_id:int}")
async def item(
    item_id: int,
    q: str | None = None,
    tag: str | None = Parameter(header="x-tag", default=None),
    flavour: str | None = Parameter(cookie="flavour", default=None),
) -> dict[str, Any]:
    return {"id": item_id, "q": q, "tag": tag, "flavour": flavour}


@get("/stream")
async def stream(size: int = 1_000_000) -> Stream:
    return Stream(iterator=chunks(size), media_type=MediaType.TEXT)


@get("/_state")
async def server_state(mark: str | None = None) -> dict[str, int]:
    return state(mark)


starlite_app = Starlite(
    route_handlers=[ping, json_body, form_body, upload, raw_body, item, stream, server_state],
)


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    """The starlite app, counting the requests that reach it."""
    if scope["type"] in ("http", "websocket"):
        Counters.requests += 1
    await starlite_app(scope, receive, send)  # type: ignore[arg-type]


async def respond(send: Send, status: int, body: bytes, content_type: bytes) -> None:
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def control(scope: Scope, receive: Receive, send: Send) -> None:
    """What a bare app does: read the whole body (or the disconnect), answer 200."""
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] == "websocket":
        Counters.requests += 1
        await receive()  # websocket.connect
        await send({"type": "websocket.close", "code": 1000})
        return
    Counters.requests += 1
    query = parse_qs(scope["query_string"].decode("latin-1"))
    if scope["path"] == "/_state":
        await respond(send, 200, json.dumps(state(query.get("mark", [""])[0])).encode(), b"application/json")
        return
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        size += len(message.get("body", b""))
        if not message.get("more_body", False):
            break
    if scope["path"] == "/stream":
        length = int(query.get("size", ["1000000"])[0])
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]}
        )
        # uvicorn drops what is sent after a disconnect without a word: listen, or stream forever.
        disconnected = asyncio.ensure_future(receive())
        try:
            async for piece in chunks(length):
                if disconnected.done():
                    break
                await send({"type": "http.response.body", "body": piece, "more_body": True})
            else:
                await send({"type": "http.response.body", "body": b""})
        finally:
            disconnected.cancel()
        return
    await respond(send, 200, json.dumps({"path": scope["path"], "size": size}).encode(), b"application/json")
