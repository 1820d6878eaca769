"""pydantic 1 models (``pydantic.v1``) as handler and dependency types, as a Starlite 1.5x app wrote them.

A 1.5x application's models are pydantic 1 code, which pydantic 2 still ships as ``pydantic.v1``. Its
classes cannot go through pydantic 2's ``TypeAdapter``, so an annotation that names one anywhere
(``Model``, ``list[Model]``, ``Model | None``, a ``conint`` of pydantic 1) is validated by pydantic 1
itself, through a one-field model built once at start-up.
"""

from __future__ import annotations

import inspect
import sys
import typing
from typing import Any

__all__ = ("V1ValidationErrors", "V1Validator", "is_v1_model", "uses_pydantic_v1", "v1_field_types")


def _v1_module() -> Any:
    # No pydantic 1 type can exist before the application imported pydantic.v1: then there is nothing
    # to look for, and nothing is loaded.
    return sys.modules.get("pydantic.v1")


def is_v1_model(annotation: Any) -> bool:
    """Whether ``annotation`` is a class derived from ``pydantic.v1.BaseModel``."""
    v1 = _v1_module()
    return (
        v1 is not None
        and inspect.isclass(annotation)
        and typing.get_origin(annotation) is None
        and issubclass(annotation, v1.BaseModel)
    )


def _is_v1_type(annotation: Any) -> bool:
    # pydantic 1's own types (conint(), constr(), ...) and models, and pydantic 1 dataclasses.
    if not inspect.isclass(annotation) or typing.get_origin(annotation) is not None:
        return False
    if is_v1_model(annotation):
        return True
    model = getattr(annotation, "__pydantic_model__", None)
    if model is not None and is_v1_model(model):
        return True
    return str(getattr(annotation, "__module__", "")).startswith("pydantic.v1")


def uses_pydantic_v1(annotation: Any) -> bool:
    """Whether ``annotation`` names a pydantic 1 type anywhere (``list[Model]``, ``Model | None``, ...)."""
    if _v1_module() is None:
        return False
    if _is_v1_type(annotation):
        return True
    return any(uses_pydantic_v1(arg) for arg in typing.get_args(annotation) if arg is not Ellipsis)


def v1_field_types(annotation: Any) -> dict[str, Any] | None:
    """The field types of a pydantic 1 model by the key a client sends (its alias), else ``None``."""
    if not is_v1_model(annotation):
        return None
    return {field.alias: field.outer_type_ for field in annotation.__fields__.values()}


class V1Validator:
    """Validates plain data (decoded JSON, a form, a query value) as one annotation, with pydantic 1.

    Args:
        annotation: A type that names a pydantic 1 model or type.
    """

    __slots__ = ("_model", "_error")

    def __init__(self, annotation: Any) -> None:
        v1 = _v1_module()
        assert v1 is not None, "only built for annotations that name a pydantic 1 type"
        # A custom root type: the annotation as it is, container and all.
        self._model = v1.create_model("Data", __root__=(annotation, ...))
        self._error: type[Exception] = v1.ValidationError

    def __call__(self, value: Any) -> Any:
        """Return the validated value.

        Raises:
            V1ValidationErrors: Listing where each error is (a tuple of keys and indexes) and what it is.
        """
        try:
            return self._model.parse_obj(value).__root__
        except self._error as exc:
            raise V1ValidationErrors(
                [(tuple(error["loc"][1:]), str(error["msg"])) for error in exc.errors()]  # type: ignore[attr-defined]
            ) from exc


class V1ValidationErrors(ValueError):
    """What pydantic 1 found wrong: ``(location, message)`` pairs, the location without the root."""

    def __init__(self, errors: list[tuple[tuple[Any, ...], str]]) -> None:
        super().__init__("; ".join(message for _, message in errors))
        self.errors = errors
