"""``ResponseHeader``: a header a handler layer always sets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlite.datastructures._validation import validation_error

__all__ = ("ResponseHeader",)


@dataclass
class ResponseHeader:
    """A header added to every response of a layer (app, router, controller or handler).

    Attributes:
        name: The header's name; taken from the mapping key when headers are given as a mapping.
        value: The header's value.
        description: Documentation for OpenAPI.
        documentation_only: Only document the header; never set it.
        param_in: OpenAPI: where the parameter is (1.5x's ``ResponseHeader`` was an OpenAPI header).
        required: OpenAPI: whether the header is always sent.
        deprecated: OpenAPI: whether the header is deprecated.
        allowEmptyValue: OpenAPI: whether an empty value is allowed.
        style: OpenAPI: how the value is serialized.
        explode: OpenAPI: whether array and object values are exploded.
        allowReserved: OpenAPI: whether reserved characters are allowed unescaped.
        schema: OpenAPI: the value's schema.
        example: OpenAPI: an example value.
        examples: OpenAPI: named examples.
        content: OpenAPI: the media types of the value.

    Raises:
        pydantic.ValidationError: When ``value`` is missing and the header is not documentation only
            (1.5x's ``ResponseHeader`` was a pydantic model).
    """

    name: str = ""
    value: Any = None
    description: str | None = None
    documentation_only: bool = False
    # The OpenAPI header object's other fields, kept for the schema (1.5x's names, camelCase included).
    param_in: Any = None
    required: bool = False
    deprecated: bool = False
    allowEmptyValue: bool = False  # noqa: N815
    style: str | None = None
    explode: bool | None = None
    allowReserved: bool = False  # noqa: N815
    schema: Any = None
    example: Any = None
    examples: dict[str, Any] | None = None
    content: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if not self.documentation_only and self.value is None:
            raise validation_error(
                "ResponseHeader", "value", None, "value must be set if documentation_only is false"
            )
