"""The app that schemathesis fuzzes from its own OpenAPI schema (``test_schemathesis.py``).

It uses every parameter source (path segments of each converter type, query parameters with lists and
constraints, headers, cookies, a dependency's and a layer's parameters), every body kind (JSON into a
pydantic model, a dataclass and a msgspec Struct, a url-encoded form, multipart with uploads), and
answers of several kinds and status codes: models, text, ``Response[T]`` with its own status, a
stream, a redirect, ``raises=`` exceptions and ``responses=`` with ``ResponseSpec``.

Handlers answer with what they read, so that whatever the framework accepted also goes through the
response pipeline and is compared with the response schema.
"""

from __future__ import annotations

import datetime
import enum
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any, Literal, Optional

from pydantic import BaseModel, Field

from starlite import (
    Body,
    Controller,
    MediaType,
    NotFoundException,
    Parameter,
    PermissionDeniedException,
    Provide,
    Response,
    Router,
    Starlite,
    UploadFile,
    delete,
    get,
    patch,
    post,
    put,
)
from starlite.config.openapi import OpenAPIConfig
from starlite.datastructures import Redirect, Stream
from starlite.enums import RequestEncodingType
from starlite.openapi.datastructures import ResponseSpec
from tests.robustness.app import Event, Point  # the dataclass and Struct bodies of the robustness app


class Color(str, enum.Enum):
    RED = "red"
    GREEN = "green"
    BLUE = "blue"


class Dimensions(BaseModel):
    width: float = Field(gt=0, le=1000)
    height: float = Field(gt=0, le=1000)


class Product(BaseModel):
    name: str = Field(min_length=1, max_length=50)
    price: Decimal = Field(ge=0, le=100_000)
    quantity: int = Field(ge=0, le=10_000)
    color: Color = Color.RED
    tags: list[str] = Field(default_factory=list, max_length=10)
    dimensions: Optional[Dimensions] = None  # noqa: UP045
    released: Optional[datetime.date] = None  # noqa: UP045


class Signup(BaseModel):
    name: str = Field(min_length=1, max_length=40)
    age: int = Field(ge=0, le=150)
    newsletter: bool = False


class Attachment(BaseModel):
    note: str
    file: UploadFile


class Album(BaseModel):
    title: str = Field(max_length=40)
    photos: list[UploadFile] = Field(min_length=1)  # an empty list is no part at all in multipart


class PathEcho(BaseModel):
    number: int
    ratio: float
    slug: str


class TypedPathEcho(BaseModel):
    key: uuid.UUID
    day: datetime.date
    amount: Decimal
    moment: datetime.datetime
    at: datetime.time
    span_seconds: float  # not the timedelta: pydantic writes 1166 days as "P3Y71D", no RFC 3339 duration


class Page(BaseModel):
    q: str
    page: int
    size: int
    tags: list[str]
    ids: list[int]
    flag: bool
    ratio: Optional[float]  # noqa: UP045
    color: Color
    mode: Literal["fast", "slow"]
    since: Optional[datetime.date]  # noqa: UP045
    code: Optional[str]  # noqa: UP045
    version: str


class HeaderEcho(BaseModel):
    token: str
    limit: int
    trace: Optional[uuid.UUID]  # noqa: UP045
    theme: Optional[str]  # noqa: UP045
    visits: int


class Receipt(BaseModel):
    note: str
    filename: Optional[str]  # noqa: UP045
    size: int


class Conflict(BaseModel):
    order_id: int
    reason: str


class Order(BaseModel):
    order_id: int
    state: Literal["open", "shipped"]


def page_size(per_page: int = Parameter(ge=1, le=50, default=10)) -> int:
    """A dependency with a query parameter of its own."""
    return per_page


@get("/paths/{number:int}/{ratio:float}/{slug:str}")
async def read_path(number: int, ratio: float, slug: str) -> PathEcho:
    return PathEcho(number=number, ratio=ratio, slug=slug)


@get("/typed/{key:uuid}/{day:date}/{amount:decimal}/{moment:datetime}/{at:time}/{span:timedelta}")
async def read_typed_path(
    key: uuid.UUID,
    day: datetime.date,
    amount: Decimal,
    moment: datetime.datetime,
    at: datetime.time,
    span: datetime.timedelta,
) -> TypedPathEcho:
    return TypedPathEcho(
        key=key, day=day, amount=amount, moment=moment, at=at, span_seconds=span.total_seconds()
    )


@get("/files/{file_path:path}", media_type=MediaType.TEXT)
async def read_file_path(file_path: str) -> str:
    return file_path


