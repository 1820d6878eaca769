"""The request body of an operation: the type of ``data`` and how the client encodes it.

It comes from the kwargs plan's ``body_definition``, ``(name, annotation, Body(...) or None)``, the
declaration the body is actually decoded with, so the schema and the decoding cannot disagree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlite._kwargs.parameters import strip_optional
from starlite.enums import RequestEncodingType
from starlite.openapi.parameters import named_examples
from starlite.openapi.schema import SchemaRegistry
from starlite.params import BodyKwarg
from starlite.plugins.base import plugin_data_annotation
from starlite.types.empty import Empty

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import RequestBody

__all__ = ("create_request_body",)


def create_request_body(
    field: tuple[str, Any, BodyKwarg | None],
    generate_examples: bool,
    plugins: Any,
    *,
    registry: SchemaRegistry | None = None,
) -> RequestBody:
    """The ``requestBody`` of an operation reading ``data``.

    The media type is the ``Body(media_type=...)`` one (JSON by default; url-encoded and multipart
    forms describe their fields as an object, files as binary strings). The body is required unless
    its type is optional or ``Body(default=...)`` gives a value for an empty body, as the decoding does.

    Args:
        field: The plan's ``body_definition``: ``(name, annotation, Body(...) or None)``. (1.5x took
            the ``data`` field of its pydantic signature model.)
        generate_examples: Generate example values (used when no ``registry`` is given).
        plugins: The app's plugins (used when no ``registry`` is given).
        registry: The schema registry of the document (one of its own when not given).
    """
    from openapi_pydantic.v3.v3_1 import MediaType, RequestBody

    registry = registry or SchemaRegistry(create_examples=generate_examples, plugins=plugins or ())
    _, annotation, body_kwarg = field
    # A plugin's model class is documented as the pydantic model the body is validated with.
    from_plugin = plugin_data_annotation(annotation, registry.plugins)
    if from_plugin is not None:
        annotation = from_plugin[0]
    media_type = _media_type(body_kwarg)
    target, optional = strip_optional(annotation)
    required = not optional and (body_kwarg is None or body_kwarg.default is Empty)
    # An optional body is documented by its type: "no body" is expressed by ``required: false``.
    schema = registry.for_type(target if optional else annotation, kwarg=body_kwarg)
    # Declared ``Body(examples=[...])`` are shown as named examples of the media type, else a
    # generated one when the schema is a reference (``create_examples``).
    examples = named_examples("data", getattr(body_kwarg, "examples", None)) or registry.media_examples(
        target if optional else annotation, schema
    )
    return RequestBody(
        description=body_kwarg.description if body_kwarg is not None else None,
        required=required,
        content={media_type: MediaType(schema=schema, examples=examples)},
    )


def _media_type(body_kwarg: BodyKwarg | None) -> str:
    media_type = body_kwarg.media_type if body_kwarg is not None else None
    if not media_type:
        return RequestEncodingType.JSON.value
    return str(media_type.value if isinstance(media_type, RequestEncodingType) else media_type)
