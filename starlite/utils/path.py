"""Path normalization used when registering routes."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ("join_paths", "normalize_path")

_MULTI_SLASH = re.compile(r"/{2,}")


def normalize_path(path: str) -> str:
    """Return ``path`` with one leading slash, no trailing slash and no repeated slashes."""
    path = _MULTI_SLASH.sub("/", "/" + path.strip())
    return path.rstrip("/") or "/"


def join_paths(paths: Iterable[str]) -> str:
    """Join route path fragments into one normalized path."""
    return normalize_path("/".join(paths))
