"""The floor: one hand-written ASGI callable, a branch per workload, no framework.

Choices, so the floor is what a careful hand-written app would do, no less:

- JSON answers are encoded per request with ``msgspec.json.encode`` (the fastest encoder installed);
- W3 parses the query string with ``urllib.parse.parse_qsl`` and answers 400 without ``q`` and 404
  for a non-integer id;
- W4 validates with the same pydantic 2 model as the frameworks (``Item.model_validate_json``) and
  echoes ``item.model_dump_json()``: the validation every framework does is in the floor too;
- W5's cookie is ``base64url(JSON) . expiry . base64url(HMAC-SHA256)`` (signed, not encrypted, like
  Starlette's and BlackSheep's; the Starlites' and Litestar's are AES-GCM encrypted);
- W7 asks the Jinja environment (made once, ``autoescape=True`` as the frameworks make theirs) for
  the template on every request, as the frameworks do (with its default ``auto_reload``, which checks
  the file's modification time), and renders the context the handler builds;
- W8 serves only names of the directory's listing made at start-up (so no path leaves it), and reads
  the whole file per request, synchronously, into one body message: no thread, no chunks, no
  ``ETag``/``Last-Modified``, which the frameworks add;
- W9 does what every framework's app does, by hand: a session from the ``async_sessionmaker`` made
  at start-up, ``session.get(Item, id)``, the session closed before answering, the row encoded with
  ``msgspec.json.encode`` (404 for an id with no row); the engine is disposed of at shutdown.
"""

import base64
import binascii
import hashlib
import hmac
import os
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

import msgspec

from apps import is_parameterized, lazy_apps

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

HELLO = b"Hello, World!"
TEXT = b"text/plain; charset=utf-8"
JSON = b"application/json"
SESSION_MAX_AGE = 14 * 24 * 60 * 60  # the frameworks' default: 14 days


async def respond(
    send: Send, status: int, content_type: bytes, body: bytes, *extra: tuple[bytes, bytes]
) -> None:
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode()), *extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def not_found(send: Send) -> None:
    await respond(send, 404, TEXT, b"Not Found")


def build_app() -> ASGIApp:
    """W1-W4."""
    from pydantic import ValidationError

    from apps._item import Item

    encode = msgspec.json.encode

    async def read_item(scope: Scope, send: Send, item_id: int) -> None:
        query = dict(parse_qsl(scope["query_string"].decode("latin-1")))
        if "q" not in query:
            await respond(send, 400, JSON, b'{"detail":"missing query parameter q"}')
            return
        await respond(send, 200, JSON, encode({"id": item_id, "q": query["q"]}))

    async def create_item(receive: Receive, send: Send) -> None:
        try:
            item = Item.model_validate_json(await read_body(receive))
        except ValidationError as exc:
            await respond(send, 422, JSON, exc.json(include_url=False).encode())
            return
        await respond(send, 201, JSON, item.model_dump_json().encode())

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await lifespan(receive, send)
            return
        path, method = scope["path"], scope["method"]
        if method == "GET":
            if path == "/plaintext":
                await respond(send, 200, TEXT, HELLO)
                return
            if path == "/json":
                await respond(send, 200, JSON, encode({"message": "Hello, World!"}))
                return
            if path.startswith("/items/"):
                segment = path[7:]
                if segment.isascii() and segment.isdigit():
                    await read_item(scope, send, int(segment))
                    return
        elif method == "POST" and path == "/items":
            await create_item(receive, send)
            return
        await not_found(send)

    return app


