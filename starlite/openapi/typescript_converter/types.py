"""The elements of a TypeScript declaration file, each writing its own source text.

The converter builds a tree of these from an OpenAPI schema; ``write()`` on the root gives the text.
Every element that holds several others writes them in a sorted order (by name, key or written text), so
the same schema always gives the same text.
"""

from __future__ import annotations

import json
import math
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, Literal

__all__ = (
    "TypeScriptAnonymousInterface",
    "TypeScriptArray",
    "TypeScriptConst",
    "TypeScriptContainer",
    "TypeScriptElement",
    "TypeScriptEnum",
    "TypeScriptInterface",
    "TypeScriptIntersection",
    "TypeScriptLiteral",
    "TypeScriptNamespace",
    "TypeScriptPrimitive",
    "TypeScriptProperty",
    "TypeScriptType",
    "TypeScriptUnion",
)


def _literal_text(value: Any) -> str:
    """The TypeScript literal of a JSON scalar."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        # JSON's escaping is valid in a TypeScript string literal; a quote or a backslash in an enum
        # value must not end the literal early.
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and not math.isfinite(value):
        # TypeScript has no literal type for infinities or NaN.
        return "number"
    return str(value)


def _tab_block(lines: list[str]) -> str:
    return "\t" + "\n\t".join(lines)


class TypeScriptElement(ABC):
    """A piece of TypeScript source: a type expression or a declaration."""

    @abstractmethod
    def write(self) -> str:
        """The TypeScript source text of this element.

        Returns:
            The text.
        """


class TypeScriptContainer(TypeScriptElement):
    """A named TypeScript declaration (interface, type alias, enum, const or namespace)."""

    name: str

    @abstractmethod
    def write(self) -> str:
        """The TypeScript source text of this declaration.

        Returns:
            The text.
        """


def _grouped(element: TypeScriptElement) -> str:
    """The text of ``element``, in parentheses when it is a union or an intersection."""
    text = element.write()
    if isinstance(element, (TypeScriptUnion, TypeScriptIntersection)) and len(element.types) > 1:
        return f"({text})"
    return text


@dataclass(unsafe_hash=True)
class TypeScriptIntersection(TypeScriptElement):
    """An intersection of types (``A & B``), in the order given.

    Args:
        types: The intersected types.
    """

    types: tuple[TypeScriptElement, ...]

    def write(self) -> str:
        """The types joined with ``&``; a union among them is parenthesised (``&`` binds tighter).

        Returns:
            The text, for example ``{ a: string } & { b: number }``.
        """
        if not self.types:
            return "unknown"  # an intersection of nothing constrains nothing
        return " & ".join(
            f"({t.write()})" if isinstance(t, TypeScriptUnion) and len(t.types) > 1 else t.write()
            for t in self.types
        )


@dataclass(unsafe_hash=True)
class TypeScriptUnion(TypeScriptElement):
    """A union of types (``A | B``), written in sorted order.

    Args:
        types: The alternatives.
    """

    types: tuple[TypeScriptElement, ...]

    def write(self) -> str:
        """The alternatives' texts, sorted, joined with ``|``.

        Returns:
            The text, for example ``number | string``.
        """
        if not self.types:
            return "never"  # a union of no alternatives admits no value
        return " | ".join(sorted(t.write() for t in self.types))


@dataclass(unsafe_hash=True)
class TypeScriptPrimitive(TypeScriptElement):
    """A built-in type, written as its keyword (or, for objects and arrays of anything, its generic form).

    Args:
        type: The type's text.
    """

    type: Literal[
        "string",
        "number",
        "boolean",
        "any",
        "null",
        "undefined",
        "symbol",
        "Record<string, unknown>",
        "unknown[]",
        "unknown",
        "never",
    ]

    def write(self) -> str:
        """The type's keyword.

        Returns:
            The text, for example ``string``.
        """
        return self.type


@dataclass(unsafe_hash=True)
class TypeScriptLiteral(TypeScriptElement):
    """A literal type: one string, number, boolean or ``null``.

    Args:
        value: The value.
    """

    value: str | int | float | bool | None

    def write(self) -> str:
        """The value as a TypeScript literal (strings quoted and escaped).

        Returns:
            The text, for example ``"cat"`` or ``42``.
        """
        return _literal_text(self.value)


@dataclass(unsafe_hash=True)
class TypeScriptArray(TypeScriptElement):
    """An array type.

    Args:
        item_type: The type of the items.
    """

    item_type: TypeScriptElement

    def write(self) -> str:
        """The item type followed by ``[]``, parenthesised when it is a union or an intersection.

        Returns:
            The text, for example ``(number | string)[]``.
        """
        return f"{_grouped(self.item_type)}[]"


@dataclass(unsafe_hash=True)
class TypeScriptProperty(TypeScriptElement):
    """One property of an interface.

    Args:
        required: Whether the property must be present (otherwise it is written with ``?``).
        key: The property's key, already a valid TypeScript key (see ``normalize_typescript_namespace``).
        value: The property's type.
    """

    required: bool
    key: str
    value: TypeScriptElement

    def write(self) -> str:
        """The property's line in an interface body.

        Returns:
            The text, for example ``name: string;`` or ``nickname?: string;``.
        """
        return f"{self.key}{':' if self.required else '?:'} {self.value.write()};"


@dataclass(unsafe_hash=True)
class TypeScriptAnonymousInterface(TypeScriptElement):
    """An object type literal: properties between braces, without a name.

    Args:
        properties: The properties.
    """

    properties: tuple[TypeScriptProperty, ...]

    def write(self) -> str:
        """The properties sorted by key, one per line.

        Returns:
            The text: ``{``, then each property on its own line after a tab, then ``}``.
        """
        lines = [prop.write() for prop in sorted(self.properties, key=lambda prop: prop.key)]
        return "{\n" + _tab_block(lines) + "\n}"


@dataclass(unsafe_hash=True)
class TypeScriptInterface(TypeScriptContainer):
    """An exported interface declaration.

    Args:
        name: The interface's name.
        properties: Its properties.
    """

    name: str
    properties: tuple[TypeScriptProperty, ...]

    def write(self) -> str:
        """The ``export interface`` declaration.

        Returns:
            The text: ``export interface <name> `` and the body an anonymous interface writes, then ``;``.
        """
        body = TypeScriptAnonymousInterface(properties=self.properties).write()
        return f"export interface {self.name} {body};"


@dataclass(unsafe_hash=True)
class TypeScriptEnum(TypeScriptContainer):
    """An exported enum declaration.

    Args:
        name: The enum's name.
        values: ``(member name, value)`` pairs; the values all strings or all numbers.
    """

    name: str
    values: tuple[tuple[str, str], ...] | tuple[tuple[str, int | float], ...]

    def write(self) -> str:
        """The ``export enum`` declaration, its members sorted by name.

        Returns:
            The text: ``export enum <name> {``, a line ``<member> = <value>,`` per member, then ``};``.
        """
        members = [
            f"{key} = {_literal_text(value)}," for key, value in sorted(self.values, key=lambda m: m[0])
        ]
        return f"export enum {self.name} {{\n{_tab_block(members)}\n}};"


@dataclass(unsafe_hash=True)
class TypeScriptType(TypeScriptContainer):
    """An exported type alias.

    Args:
        name: The alias.
        value: The type it names.
    """

    name: str
    value: TypeScriptElement

    def write(self) -> str:
        """The ``export type`` declaration.

        Returns:
            The text, for example ``export type Id = number | string;``.
        """
        return f"export type {self.name} = {self.value.write()};"


@dataclass(unsafe_hash=True)
class TypeScriptConst(TypeScriptContainer):
    """An exported constant declaration (its type only).

    Args:
        name: The constant's name.
        value: Its type.
    """

    name: str
    value: TypeScriptPrimitive | TypeScriptLiteral

    def write(self) -> str:
        """The ``export const`` declaration.

        Returns:
            The text, for example ``export const Limit: number;``.
        """
        return f"export const {self.name}: {self.value.write()};"


@dataclass(unsafe_hash=True)
class TypeScriptNamespace(TypeScriptContainer):
    """An exported namespace holding declarations.

    Args:
        name: The namespace's name.
        values: The declarations in it.
    """

    name: str
    values: tuple[TypeScriptContainer, ...]

    def write(self) -> str:
        """The ``export namespace`` declaration, its members sorted by name and separated by a blank line.

        Returns:
            The text: ``export namespace <name> {``, the members after a tab, then ``};``.
        """
        members = "\n\n\t".join(value.write() for value in sorted(self.values, key=lambda el: el.name))
        return f"export namespace {self.name} {{\n\t{members}\n}};"


@dataclass(unsafe_hash=True)
class _TypeScriptRecord(TypeScriptElement):
    """An object whose every key maps to the same type: ``Record<string, T>``."""

    value: TypeScriptElement

    def write(self) -> str:
        return f"Record<string, {self.value.write()}>"


@dataclass(unsafe_hash=True)
class _TypeScriptTuple(TypeScriptElement):
    """A tuple type, ``[A, B]``, with an optional rest of more items, ``[A, ...B[]]``."""

    items: tuple[TypeScriptElement, ...]
    rest: TypeScriptElement | None = None

    def write(self) -> str:
        parts = [item.write() for item in self.items]
        if self.rest is not None:
            parts.append(f"...{_grouped(self.rest)}[]")
        return "[" + ", ".join(parts) + "]"


@dataclass(unsafe_hash=True)
class _TypeScriptName(TypeScriptElement):
    """A type by its declared name (a component written as its own declaration)."""

    name: str

    def write(self) -> str:
        return self.name
