"""Predicates over type annotations and classes, as Starlite 1.5x offered them in ``starlite.utils``.

Each one answers for a bare class (``list``), a ``typing`` alias (``List[int]``), a builtin generic
(``list[int]``) and an ``Annotated``, ``Required`` or ``NotRequired`` wrapper of one alike.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from types import UnionType
from typing import Annotated, Any, Generic, TypeGuard, TypeVar, Union, get_args, get_origin

from typing_extensions import NotRequired, Required, is_typeddict

__all__ = (
    "UNION_TYPES",
    "is_any",
    "is_class_and_subclass",
    "is_dataclass_class",
    "is_dataclass_class_or_instance",
    "is_generic",
    "is_mapping",
    "is_non_string_iterable",
    "is_non_string_sequence",
    "is_optional_union",
    "is_typed_dict",
    "is_union",
)

T = TypeVar("T")

UNION_TYPES: set[Any] = {Union, UnionType}
"""The origins of a union: ``typing.Union`` and the ``X | Y`` type."""

_WRAPPERS = (Annotated, Required, NotRequired)
# What counts as a sequence: the abstract Sequence, and the concrete containers of values that 1.5x
# accepted for a sequence parameter (a set is not a Sequence, but a query value may be one).
_SEQUENCE_TYPES = (Sequence, list, tuple, deque, set, frozenset)


def _strip_wrappers(annotation: Any) -> Any:
    """``X`` for ``Annotated[X, ...]``, ``Required[X]`` and ``NotRequired[X]``; else the annotation."""
    while get_origin(annotation) in _WRAPPERS:
        annotation = get_args(annotation)[0]
    return annotation


def _unwrap(annotation: Any) -> Any:
    """The class an annotation stands for: its origin (``List[int]`` -> ``list``), or itself."""
    annotation = _strip_wrappers(annotation)
    origin = get_origin(annotation)
    return origin if origin is not None else annotation


def _is_subclass(annotation: Any, classes: Any) -> bool:
    target = _unwrap(annotation)
    try:
        return inspect.isclass(target) and issubclass(target, classes)
    except TypeError:  # a class whose __subclasscheck__ refuses the question
        return False


def is_class_and_subclass(value: Any, t_type: type[T]) -> TypeGuard[type[T]]:
    """Tell whether ``value`` is a class (or a generic alias of one) that subclasses ``t_type``.

    Args:
        value: An annotation or any value; instances answer ``False``.
        t_type: The class to test against.
    """
    return _is_subclass(value, t_type)


def is_generic(annotation: Any) -> bool:
    """Tell whether ``annotation`` is a ``Generic`` class or a parametrization of one."""
    return _is_subclass(annotation, Generic)


def is_mapping(annotation: Any) -> TypeGuard[Mapping[Any, Any]]:
    """Tell whether ``annotation`` is a mapping type (``dict``, ``Dict[str, int]``, ``Mapping``, ...)."""
    return _is_subclass(annotation, Mapping)


def is_non_string_sequence(annotation: Any) -> TypeGuard[Sequence[Any]]:
    """Tell whether ``annotation`` is a sequence or set type other than ``str`` and ``bytes``."""
    return _is_subclass(annotation, _SEQUENCE_TYPES) and not _is_subclass(annotation, (str, bytes))


def is_non_string_iterable(annotation: Any) -> TypeGuard[Iterable[Any]]:
    """Tell whether ``annotation`` is an iterable type (mappings included), ``str`` and ``bytes`` aside."""
    return _is_subclass(annotation, Iterable) and not _is_subclass(annotation, (str, bytes))


def is_union(annotation: Any) -> TypeGuard[Any]:
    """Tell whether ``annotation`` is a union (``Union[A, B]``, ``A | B``, ``Optional[A]``)."""
    return _unwrap(annotation) in UNION_TYPES


def is_optional_union(annotation: Any) -> TypeGuard[Any]:
    """Tell whether ``annotation`` is a union that admits ``None``."""
    return is_union(annotation) and type(None) in get_args(_strip_wrappers(annotation))


def is_any(annotation: Any) -> TypeGuard[Any]:
    """Tell whether ``annotation`` is ``Any``, or a union with ``Any`` among its members."""
    if annotation is Any:
        return True
    return get_origin(annotation) in UNION_TYPES and any(arg is Any for arg in get_args(annotation))


def is_dataclass_class(value: Any) -> bool:
    """Tell whether ``value`` is a dataclass (the class, not an instance)."""
    return inspect.isclass(value) and dataclasses.is_dataclass(value)


def is_dataclass_class_or_instance(value: Any) -> bool:
    """Tell whether ``value`` is a dataclass or an instance of one."""
    return dataclasses.is_dataclass(value)


def is_typed_dict(value: Any) -> bool:
    """Tell whether ``value`` is a ``TypedDict`` class."""
    return bool(is_typeddict(value))
