"""``StaticFilesConfig``: a path under which the files of some directories are served."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlite.utils.file import BaseLocalFileSystem

if TYPE_CHECKING:
    from starlite.handlers import ASGIRouteHandler

__all__ = ("StaticFilesConfig",)


@dataclass(kw_only=True)
class StaticFilesConfig:
    """Serve the files of ``directories`` under ``path`` (``Starlite(static_files_config=...)``).

    SEAM: the static files helper completes it (validation, docs).
    """

    path: str
    directories: list[Path | str]
    html_mode: bool = False
    name: str | None = None
    file_system: Any = field(default_factory=BaseLocalFileSystem)
    opt: dict[str, Any] | None = None
    guards: list[Any] | None = None
    exception_handlers: dict[Any, Any] | None = None
    send_as_attachment: bool = False

    def to_static_files_app(self) -> ASGIRouteHandler:
        """The ``asgi`` route handler serving these files."""
        raise NotImplementedError("SEAM")
