"""``StaticFilesConfig``: what it accepts, what it refuses when it is made, the handler it builds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from starlite import ImproperlyConfiguredException, MediaType, Starlite, get
from starlite.config import StaticFilesConfig
from starlite.handlers import ASGIRouteHandler
from starlite.static_files import StaticFiles
from starlite.utils.file import BaseLocalFileSystem


@pytest.mark.parametrize("path", ["", "/{name:str}", "/static/{version:int}/files"])
def test_a_path_that_is_empty_or_has_parameters_is_refused(tmp_path: Path, path: str) -> None:
    with pytest.raises(ValidationError) as exc_info:
        StaticFilesConfig(path=path, directories=[tmp_path])
    assert exc_info.value.errors()[0]["loc"] == ("path",)


def test_the_refusal_of_path_parameters_says_why(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="path parameters are not supported for static files"):
        StaticFilesConfig(path="/{name:str}", directories=[tmp_path])


@pytest.mark.parametrize(
    ("given", "normalized"), [("static", "/static"), ("/static/", "/static"), ("//a//b/", "/a/b")]
)
def test_the_path_is_normalized(tmp_path: Path, given: str, normalized: str) -> None:
    assert StaticFilesConfig(path=given, directories=[tmp_path]).path == normalized


def test_a_directory_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    with pytest.raises(ValidationError, match="does not point to a directory") as exc_info:
        StaticFilesConfig(path="/static", directories=[tmp_path, missing])
    assert exc_info.value.errors()[0]["loc"] == ("directories",)


def test_a_file_is_not_a_directory(tmp_path: Path) -> None:
    file = tmp_path / "file.txt"
    file.write_text("x")
    with pytest.raises(ValidationError):
        StaticFilesConfig(path="/static", directories=[file])


def test_directories_must_be_a_list(tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        StaticFilesConfig(path="/static", directories=str(tmp_path))  # type: ignore[arg-type]


def test_directories_become_paths(tmp_path: Path) -> None:
    config = StaticFilesConfig(path="/static", directories=[str(tmp_path)])
    assert config.directories == [tmp_path]


class InfoOnly:
    def info(self, path: str) -> None: ...


class OpenOnly:
    def open(self, path: str) -> None: ...


class InfoAndOpen(InfoOnly, OpenOnly):
    pass


@pytest.mark.parametrize("file_system", [InfoOnly(), OpenOnly(), object()])
def test_a_file_system_without_info_and_open_is_refused(tmp_path: Path, file_system: Any) -> None:
    with pytest.raises(ValidationError, match="FileSystemProtocol") as exc_info:
        StaticFilesConfig(path="/static", directories=[tmp_path], file_system=file_system)
    assert exc_info.value.errors()[0]["loc"] == ("file_system",)


def test_a_remote_file_system_has_directories_not_on_this_disk() -> None:
    # The directories of a file system that is not the local disk are not looked for on the disk.
    config = StaticFilesConfig(path="/static", directories=["/bucket/assets"], file_system=InfoAndOpen())
    assert config.directories == [Path("/bucket/assets")]


def test_the_default_file_system_is_the_local_one(tmp_path: Path) -> None:
    assert isinstance(StaticFilesConfig(path="/s", directories=[tmp_path]).file_system, BaseLocalFileSystem)


def test_to_static_files_app_builds_a_static_asgi_handler(tmp_path: Path) -> None:
    def guard(connection: Any, handler: Any) -> None: ...

    config = StaticFilesConfig(
        path="/static",
        directories=[tmp_path],
        html_mode=True,
        name="assets",
        opt={"cache": "long"},
        guards=[guard],
        exception_handlers={404: lambda request, exc: None},
        send_as_attachment=True,
    )
    handler = config.to_static_files_app()
    assert isinstance(handler, ASGIRouteHandler)
    assert handler.is_static and handler.is_mount
    assert handler.paths == {"/static"}
    assert handler.name == "assets"
    assert handler.opt["cache"] == "long"
    assert handler.guards == [guard]
    assert 404 in (handler.exception_handlers or {})
    static_files = handler.fn.value  # type: ignore[union-attr]
    assert isinstance(static_files, StaticFiles)
    assert static_files.is_html_mode and static_files.send_as_attachment
    assert static_files.directories == [str(tmp_path)]


def test_a_handler_with_path_parameters_under_the_static_path_is_refused(tmp_path: Path) -> None:
    @get("/static/{name:str}", media_type=MediaType.TEXT)
    def handler(name: str) -> str:
        return name

    with pytest.raises(ImproperlyConfiguredException):
        Starlite([handler], static_files_config=StaticFilesConfig(path="/static", directories=[tmp_path]))
