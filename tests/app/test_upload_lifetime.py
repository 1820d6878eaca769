from __future__ import annotations

from typing import Any

from starlite import Request, UploadFile, post
from starlite.testing import create_test_client


def test_uploaded_files_are_closed_after_the_request() -> None:
    uploads: list[UploadFile] = []

    @post("/upload")
    async def upload(request: Request) -> dict[str, Any]:
        form = await request.form()
        file = form["file"]
        uploads.append(file)
        return {"name": file.filename, "content": (await file.read()).decode()}

    with create_test_client(upload) as client:
        response = client.post("/upload", files={"file": ("notes.txt", b"hello")})
    assert response.json() == {"name": "notes.txt", "content": "hello"}
    assert uploads[0].file.closed
