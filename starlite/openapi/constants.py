"""Tables the schema registry reads: the schemas of plain types, and what each ``Parameter`` argument sets.

``TYPE_MAP`` holds openapi-pydantic ``Schema`` objects, as in 1.5x. It is built on first access so
that importing this module (and so the app) does not load openapi-pydantic.
"""

from __future__ import annotations

import datetime
import ipaddress
import re
from collections import deque
from typing import TYPE_CHECKING, Any
from uuid import UUID

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import Schema

    TYPE_MAP: dict[Any, Schema]

__all__ = ("KWARG_MODEL_ATTRIBUTE_TO_OPENAPI_PROPERTY_MAP", "TYPE_MAP")

KWARG_MODEL_ATTRIBUTE_TO_OPENAPI_PROPERTY_MAP: dict[str, str] = {
    "default": "default",
    "title": "title",
    "description": "description",
    "examples": "examples",
    "external_docs": "externalDocs",
    "content_encoding": "contentEncoding",
    "gt": "exclusiveMinimum",
    "ge": "minimum",
    "lt": "exclusiveMaximum",
    "le": "maximum",
    "multiple_of": "multipleOf",
    "min_items": "minItems",
    "max_items": "maxItems",
    "min_length": "minLength",
    "max_length": "maxLength",
    "regex": "pattern",
}
"""The argument of ``Parameter(...)`` / ``Body(...)`` → the schema keyword it sets (1.5x's names)."""

_STRING = "string"
# The JSON form of each entry of TYPE_MAP. The registry reads this one (it builds plain JSON first and
# turns it into models once), so the two never disagree.
TYPE_JSON: dict[Any, dict[str, Any]] = {
    str: {"type": _STRING},
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    float: {"type": "number"},
    None: {"type": "null"},
    type(None): {"type": "null"},
    bytes: {"type": _STRING},
    bytearray: {"type": _STRING},
    dict: {"type": "object"},
    list: {"type": "array", "items": {}},
    tuple: {"type": "array", "items": {}},
    set: {"type": "array", "items": {}, "uniqueItems": True},
    frozenset: {"type": "array", "items": {}, "uniqueItems": True},
    deque: {"type": "array", "items": {}},
    UUID: {"type": _STRING, "format": "uuid"},
    re.Pattern: {"type": _STRING, "format": "regex"},
    datetime.date: {"type": _STRING, "format": "date"},
    datetime.datetime: {"type": _STRING, "format": "date-time"},
    datetime.time: {"type": _STRING, "format": "time"},
    datetime.timedelta: {"type": _STRING, "format": "duration"},
    ipaddress.IPv4Address: {"type": _STRING, "format": "ipv4"},
    ipaddress.IPv6Address: {"type": _STRING, "format": "ipv6"},
}


def __getattr__(name: str) -> Any:
    if name == "TYPE_MAP":
        from openapi_pydantic.v3.v3_1 import Schema

        table = {key: Schema.model_validate(value) for key, value in TYPE_JSON.items()}
        globals()["TYPE_MAP"] = table  # built once
        return table
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
