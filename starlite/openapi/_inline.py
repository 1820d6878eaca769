"""Schemas written in line, as 1.5x wrote them: enums and the pagination containers.

A pagination container's schema is an object whose ``items`` is an array of the item type's schema (a
reference for a model), with a description on each of the other fields; the schema of ``CursorPagination``'s
``cursor`` is that of its cursor type.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

from starlite.datastructures.pagination import ClassicPagination, CursorPagination, OffsetPagination

if TYPE_CHECKING:
    from collections.abc import Sequence

PAGINATION_CONTAINERS = frozenset({ClassicPagination, OffsetPagination, CursorPagination})

# The descriptions 1.5x's document gave each field (clients and snapshot tests read them).
_FIELDS: dict[Any, dict[str, str]] = {
    ClassicPagination: {
        "page_size": "Number of items per page.",
        "current_page": "Current page number.",
        "total_pages": "Total number of pages.",
    },
    OffsetPagination: {
        "limit": "Maximal number of items to send.",
        "offset": "Offset from the beginning of the query.",
        "total": "Total number of items.",
    },
    CursorPagination: {"results_per_page": "Maximal number of items to send."},
}
_CURSOR_DESCRIPTION = (
    "Unique ID, designating the last identifier in the given data set. "
    "This value can be used to request the 'next' batch of records."
)


def pagination_schema(origin: Any, arguments: Sequence[Any]) -> dict[str, Any]:
    """The schema of a parametrised pagination container.

    Args:
        origin: The container class.
        arguments: The schemas of its type arguments, in order (``CursorPagination``: cursor, then item).
    """
    item = arguments[-1] if arguments else {}
    properties: dict[str, Any] = {"items": {"type": "array", "items": item}}
    if origin is CursorPagination:
        cursor = arguments[0] if len(arguments) == 2 else {}
        properties["cursor"] = (
            {**cursor, "description": _CURSOR_DESCRIPTION} if isinstance(cursor, dict) else cursor
        )
    for name, description in _FIELDS[origin].items():
        properties[name] = {"type": "integer", "description": description}
    return {"type": "object", "properties": properties}


def enum_schema(annotation: type[enum.Enum]) -> dict[str, Any] | None:
    """An enum in line, ``{"type": ..., "enum": [values]}``, as 1.5x gave it (``None``: not JSON values)."""
    values = [member.value for member in annotation]
    if all(isinstance(value, str) for value in values):
        return {"type": "string", "enum": values}
    if all(isinstance(value, int) and not isinstance(value, bool) for value in values):
        return {"type": "integer", "enum": values}
    if all(isinstance(value, (int, float)) and not isinstance(value, bool) for value in values):
        return {"type": "number", "enum": values}
    return None