def build_session_app() -> ASGIApp:
    """W5: an HMAC-SHA256 signed JSON cookie named ``session``."""
    secret = os.urandom(32)
    encode, decode = msgspec.json.encode, msgspec.json.decode
    attributes = f"; Max-Age={SESSION_MAX_AGE}; Path=/; HttpOnly; SameSite=lax".encode()

    def b64(raw: bytes) -> bytes:
        return base64.urlsafe_b64encode(raw).rstrip(b"=")

    def signature(signed: bytes) -> bytes:
        return b64(hmac.new(secret, signed, hashlib.sha256).digest())

    def seal(session: dict[str, Any]) -> bytes:
        signed = b64(encode(session)) + b"." + str(int(time.time()) + SESSION_MAX_AGE).encode()
        return signed + b"." + signature(signed)

    def unseal(value: bytes) -> dict[str, Any]:
        """The session in a cookie value; empty when it is forged, expired or garbage."""
        signed, _, sent_signature = value.rpartition(b".")
        if not hmac.compare_digest(sent_signature, signature(signed)):
            return {}
        payload, _, expiry = signed.partition(b".")
        if not expiry.isdigit() or int(expiry) <= time.time():
            return {}
        try:
            session = decode(base64.urlsafe_b64decode(payload + b"=" * (-len(payload) % 4)))
        except (binascii.Error, msgspec.DecodeError):
            return {}
        return session if isinstance(session, dict) else {}

    def load(headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
        for name, value in headers:
            if name == b"cookie":
                for pair in value.split(b";"):
                    key, _, content = pair.strip().partition(b"=")
                    if key == b"session":
                        return unseal(content)
        return {}

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await lifespan(receive, send)
            return
        if scope["method"] != "GET" or scope["path"] != "/session":
            await not_found(send)
            return
        session = load(scope["headers"])
        counter = session.get("counter", 0)
        session["counter"] = value = (counter if isinstance(counter, int) else 0) + 1
        cookie = (b"set-cookie", b"session=" + seal(session) + attributes)
        await respond(send, 200, JSON, encode({"counter": value}), cookie)

    return app


def build_site_app() -> ASGIApp:
    """W7 (``/page``, a Jinja template) and W8 (files of the static directory under ``/static/``)."""
    from jinja2 import Environment, FileSystemLoader

    from apps._site import (
        PAGE_PATH,
        PAGE_TEMPLATE,
        STATIC_PATH,
        TEMPLATES_DIR,
        ensure_static_file,
        page_context,
    )

    environment = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True)
    directory = ensure_static_file()
    files = {f"{STATIC_PATH}/{path.name}": path for path in directory.iterdir() if path.is_file()}
    html = b"text/html; charset=utf-8"
    octets = b"application/octet-stream"

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await lifespan(receive, send)
            return
        path = scope["path"]
        if scope["method"] == "GET":
            if path == PAGE_PATH:
                page = environment.get_template(PAGE_TEMPLATE).render(page_context())
                await respond(send, 200, html, page.encode())
                return
            if path in files:
                with open(files[path], "rb") as file:
                    await respond(send, 200, octets, file.read())
                return
        await not_found(send)

    return app


def build_db_app() -> ASGIApp:
    """W9 (``/items/{id}``: one row through a SQLAlchemy ``AsyncSession``)."""
    from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

    from apps._db import ITEMS_PATH, database_url
    from apps._orm import Item

    engine = create_async_engine(database_url())
    session_maker = async_sessionmaker(engine, expire_on_commit=False)
    encode = msgspec.json.encode
    prefix = f"{ITEMS_PATH}/"

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await lifespan(receive, send)
            await engine.dispose()
            return
        path = scope["path"]
        if scope["method"] == "GET" and path.startswith(prefix):
            segment = path[len(prefix) :]
            if segment.isascii() and segment.isdigit():
                async with session_maker() as session:
                    item = await session.get(Item, int(segment))
                if item is not None:
                    body = encode({"id": item.id, "name": item.name, "price": item.price})
                    await respond(send, 200, JSON, body)
                    return
        await not_found(send)

    return app


def build_routes_app(count: int, shape: str) -> ASGIApp:
    """``count`` routes: static paths in a dict, parameterized ones by their prefix, both O(1)."""
    static = {f"/route{index}" for index in range(count) if not is_parameterized(index, shape)}
    prefixes = {f"/route{index}" for index in range(count) if is_parameterized(index, shape)}

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await lifespan(receive, send)
            return
        path = scope["path"]
        if scope["method"] == "GET":
            if path in static:
                await respond(send, 200, TEXT, b"ok")
                return
            prefix, _, segment = path.rpartition("/")
            if prefix in prefixes and segment.isascii() and segment.isdigit():
                await respond(send, 200, TEXT, str(int(segment)).encode())
                return
        await not_found(send)

    return app


__getattr__ = lazy_apps(build_app, build_session_app, build_site_app, build_db_app)
