"""From OpenAPI (JSON) schemas to TypeScript type expressions.

``parse_schema`` reads one ``Schema`` on its own: a ``$ref`` in it, having nothing to point at, is
``unknown``. The converter reads schemas through a ``SchemaParser`` that holds the document's
components: references are written out in place (as 1.5x did) except references to components that
refer to themselves, directly or through others, which cannot be written out in place and are
declared once, by name, in the ``Components`` namespace.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Literal, overload

from openapi_pydantic.v3.v3_1 import Reference, Schema

from starlite.openapi.enums import OpenAPIType
from starlite.openapi.typescript_converter.types import (
    TypeScriptAnonymousInterface,
    TypeScriptArray,
    TypeScriptContainer,
    TypeScriptElement,
    TypeScriptInterface,
    TypeScriptIntersection,
    TypeScriptLiteral,
    TypeScriptNamespace,
    TypeScriptPrimitive,
    TypeScriptProperty,
    TypeScriptType,
    TypeScriptUnion,
    _TypeScriptName,
    _TypeScriptRecord,
    _TypeScriptTuple,
)

if TYPE_CHECKING:
    from typing import TypeGuard

    from openapi_pydantic.v3.v3_1 import Components

__all__ = (
    "create_interface",
    "is_schema_value",
    "normalize_typescript_namespace",
    "openapi_to_typescript_type_map",
    "openapi_typescript_equivalent_types",
    "parse_schema",
    "parse_type_schema",
)

openapi_typescript_equivalent_types = Literal[
    "string", "boolean", "number", "null", "Record<string, unknown>", "unknown[]"
]

openapi_to_typescript_type_map: dict[OpenAPIType, openapi_typescript_equivalent_types] = {
    OpenAPIType.ARRAY: "unknown[]",
    OpenAPIType.BOOLEAN: "boolean",
    OpenAPIType.INTEGER: "number",
    OpenAPIType.NULL: "null",
    OpenAPIType.NUMBER: "number",
    OpenAPIType.OBJECT: "Record<string, unknown>",
    OpenAPIType.STRING: "string",
}
_PRIMITIVE_BY_NAME: dict[str, openapi_typescript_equivalent_types] = {
    kind.value: text for kind, text in openapi_to_typescript_type_map.items()
}

# The characters an identifier may not hold (an ASCII identifier: letters, digits, ``_`` and ``$``).
invalid_namespace_re = re.compile(r"[^A-Za-z0-9_$]")
# A key that needs no quotes: an ASCII identifier. Any other key is written as a string literal.
allowed_key_re = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")

COMPONENTS_NAMESPACE = "Components"
SCHEMA_REF_PREFIX = "#/components/schemas/"

_UNKNOWN = TypeScriptPrimitive("unknown")
_NULL = TypeScriptPrimitive("null")


def normalize_typescript_namespace(value: str, allow_quoted: bool) -> str:
    """Make ``value`` usable as a TypeScript name or as an object key.

    Args:
        value: The name or key, as the OpenAPI schema spells it.
        allow_quoted: ``True`` for an object key: a key that is not an identifier is returned quoted
            (``"x-request-id"``). ``False`` for a name (a namespace, type or interface): the characters
            an identifier cannot hold are dropped.

    Returns:
        The key or name.

    Raises:
        ValueError: For a name (``allow_quoted=False``) that does not start with a letter, ``_`` or ``$``.
    """
    if allow_quoted:
        if allowed_key_re.fullmatch(value):
            return value
        return _literal_key(value)
    if not value or not (value[0].isalpha() or value[0] in "_$"):
        raise ValueError(f"invalid typescript namespace {value!r}: a name starts with a letter, '_' or '$'")
    return invalid_namespace_re.sub("", value)


def _literal_key(value: str) -> str:
    return TypeScriptLiteral(value).write()


def is_schema_value(value: Any) -> TypeGuard[Schema]:
    """Whether ``value`` is a ``Schema`` (and not a ``Reference`` or anything else).

    Args:
        value: Any value.

    Returns:
        ``True`` for a ``Schema``.
    """
    return isinstance(value, Schema)


@overload
def create_interface(
    properties: dict[str, Schema], required: set[str] | None = None
) -> TypeScriptAnonymousInterface: ...


@overload
def create_interface(
    properties: dict[str, Schema], required: set[str] | None, name: str
) -> TypeScriptInterface: ...


def create_interface(
    properties: dict[str, Schema], required: set[str] | None = None, name: str | None = None
) -> TypeScriptAnonymousInterface | TypeScriptInterface:
    """An interface from the ``properties`` of an object schema.

    Args:
        properties: The property schemas by key.
        required: The keys that must be present; ``None`` makes every property required.
        name: The interface's name; without one, an anonymous interface (an object type literal).

    Returns:
        A named or an anonymous interface.
    """
    return SchemaParser().interface(properties, required, name)


def parse_type_schema(schema: Schema) -> TypeScriptPrimitive | TypeScriptLiteral | TypeScriptUnion:
    """The type of a schema that describes values by ``enum``, ``const`` or ``type`` only.

    Args:
        schema: The schema.

    Returns:
        A union of literals for ``enum``, a literal for ``const``, the primitive (or a union of them) for
        ``type``; ``unknown`` when the schema says none of these.
    """
    parser = SchemaParser()
    result = parser.scalar(schema)
    if result is not None:
        return result
    kinds = _type_names(schema)
    if len(kinds) == 1:
        return TypeScriptPrimitive(_PRIMITIVE_BY_NAME.get(kinds[0], "unknown"))
    if kinds:
        return TypeScriptUnion(
            tuple(TypeScriptPrimitive(_PRIMITIVE_BY_NAME.get(k, "unknown")) for k in kinds)
        )
    return _UNKNOWN


def parse_schema(schema: Schema) -> TypeScriptElement:
    """The TypeScript type of an OpenAPI schema, read recursively.

    ``allOf`` becomes an intersection, ``oneOf`` and ``anyOf`` unions, ``enum`` a union of literals,
    ``const`` a literal, arrays ``T[]`` (tuples ``[A, B]``), objects with properties object types (the
    properties not in ``required`` optional), other objects ``Record<string, T>``; a schema that says
    nothing about its values is ``unknown``. A ``$ref`` has no document to be resolved in here: it is
    ``unknown`` too (``convert_openapi_to_typescript`` resolves them).

    Args:
        schema: The schema.

    Returns:
        The TypeScript type.
    """
    return SchemaParser().parse(schema)


def _type_names(schema: Schema) -> list[str]:
    kind = schema.type
    if kind is None:
        return []
    kinds = kind if isinstance(kind, list) else [kind]
    return [str(getattr(k, "value", k)) for k in kinds]


def _literal(value: Any) -> TypeScriptElement:
    if value is None or isinstance(value, (str, int, float, bool)):
        return TypeScriptLiteral(value)
    # JSON allows objects and arrays in ``enum`` and ``const``; TypeScript has no literal type for them.
    return TypeScriptPrimitive("unknown[]" if isinstance(value, (list, tuple)) else "Record<string, unknown>")


def _unescape_pointer(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def _references(value: Any) -> Iterator[str]:
    """The ``$ref`` strings anywhere inside a schema."""
    if isinstance(value, Reference):
        yield value.ref
    elif isinstance(value, Schema):
        # Every field of a Schema defaults to None: the fields given are the only ones to look in.
        for field in value.model_fields_set:
            yield from _references(getattr(value, field))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _references(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _references(item)


# Names a declaration in the output must not take: TypeScript's reserved words, the built-in type names
# and the global types the output itself uses (a declaration named ``Record`` would hide the global one
# from every type under it), and the namespace the converter declares components in.
RESERVED_NAMES = frozenset(
    (
        "break case catch class const continue debugger default delete do else enum export extends false "
        "finally for function if import in instanceof new null return super switch this throw true try "
        "typeof var void while with implements interface let package private protected public static yield "
        "any boolean number string symbol never unknown object undefined bigint "
        f"Array Record {COMPONENTS_NAMESPACE}"
    ).split()
)


def identifier(value: str, taken: Iterable[str] = ()) -> str:
    """A valid TypeScript declaration name made from ``value``, different from every name of ``taken``.

    Characters an identifier cannot hold are dropped, a leading digit gets a ``_`` before it, a reserved
    name a ``_`` after it, and a name already taken ``_2``, ``_3``... after it.

    Args:
        value: The name the OpenAPI schema has (an operation id, a component's key).
        taken: The names already declared next to it.
    """
    name = invalid_namespace_re.sub("", value) or "_"
    if name[0].isdigit():
        name = "_" + name
    if name in RESERVED_NAMES:
        name += "_"
    taken = set(taken)
    if name not in taken:
        return name
    number = 2
    while f"{name}_{number}" in taken:
        number += 1
    return f"{name}_{number}"


class SchemaParser:
    """Reads the schemas of one OpenAPI document as TypeScript types.

    Args:
        components: The document's components (``None``: references cannot be resolved, and are
            ``unknown``).
        named_components: Declare every schema of the components by name and refer to it by name,
            instead of writing it out where it is used.
    """

    def __init__(self, components: Components | None = None, *, named_components: bool = False) -> None:
        self.components = components
        self.schemas: dict[str, Schema] = dict((components.schemas or {}) if components is not None else {})
        self.named_components = named_components
        self._names: dict[str, str] | None = None
        self._inlined: dict[str, TypeScriptElement] = {}

    @property
    def names(self) -> dict[str, str]:
        """The components declared by name: key in ``components.schemas`` -> TypeScript name."""
        if self._names is None:
            keys = sorted(self.schemas) if self.named_components else sorted(self._recursive_keys())
            names: dict[str, str] = {}
            for key in keys:
                names[key] = identifier(key, names.values())
            self._names = names
        return self._names

    def _recursive_keys(self) -> set[str]:
        """The components that refer to themselves, directly or through other components."""
        edges = {
            key: {
                _unescape_pointer(ref[len(SCHEMA_REF_PREFIX) :])
                for ref in _references(schema)
                if ref.startswith(SCHEMA_REF_PREFIX)
            }
            for key, schema in self.schemas.items()
        }
        recursive = set()
        for start in edges:
            seen: set[str] = set()
            stack = list(edges[start])
            while stack:
                key = stack.pop()
                if key == start:
                    recursive.add(start)
                    break
                if key in seen or key not in edges:
                    continue
                seen.add(key)
                stack.extend(edges[key])
        return recursive

    def declarations(self) -> TypeScriptNamespace | None:
        """The ``Components`` namespace declaring the components referred to by name, if any."""
        if not self.names:
            return None
        values: list[TypeScriptContainer] = []
        for key, name in self.names.items():
            schema = self.schemas[key]
            element = self.parse_inline(schema)
            if isinstance(element, TypeScriptAnonymousInterface):
                values.append(TypeScriptInterface(name, element.properties))
            else:
                values.append(TypeScriptType(name, element))
        return TypeScriptNamespace(COMPONENTS_NAMESPACE, tuple(values))

    def parse(self, value: Schema | Reference | Any) -> TypeScriptElement:
        """The TypeScript type of a schema or a reference to one.

        Args:
            value: A ``Schema`` or a ``Reference`` (anything else is ``unknown``).

        Raises:
            ValueError: For a reference to a component schema the document does not have.
        """
        if isinstance(value, Reference):
            return self._reference(value.ref)
        if not isinstance(value, Schema):
            return _UNKNOWN
        return self.parse_inline(value)

    def _reference(self, ref: str) -> TypeScriptElement:
        if self.components is None or not ref.startswith(SCHEMA_REF_PREFIX):
            # No document to look in, or a reference to another document: nothing is known of it.
            return _UNKNOWN
        key = _unescape_pointer(ref[len(SCHEMA_REF_PREFIX) :])
        if key not in self.schemas:
            raise ValueError(f"the reference {ref!r} points at no schema of the document's components")
        name = self.names.get(key)
        if name is not None:
            return _TypeScriptName(f"{COMPONENTS_NAMESPACE}.{name}")
        if key not in self._inlined:
            # Not recursive (those are named): reading it cannot come back here.
            self._inlined[key] = self.parse_inline(self.schemas[key])
        return self._inlined[key]

    def parse_inline(self, schema: Schema) -> TypeScriptElement:
        """The TypeScript type of ``schema`` itself (its references read as ``parse`` reads them).

        Args:
            schema: The schema.
        """
        element = self._parse(schema)
        extra = schema.model_extra or {}
        if extra.get("nullable") is True:  # OpenAPI 3.0's spelling of "or null"
            element = TypeScriptUnion((element, _NULL))
        return element

    def _parse(self, schema: Schema) -> TypeScriptElement:
        if schema.allOf:
            parts = tuple(self.parse(s) for s in schema.allOf)
            return parts[0] if len(parts) == 1 else TypeScriptIntersection(parts)
        if schema.oneOf:
            return TypeScriptUnion(tuple(self.parse(s) for s in schema.oneOf))
        if schema.anyOf:
            return TypeScriptUnion(tuple(self.parse(s) for s in schema.anyOf))
        scalar = self.scalar(schema)
        if scalar is not None:
            return scalar
        kinds = _type_names(schema)
        if not kinds:
            if schema.items is not None or schema.prefixItems is not None:
                kinds = ["array"]
            elif schema.properties is not None or schema.additionalProperties is not None:
                kinds = ["object"]
            else:
                return _UNKNOWN  # an unconstrained schema: any value
        if len(kinds) == 1:
            return self._of_kind(schema, kinds[0])
        return TypeScriptUnion(tuple(self._of_kind(schema, kind) for kind in kinds))

    def scalar(self, schema: Schema) -> TypeScriptUnion | TypeScriptLiteral | TypeScriptPrimitive | None:
        """The type of a schema's ``enum`` or ``const``, if it has one.

        Args:
            schema: The schema.
        """
        if schema.enum is not None:
            return TypeScriptUnion(tuple(_literal(value) for value in schema.enum))
        if "const" in schema.model_fields_set:
            element = _literal(schema.const)
            assert isinstance(element, (TypeScriptLiteral, TypeScriptPrimitive))
            return element
        return None

    def _of_kind(self, schema: Schema, kind: str) -> TypeScriptElement:
        if kind == "array":
            return self._array(schema)
        if kind == "object":
            return self._object(schema)
        return TypeScriptPrimitive(_PRIMITIVE_BY_NAME.get(kind, "unknown"))

    def _array(self, schema: Schema) -> TypeScriptElement:
        if schema.prefixItems:
            items = tuple(self.parse(s) for s in schema.prefixItems)
            rest: TypeScriptElement | None
            if schema.items is not None:
                rest = self.parse(schema.items)
            elif schema.maxItems is not None and schema.maxItems <= len(items):
                rest = None
            else:
                rest = _UNKNOWN
            return _TypeScriptTuple(items, rest)
        if schema.items is not None:
            return TypeScriptArray(self.parse(schema.items))
        return TypeScriptPrimitive("unknown[]")

    def _object(self, schema: Schema) -> TypeScriptElement:
        if schema.properties:
            return self.interface(schema.properties, set(schema.required or ()))
        additional = schema.additionalProperties
        if additional is False:
            return _TypeScriptRecord(TypeScriptPrimitive("never"))
        if isinstance(additional, (Schema, Reference)):
            return _TypeScriptRecord(self.parse(additional))
        return TypeScriptPrimitive("Record<string, unknown>")

    @overload
    def interface(
        self, properties: dict[str, Any], required: set[str] | None, name: None = None
    ) -> TypeScriptAnonymousInterface: ...

    @overload
    def interface(
        self, properties: dict[str, Any], required: set[str] | None, name: str
    ) -> TypeScriptInterface: ...

    def interface(
        self, properties: dict[str, Any], required: set[str] | None, name: str | None = None
    ) -> TypeScriptAnonymousInterface | TypeScriptInterface:
        """An interface of ``properties`` (schemas or references by key).

        Args:
            properties: The property schemas by key.
            required: The keys that must be present; ``None`` makes every property required.
            name: The interface's name; without one, an anonymous interface.
        """
        parsed = tuple(
            TypeScriptProperty(
                key=normalize_typescript_namespace(key, allow_quoted=True),
                value=self.parse(value),
                required=required is None or key in required,
            )
            for key, value in properties.items()
        )
        if name is None:
            return TypeScriptAnonymousInterface(properties=parsed)
        return TypeScriptInterface(name=name, properties=parsed)
