"""The one app the bad-input campaign runs against: every parameter source, every body kind, a websocket
handler and cookie sessions.

Handlers answer with what they read, so that a request the framework accepted also round-trips through
the response pipeline (a value that decodes but cannot be encoded again is found too).
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import uuid
from typing import Any, Optional

import msgspec
from pydantic import BaseModel, Field

from starlite import (
    Body,
    Parameter,
    Provide,
    Request,
    Response,
    Starlite,
    UploadFile,
    WebSocket,
    delete,
    get,
    post,
    websocket,
)
from starlite.enums import RequestEncodingType
from starlite.exceptions import SerializationException, SessionTooLargeException, WebSocketDisconnect
from starlite.middleware.session.cookie_backend import CookieBackendConfig

SECRET = bytes(range(32))
"""The app's session secret; the campaign seals cookies with it (and with ``OTHER_SECRET``)."""
OTHER_SECRET = os.urandom(32)
SESSION_MAX_AGE = 3600
MULTIPART_PART_LIMIT = 300
BODY_LIMIT = 64 * 1024

session_config = CookieBackendConfig(secret=SECRET, max_age=SESSION_MAX_AGE)


class Order(BaseModel):
    name: str = Field(max_length=200)
    quantity: int = Field(ge=0, le=10_000)
    tags: list[str] = []
    note: Optional[str] = None  # noqa: UP045


@dataclasses.dataclass
class Point:
    x: int
    y: float
    label: str = ""


class Event(msgspec.Struct):
    name: str
    size: int
    ratio: float = 0.0
    tags: list[str] = []


class Signup(BaseModel):
    name: str
    age: int = Field(ge=0, le=200)
    newsletter: bool = False


class Upload(BaseModel):
    note: str
    file: UploadFile


def caller(user: str = Parameter(header="x-user", default="anonymous", max_length=64)) -> str:
    """A dependency with a parameter of its own (a header)."""
    return user


def pagination(
    page: int = Parameter(query="page", ge=1, le=1000, default=1), size: int = 20
) -> dict[str, int]:
    """A dependency reading query parameters."""
    return {"page": page, "size": size}


@get("/items/{item_id:int}/{slug:str}")
async def read_item(
    item_id: int,
    slug: str,
    caller: str,
    paging: dict[str, int],
    q: Optional[str] = None,  # noqa: UP045
    tags: Optional[list[str]] = None,  # noqa: UP045
    when: Optional[datetime.date] = None,  # noqa: UP045
    ratio: Optional[float] = None,  # noqa: UP045
    flag: Optional[bool] = None,  # noqa: UP045
    ident: Optional[uuid.UUID] = None,  # noqa: UP045
    token: Optional[str] = Parameter(header="x-token", default=None),  # noqa: UP045
    limit: int = Parameter(header="x-limit", ge=0, le=100, default=10),
    theme: Optional[str] = Parameter(cookie="theme", default=None),  # noqa: UP045
    visits: int = Parameter(cookie="visits", ge=0, default=0),
) -> dict[str, Any]:
    return {
        "item_id": item_id,
        "slug": slug,
        "caller": caller,
        "paging": paging,
        "q": q,
        "tags": tags,
        "when": when,
        "ratio": ratio,
        "flag": flag,
        "ident": ident,
        "token": token,
        "limit": limit,
        "theme": theme,
        "visits": visits,
    }


@get("/files/{file_path:path}")
async def read_file_path(file_path: str) -> dict[str, str]:
    return {"path": file_path}


@get("/at/{day:date}/{amount:decimal}/{ratio:float}/{key:uuid}")
async def typed_path(day: datetime.date, amount: Any, ratio: float, key: uuid.UUID) -> dict[str, Any]:
    return {"day": day, "amount": str(amount), "ratio": ratio, "key": key}


@get("/headers")
async def echo_headers(request: Request) -> dict[str, Any]:
    return {"headers": request.headers.getall("x-token", []), "cookies": request.cookies}


@post("/json/model")
async def json_model(data: Order) -> Order:
    return data


@post("/json/dataclass")
async def json_dataclass(data: Point) -> Point:
    return data


