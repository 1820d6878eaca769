"""The schemas of the pagination containers, written in line as 1.5x wrote them.

A container's schema is an object whose ``items`` is an array of the item type's schema (a reference for a
model), with a description on each of the other fields; the schema of ``CursorPagination``'s ``cursor`` is
that of its cursor type.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlite.datastructures.pagination import ClassicPagination, CursorPagination, OffsetPagination

if TYPE_CHECKING:
    from collections.abc import Sequence

    from openapi_pydantic.v3.v3_1 import Reference, Schema

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


def get_schema_for_generic_type(field: Any, plugins: Any, origin: Any) -> Schema | Reference:
    """The schema of a generic container type (1.5x's name; only the pagination containers are generic here).

    Args:
        field: The annotation, or a kwargs plan's parameter definition holding it.
        plugins: The app's plugins.
        origin: The generic class of the annotation.

    Raises:
        ImproperlyConfiguredException: When ``origin`` is not a pagination container.
    """
    from starlite.exceptions import ImproperlyConfiguredException
    from starlite.openapi.schema import create_schema

    if origin not in PAGINATION_CONTAINERS:
        raise ImproperlyConfiguredException(f"cannot generate OpenAPI schema for generic type {origin}")
    return create_schema(getattr(field, "annotation", field), plugins=plugins)