@get("/search", dependencies={"size": Provide(page_size)})
async def search(
    size: int,
    version: str,
    q: str = Parameter(min_length=1, max_length=30),
    page: int = Parameter(ge=1, le=100, default=1),
    tags: Optional[list[str]] = None,  # noqa: UP045
    ids: list[int] = Parameter(query="id", default=[], max_items=5),
    flag: bool = False,
    ratio: Optional[float] = Parameter(gt=0, lt=1, default=None),  # noqa: UP045
    color: Color = Color.GREEN,
    mode: Literal["fast", "slow"] = "fast",
    since: Optional[datetime.date] = None,  # noqa: UP045
    code: Optional[str] = Parameter(regex=r"^[A-Z]{3}$", default=None),  # noqa: UP045
) -> Page:
    return Page(
        q=q,
        page=page,
        size=size,
        tags=tags or [],
        ids=ids,
        flag=flag,
        ratio=ratio,
        color=color,
        mode=mode,
        since=since,
        code=code,
        version=version,
    )


@get("/headers")
async def read_headers(
    token: str = Parameter(header="x-token", min_length=1, max_length=64),
    limit: int = Parameter(header="x-limit", ge=0, le=100, default=10),
    trace: Optional[uuid.UUID] = Parameter(header="x-trace-id", default=None),  # noqa: UP045
    theme: Optional[str] = Parameter(cookie="theme", default=None),  # noqa: UP045
    visits: int = Parameter(cookie="visits", ge=0, le=1_000_000, default=0),
) -> HeaderEcho:
    return HeaderEcho(token=token, limit=limit, trace=trace, theme=theme, visits=visits)


class BodyController(Controller):
    """Every body kind; each handler answers what it read."""

    path = "/bodies"
    tags = ["bodies"]

    @post("/model")
    async def json_model(self, data: Product) -> Product:
        return data

    @put("/dataclass")
    async def json_dataclass(self, data: Point) -> Point:
        return data

    @patch("/struct")
    async def json_struct(self, data: Event) -> Event:
        return data

    @post("/list")
    async def json_list(self, data: list[Point]) -> list[Point]:
        return data

    @post("/form")
    async def form(self, data: Signup = Body(media_type=RequestEncodingType.URL_ENCODED)) -> Signup:
        return data

    @post("/upload")
    async def upload(self, data: Attachment = Body(media_type=RequestEncodingType.MULTI_PART)) -> Receipt:
        content = await data.file.read()
        return Receipt(note=data.note, filename=data.file.filename, size=len(content))

    @post("/album")
    async def album(self, data: Album = Body(media_type=RequestEncodingType.MULTI_PART)) -> list[Receipt]:
        return [
            Receipt(note=data.title, filename=item.filename, size=len(await item.read()))
            for item in data.photos
        ]


ORDERS = {1: Order(order_id=1, state="open"), 2: Order(order_id=2, state="shipped")}


@get(
    "/orders/{order_id:int}",
    raises=[NotFoundException, PermissionDeniedException],
    responses={409: ResponseSpec(model=Conflict, description="The order is locked")},
)
async def read_order(order_id: int) -> Response[Order]:
    if order_id < 0:
        raise PermissionDeniedException("Orders below zero are not yours")
    if order_id == 3:
        return Response(Conflict(order_id=3, reason="locked"), status_code=409)  # type: ignore[return-value]
    if order_id not in ORDERS:
        raise NotFoundException(f"No order {order_id}")
    return Response(ORDERS[order_id], status_code=200, headers={"x-order-state": ORDERS[order_id].state})


@post("/orders", status_code=202)
async def queue_order(data: Order) -> Order:
    return data


@delete("/orders/{order_id:int}")
async def remove_order(order_id: int) -> None:
    return None


@get("/text", media_type=MediaType.TEXT)
async def text(name: str = "world") -> str:
    return f"Hello, {name}!"


@get("/html", media_type=MediaType.HTML)
async def html() -> str:
    return "<p>Hello</p>"


@get("/stream", media_type=MediaType.TEXT)
async def stream(count: int = Parameter(ge=0, le=20, default=3)) -> Stream:
    async def lines() -> AsyncIterator[str]:
        for index in range(count):
            yield f"line {index}\n"

    return Stream(iterator=lines())


@get("/old-text", status_code=307)
async def moved() -> Redirect:
    return Redirect(path="/api/text")


@get("/anything")
async def anything() -> dict[str, Any]:
    return {"ints": [1, 2], "nested": {"ok": True}, "none": None}


def create_fuzz_app() -> Starlite:
    """A fresh app, with the schema served at ``/schema/openapi.json``."""
    api = Router(
        "/api",
        route_handlers=[
            read_path,
            read_typed_path,
            read_file_path,
            search,
            read_headers,
            BodyController,
            read_order,
            queue_order,
            remove_order,
            text,
            html,
            stream,
            moved,
            anything,
        ],
        # A layer parameter every handler of the router gets, with a constraint of its own.
        parameters={"version": Parameter(str, header="x-api-version", default="1", max_length=10)},
        tags=["api"],
    )
    return Starlite(route_handlers=[api], openapi_config=OpenAPIConfig(title="Fuzz", version="1.0.0"))
