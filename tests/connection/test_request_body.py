"""Reading the request body: raw, streamed, JSON, forms and the ``data`` parameter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import anyio
import msgspec
import pytest
from pydantic import BaseModel

from starlite import InternalServerException, Request, UploadFile, post
from starlite.testing import create_async_test_client, create_test_client


class Person(BaseModel):
    name: str
    age: int


@dataclass
class Point:
    x: int
    y: int


class Item(msgspec.Struct):
    name: str
    price: float


def test_body_returns_raw_bytes_and_is_cached() -> None:
    @post("/")
    async def handler(request: Request) -> dict[str, Any]:
        first = await request.body()
        second = await request.body()
        return {"body": first.decode(), "same": first == second}

    with create_test_client([handler]) as client:
        assert client.post("/", content=b"raw payload").json() == {"body": "raw payload", "same": True}


def test_empty_body() -> None:
    @post("/")
    async def handler(request: Request) -> dict[str, Any]:
        return {"body": (await request.body()).decode(), "json": await request.json()}

    with create_test_client([handler]) as client:
        assert client.post("/").json() == {"body": "", "json": None}


def test_stream_yields_chunks() -> None:
    def chunks() -> Any:
        yield b"one,"
        yield b"two,"
        yield b"three"

    @post("/")
    async def handler(request: Request) -> dict[str, Any]:
        received = [chunk async for chunk in request.stream()]
        return {"joined": b"".join(received).decode(), "nonempty": len([c for c in received if c])}

    with create_test_client([handler]) as client:
        body = client.post("/", content=chunks()).json()
    assert body["joined"] == "one,two,three"
    assert body["nonempty"] >= 1


def test_stream_after_body_replays_cached_body() -> None:
    @post("/")
    async def handler(request: Request) -> str:
        await request.body()
        return b"".join([chunk async for chunk in request.stream()]).decode()

    with create_test_client([handler]) as client:
        assert client.post("/", content=b"again").text == "again"


def test_json() -> None:
    @post("/")
    async def handler(request: Request) -> dict[str, Any]:
        return {"got": await request.json()}

    with create_test_client([handler]) as client:
        assert client.post("/", json={"a": [1, 2], "b": None}).json() == {"got": {"a": [1, 2], "b": None}}


def test_malformed_json_is_400() -> None:
    @post("/")
    async def handler(request: Request) -> dict[str, Any]:
        return {"got": await request.json()}

    with create_test_client([handler]) as client:
        response = client.post("/", content=b'{"a": ', headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    body = response.json()
    assert body["status_code"] == 400
    assert body["detail"]


def test_msgpack() -> None:
    @post("/")
    async def handler(request: Request) -> dict[str, Any]:
        return {"got": await request.msgpack()}

    with create_test_client([handler]) as client:
        payload = msgspec.msgpack.encode({"k": [1, "v"]})
        assert client.post("/", content=payload).json() == {"got": {"k": [1, "v"]}}


def test_url_encoded_form() -> None:
    @post("/")
    async def handler(request: Request) -> dict[str, Any]:
        form = await request.form()
        return {"name": form["name"], "tags": form.getall("tag"), "empty": form["empty"]}

    with create_test_client([handler]) as client:
        response = client.post("/", data={"name": "Ada Lovelace", "tag": ["a", "b"], "empty": ""})
    assert response.json() == {"name": "Ada Lovelace", "tags": ["a", "b"], "empty": ""}


def test_multipart_form_with_file_upload() -> None:
    @post("/")
    async def handler(request: Request) -> dict[str, Any]:
        form = await request.form()
        upload = form["file"]
        assert isinstance(upload, UploadFile)
        content = await upload.read()
        await form.close()
        return {
            "field": form["field"],
            "filename": upload.filename,
            "content_type": upload.content_type,
            "content": content.decode(),
        }

    with create_test_client([handler]) as client:
        response = client.post(
            "/", data={"field": "value"}, files={"file": ("notes.txt", b"file contents", "text/plain")}
        )
    assert response.json() == {
        "field": "value",
        "filename": "notes.txt",
        "content_type": "text/plain",
        "content": "file contents",
    }


def test_multipart_with_several_files_under_one_name() -> None:
    @post("/")
    async def handler(request: Request) -> list[str]:
        form = await request.form()
        names = [upload.filename for upload in form.getall("files")]
        await form.close()
        return names

    with create_test_client([handler]) as client:
        response = client.post(
            "/",
            files=[
                ("files", ("a.txt", b"a", "text/plain")),
                ("files", ("b.bin", b"\x00", "application/octet-stream")),
            ],
        )
    assert response.json() == ["a.txt", "b.bin"]


def test_large_upload_rolls_to_disk() -> None:
    payload = b"z" * (2 * 1024 * 1024)

    @post("/")
    async def handler(request: Request) -> dict[str, Any]:
        form = await request.form()
        upload = form["file"]
        data = await upload.read()
        result = {"size": len(data), "intact": data == payload, "on_disk": upload.rolled_to_disk}
        await form.close()
        return result

    with create_test_client([handler]) as client:
        response = client.post("/", files={"file": ("big.bin", payload, "application/octet-stream")})
    assert response.json() == {"size": len(payload), "intact": True, "on_disk": True}


def test_broken_multipart_body_is_400() -> None:
    @post("/")
    async def handler(request: Request) -> dict[str, Any]:
        return dict(await request.form())

    with create_test_client([handler]) as client:
        response = client.post(
            "/",
            content=b'--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue\r\n--xyq garbage',
            headers={"Content-Type": "multipart/form-data; boundary=xyz"},
        )
    assert response.status_code == 400
    assert response.json()["status_code"] == 400


def test_multipart_without_boundary_is_400() -> None:
    @post("/")
    async def handler(request: Request) -> dict[str, Any]:
        return dict(await request.form())

    with create_test_client([handler]) as client:
        response = client.post("/", content=b"whatever", headers={"Content-Type": "multipart/form-data"})
    assert response.status_code == 400
    assert "boundary" in response.json()["detail"]


def test_form_of_other_content_type_is_empty() -> None:
    @post("/")
    async def handler(request: Request) -> dict[str, Any]:
        return dict(await request.form())

    with create_test_client([handler]) as client:
        assert client.post("/", json={"a": 1}).json() == {}


def test_data_as_pydantic_model() -> None:
    @post("/")
    def handler(data: Person) -> dict[str, Any]:
        assert isinstance(data, Person)
        return {"name": data.name, "next_age": data.age + 1}

    with create_test_client([handler]) as client:
        response = client.post("/", json={"name": "Ada", "age": 36})
    assert response.status_code == 201
    assert response.json() == {"name": "Ada", "next_age": 37}


def test_data_as_dataclass() -> None:
    @post("/")
    def handler(data: Point) -> Point:
        assert isinstance(data, Point)
        return Point(x=data.y, y=data.x)

    with create_test_client([handler]) as client:
        assert client.post("/", json={"x": 1, "y": 2}).json() == {"x": 2, "y": 1}


def test_data_as_msgspec_struct() -> None:
    @post("/")
    def handler(data: Item) -> Item:
        assert isinstance(data, Item)
        return Item(name=data.name.upper(), price=data.price * 2)

    with create_test_client([handler]) as client:
        assert client.post("/", json={"name": "pen", "price": 1.25}).json() == {"name": "PEN", "price": 2.5}


def test_data_as_list_of_models() -> None:
    @post("/")
    def handler(data: list[Person]) -> list[str]:
        return [person.name for person in data]

    with create_test_client([handler]) as client:
        assert client.post("/", json=[{"name": "a", "age": 1}, {"name": "b", "age": 2}]).json() == ["a", "b"]


@pytest.mark.parametrize(
    ("annotation_name", "payload", "field"),
    [
        ("Person", {"name": "Ada", "age": "not a number"}, "age"),
        ("Person", {"age": 3}, "name"),
        ("Point", {"x": 1}, "y"),
        ("Item", {"name": "pen", "price": "free"}, "price"),
    ],
)
def test_invalid_data_is_400_naming_the_field(
    annotation_name: str, payload: dict[str, Any], field: str
) -> None:
    annotation = {"Person": Person, "Point": Point, "Item": Item}[annotation_name]

    async def fn(data: Any) -> None:
        return None

    fn.__annotations__ = {"data": annotation, "return": None}
    handler = post("/", status_code=200)(fn)

    with create_test_client([handler]) as client:
        response = client.post("/", json=payload)
    assert response.status_code == 400
    body = response.json()
    assert body["status_code"] == 400
    assert field in str(body.get("extra")) or field in body["detail"]


def test_malformed_json_for_data_is_400() -> None:
    @post("/")
    def handler(data: Person) -> None:
        return None

    with create_test_client([handler]) as client:
        response = client.post("/", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["status_code"] == 400


def test_truncated_multipart_with_file_is_400() -> None:
    @post("/")
    async def handler(request: Request) -> dict[str, Any]:
        return dict(await request.form())

    body = (
        b"--xyz\r\n"
        b'Content-Disposition: form-data; name="f"; filename="a.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\n"
        b"partial file data"
    )
    with create_test_client([handler]) as client:
        response = client.post(
            "/", content=body, headers={"Content-Type": "multipart/form-data; boundary=xyz"}
        )
    assert response.status_code == 400
    assert "boundary" in response.json()["detail"]


def test_multipart_with_malformed_part_header_is_400() -> None:
    @post("/")
    async def handler(request: Request) -> dict[str, Any]:
        return dict(await request.form())

    body = b"--xyz\r\nbroken header line\r\n\r\nvalue\r\n--xyz--\r\n"
    with create_test_client([handler]) as client:
        response = client.post(
            "/", content=body, headers={"Content-Type": "multipart/form-data; boundary=xyz"}
        )
    assert response.status_code == 400


def test_empty_multipart_body_is_an_empty_form() -> None:
    @post("/")
    async def handler(request: Request) -> dict[str, Any]:
        return dict(await request.form())

    with create_test_client([handler]) as client:
        response = client.post(
            "/", content=b"", headers={"Content-Type": "multipart/form-data; boundary=xyz"}
        )
    assert response.status_code == 201
    assert response.json() == {}


@pytest.mark.anyio
async def test_streaming_twice_is_an_error_not_a_hang() -> None:
    @post("/")
    async def handler(request: Request) -> dict[str, Any]:
        first = b"".join([chunk async for chunk in request.stream()])
        with pytest.raises(InternalServerException, match="stream consumed"):
            _ = [chunk async for chunk in request.stream()]
        return {"first": first.decode()}

    with anyio.fail_after(10):
        async with create_async_test_client([handler]) as client:
            response = await client.post("/", content=b"once")
    assert response.json() == {"first": "once"}


@pytest.mark.anyio
async def test_body_after_multipart_form_is_an_error_not_a_hang() -> None:
    @post("/")
    async def handler(request: Request) -> None:
        form = await request.form()
        await form.close()
        await request.body()

    with anyio.fail_after(10):
        async with create_async_test_client([handler], raise_server_exceptions=False) as client:
            response = await client.post("/", files={"f": ("a.txt", b"1", "text/plain")})
    assert response.status_code == 500
