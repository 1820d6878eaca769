"""The application's index of named route handlers: ``get_handler_index_by_name`` and ``route_reverse``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from pathlib import PurePath
from typing import Any, TypedDict

from starlite.exceptions import ImproperlyConfiguredException, NoRouteMatchFoundException
from starlite.handlers.base import BaseRouteHandler
from starlite.routes.base import PathParameterDefinition, parse_path

__all__ = ("HandlerIndex", "HandlerNameIndex")

# Path parameter types whose value route_reverse also accepts as a ready-made string.
_STR_ACCEPTED = (date, datetime, time, timedelta, float, PurePath)

_Entries = dict[str, list[tuple[BaseRouteHandler[Any], str]]]


class HandlerIndex(TypedDict):
    """What ``get_handler_index_by_name`` returns."""

    handler: BaseRouteHandler[Any]
    paths: list[str]
    identifier: str


class HandlerNameIndex:
    """The handlers of an application by name, and the paths each is registered at.

    A handler is indexed under its ``name``, or under ``str(handler)`` (its function's qualified
    name) when it has none, as in 1.5x. An explicit name belongs to one handler function, which may
    be registered at several paths (or under several routers); unnamed handlers whose functions
    share a qualified name share an entry, the last registered one answering for it.
    """

    __slots__ = ("entries",)

    def __init__(self) -> None:
        self.entries: _Entries = {}

    def stage(self, registrations: Iterable[tuple[str, BaseRouteHandler[Any]]]) -> _Entries:
        """Return the entries of the names ``registrations`` touch, with them added; the index is unchanged.

        Raises:
            ImproperlyConfiguredException: When a name is taken by another handler function.
        """
        staged: _Entries = {}
        for path, handler in registrations:
            key = handler.name or str(handler)
            entries = staged.get(key)
            if entries is None:
                entries = staged[key] = list(self.entries.get(key, ()))
            if handler.name and entries and _function_of(entries[-1][0]) is not _function_of(handler):
                raise ImproperlyConfiguredException(
                    f"Handler name {handler.name!r} is used by both {entries[-1][0]} and {handler}; "
                    "names must be unique"
                )
            entries.append((handler, path))
        return staged

    def commit(self, staged: _Entries) -> None:
        """Apply what ``stage`` returned."""
        self.entries.update(staged)

    def lookup(self, name: str) -> HandlerIndex | None:
        """Return the handler called ``name`` and its paths, or ``None``."""
        entries = self.entries.get(name)
        if not entries:
            return None
        handler = entries[-1][0]
        return HandlerIndex(
            handler=handler, paths=sorted({p for _, p in entries}), identifier=handler.name or str(handler)
        )

    def reverse(self, name: str, path_parameters: dict[str, Any]) -> str:
        """Build the path of the handler called ``name``; see ``Starlite.route_reverse``."""
        index = self.lookup(name)
        if index is None:
            raise NoRouteMatchFoundException(f"Route {name} can not be found")
        candidates = []
        for path in index["paths"]:
            segments, definitions = parse_path(path)
            names = {d.name for d in definitions}
            if names <= set(path_parameters):
                candidates.append((len(names), path, segments))
        if not candidates:
            raise NoRouteMatchFoundException(
                f"Route {name} can not be found with parameters {sorted(path_parameters)}"
            )
        _, _, segments = max(candidates, key=lambda c: c[0])
        parts = []
        for segment in segments:
            if isinstance(segment, PathParameterDefinition):
                parts.append(_format_path_value(name, segment, path_parameters[segment.name]))
            else:
                parts.append(segment)
        return "/" + "/".join(parts).lstrip("/")


def _format_path_value(name: str, definition: PathParameterDefinition, value: Any) -> str:
    if not isinstance(value, definition.type) and not (
        isinstance(value, str) and definition.type in _STR_ACCEPTED
    ):
        raise NoRouteMatchFoundException(
            f"Route {name}: parameter {definition.name!r} must be {definition.type_name}, "
            f"got {type(value).__name__}"
        )
    if isinstance(value, date | time):
        return value.isoformat()
    text = str(value)
    return text.lstrip("/") if definition.type_name == "path" else text


def _function_of(handler: BaseRouteHandler[Any]) -> Any:
    return handler.fn.value if handler.fn is not None else None
