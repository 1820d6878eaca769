"""Files sent from disk: the ``File`` container and ``FileResponse``."""

from __future__ import annotations

import os
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from pydantic import ValidationError

from starlite import File, get, head
from starlite.datastructures import ETag
from starlite.response import FileResponse
from starlite.testing import create_test_client


@pytest.fixture()
def text_file(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_bytes(b"hello file\n" * 1000)
    return path


def test_file_body_and_headers(text_file: Path) -> None:
    @get("/file")
    def handler() -> File:
        return File(path=text_file)

    with create_test_client([handler]) as client:
        response = client.get("/file")
    assert response.status_code == 200
    assert response.content == text_file.read_bytes()
    assert response.headers["content-length"] == str(text_file.stat().st_size)
    assert response.headers["content-type"].startswith("text/plain")
    assert response.headers["content-disposition"] == 'attachment; filename="report.txt"'
    assert response.headers["etag"].startswith('"') and response.headers["etag"].endswith('"')
    last_modified = parsedate_to_datetime(response.headers["last-modified"])
    assert int(last_modified.timestamp()) == int(text_file.stat().st_mtime)


def test_file_is_streamed_in_chunks(text_file: Path) -> None:
    @get("/file")
    def handler() -> File:
        return File(path=text_file, chunk_size=100)

    with create_test_client([handler]) as client:
        response = client.get("/file")
    assert response.content == text_file.read_bytes()


def test_file_with_explicit_filename(text_file: Path) -> None:
    @get("/file")
    def handler() -> File:
        return File(path=text_file, filename="renamed.csv")

    with create_test_client([handler]) as client:
        response = client.get("/file")
    assert response.headers["content-disposition"] == 'attachment; filename="renamed.csv"'
    assert response.headers["content-type"].startswith("text/csv")


def test_file_with_non_ascii_filename_uses_filename_star(text_file: Path) -> None:
    name = "résumé 2023.txt"

    @get("/file")
    def handler() -> File:
        return File(path=text_file, filename=name)

    with create_test_client([handler]) as client:
        response = client.get("/file")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote(name)}" in disposition


def test_file_inline_disposition(text_file: Path) -> None:
    @get("/file")
    def handler() -> File:
        return File(path=text_file, content_disposition_type="inline")

    with create_test_client([handler]) as client:
        assert client.get("/file").headers["content-disposition"] == 'inline; filename="report.txt"'


@pytest.mark.parametrize(
    ("suffix", "media_type"),
    [
        (".json", "application/json"),
        (".png", "image/png"),
        (".html", "text/html"),
        (".unknownext", "application/octet-stream"),
    ],
)
def test_file_media_type_guessed_from_suffix(tmp_path: Path, suffix: str, media_type: str) -> None:
    path = tmp_path / f"data{suffix}"
    path.write_bytes(b"{}")

    @get("/file")
    def handler() -> File:
        return File(path=path)

    with create_test_client([handler]) as client:
        response = client.get("/file")
    assert response.headers["content-type"].split(";")[0] == media_type


def test_file_explicit_media_type(text_file: Path) -> None:
    @get("/file")
    def handler() -> File:
        return File(path=text_file, media_type="application/x-custom")

    with create_test_client([handler]) as client:
        assert client.get("/file").headers["content-type"] == "application/x-custom"


def test_file_explicit_etag(text_file: Path) -> None:
    @get("/file")
    def handler() -> File:
        return File(path=text_file, etag=ETag(value="v42", weak=True))

    with create_test_client([handler]) as client:
        assert client.get("/file").headers["etag"] == 'W/"v42"'


def test_file_etag_changes_when_file_changes(text_file: Path) -> None:
    @get("/file")
    def handler() -> File:
        return File(path=text_file)

    with create_test_client([handler]) as client:
        first = client.get("/file").headers["etag"]
        assert client.get("/file").headers["etag"] == first
        text_file.write_bytes(b"changed")
        os.utime(text_file, (1_000_000, 1_000_000))
        assert client.get("/file").headers["etag"] != first


def test_missing_file_is_404(tmp_path: Path) -> None:
    @get("/file")
    def handler() -> File:
        return File(path=tmp_path / "nope.txt")

    with create_test_client([handler]) as client:
        response = client.get("/file")
    assert response.status_code == 404
    assert response.json()["status_code"] == 404


def test_directory_is_404(tmp_path: Path) -> None:
    @get("/file")
    def handler() -> File:
        return File(path=tmp_path)

    with create_test_client([handler]) as client:
        assert client.get("/file").status_code == 404


def test_file_response_returned_directly(text_file: Path) -> None:
    @get("/file")
    def handler() -> FileResponse:
        return FileResponse(text_file, filename="x.txt", headers={"X-Extra": "1"})

    with create_test_client([handler]) as client:
        response = client.get("/file")
    assert response.content == text_file.read_bytes()
    assert response.headers["x-extra"] == "1"
    assert response.headers["content-disposition"] == 'attachment; filename="x.txt"'


def test_file_response_for_missing_path_raises_not_found(tmp_path: Path) -> None:
    from starlite import NotFoundException

    with pytest.raises(NotFoundException):
        FileResponse(tmp_path / "missing.bin")


def test_head_handler_returning_a_file_sends_headers_only(text_file: Path) -> None:
    @head("/file")
    def handler() -> File:
        return File(path=text_file)

    with create_test_client([handler]) as client:
        response = client.head("/file")
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-length"] == str(text_file.stat().st_size)
    assert "etag" in response.headers


def test_invalid_etag_is_rejected() -> None:
    with pytest.raises(ValidationError):  # as 1.5x's pydantic ETag
        ETag(value='has "quotes"')
