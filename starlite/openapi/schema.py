"""JSON schemas of Python types, for the OpenAPI document: one registry per schema build.

``SchemaRegistry.for_type`` gives the schema of a parameter, body or response type: it describes unions,
containers, enums, ``UploadFile``, pagination, Structs and pydantic 1 models in containers itself (pydantic
would describe them otherwise than the framework handles them), the rest through pydantic. Models become
references to ``#/components/schemas/<name>``; ``components()`` generates them all at once.
"""

from __future__ import annotations

import copy
import dataclasses
import enum
import inspect
import types
import typing
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from starlite.datastructures.pagination import ClassicPagination, CursorPagination, OffsetPagination  # noqa: F401
from starlite.exceptions import ImproperlyConfiguredException
from starlite.openapi._inline import PAGINATION_CONTAINERS, enum_schema, pagination_schema
from starlite.openapi._schema_sources import (
    REF_PREFIX,
    DeferredSchemas,
    drop_non_finite,
    has_non_finite,
    schema_generator,
)
from starlite.types.empty import Empty
from starlite.utils.predicates import is_typed_dict

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import Example, Reference, Schema

__all__ = (
    "REF_PREFIX",
    "SchemaRegistry",
    "create_examples_for_field",
    "create_schema",
    "get_schema_for_field_type",
    "get_schema_for_generic_type",
    "normalize_example_value",
    "update_schema_with_signature_field",
)

JsonSchemaMode = Literal["validation", "serialization"]
UPLOAD_FILE_SCHEMA = {"type": "string", "format": "binary", "contentMediaType": "application/octet-stream"}
"""An uploaded file: ``format: binary`` for OpenAPI 3.0 readers, ``contentMediaType`` for 3.1 ones."""

# Keywords that constrain a value rather than describe it: on ``X | None`` they go to the ``X`` branch.
_CONSTRAINT_KEYWORDS = frozenset(
    {
        "exclusiveMinimum",
        "minimum",
        "exclusiveMaximum",
        "maximum",
        "multipleOf",
        "minItems",
        "maxItems",
        "minLength",
        "maxLength",
        "pattern",
        "const",
    }
)
_COLLECTION_MODULES = frozenset({"builtins", "collections", "collections.abc", "typing"})
_UNION_ORIGINS = (typing.Union, types.UnionType)
_ANNOTATED_MODULES = ("pydantic", "annotated_types")


