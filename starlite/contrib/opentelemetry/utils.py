"""The name and attributes of a connection's server span, read from its scope."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from starlite.exceptions import MissingDependencyException

try:
    from opentelemetry.semconv.trace import SpanAttributes
except ImportError as exc:  # pragma: no cover - the extra is installed for the tests
    raise MissingDependencyException(
        "opentelemetry", install_package="opentelemetry-instrumentation-asgi", extra="opentelemetry"
    ) from exc

if TYPE_CHECKING:
    from starlite.types import Scope

__all__ = ("SpanAttributes", "get_route_details_from_scope")

# handler -> (id of its app, the paths of the routes it serves). Registered handlers are copies owned by
# one app, so this is filled once per handler; weak, so that apps built in tests do not pile up.
_ROUTE_PATHS: weakref.WeakKeyDictionary[Any, tuple[int, tuple[str, ...]]] = weakref.WeakKeyDictionary()


def _route_paths(handler: Any, app: Any) -> tuple[str, ...]:
    cached = _ROUTE_PATHS.get(handler)
    if cached is not None and cached[0] == id(app):
        return cached[1]
    paths = tuple(
        route.path
        for route in getattr(app, "routes", ())
        if any(candidate is handler for candidate in route.route_handlers)
    )
    _ROUTE_PATHS[handler] = (id(app), paths)
    return paths


def _route_template(scope: Scope) -> str | None:
    """The path template of the route that matched the connection, e.g. ``/items/{item_id:int}``."""
    handler = scope.get("route_handler")
    app = scope.get("app")
    if handler is None or app is None:
        return None
    paths = _route_paths(handler, app)
    if len(paths) == 1:
        return paths[0]
    if getattr(handler, "is_mount", False):
        # A mounted app sees the path below its mount point, which the router added to root_path:
        # the path cannot be resolved again (it may even be another route's), root_path names the mount.
        root_path = scope.get("root_path", "")
        matched = [path for path in paths if root_path.endswith(path)]
        return max(matched, key=len) if matched else (paths[0] if paths else None)
    # A handler on several paths: ask the router which of its routes this path matched.
    method = scope.get("method", "websocket") if scope["type"] == "http" else "websocket"
    try:
        path: str = app.asgi_router.resolve(method, scope["path"]).route.path
    except Exception:  # pragma: no cover - the router matched this path to this handler just before
        return paths[0] if paths else None
    return path


def get_route_details_from_scope(scope: Scope) -> tuple[str, dict[Any, str]]:
    """Name a connection's server span after the route template that matched it.

    The template (``/items/{item_id:int}``), not the path the client asked for, so that every request
    to a route shares one span name and the values of path parameters stay out of it. An HTTP span is
    named ``"<METHOD> <template>"``, a websocket span by the template alone, as OpenTelemetry's ASGI
    instrumentation names its spans.

    Args:
        scope: The ASGI scope, after routing (the middleware runs inside the router, per handler).

    Returns:
        The span name, and the attributes to set on the span: ``http.route``, the template.
    """
    template = _route_template(scope)
    if template is None:  # no route (a scope built by hand): the handler is all there is
        handler = scope.get("route_handler")
        template = getattr(handler, "handler_name", None) or scope.get("path", "")
    method = scope.get("method") if scope["type"] == "http" else None
    name = f"{method} {template}" if method else template
    return name, {SpanAttributes.HTTP_ROUTE: template}
