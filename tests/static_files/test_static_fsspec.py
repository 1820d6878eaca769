"""fsspec's file systems behind static files: its memory file system and its local one."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fsspec.implementations.local import LocalFileSystem
from fsspec.implementations.memory import MemoryFileSystem

from starlite.config import StaticFilesConfig
from starlite.testing import create_test_client


@pytest.fixture()
def memory() -> Iterator[tuple[MemoryFileSystem, str]]:
    # fsspec's memory file system is one store for the process: each test has its own root in it.
    file_system = MemoryFileSystem()
    root = f"/{uuid.uuid4().hex}"
    file_system.pipe(f"{root}/first/site.css", b"body {}")
    file_system.pipe(f"{root}/first/docs/index.html", b"<h1>docs</h1>")
    file_system.pipe(f"{root}/second/404.html", b"gone")
    file_system.pipe(f"{root}/second/big.bin", bytes(range(256)) * 10)
    yield file_system, root
    file_system.rm(root, recursive=True)


def test_files_come_from_the_memory_file_system(memory: tuple[MemoryFileSystem, str]) -> None:
    file_system, root = memory
    config = StaticFilesConfig(
        path="/static",
        directories=[f"{root}/first", f"{root}/second"],
        file_system=file_system,
        html_mode=True,
    )
    with create_test_client([], static_files_config=config) as client:
        css = client.get("/static/site.css")
        assert (css.status_code, css.text) == (200, "body {}")
        assert css.headers["content-type"] == "text/css; charset=utf-8"
        assert "last-modified" in css.headers and "etag" in css.headers  # from fsspec's "created"
        assert client.get("/static/docs").text == "<h1>docs</h1>"
        missing = client.get("/static/nothing")
        assert (missing.status_code, missing.text) == (404, "gone")


def test_ranges_and_304_from_the_memory_file_system(memory: tuple[MemoryFileSystem, str]) -> None:
    file_system, root = memory
    config = StaticFilesConfig(path="/static", directories=[f"{root}/second"], file_system=file_system)
    with create_test_client([], static_files_config=config) as client:
        full = client.get("/static/big.bin")
        assert len(full.content) == 2560
        partial = client.get("/static/big.bin", headers={"range": "bytes=256-259"})
        assert (partial.status_code, partial.content) == (206, bytes([0, 1, 2, 3]))
        assert (
            client.get("/static/big.bin", headers={"if-none-match": full.headers["etag"]}).status_code == 304
        )


def test_fsspec_local_file_system_keeps_links_inside(tmp_path: Path) -> None:
    public = tmp_path / "public"
    public.mkdir()
    (public / "ok.txt").write_text("ok")
    (tmp_path / "secret.txt").write_text("secret")
    (public / "out.txt").symlink_to(tmp_path / "secret.txt")
    (public / "in.txt").symlink_to(public / "ok.txt")
    config = StaticFilesConfig(path="/static", directories=[public], file_system=LocalFileSystem())
    with create_test_client([], static_files_config=config) as client:
        assert client.get("/static/ok.txt").text == "ok"
        assert client.get("/static/in.txt").text == "ok"
        assert client.get("/static/out.txt").status_code == 404


def test_the_directories_of_fsspec_local_file_system_must_exist(tmp_path: Path) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        StaticFilesConfig(path="/static", directories=[tmp_path / "missing"], file_system=LocalFileSystem())
