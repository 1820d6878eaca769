"""``ResponseSpec``: an additional response of a handler, for its ``responses=`` option."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlite.enums import MediaType

__all__ = ("ResponseSpec",)


@dataclass
class ResponseSpec:
    """Describes one more response of a handler in the schema: ``responses={404: ResponseSpec(...)}``.

    Attributes:
        model: The type of the response body (a pydantic model, dataclass, TypedDict, msgspec Struct,
            or any type the schema generator knows).
        generate_examples: Add an example body to the schema (when the app's ``create_examples`` is on).
        description: The response's description.
        media_type: The response's media type.
    """

    model: Any
    generate_examples: bool = True
    description: str = "Additional response"
    media_type: MediaType | str = MediaType.JSON

    def __init__(
        self,
        *,
        model: Any,
        generate_examples: bool = True,
        description: str = "Additional response",
        media_type: MediaType | str = MediaType.JSON,
    ) -> None:
        self.model = model
        self.generate_examples = generate_examples
        self.description = description
        self.media_type = media_type
