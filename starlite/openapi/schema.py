"""JSON schemas of Python types, for the OpenAPI document: one registry per schema build.

``SchemaRegistry.for_type`` gives the schema of a parameter, body or response type; models (pydantic
models, dataclasses, TypedDicts, msgspec Structs) become ``$ref`` references to
``#/components/schemas/<name>``, and ``components()`` gives what the references point at.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import Reference, Schema

__all__ = ("REF_PREFIX", "SchemaRegistry")

REF_PREFIX = "#/components/schemas/"
JsonSchemaMode = Literal["validation", "serialization"]


class SchemaRegistry:
    """The schemas of one OpenAPI document, with the components they refer to.

    Args:
        create_examples: Add generated example values.
        plugins: The app's plugins (they may describe the types they handle).
        by_alias: Name model properties by their aliases (``OpenAPIConfig.by_alias``).
    """

    def __init__(self, *, create_examples: bool = False, plugins: Any = (), by_alias: bool = True) -> None:
        self.create_examples = create_examples
        self.by_alias = by_alias
        self.plugins = list(plugins)
        self._components: dict[str, dict[str, Any]] = {}

    def for_type(
        self, annotation: Any, *, mode: JsonSchemaMode = "validation", kwarg: Any = None
    ) -> Schema | Reference:
        """The schema of ``annotation``, a reference for a model.

        Args:
            annotation: The type.
            mode: ``"validation"`` for what a client sends, ``"serialization"`` for what it receives.
            kwarg: The ``Parameter(...)`` or ``Body(...)`` declaration whose constraints, title,
                description and examples the schema carries.
        """
        from openapi_pydantic.v3.v3_1 import Reference, Schema
        from pydantic import TypeAdapter

        try:
            generated = TypeAdapter(annotation).json_schema(
                mode=mode, ref_template=REF_PREFIX + "{model}", by_alias=self.by_alias
            )
        except Exception:  # a type pydantic cannot describe: any value
            generated = {}
        self._components.update(generated.pop("$defs", {}))
        if "$ref" in generated and len(generated) == 1:
            return Reference.model_validate({"$ref": generated["$ref"]})
        title = generated.get("title")
        if generated.get("type") == "object" and title and isinstance(annotation, type):
            self._components.setdefault(title, generated)
            return Reference.model_validate({"$ref": REF_PREFIX + title})
        return Schema.model_validate(generated)

    def components(self) -> dict[str, Schema]:
        """Every schema the references given so far point at, by name."""
        from openapi_pydantic.v3.v3_1 import Schema

        return {name: Schema.model_validate(schema) for name, schema in sorted(self._components.items())}
