"""Files sent from disk: the ``File`` container and ``FileResponse``."""

from __future__ import annotations

import io
import os
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from pydantic import ValidationError

from starlite import File, get, head
from starlite.connection import empty_send
from starlite.datastructures import ETag
from starlite.response import FileResponse
from starlite.response.file import async_file_iterator
from starlite.testing import create_test_client
from starlite.utils.file import BaseLocalFileSystem, FileSystemAdapter


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


def test_a_name_with_a_nul_character_is_404_not_500(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # "%00" in a URL reaches a handler as "\x00"; the operating system refuses such a name with a
    # ValueError, which must read as "no such file" rather than as a server error.
    (tmp_path / "a").write_text("a")

    @get("/files/{name:str}")
    def handler(name: str) -> File:
        return File(path=tmp_path / name)

    with create_test_client([handler]) as client:
        response = client.get("/files/a%00b")
    assert response.status_code == 404
    assert "\\x00" not in response.text and "a\\u0000b" not in response.text
    assert not [record for record in caplog.records if record.levelname == "ERROR"]


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


@pytest.mark.anyio
@pytest.mark.parametrize("name", ["missing.bin", "."])
async def test_file_response_for_a_missing_file_or_a_directory(tmp_path: Path, name: str) -> None:
    # Nothing is read when the response is made; starting it finds the file missing: a 404 for the
    # client that is also the ImproperlyConfiguredException 1.5x raised.
    from starlite import ImproperlyConfiguredException, NotFoundException

    response = FileResponse(tmp_path / name)
    with pytest.raises(NotFoundException) as exc_info:
        await response.start_response(empty_send)
    assert isinstance(exc_info.value, ImproperlyConfiguredException)
    assert exc_info.value.status_code == 404
    assert str(tmp_path) not in exc_info.value.detail


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


class MemoryFileSystem:
    """A sync file system held in a dict, shaped as fsspec's (``info`` and ``open``)."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.opened: list[str] = []

    def info(self, path: str, **kwargs: Any) -> dict[str, Any]:
        if path not in self.files:
            raise FileNotFoundError(path)
        return {"name": path, "size": len(self.files[path]), "type": "file", "mtime": 1_600_000_000.0}

    def open(self, file: str, mode: str = "rb", buffering: int = -1) -> io.BytesIO:
        self.opened.append(str(file))
        return io.BytesIO(self.files[str(file)])


@pytest.mark.parametrize("chunk_size", [4, 1024])
def test_file_from_another_file_system(chunk_size: int) -> None:
    file_system = MemoryFileSystem({"/virtual/report.csv": b"a,b\n1,2\n"})

    @get("/file")
    def handler() -> File:
        return File(path="/virtual/report.csv", file_system=file_system, chunk_size=chunk_size)

    with create_test_client([handler]) as client:
        response = client.get("/file")
    assert response.content == b"a,b\n1,2\n"
    assert response.headers["content-length"] == "8"
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == 'attachment; filename="report.csv"'
    assert parsedate_to_datetime(response.headers["last-modified"]).timestamp() == 1_600_000_000
    assert file_system.opened == ["/virtual/report.csv"]


def test_file_with_a_given_file_info_or_stat_result_reads_no_info(text_file: Path) -> None:
    class NoInfo(MemoryFileSystem):
        def info(self, path: str, **kwargs: Any) -> dict[str, Any]:
            raise AssertionError("the file's info was given")

    file_system = NoInfo({str(text_file): text_file.read_bytes()})
    given_info = MemoryFileSystem(file_system.files).info(str(text_file))

    @get("/info")
    def with_info() -> File:
        return File(path=text_file, file_system=file_system, file_info=given_info)  # type: ignore[arg-type]

    @get("/stat")
    def with_stat() -> File:
        return File(path=text_file, file_system=file_system, stat_result=text_file.stat())

    with create_test_client([with_info, with_stat]) as client:
        for path in ("/info", "/stat"):
            response = client.get(path)
            assert response.status_code == 200
            assert response.content == text_file.read_bytes()


def test_file_system_must_have_info_and_open(text_file: Path) -> None:
    class OnlyInfo:
        def info(self, path: str) -> None: ...

    class OnlyOpen:
        def open(self, path: str) -> None: ...

    for file_system in (OnlyInfo(), OnlyOpen(), object()):
        with pytest.raises(ValidationError):
            File(path=text_file, file_system=file_system)
    assert File(path=text_file, file_system=MemoryFileSystem({})).file_system


def test_file_response_defaults_as_in_1_5(tmp_path: Path) -> None:
    # Without a filename: an empty one, and a media type that cannot be guessed from it.
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG")

    @get("/")
    def handler() -> FileResponse:
        response = FileResponse(path)
        assert response.content_length == 0  # nothing is read before the response starts
        return response

    with create_test_client([handler]) as client:
        response = client.get("/")
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["content-disposition"] == 'attachment; filename=""'
    assert response.headers["content-length"] == "4"


@pytest.mark.parametrize(
    ("filename", "disposition"),
    [
        ("plain_name-1.txt", 'attachment; filename="plain_name-1.txt"'),
        ("two words.txt", "attachment; filename*=utf-8''two%20words.txt"),
        ('quo"te.txt', "attachment; filename*=utf-8''quo%22te.txt"),
        ("evil\r\nSet-Cookie: x=1", "attachment; filename*=utf-8''evil%0D%0ASet-Cookie%3A%20x%3D1"),
    ],
)
def test_content_disposition_quotes_what_a_url_would(
    text_file: Path, filename: str, disposition: str
) -> None:
    assert FileResponse(text_file, filename=filename).content_disposition == disposition


def test_symbolic_link_is_served_with_its_target_size(tmp_path: Path, text_file: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(text_file)

    @get("/file")
    def handler() -> File:
        return File(path=link)

    with create_test_client([handler]) as client:
        response = client.get("/file")
    assert response.content == text_file.read_bytes()
    assert response.headers["content-length"] == str(text_file.stat().st_size)


@pytest.mark.anyio
async def test_local_file_system_info_of_a_link(tmp_path: Path, text_file: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(text_file)
    info = await BaseLocalFileSystem().info(link)
    assert info["islink"] is True
    assert info["destination"] == str(text_file).encode()
    assert info["size"] == text_file.stat().st_size
    assert info["type"] == "file"
    assert (await BaseLocalFileSystem().info(tmp_path))["type"] == "directory"


@pytest.mark.anyio
@pytest.mark.parametrize("chunk_size", [3, 4096])
async def test_async_file_iterator(text_file: Path, chunk_size: int) -> None:
    adapter = FileSystemAdapter(BaseLocalFileSystem())
    chunks = [chunk async for chunk in async_file_iterator(text_file, chunk_size, adapter)]
    assert b"".join(chunks) == text_file.read_bytes()
    assert all(len(chunk) <= chunk_size for chunk in chunks)


@pytest.mark.anyio
async def test_adapter_runs_a_sync_file_system_and_reports_a_missing_file() -> None:
    adapter = FileSystemAdapter(MemoryFileSystem({"/a": b"abc"}))
    assert (await adapter.info("/a"))["size"] == 3
    async with await adapter.open("/a") as file:
        assert await file.read() == b"abc"
    with pytest.raises(FileNotFoundError):
        await adapter.info("/missing")


def test_an_empty_file_says_its_length_is_zero(tmp_path: Path) -> None:
    # Without Content-Length, an HTTP/1.1 server would send an empty file chunked.
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")

    @get("/empty")
    def send_empty() -> File:
        return File(empty)

    with create_test_client(send_empty) as client:
        response = client.get("/empty")
    assert (response.status_code, response.headers["content-length"], response.content) == (200, "0", b"")


def test_a_file_that_grew_since_it_was_looked_up_is_sent_as_long_as_announced(tmp_path: Path) -> None:
    # A log file growing between the stat and the read: the body must match Content-Length, or the
    # server aborts the response with an error.
    log = tmp_path / "app.log"
    log.write_bytes(b"x" * 300_000)
    size_when_looked_up = 200_000

    @get("/log")
    async def send_log() -> FileResponse:
        info = os.stat(log)
        file_info: Any = {
            "name": str(log),
            "size": size_when_looked_up,
            "type": "file",
            "mtime": info.st_mtime,
            "islink": False,
        }
        return FileResponse(log, file_info=file_info, chunk_size=64 * 1024)

    with create_test_client(send_log) as client:
        response = client.get("/log")
    assert response.headers["content-length"] == str(size_when_looked_up)
    assert len(response.content) == size_when_looked_up
