"""The routing trie: built once at start-up, it maps a request path to its route targets.

Fully static paths are found with one dict lookup. Other paths walk the trie a segment at a time,
preferring a static segment, then a ``{name:type}`` placeholder, then a ``{name:path}`` tail, and
backtracking when a branch dead-ends. Mounted ASGI apps match by prefix when nothing else matches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlite._connection_state import DEFAULT_MAX_BODY_SIZE
from starlite.exceptions import ImproperlyConfiguredException
from starlite.routes.base import PathParameterDefinition

if TYPE_CHECKING:
    from starlite.handlers.base import BaseRouteHandler
    from starlite.routes.base import BaseRoute
    from starlite.types.asgi_types import ASGIApp

__all__ = ("Leaf", "RouteTarget", "RoutingTrie", "TrieMatch")


class RouteTarget:
    """One handler of one route, and how the router calls it.

    Attributes:
        handler: The route handler.
        route: The route it belongs to; the router calls ``route.handle`` (looked up per request).
        app: The handler's middleware stack, whose innermost app calls ``route.handle``; ``None``
            when the handler has no middleware.
        parameters: The path parameters of the route's path template, in order.
        max_body_size: The request body limit of the handler, set on the connection before it runs.
    """

    __slots__ = ("handler", "route", "app", "parameters", "max_body_size")

    def __init__(self, handler: BaseRouteHandler[Any], route: BaseRoute, app: ASGIApp | None) -> None:
        self.handler = handler
        self.route = route
        self.app = app
        self.parameters = route.path_parameters
        resolve = getattr(handler, "resolve_request_max_body_size", None)
        self.max_body_size: int | None = resolve() if resolve is not None else DEFAULT_MAX_BODY_SIZE

    def parse_path_params(self, values: list[str]) -> dict[str, Any]:
        """Parse the raw segment values into the declared types; raises ``ValueError`` on a bad value."""
        return {
            definition.name: definition.parser(value)
            for definition, value in zip(self.parameters, values, strict=True)
        }


class Leaf:
    """The targets at the end of a path: HTTP handlers by method, a websocket handler, an ASGI handler.

    Attributes:
        methods: The HTTP targets by method.
        websocket: The websocket target.
        asgi: The ASGI handler target; it takes every connection to the path.
        allow: The ``Allow`` header of the path: its methods and ``OPTIONS``.
        static_match: The match of this leaf's static path, made once (a static path has no values).
    """

    __slots__ = ("methods", "websocket", "asgi", "allow", "static_match")

    def __init__(self) -> None:
        self.methods: dict[str, RouteTarget] = {}
        self.websocket: RouteTarget | None = None
        self.asgi: RouteTarget | None = None
        self.allow = ""
        self.static_match = TrieMatch(self, [])


class TrieMatch:
    """What ``RoutingTrie.match`` found for a path.

    Attributes:
        leaf: The leaf of the path; ``None`` when only a mounted app matched.
        values: The raw values of the path parameters, in order.
        mount: The deepest mounted app whose prefix matched, when no leaf did.
        prefix: The part of the path the mount matched.
        rest: The rest of the path, below the mount point.
    """

    __slots__ = ("leaf", "values", "mount", "prefix", "rest")

    def __init__(
        self,
        leaf: Leaf | None,
        values: list[str],
        mount: RouteTarget | None = None,
        prefix: str = "",
        rest: str = "",
    ) -> None:
        self.leaf = leaf
        self.values = values
        self.mount = mount
        self.prefix = prefix
        self.rest = rest


class _Node:
    """A trie node: children by static segment, one placeholder child, one path-tail leaf, a mount."""

    __slots__ = ("static", "param", "tail", "leaf", "mount")

    def __init__(self) -> None:
        self.static: dict[str, _Node] = {}
        self.param: _Node | None = None
        self.tail: Leaf | None = None
        self.leaf: Leaf | None = None
        self.mount: RouteTarget | None = None


def _describe(target: RouteTarget) -> str:
    return f"{target.handler} at {target.route.path!r}"


def _refuse_parameter_below_mount(mount: RouteTarget, route: RouteTarget) -> None:
    # A mount answers every path below it: a parameter segment right after the mount point would
    # make every request there ambiguous (1.5x refused it for the same reason).
    raise ImproperlyConfiguredException(
        f"Path parameters are not allowed directly below a mount: {_describe(route)} "
        f"lies below the mounted {_describe(mount)}"
    )


def _first_target_of_leaf(leaf: Leaf) -> RouteTarget | None:
    return leaf.asgi or leaf.websocket or next(iter(leaf.methods.values()), None)


def _first_target(node: _Node) -> RouteTarget | None:
    """A target of some route at or below ``node`` (to name it in an error)."""
    for leaf in (node.leaf, node.tail):
        found = _first_target_of_leaf(leaf) if leaf is not None else None
        if found is not None:
            return found
    for child in [*node.static.values(), *([node.param] if node.param is not None else [])]:
        found = _first_target(child)
        if found is not None:
            return found
    return None


class RoutingTrie:
    """Maps paths to ``Leaf`` objects (and mounted apps)."""

    __slots__ = ("root", "static_leaves")

    def __init__(self) -> None:
        self.root = _Node()
        self.static_leaves: dict[str, Leaf] = {}

    def add(self, target: RouteTarget, kind: str) -> None:
        """Insert a target of ``kind`` (``http``, ``websocket``, ``asgi`` or ``mount``) at its route's path.

        Raises:
            ImproperlyConfiguredException: When the path and method are already taken, naming both
                handlers, or when a path parameter would directly follow a mount point.
        """
        segments = target.route.segments
        node = self.root
        leaf: Leaf | None = None
        for segment in segments:
            if isinstance(segment, PathParameterDefinition):
                if node.mount is not None:
                    _refuse_parameter_below_mount(node.mount, target)
                if segment.type_name == "path":
                    if kind == "mount":
                        raise ImproperlyConfiguredException(
                            f"A mount path cannot end in a 'path' parameter: {target.route.path}"
                        )
                    leaf = node.tail = node.tail or Leaf()
                    break
                node.param = node.param or _Node()
                node = node.param
            else:
                node = node.static.setdefault(segment, _Node())
        if kind == "mount":
            below = _first_target(node.param) if node.param is not None else None
            if below is None and node.tail is not None:
                below = _first_target_of_leaf(node.tail)
            if below is not None:
                _refuse_parameter_below_mount(target, below)
            if node.mount is not None:
                raise ImproperlyConfiguredException(
                    f"Conflicting routes: {_describe(node.mount)} and {_describe(target)} mount the same path"
                )
            node.mount = target
            return
        if leaf is None:
            leaf = node.leaf = node.leaf or Leaf()
            if not any(isinstance(s, PathParameterDefinition) for s in segments):
                self.static_leaves["/" + "/".join(segments)] = leaf  # type: ignore[arg-type]
        self._add_to_leaf(leaf, target, kind)

    @staticmethod
    def _add_to_leaf(leaf: Leaf, target: RouteTarget, kind: str) -> None:
        existing: RouteTarget | None = None
        if kind == "asgi":
            existing = leaf.asgi or leaf.websocket or next(iter(leaf.methods.values()), None)
            leaf.asgi = leaf.asgi if existing else target
        elif leaf.asgi is not None:
            existing = leaf.asgi
        elif kind == "websocket":
            existing = leaf.websocket
            leaf.websocket = existing or target
        else:
            for method in sorted(target.handler.http_methods):  # type: ignore[attr-defined]
                taken = leaf.methods.get(method)
                if taken is not None and taken.handler is not target.handler:
                    existing = taken
                    break
            else:
                for method in target.handler.http_methods:  # type: ignore[attr-defined]
                    leaf.methods[method] = target
                leaf.allow = ", ".join(sorted({*leaf.methods, "OPTIONS"}))
        if existing is not None and existing.handler is not target.handler:
            raise ImproperlyConfiguredException(
                f"Conflicting routes: {_describe(existing)} and {_describe(target)} answer the same requests"
            )

    def match(self, path: str) -> TrieMatch | None:
        """Find the leaf for ``path``, or the mounted app below which it lies.

        Returns:
            The match, or ``None`` when neither a route nor a mount matches.
        """
        leaf = self.static_leaves.get(path if path == "/" else path.rstrip("/"))
        if leaf is not None:
            return leaf.static_match
        segments = [segment for segment in path.split("/") if segment]
        values: list[str] = []
        found = self._walk(self.root, segments, 0, values)
        if found is not None:
            return TrieMatch(found, values)
        mount, depth = self._find_mount(segments)
        if mount is None:
            return None
        prefix = "/" + "/".join(segments[:depth]) if depth else ""
        rest = "/" + "/".join(segments[depth:])
        if path.endswith("/") and rest != "/":
            rest += "/"
        return TrieMatch(None, [], mount, prefix, rest)

    def _walk(self, node: _Node, segments: list[str], index: int, values: list[str]) -> Leaf | None:
        if index == len(segments):
            if node.leaf is not None:
                return node.leaf
            if node.tail is not None:
                values.append("/")
                return node.tail
            return None
        segment = segments[index]
        child = node.static.get(segment)
        if child is not None:
            found = self._walk(child, segments, index + 1, values)
            if found is not None:
                return found
        if node.param is not None:
            values.append(segment)
            found = self._walk(node.param, segments, index + 1, values)
            if found is not None:
                return found
            values.pop()
        if node.tail is not None:
            values.append("/" + "/".join(segments[index:]))
            return node.tail
        return None

    def _find_mount(self, segments: list[str]) -> tuple[RouteTarget | None, int]:
        node: _Node | None = self.root
        best: tuple[RouteTarget | None, int] = (self.root.mount, 0)
        for depth, segment in enumerate(segments, start=1):
            assert node is not None
            node = node.static.get(segment) or node.param
            if node is None:
                break
            if node.mount is not None:
                best = (node.mount, depth)
        return best
