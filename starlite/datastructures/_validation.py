"""The errors of the classes that were pydantic models in 1.5x, raised without loading pydantic early.

``ETag``, ``CacheControlHeader`` and ``ResponseHeader`` are plain classes here, so that importing the
framework does not import pydantic; code written for 1.5x still catches ``pydantic.ValidationError``
when one is built wrongly. pydantic is loaded only when such an error is raised.
"""

from __future__ import annotations

from typing import Any


def validation_error(model: str, field: str, value: Any, message: str) -> ValueError:
    """Return a ``pydantic.ValidationError`` for one invalid field (a ``ValueError``, too).

    Args:
        model: The class name the error names as its title.
        field: The invalid field.
        value: The value it was given.
        message: What is wrong with it.
    """
    from pydantic_core import ValidationError

    return ValidationError.from_exception_data(
        model,
        [{"type": "value_error", "loc": (field,), "input": value, "ctx": {"error": ValueError(message)}}],
    )
