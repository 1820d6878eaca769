"""Multipart uploads: one file, several files, or files next to ordinary fields in a model."""

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from starlite import Body, RequestEncodingType, Starlite, UploadFile, post
from starlite.testing import TestClient

MULTIPART = Body(media_type=RequestEncodingType.MULTI_PART)


@post("/avatar")
async def upload_avatar(data: UploadFile = MULTIPART) -> dict[str, Any]:
    content = await data.read()
    return {"filename": data.filename, "content_type": data.content_type, "size": len(content)}


@post("/attachments")
async def upload_attachments(data: list[UploadFile] = MULTIPART) -> dict[str, str]:
    return {upload.filename: (await upload.read()).decode() for upload in data}


class Album(BaseModel):
    title: str
    photos: list[UploadFile]


@post("/albums")
async def create_album(data: Album = MULTIPART) -> dict[str, Any]:
    return {"title": data.title, "photos": [photo.filename for photo in data.photos]}


@dataclass
class Invoice:
    customer: str
    pdf: UploadFile


@post("/invoices")
async def upload_invoice(data: Invoice = MULTIPART) -> dict[str, Any]:
    # Files are kept in memory up to 1 MiB, then spooled to a temporary file on disk.
    header = await data.pdf.read(5)
    return {"customer": data.customer, "header": header.decode(), "on_disk": data.pdf.rolled_to_disk}


app = Starlite(route_handlers=[upload_avatar, upload_attachments, create_album, upload_invoice])


def test_a_single_file() -> None:
    with TestClient(app=app) as client:
        response = client.post("/avatar", files={"avatar": ("me.png", b"\x89PNG...", "image/png")})
    assert response.status_code == 201
    assert response.json() == {"filename": "me.png", "content_type": "image/png", "size": 7}


def test_a_form_without_a_file() -> None:
    with TestClient(app=app) as client:
        response = client.post("/avatar", data={"note": "forgot the file"}, files={})
    assert response.status_code == 400
    assert response.json()["extra"] == [
        {"key": "data", "message": "Expected a file upload", "source": "body"}
    ]


def test_several_files() -> None:
    with TestClient(app=app) as client:
        response = client.post(
            "/attachments", files=[("files", ("a.txt", b"first")), ("files", ("b.txt", b"second"))]
        )
    assert response.json() == {"a.txt": "first", "b.txt": "second"}


def test_fields_and_files_in_a_model() -> None:
    with TestClient(app=app) as client:
        response = client.post(
            "/albums",
            data={"title": "Holidays"},
            files=[("photos", ("beach.jpg", b"...")), ("photos", ("hills.jpg", b"..."))],
        )
        missing = client.post("/albums", data={"title": "Empty"}, files={})
    assert response.json() == {"title": "Holidays", "photos": ["beach.jpg", "hills.jpg"]}
    assert missing.status_code == 400
    assert missing.json()["extra"] == [{"key": "photos", "message": "Field required", "source": "body"}]


def test_large_files_go_to_disk() -> None:
    small = b"%PDF-" + b"x" * 100
    large = b"%PDF-" + b"x" * (2 * 1024 * 1024)
    with TestClient(app=app) as client:
        in_memory = client.post("/invoices", data={"customer": "acme"}, files={"pdf": ("a.pdf", small)})
        on_disk = client.post("/invoices", data={"customer": "acme"}, files={"pdf": ("b.pdf", large)})
    assert in_memory.json() == {"customer": "acme", "header": "%PDF-", "on_disk": False}
    assert on_disk.json() == {"customer": "acme", "header": "%PDF-", "on_disk": True}
