"""``Partial[T]``: the same class with every field optional, for ``PATCH`` bodies that send only some."""

from __future__ import annotations

import dataclasses
import typing
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Optional, TypeAlias, TypeVar
from weakref import WeakKeyDictionary

from pydantic import BaseModel, create_model
from typing_extensions import TypedDict

from starlite.exceptions import ImproperlyConfiguredException
from starlite.utils.predicates import is_class_and_subclass, is_dataclass_class, is_typed_dict

__all__ = ("Partial", "SupportedTypes")

if TYPE_CHECKING:
    from starlite.types.builtin_types import DataclassClass, TypedDictClass

SupportedTypes: TypeAlias = "DataclassClass | type[BaseModel] | TypedDictClass"
"""The classes ``Partial[...]`` takes: dataclasses, pydantic models and ``TypedDict`` classes."""

T = TypeVar("T")

_partials: WeakKeyDictionary[type, type] = WeakKeyDictionary()


def _optional_fields(cls: type) -> dict[str, Any]:
    """The fields of ``cls`` (class variables left out), each annotation made to admit ``None``."""
    fields: dict[str, Any] = {}
    for name, annotation in typing.get_type_hints(cls).items():
        if typing.get_origin(annotation) is ClassVar:
            continue
        admits_none = annotation is None or type(None) in typing.get_args(annotation)
        fields[name] = annotation if admits_none else Optional[annotation]  # noqa: UP045 - typing.Optional, as 1.5x gave
    return fields


def _make_partial(cls: type) -> type:
    name = f"Partial{cls.__name__}"
    fields = _optional_fields(cls)
    if is_class_and_subclass(cls, BaseModel):
        definitions: dict[str, Any] = {key: (annotation, None) for key, annotation in fields.items()}
        return create_model(name, __base__=cls, **definitions)
    if is_dataclass_class(cls):
        return dataclasses.make_dataclass(
            name,
            [(key, annotation, dataclasses.field(default=None)) for key, annotation in fields.items()],
            bases=(cls,),
        )
    if is_typed_dict(cls):
        return TypedDict(name, fields, total=False)  # type: ignore[operator,no-any-return]
    raise ImproperlyConfiguredException(
        f"Partial[T] takes a pydantic model, a dataclass or a TypedDict class, not {cls!r}"
    )


class Partial(Generic[T]):
    """``Partial[Model]`` is ``Model`` with every field optional, defaulting to ``None``.

    It works for pydantic models (a subclass of the model), dataclasses (a subclass dataclass) and
    ``TypedDict`` classes (a ``TypedDict`` with ``total=False``). The class is made once per model
    and named ``Partial<Model>``::

        @patch("/person/{person_id:int}")
        def update_person(person_id: int, data: Partial[Person]) -> Person: ...

    Raises:
        ImproperlyConfiguredException: For any other class.
    """

    def __class_getitem__(cls, item: type[T]) -> type[T]:
        """Return the partial class of ``item``."""
        partial = _partials.get(item)
        if partial is None:
            partial = _partials[item] = _make_partial(item)
            partial.__module__ = item.__module__  # where readers (and pickle) look for it
        return partial
