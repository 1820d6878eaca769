"""What decides whether a middleware handles a connection: its scope types, path patterns and ``opt`` key.

``AbstractMiddleware`` applies these for its subclasses; middleware written on ``MiddlewareProtocol``
can call them itself.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from starlite.exceptions import ImproperlyConfiguredException

if TYPE_CHECKING:
    from collections.abc import Collection

    from starlite.types.asgi_types import Scope

__all__ = ("build_exclude_path_pattern", "should_bypass_middleware")


def build_exclude_path_pattern(*, exclude: str | list[str] | None = None) -> re.Pattern[str] | None:
    """Compile the path patterns that exclude connections from a middleware into one regex.

    Args:
        exclude: A regex, or a list of them (any one matching excludes the path).

    Returns:
        The compiled pattern, or ``None`` when nothing is excluded.

    Raises:
        ImproperlyConfiguredException: When a pattern is not a valid regex.
    """
    if not exclude:
        return None
    try:
        return re.compile("|".join(exclude) if isinstance(exclude, list) else exclude)
    except re.error as exc:
        raise ImproperlyConfiguredException(f"Invalid middleware exclude pattern {exclude!r}: {exc}") from exc


def should_bypass_middleware(
    *,
    scope: Scope,
    scopes: Collection[Any],
    exclude_opt_key: str | None = None,
    exclude_path_pattern: re.Pattern[str] | None = None,
) -> bool:
    """Tell whether a connection passes a middleware by.

    It does when its type is not among ``scopes``, when its route handler's ``opt`` holds a truthy
    ``exclude_opt_key``, or when ``exclude_path_pattern`` is found in its path. The path is the one
    the router matched: for an app mounted with ``is_mount``, the whole path the client asked for
    (``raw_path``), not the part below the mount point that the mounted app sees.

    Args:
        scope: The connection's ASGI scope.
        scopes: The connection types the middleware handles (``"http"``, ``"websocket"``).
        exclude_opt_key: A route handler ``opt`` key that opts a handler out.
        exclude_path_pattern: A pattern (``build_exclude_path_pattern``) excluding paths.

    Returns:
        ``True`` when the middleware must be skipped.
    """
    if scope["type"] not in scopes:
        return True
    handler = scope.get("route_handler")
    if exclude_opt_key and handler is not None and handler.opt.get(exclude_opt_key):
        return True
    if exclude_path_pattern is None:
        return False
    path = scope["path"]
    if getattr(handler, "is_mount", False):
        raw_path = scope.get("raw_path")
        path = raw_path.decode("latin-1") if raw_path else scope.get("root_path", "") + path
    return exclude_path_pattern.search(path) is not None
