"""``BaseRoute`` and path-template parsing: ``/items/{item_id:int}`` into segments and typed parameters."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from starlite._converters import PATH_PARAMETER_TYPES
from starlite.exceptions import ImproperlyConfiguredException

if TYPE_CHECKING:
    from starlite.handlers.base import BaseRouteHandler
    from starlite.types.asgi_types import ASGIApp, Receive, Scope, Send

__all__ = ("BaseRoute", "PathParameterDefinition", "SingleHandlerRoute", "parse_path")

_PARAM = re.compile(r"^\{([^{}:]*)(?::([^{}]*))?\}$")


@dataclass(frozen=True)
class PathParameterDefinition:
    """One ``{name:type}`` placeholder of a route path.

    Attributes:
        name: The parameter's name.
        type: The Python type its value is parsed to.
        type_name: The type as written in the path (``int``, ``uuid``, ...).
        parser: Turns the raw segment into ``type``; raises ``ValueError`` on a bad value.
        full: The placeholder as written, without its braces (``item_id:int``).
    """

    name: str
    type: type
    type_name: str
    parser: Callable[[str], Any]
    full: str = ""


def parse_path(path: str) -> tuple[list[str | PathParameterDefinition], list[PathParameterDefinition]]:
    """Split a normalized route path into its segments, placeholders replaced by their definitions.

    Raises:
        ImproperlyConfiguredException: For an untyped, unknown-typed, duplicated or misplaced parameter.
    """
    segments: list[str | PathParameterDefinition] = []
    parameters: list[PathParameterDefinition] = []
    parts = [part for part in path.split("/") if part]
    for index, part in enumerate(parts):
        match = _PARAM.match(part)
        if match is None:
            if "{" in part or "}" in part:
                raise ImproperlyConfiguredException(f"Malformed path parameter {part!r} in {path!r}")
            segments.append(part)
            continue
        name, type_name = (group.strip() if group else "" for group in match.groups())
        if not name or not type_name:
            raise ImproperlyConfiguredException(
                "Path parameters should be declared with a type using the following pattern: "
                f"'{{parameter_name:type}}', e.g. '/my-path/{{my_param:int}}' (in {path!r})"
            )
        if type_name not in PATH_PARAMETER_TYPES:
            raise ImproperlyConfiguredException(
                f"Path parameters should be declared with an allowed type, i.e. one of "
                f"{','.join(PATH_PARAMETER_TYPES)} (got {type_name!r} in {path!r})"
            )
        if any(p.name == name for p in parameters):
            raise ImproperlyConfiguredException(f"Duplicate parameter '{name}' detected in '{path}'.")
        if type_name == "path" and index != len(parts) - 1:
            raise ImproperlyConfiguredException(f"A 'path' parameter must be the last segment of {path!r}")
        python_type, parser = PATH_PARAMETER_TYPES[type_name]
        definition = PathParameterDefinition(
            name=name, type=python_type, type_name=type_name, parser=parser, full=part[1:-1]
        )
        segments.append(definition)
        parameters.append(definition)
    return segments, parameters


class BaseRoute:
    """A path and the handlers registered on it.

    An application's router calls ``handle`` for every connection the route answers; before that,
    ``create_handler_map`` prepares each handler for this route.

    Args:
        path: The normalized path template.
        scope_type: ``http``, ``websocket`` or ``asgi``.
        handler_names: The names of the handlers on this route.
        methods: The HTTP methods the route answers (``OPTIONS`` included); none for other routes.
    """

    __slots__ = (
        "path",
        "path_format",
        "path_parameters",
        "segments",
        "scope_type",
        "handler_names",
        "methods",
    )

    def __init__(
        self, *, path: str, scope_type: str, handler_names: list[str], methods: Iterable[str] | None = None
    ) -> None:
        self.path = path
        self.methods: set[str] = set(methods or ())
        self.segments, self.path_parameters = parse_path(path)
        self.path_format = "/" + "/".join(
            f"{{{s.name}}}" if isinstance(s, PathParameterDefinition) else s for s in self.segments
        )
        self.scope_type = scope_type
        self.handler_names = handler_names

    @property
    def path_parameter_names(self) -> set[str]:
        """The names of the route's path parameters."""
        return {p.name for p in self.path_parameters}

    def __repr__(self) -> str:
        return f"<{self.__class__.__name__} {self.path}>"

    @property
    def route_handlers(self) -> list[BaseRouteHandler[Any]]:  # pragma: no cover - each subclass defines it
        """The handlers on this route."""
        raise NotImplementedError

    def create_handler_map(self) -> None:  # pragma: no cover - each subclass defines it
        """Prepare every handler for this route: its kwargs plan and the coroutine that answers it."""
        raise NotImplementedError

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:  # pragma: no cover
        """Answer one connection to this route."""
        raise NotImplementedError


class SingleHandlerRoute(BaseRoute):
    """A route with one handler that takes every connection of its kind: websocket and ASGI routes.

    Args:
        path: The normalized path template.
        route_handler: The handler.
    """

    __slots__ = ("route_handler", "_handler_app")

    scope_kind: ClassVar[str]

    def __init__(self, *, path: str, route_handler: Any) -> None:
        super().__init__(path=path, scope_type=self.scope_kind, handler_names=[str(route_handler)])
        self.route_handler = route_handler
        self._handler_app: ASGIApp | None = None

    @property
    def route_handlers(self) -> list[Any]:
        """The handler, as a one-item list."""
        return [self.route_handler]

    def create_handler_map(self) -> None:
        """Prepare the handler for this route."""
        self._handler_app = self.route_handler.on_registration(self.path_parameter_names)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the connection with the handler."""
        assert self._handler_app is not None, "the route was not registered on an application"
        await self._handler_app(scope, receive, send)
