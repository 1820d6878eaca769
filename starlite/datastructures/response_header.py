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

    Raises:
        pydantic.ValidationError: When ``value`` is missing and the header is not documentation only
            (1.5x's ``ResponseHeader`` was a pydantic model).
    """

    name: str = ""
    value: Any = None
    description: str | None = None
    documentation_only: bool = False

    def __post_init__(self) -> None:
        if not self.documentation_only and self.value is None:
            raise validation_error(
                "ResponseHeader", "value", None, "value must be set if documentation_only is false"
            )
