"""pydantic models made from dataclasses and ``TypedDict`` classes, as Starlite 1.5x offered them.

1.5x ran on pydantic 1; these build pydantic 2 models. The model of a class is made once and
remembered for as long as the class lives.
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Any
from weakref import WeakKeyDictionary

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.fields import FieldInfo

__all__ = (
    "convert_dataclass_to_model",
    "convert_typeddict_to_model",
    "create_model_from_dataclass",
    "create_model_from_typeddict",
    "create_parsed_model_field",
)

_MODEL_CONFIG = ConfigDict(arbitrary_types_allowed=True)
_models: WeakKeyDictionary[type, type[BaseModel]] = WeakKeyDictionary()


def create_model_from_dataclass(dataclass: type) -> type[BaseModel]:
    """Make a pydantic model with the fields, types and defaults of ``dataclass``.

    Args:
        dataclass: A dataclass (the class).
    """
    hints = typing.get_type_hints(dataclass, include_extras=True)
    fields: dict[str, Any] = {}
    for field in dataclasses.fields(dataclass):
        if field.default is not dataclasses.MISSING:
            default: Any = field.default
        elif field.default_factory is not dataclasses.MISSING:
            default = Field(default_factory=field.default_factory)
        else:
            default = ...
        fields[field.name] = (hints.get(field.name, Any), default)
    return create_model(dataclass.__name__, __config__=_MODEL_CONFIG, **fields)


def create_model_from_typeddict(typeddict: type) -> type[BaseModel]:
    """Make a pydantic model with the keys of ``typeddict`` as fields; keys not required default to ``None``.

    Args:
        typeddict: A ``TypedDict`` class.
    """
    hints = typing.get_type_hints(typeddict)
    required = getattr(typeddict, "__required_keys__", frozenset(hints))
    fields: dict[str, Any] = {
        name: (annotation, ... if name in required else None) for name, annotation in hints.items()
    }
    return create_model(typeddict.__name__, __config__=_MODEL_CONFIG, **fields)


def convert_dataclass_to_model(dataclass_or_instance: Any) -> type[BaseModel]:
    """Return the pydantic model of a dataclass (given the class or an instance), made once.

    Args:
        dataclass_or_instance: A dataclass or an instance of one.
    """
    cls = dataclass_or_instance if isinstance(dataclass_or_instance, type) else type(dataclass_or_instance)
    model = _models.get(cls)
    if model is None:
        model = _models[cls] = create_model_from_dataclass(cls)
    return model


def convert_typeddict_to_model(typeddict: Any) -> type[BaseModel]:
    """Return the pydantic model of a ``TypedDict`` class, made once.

    Args:
        typeddict: A ``TypedDict`` class.
    """
    model = _models.get(typeddict)
    if model is None:
        model = _models[typeddict] = create_model_from_typeddict(typeddict)
    return model


def create_parsed_model_field(value: Any) -> FieldInfo:
    """Return the pydantic field of a model whose one field, ``value``, has the type ``value``.

    The field is required unless the type admits ``None``. 1.5x returned a pydantic 1 ``ModelField``;
    this returns pydantic 2's ``FieldInfo``.

    Args:
        value: A type annotation.
    """
    admits_none = type(None) in typing.get_args(value) or value is None
    model = create_model("ParsedField", __config__=_MODEL_CONFIG, value=(value, None if admits_none else ...))
    return model.model_fields["value"]
