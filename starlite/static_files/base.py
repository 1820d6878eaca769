"""``StaticFiles``: the ASGI app serving a ``StaticFilesConfig``'s directories (SEAM)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlite.types import Receive, Scope, Send

__all__ = ("StaticFiles",)


class StaticFiles:
    """Serve the files found under ``directories``."""

    def __init__(
        self, is_html_mode: bool, directories: list[Any], file_system: Any, send_as_attachment: bool = False
    ) -> None:
        self.is_html_mode = is_html_mode
        self.directories = directories
        self.file_system = file_system
        self.send_as_attachment = send_as_attachment

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one request."""
        raise NotImplementedError("SEAM")


def static_asset_path(app: Any, name: str, file_path: str) -> str:
    """The path of ``file_path`` served by the static files handler called ``name`` (SEAM)."""
    raise NotImplementedError("SEAM")
