"""Aliases of builtin kinds of classes: ``NoneType``, dataclass and ``TypedDict`` classes."""

from __future__ import annotations

from typing import TypeAlias

__all__ = ("DataclassClass", "DataclassClassOrInstance", "NoneType", "TypedDictClass")

NoneType: type[None] = type(None)
"""The type of ``None``."""
DataclassClass: TypeAlias = "type[object]"
"""A dataclass (the class)."""
DataclassClassOrInstance: TypeAlias = "type[object] | object"
"""A dataclass or an instance of one."""
TypedDictClass: TypeAlias = "type[dict[str, object]]"
"""A ``TypedDict`` class."""
