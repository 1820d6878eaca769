"""Small readers of the options of ``Starlite(...)``, and the path the app routes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlite.types import Scope


def strip_root_path(scope: Scope, root_path: str) -> None:
    # Servers following the ASGI spec as clarified in 2023 (uvicorn 0.26 and later) put root_path in
    # front of the path; the app routes, and builds URLs from, the path below root_path, as servers
    # of 1.5x's day gave it. A path that does not start with root_path is taken as already below it.
    root = root_path.rstrip("/")
    path = scope["path"]
    if root and path.startswith(root) and (len(path) == len(root) or path[len(root)] == "/"):
        scope["path"] = path[len(root) :] or "/"


def copy_headers(headers: Any) -> Any:
    if headers is None:
        return {}
    return dict(headers) if isinstance(headers, Mapping) else list(headers)


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]