class SchemaRegistry:
    """The schemas of one OpenAPI document, with the components they refer to.

    Args:
        create_examples: Add generated example values (needs polyfactory: ``starlite[openapi-examples]``).
        plugins: The app's plugins (they turn the types they handle into pydantic models).
        by_alias: Name the properties of models by their aliases (``OpenAPIConfig.by_alias``).

    Raises:
        MissingDependencyException: When ``create_examples`` is set and polyfactory is not installed.
    """

    def __init__(self, *, create_examples: bool = False, plugins: Any = (), by_alias: bool = True) -> None:
        self.create_examples = create_examples
        self.by_alias = by_alias
        self.plugins = list(plugins or ())
        self._deferred = DeferredSchemas()
        self._leaves: dict[tuple[Any, str], dict[str, Any] | None] = {}
        self._adapters: dict[Any, Any] = {}
        self._examples: dict[Any, Any] = {}
        if create_examples:
            from starlite.openapi._examples import require_polyfactory

            require_polyfactory()

    def for_type(
        self,
        annotation: Any,
        *,
        mode: JsonSchemaMode = "validation",
        kwarg: Any = None,
        default: Any = Empty,
    ) -> Schema | Reference:
        """The schema of ``annotation``; a reference for a model.

        A reference (or a part of the schema that depends on a model) is completed when
        ``components()`` is called, so keep the returned object rather than a copy of it.

        Args:
            annotation: The type.
            mode: ``"validation"`` for what a client sends, ``"serialization"`` for what it receives.
            kwarg: The ``Parameter(...)`` or ``Body(...)`` declaration whose constraints, title and
                default the schema carries (its description and examples are the operation's).
            default: The default value, when it is not declared on ``kwarg``.
        """
        from openapi_pydantic.v3.v3_1 import Reference, Schema

        node = self._node(annotation, mode)
        # The declaration's description and examples belong to the OpenAPI parameter / request body
        # (where the operation builder puts them); repeating them in its schema shows them twice.
        keywords = kwarg_keywords(kwarg, default, documentation=False)
        declared_examples = getattr(kwarg, "examples", None)
        if self.create_examples and not declared_examples and not isinstance(node, Reference):
            example = self.example_for(
                annotation, kwarg=kwarg, by_alias=self.by_alias and mode == "validation"
            )
            if example is not Empty:
                keywords["examples"] = [example]
        if isinstance(node, Reference):
            return node
        if isinstance(node, Schema):  # completed later: the keywords go beside it, not into it
            return Schema.model_validate({"allOf": [node], **keywords}) if keywords else node
        return Schema.model_validate(_with_keywords(node, keywords))

    def example_for(self, annotation: Any, *, kwarg: Any = None, by_alias: bool = False) -> Any:
        """A generated example value of ``annotation`` (JSON-compatible), or ``Empty``.

        Args:
            annotation: The type.
            kwarg: The ``Parameter(...)`` / ``Body(...)`` whose constraints the example meets.
            by_alias: Name model fields by alias (an example of what a client sends).
        """
        from starlite.openapi._examples import create_example

        key = (_hashable(annotation), _hashable(kwarg), by_alias)
        if key not in self._examples:
            self._examples[key] = create_example(annotation, kwarg, by_alias=by_alias)
        return copy.deepcopy(self._examples[key])

    def media_examples(self, annotation: Any, schema: Any, *, enabled: bool = True) -> dict[str, Any] | None:
        """A generated example for a body or response whose schema is a ``$ref`` (``None`` otherwise).

        A reference cannot carry ``examples`` (OpenAPI 3.1 ignores siblings of ``$ref`` in a media
        type's schema), so the example goes on the media type, named after the component.

        Args:
            annotation: The body's or response's type.
            schema: The schema ``for_type`` gave for it.
            enabled: ``False`` for a response whose ``ResponseSpec(generate_examples=False)``.
        """
        from openapi_pydantic.v3.v3_1 import Example, Reference

        if not (self.create_examples and enabled and isinstance(schema, Reference)):
            return None
        # A body's example is what a client sends (aliases), a response's what the app sends.
        by_alias = self.by_alias and self._deferred.mode_of(schema) == "validation"
        value = self.example_for(annotation, by_alias=by_alias)
        if value is Empty:
            return None
        name = schema.ref.rsplit("/", 1)[-1]
        return {f"{name}-example-1": Example(value=value)}

    def components(self) -> dict[str, Schema]:
        """Every schema the references handed out so far point at, by name (completing those references)."""
        from openapi_pydantic.v3.v3_1 import Schema

        generated = self._deferred.resolve(by_alias=self.by_alias)
        return {name: Schema.model_validate(schema) for name, schema in sorted(generated.items())}

    # -- reading an annotation --------------------------------------------------------------------

    def _node(self, annotation: Any, mode: str) -> Any:  # noqa: C901 - one branch per kind of type
        """The schema of ``annotation`` as JSON, with placeholders where a model goes."""
        from starlite._kwargs.pydantic_v1 import is_v1_model
        from starlite.datastructures.upload_file import UploadFile
        from starlite.openapi.constants import TYPE_JSON

        if annotation in (Empty, inspect.Parameter.empty, typing.Any, object) or isinstance(
            annotation, (typing.TypeVar, str, typing.ForwardRef)
        ):
            return {}
        if _hashable(annotation) is annotation and annotation in TYPE_JSON:
            return copy.deepcopy(TYPE_JSON[annotation])
        if annotation is UploadFile:
            return dict(UPLOAD_FILE_SCHEMA)
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if origin is typing.Annotated:
            if any(type(item).__module__.startswith(_ANNOTATED_MODULES) for item in annotation.__metadata__):
                return self._pydantic(annotation, mode)
            return self._node(args[0], mode)
        if origin in _UNION_ORIGINS:
            return self._union(args, mode)
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            return enum_schema(annotation) or self._pydantic(annotation, mode)
        if is_v1_model(annotation):
            return self._deferred.add("v1", annotation, mode)
        if _is_struct(annotation):
            return self._deferred.add("msgspec", annotation, mode)
        if origin in PAGINATION_CONTAINERS:
            return pagination_schema(origin, [self._node(arg, mode) for arg in args])
        for plugin in self.plugins:
            if plugin.is_plugin_supported_type(annotation):
                try:
                    model = plugin.to_pydantic_model_class(annotation)
                except Exception:  # the plugin cannot convert it: the document still serves, as any value
                    return {}
                return self._model(model, mode)
        if _is_model(annotation):
            return self._model(annotation, mode)
        container = origin if origin is not None else annotation
        # Only the standard collections: a class that merely iterates (an IP network) is no array.
        if isinstance(container, type) and container.__module__ in _COLLECTION_MODULES:
            if issubclass(container, Mapping):
                value = self._node(args[1], mode) if len(args) == 2 else {}
                return {"type": "object", "additionalProperties": value} if value else {"type": "object"}
            if issubclass(container, tuple) and (args or origin is not None):  # tuple[()] has no args
                return self._tuple(args, mode)
            if issubclass(container, Iterable) and not issubclass(container, (str, bytes)):
                schema: dict[str, Any] = {"type": "array", "items": self._node(args[0], mode) if args else {}}
                if issubclass(container, typing.AbstractSet):
                    schema["uniqueItems"] = True
                return schema
        return self._pydantic(annotation, mode)

    def _union(self, args: tuple[Any, ...], mode: str) -> Any:
        branches: list[Any] = []
        nullable = False
        for arg in args:
            if arg is None or arg is type(None):
                nullable = True
                continue
            node = self._node(arg, mode)
            if node == {}:
                return {}  # ``Any`` among the members: any value
            branches.extend(node["anyOf"] if isinstance(node, dict) and set(node) == {"anyOf"} else [node])
        if nullable:
            branches.append({"type": "null"})
        return branches[0] if len(branches) == 1 else {"anyOf": branches}

    def _tuple(self, args: tuple[Any, ...], mode: str) -> dict[str, Any]:
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": self._node(args[0], mode)}
        if args in ((), ((),)):
            return {"type": "array", "maxItems": 0}
        items = [self._node(arg, mode) for arg in args]
        return {"type": "array", "prefixItems": items, "minItems": len(items), "maxItems": len(items)}

    def _adapter(self, annotation: Any) -> Any:
        from pydantic import TypeAdapter

        key = _hashable(annotation)
        if key not in self._adapters:
            try:
                self._adapters[key] = TypeAdapter(annotation)
            except Exception:  # a type pydantic cannot build a validator for
                self._adapters[key] = None
        return self._adapters[key]

    def _model(self, annotation: Any, mode: str) -> Any:
        from starlite.utils.model import convert_dataclass_to_model, convert_typeddict_to_model

        adapter = self._adapter(annotation)
        if adapter is None and isinstance(annotation, type):
            # A dataclass or TypedDict pydantic refuses as it is (an arbitrary field type, or
            # typing.TypedDict before Python 3.12): through the model the framework validates it with.
            converter: Any = convert_typeddict_to_model if is_typed_dict(annotation) else None
            if dataclasses.is_dataclass(annotation):
                converter = convert_dataclass_to_model
            if converter is not None:
                try:
                    adapter = self._adapter(converter(annotation))
                except Exception:
                    adapter = None
        return self._deferred.add("pydantic", annotation, mode, adapter)

    def _pydantic(self, annotation: Any, mode: str) -> Any:
        """A type pydantic describes: generated now, unless it refers to models (then with them)."""
        key = (_hashable(annotation), mode)
        if key not in self._leaves:
            self._leaves[key] = _generate(self._adapter(annotation), annotation, mode, self.by_alias)
        generated = self._leaves[key]
        if generated is None:  # it needs components: generated with the models
            return self._deferred.add(
                "pydantic", annotation, mode, self._adapter(annotation), reference=False
            )
        return copy.deepcopy(generated)


