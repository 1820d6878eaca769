"""``StaticFilesConfig``: a path under which the files of some directories are served."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlite.datastructures._validation import validation_error
from starlite.handlers import asgi
from starlite.static_files.base import StaticFiles, is_local_file_system
from starlite.utils.file import BaseLocalFileSystem
from starlite.utils.path import normalize_path

if TYPE_CHECKING:
    from starlite.handlers import ASGIRouteHandler
    from starlite.types import ExceptionHandlersMap, Guard
    from starlite.types.file_types import FileSystemProtocol

__all__ = ("StaticFilesConfig",)


@dataclass(kw_only=True)
class StaticFilesConfig:
    """Serve the files of ``directories`` under ``path`` (``Starlite(static_files_config=...)``).

    The config is checked when it is made, as 1.5x's pydantic model was: a mistake raises
    ``pydantic.ValidationError``.

    Attributes:
        path: The path the files are served under (``/static``); no path parameters.
        directories: The directories to serve files from; the first one holding a file serves it.
            On the local file system each must exist.
        html_mode: Serve a directory's ``index.html`` for the directory (the path itself included),
            and the ``404.html`` of the directories, with status 404, for a missing file.
        name: A name for ``app.url_for_static_asset`` and ``request.url_for_static_asset``.
        file_system: What the files are read with: any object with ``info`` and ``open`` (a
            ``FileSystemProtocol``, such as fsspec's file systems); the local disk by default.
        opt: Options for the handler, read by guards and middleware.
        guards: Guards called before a file is served.
        exception_handlers: Exception handlers for the handler, by exception class or status code.
        send_as_attachment: Send ``Content-Disposition: attachment`` (a download) instead of ``inline``.
    """

    path: str
    directories: list[Path | str]
    html_mode: bool = False
    name: str | None = None
    file_system: Any = field(default_factory=BaseLocalFileSystem)
    opt: dict[str, Any] | None = None
    guards: list[Guard] | None = None
    exception_handlers: ExceptionHandlersMap | None = None
    send_as_attachment: bool = False

    def __post_init__(self) -> None:
        self.path = self.validate_path(self.path)
        self.file_system = self.validate_file_system(self.file_system)
        self.directories = self._validate_directories(self.directories)

    @classmethod
    def validate_path(cls, value: str) -> str:
        """Return ``value`` normalized (one leading slash, no trailing one).

        Raises:
            pydantic.ValidationError: When it is empty or has path parameters.
        """
        if not isinstance(value, str) or not value:
            raise validation_error("StaticFilesConfig", "path", value, "path must be a non-empty string")
        if "{" in value:
            raise validation_error(
                "StaticFilesConfig", "path", value, "path parameters are not supported for static files"
            )
        return normalize_path(value)

    @classmethod
    def validate_file_system(cls, value: FileSystemProtocol) -> FileSystemProtocol:
        """Return ``value`` when it has callable ``info`` and ``open``.

        Raises:
            pydantic.ValidationError: When it has not.
        """
        if not (callable(getattr(value, "info", None)) and callable(getattr(value, "open", None))):
            raise validation_error(
                "StaticFilesConfig",
                "file_system",
                value,
                "file_system must adhere to the FileSystemProtocol type",
            )
        return value

    def _validate_directories(self, value: Any) -> list[Path | str]:
        if isinstance(value, (str, Path)) or not isinstance(value, (list, tuple)):
            raise validation_error("StaticFilesConfig", "directories", value, "directories must be a list")
        directories: list[Path | str] = [Path(directory) for directory in value]
        if is_local_file_system(self.file_system):
            # A remote file system's directories are not on this disk: only local ones are checked.
            for directory in directories:
                if not Path(directory).is_dir():
                    raise validation_error(
                        "StaticFilesConfig",
                        "directories",
                        value,
                        f'Path "{directory}" does not point to a directory',
                    )
        return directories

    def to_static_files_app(self) -> ASGIRouteHandler:
        """The ``asgi`` route handler serving these files (``is_static=True``), named ``name``."""
        static_files = StaticFiles(
            is_html_mode=self.html_mode,
            directories=self.directories,
            file_system=self.file_system,
            send_as_attachment=self.send_as_attachment,
        )
        return asgi(
            path=self.path,
            name=self.name,
            is_static=True,
            opt=self.opt,
            guards=self.guards,
            exception_handlers=self.exception_handlers,
        )(static_files)
