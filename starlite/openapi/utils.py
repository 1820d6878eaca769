"""Small helpers of the OpenAPI schema: readable names, and the JSON type of a container annotation."""

from __future__ import annotations

import re
from typing import Any

from starlite.exceptions import ImproperlyConfiguredException
from starlite.openapi.enums import OpenAPIType
from starlite.utils.predicates import is_mapping, is_non_string_iterable, is_non_string_sequence

__all__ = ("CAPITAL_LETTERS_PATTERN", "get_openapi_type_for_complex_type", "pascal_case_to_text")

CAPITAL_LETTERS_PATTERN = re.compile(r"(?=[A-Z])")


def pascal_case_to_text(string: str) -> str:
    """Split a PascalCase name into words: ``"RetrieveUser"`` gives ``"Retrieve User"``.

    Args:
        string: The name.
    """
    return " ".join(CAPITAL_LETTERS_PATTERN.split(string)).strip()


def get_openapi_type_for_complex_type(field: Any) -> OpenAPIType:
    """The JSON schema type of a container annotation: ``object`` for mappings, ``array`` for the rest.

    1.5x took a pydantic-1 signature field; this takes the annotation (or anything with an
    ``annotation`` attribute, such as a kwargs plan's parameter definition).

    Args:
        field: The annotation, e.g. ``dict[str, int]`` or ``list[Item]``.

    Raises:
        ImproperlyConfiguredException: When the annotation is neither a mapping nor a collection.
    """
    annotation = getattr(field, "annotation", field)
    if is_mapping(annotation):
        return OpenAPIType.OBJECT
    if is_non_string_sequence(annotation) or is_non_string_iterable(annotation):
        return OpenAPIType.ARRAY
    raise ImproperlyConfiguredException(
        f"{annotation!r} is neither a mapping nor a collection, so it has no OpenAPI container type"
    )