def _generate(adapter: Any, annotation: Any, mode: str, by_alias: bool) -> dict[str, Any] | None:
    from starlite.openapi.constants import TYPE_JSON

    if adapter is None:
        # No validator either: describe a subclass of a plain type as that type, anything else as any value.
        for base in (bool, int, float, str, bytes):
            if isinstance(annotation, type) and issubclass(annotation, base):
                return copy.deepcopy(TYPE_JSON[base])
        return {}
    try:
        generated: dict[str, Any] = adapter.json_schema(
            mode=mode,
            by_alias=by_alias,
            ref_template=REF_PREFIX + "{model}",
            schema_generator=schema_generator(),
        )
    except Exception:
        return {}
    return None if "$defs" in generated or "$ref" in generated else drop_non_finite(generated)


def _hashable(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:
        return id(value)
    return value


def _is_struct(annotation: Any) -> bool:
    import msgspec

    target = typing.get_origin(annotation) or annotation
    return isinstance(target, type) and issubclass(target, msgspec.Struct)


def _is_model(annotation: Any) -> bool:
    from pydantic import BaseModel

    target = typing.get_origin(annotation) or annotation
    return isinstance(target, type) and (
        issubclass(target, BaseModel) or dataclasses.is_dataclass(target) or is_typed_dict(target)
    )


def json_value(value: Any) -> Any:
    """``value`` as the app's JSON encoder writes it: ``Empty`` for no JSON form or a non-finite number."""
    import msgspec

    from starlite.utils.serialization import encode_json

    if type(value).__name__ == "Example" and hasattr(value, "value"):
        value = value.value
    if has_non_finite(value):  # JSON has no infinite or NaN number (msgspec would write null)
        return Empty
    try:
        return msgspec.json.decode(encode_json(value))
    except Exception:
        return Empty


def kwarg_keywords(kwarg: Any, default: Any = Empty, *, documentation: bool = True) -> dict[str, Any]:
    """The schema keywords a ``Parameter(...)`` / ``Body(...)`` declaration sets.

    Args:
        kwarg: The declaration (or ``None``).
        default: The default value, when the declaration has none.
        documentation: Include its ``description`` and ``examples``.
    """
    from starlite.openapi.constants import KWARG_MODEL_ATTRIBUTE_TO_OPENAPI_PROPERTY_MAP

    keywords: dict[str, Any] = {}
    for attribute, keyword in KWARG_MODEL_ATTRIBUTE_TO_OPENAPI_PROPERTY_MAP.items():
        if not documentation and attribute in ("description", "examples"):
            continue
        value = getattr(kwarg, attribute, None) if kwarg is not None else None
        if attribute == "default" and value in (None, Empty):
            value = default
        if value is None or value is Empty:
            continue
        if attribute == "examples":
            value = [item for item in map(json_value, value) if item is not Empty]
        elif attribute == "default":
            value = json_value(value)
        elif attribute == "external_docs" and hasattr(value, "model_dump"):
            value = value.model_dump(mode="json", by_alias=True, exclude_none=True)
        if value is not Empty:
            keywords[keyword] = value
    if getattr(kwarg, "const", None) and "default" in keywords:
        keywords["const"] = keywords["default"]
    return keywords


def _with_keywords(node: dict[str, Any], keywords: dict[str, Any]) -> dict[str, Any]:
    """``node`` with ``keywords``; constraints of ``X | None`` go on the ``X`` branch."""
    if not keywords:
        return node
    node = dict(node)
    branches = node.get("anyOf")
    target = node
    if isinstance(branches, list):
        values = [branch for branch in branches if branch != {"type": "null"}]
        if len(values) == 1 and isinstance(values[0], dict):
            target = values[0]
    for keyword, value in keywords.items():
        (target if keyword in _CONSTRAINT_KEYWORDS else node)[keyword] = value
    return node


# -- 1.5x's entry points, taking annotations where 1.5x took pydantic-1 fields -----------------------


def _annotation_and_kwarg(field: Any) -> tuple[Any, Any]:
    if hasattr(field, "annotation") and hasattr(field, "kwarg"):  # a kwargs plan's ParameterDefinition
        return field.annotation, field.kwarg
    return field, None


def create_schema(field: Any, generate_examples: bool = False, plugins: Any = ()) -> Schema | Reference:
    """The schema of one type, on its own (the schema of a model comes back as a reference).

    Args:
        field: The annotation, or a kwargs plan's parameter definition (its type and ``Parameter``).
        generate_examples: Add a generated example.
        plugins: The app's plugins.
    """
    annotation, kwarg = _annotation_and_kwarg(field)
    registry = SchemaRegistry(create_examples=generate_examples, plugins=plugins)
    schema = registry.for_type(annotation, kwarg=kwarg)
    registry.components()
    return schema


def get_schema_for_generic_type(field: Any, plugins: Any, origin: Any) -> Schema | Reference:
    """The schema of a pagination container (1.5x's name).

    Raises:
        ImproperlyConfiguredException: When ``origin`` is not a pagination container.
    """
    if origin not in PAGINATION_CONTAINERS:
        raise ImproperlyConfiguredException(f"cannot generate OpenAPI schema for generic type {origin}")
    return create_schema(_annotation_and_kwarg(field)[0], plugins=plugins)


def get_schema_for_field_type(field: Any, plugins: Any = ()) -> Schema | Reference:
    """The schema of a type without the keywords of its ``Parameter`` / ``Body`` declaration.

    Args:
        field: The annotation, or a kwargs plan's parameter definition.
        plugins: The app's plugins.
    """
    return create_schema(_annotation_and_kwarg(field)[0], plugins=plugins)


def update_schema_with_signature_field(schema: Schema, signature_field: Any) -> Schema:
    """Set on ``schema`` what a ``Parameter(...)`` / ``Body(...)`` declaration says (1.5x's name).

    Args:
        schema: The schema, changed in place and returned.
        signature_field: The declaration, or a kwargs plan's parameter definition holding one.
    """
    from openapi_pydantic.v3.v3_1 import Schema

    kwarg = getattr(signature_field, "kwarg", signature_field)
    keywords = kwarg_keywords(kwarg, getattr(signature_field, "default", Empty))
    updated = Schema.model_validate(
        _with_keywords(schema.model_dump(mode="json", by_alias=True, exclude_none=True), keywords)
    )
    for name in updated.model_fields_set:
        setattr(schema, name, getattr(updated, name))
    return schema


def normalize_example_value(value: Any) -> Any:
    """``value`` as JSON data (models as dictionaries, enums as their values, floats to 2 decimals).

    Args:
        value: The value.
    """
    from starlite.openapi._examples import _to_json

    return _to_json(value)


def create_examples_for_field(field: Any) -> list[Example]:
    """A generated example of a parameter's type, as OpenAPI ``Example`` objects (none if it cannot be made).

    Args:
        field: The annotation, or a kwargs plan's parameter definition (named examples use its key).
    """
    from openapi_pydantic.v3.v3_1 import Example

    from starlite.openapi._examples import create_example

    annotation, kwarg = _annotation_and_kwarg(field)
    value = create_example(annotation, kwarg)
    if value is Empty:
        return []
    name = getattr(field, "key", None)
    description = f"Example {name} value" if name else "Example value"
    return [Example(description=description, value=value)]
