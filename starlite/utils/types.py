"""Helpers over collection and union annotations, as Starlite 1.5x offered them in ``starlite.utils``."""

from __future__ import annotations

from typing import Any, TypeGuard, TypeVar, Union, cast, get_args

from starlite.utils.predicates import is_class_and_subclass, is_mapping, is_non_string_iterable

__all__ = ("annotation_is_iterable_of_type", "make_non_optional_union")

T = TypeVar("T")
UnionT = TypeVar("UnionT")


def annotation_is_iterable_of_type(annotation: Any, type_value: type[T]) -> TypeGuard[Any]:
    """Tell whether ``annotation`` is a collection of ``type_value`` (``list[Pet]``, ``Sequence[Pet]``, ...).

    The first type argument decides: ``tuple[Pet, ...]`` is a collection of ``Pet``, and so is a
    collection of a subclass of ``Pet``. Strings, bytes and mappings are not collections here.

    Args:
        annotation: A type annotation.
        type_value: The element type.
    """
    args = get_args(annotation)
    if not args or not is_non_string_iterable(annotation) or is_mapping(annotation):
        return False
    element = args[0]
    return element is type_value or is_class_and_subclass(element, type_value)


def make_non_optional_union(annotation: Any) -> Any:
    """Return the union of the members of ``annotation`` other than ``None``.

    ``Optional[Union[str, int]]`` becomes ``Union[str, int]``, and ``Optional[str]`` becomes ``str``.

    Args:
        annotation: A union annotation.
    """
    members = tuple(member for member in get_args(annotation) if member is not type(None))
    return cast("Any", Union[members])  # noqa: UP007 - a runtime union of a tuple of types
