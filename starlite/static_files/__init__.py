"""Serving the files of directories under a path."""

from starlite.static_files.base import StaticFiles as StaticFiles

__all__ = ("StaticFiles",)