@post("/json/struct")
async def json_struct(data: Event) -> Event:
    return data


@post("/json/any")
async def json_any(data: Any) -> dict[str, Any]:
    return {"data": data}


@post("/form")
async def form_model(data: Signup = Body(media_type=RequestEncodingType.URL_ENCODED)) -> Signup:
    return data


@post("/form/dict")
async def form_dict(
    data: dict[str, Any] = Body(media_type=RequestEncodingType.URL_ENCODED),
) -> dict[str, Any]:
    return data


@post("/upload")
async def upload(data: Upload = Body(media_type=RequestEncodingType.MULTI_PART)) -> dict[str, Any]:
    content = await data.file.read()
    return {"note": data.note, "filename": data.file.filename, "size": len(content)}


@post("/upload/fields")
async def upload_fields(
    data: dict[str, Any] = Body(
        media_type=RequestEncodingType.MULTI_PART, multipart_form_part_limit=MULTIPART_PART_LIMIT
    ),
) -> dict[str, Any]:
    described: dict[str, Any] = {}
    for key, value in data.items():
        items = value if isinstance(value, list) else [value]
        described[key] = [
            {"file": item.filename, "size": len(await item.read())} if isinstance(item, UploadFile) else item
            for item in items
        ]
    return described


@post("/msgpack")
async def msgpack_body(data: Order = Body(media_type=RequestEncodingType.MESSAGEPACK)) -> Order:
    return data


@post("/msgpack/any")
async def msgpack_any(data: Any = Body(media_type=RequestEncodingType.MESSAGEPACK)) -> dict[str, Any]:
    return {"data": data}


@post("/raw", request_max_body_size=BODY_LIMIT)
async def raw_body(body: bytes) -> dict[str, int]:
    return {"size": len(body)}


@get("/session")
async def read_session(request: Request) -> dict[str, Any]:
    return {"session": request.session}


@post("/session")
async def write_session(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    request.session.update(data)
    return {"session": request.session}


@delete("/session", status_code=200)
async def clear_session(request: Request) -> dict[str, Any]:
    request.clear_session()
    return {"session": {}}


@websocket("/ws/{mode:str}")
async def echo_socket(socket: WebSocket, mode: str, room: int = Parameter(query="room", default=0)) -> None:
    """Echo each message back, read as text, bytes or JSON (the path says which); 1003 for another mode."""
    await socket.accept()
    try:
        while True:
            if mode == "text":
                await socket.send_text(await socket.receive_text())
            elif mode == "bytes":
                await socket.send_bytes(await socket.receive_bytes())
            elif mode == "json":
                await socket.send_json({"room": room, "data": await socket.receive_json()})
            else:
                await socket.close(code=1003, reason="unknown mode")
                return
    except WebSocketDisconnect:
        return


def session_not_stored(request: Request, exc: SerializationException) -> Response[dict[str, Any]]:
    """A session the backend cannot store (too large for the cookies, or a value past MessagePack's
    64-bit integers from the client's JSON) is the client's to fix: a 413 or a 422, as the docs advise.

    Any other ``SerializationException`` stays a 500, which the campaign reports.
    """
    if isinstance(exc, SessionTooLargeException):
        detail = f"The session is too large ({exc.size} bytes, at most {exc.limit})"
        return Response({"status_code": 413, "detail": detail}, status_code=413)
    if request.url.path == "/session":
        return Response({"status_code": 422, "detail": str(exc)}, status_code=422)
    return Response({"status_code": 500, "detail": "Internal Server Error"}, status_code=500)


def create_app() -> Starlite:
    """A fresh instance of the campaign's app."""
    return Starlite(
        route_handlers=[
            read_item,
            read_file_path,
            typed_path,
            echo_headers,
            json_model,
            json_dataclass,
            json_struct,
            json_any,
            form_model,
            form_dict,
            upload,
            upload_fields,
            msgpack_body,
            msgpack_any,
            raw_body,
            read_session,
            write_session,
            clear_session,
            echo_socket,
        ],
        dependencies={"caller": Provide(caller), "paging": Provide(pagination)},
        middleware=[session_config.middleware],
        exception_handlers={SerializationException: session_not_stored},
    )
