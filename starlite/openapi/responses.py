"""The responses of an operation: its success response, the errors it raises, and any declared others.

The success response follows the handler's return annotation (``Response[T]``, ``File``, ``Stream``,
``Redirect``, ``Template``, ``None``...), status code and media type, with the response headers and cookies of
every layer. ``raises=`` exceptions are documented with the JSON body the app sends for them, the
validation 400 added whenever the operation has parameters or a body; ``responses=`` adds
``ResponseSpec`` responses.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Iterator, Sequence
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from starlite.datastructures.response_containers import File, Redirect, Stream, Template
from starlite.exceptions import HTTPException, ImproperlyConfiguredException, ValidationException
from starlite.openapi.parameters import drop_query_only_fields
from starlite.openapi.schema import SchemaRegistry, json_value
from starlite.openapi.utils import pascal_case_to_text
from starlite.response.base import Response as StarliteResponse
from starlite.response.file import FileResponse
from starlite.response.redirect import RedirectResponse
from starlite.response.streaming import StreamingResponse
from starlite.response.template import TemplateResponse
from starlite.types.empty import Empty

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import Header, Reference, Response, Schema

    from starlite.datastructures.cookie import Cookie
    from starlite.handlers.http import HTTPRouteHandler

__all__ = (
    "create_additional_responses",
    "create_cookie_schema",
    "create_error_responses",
    "create_responses",
    "create_success_response",
)

_NO_BODY = (None, type(None), inspect.Signature.empty, "None")
_DEFAULT_DESCRIPTIONS = {
    "stream": "Stream Response",
    "redirect": "Redirect Response",
    "file": "File Download",
}


def create_cookie_schema(cookie: Cookie) -> Schema:
    """The schema of one ``Set-Cookie`` value: its description, and the header it sets as example.

    Args:
        cookie: A response cookie of a layer.
    """
    from dataclasses import replace

    from openapi_pydantic.v3.v3_1 import Schema

    example = replace(cookie, value="<string>").to_header(header="")
    return Schema(description=cookie.description or "", example=example)


def create_success_response(
    route_handler: HTTPRouteHandler,
    generate_examples: bool,
    plugins: Any,
    *,
    registry: SchemaRegistry | None = None,
) -> Response:
    """The response of the handler's own status code.

    Args:
        route_handler: The handler.
        generate_examples: Generate example values (used when no ``registry`` is given).
        plugins: The app's plugins (used when no ``registry`` is given).
        registry: The schema registry of the document (one of its own when not given).
    """
    from openapi_pydantic.v3.v3_1 import MediaType, Response, Schema

    registry = registry or SchemaRegistry(create_examples=generate_examples, plugins=plugins or ())
    kind, annotation = _response_kind(route_handler)
    status_code = route_handler.status_code
    description = (
        route_handler.response_description
        or _DEFAULT_DESCRIPTIONS.get(kind)
        or _status_description(status_code)
    )
    media_type = _media_type(route_handler)
    headers: dict[str, Header | Reference] = {}
    content = None
    if kind == "redirect":
        headers["location"] = _header(
            schema=Schema(type="string"), description="target path for the redirect"
        )
    elif kind in ("file", "stream"):
        if kind == "file":
            headers.update(_file_headers())  # a HEAD request for a file gets them too
            # A file's media type is its own (guessed from its name) unless the handler names one.
            media_type = media_type if _explicit_media_type(route_handler) else "application/octet-stream"
        if _has_body(route_handler):
            binary: dict[str, Any] = {"type": "string", "format": "binary"}
            if route_handler.content_encoding:
                binary["contentEncoding"] = route_handler.content_encoding
            if route_handler.content_media_type:
                binary["contentMediaType"] = route_handler.content_media_type
            content = {media_type: MediaType(schema=Schema.model_validate(binary))}
    elif kind == "template" and _has_body(route_handler):
        # A rendered page: HTML unless the handler names another type (its default, JSON, does not).
        page_type = media_type if media_type != "application/json" else "text/html"
        content = {page_type: MediaType(schema=Schema(type="string"))}
    elif kind == "body" and _has_body(route_handler):
        schema = registry.for_type(annotation, mode="serialization")
        schema = _with_content_fields(
            schema, route_handler.content_encoding, route_handler.content_media_type
        )
        examples = registry.media_examples(annotation, schema)
        content = {media_type: MediaType(schema=schema, examples=examples)}
    headers.update(_response_headers(route_handler, registry))
    cookies = _layered_cookies(route_handler)
    if cookies:
        headers["Set-Cookie"] = _header(
            schema=Schema(
                allOf=[create_cookie_schema(cookie) for cookie in sorted(cookies, key=lambda c: c.key)]
            )
        )
    # 1.5x always wrote the (possibly empty) headers mapping; kept so documents compare equal.
    return Response(description=description, headers=headers, content=content)


def create_error_responses(exceptions: Sequence[type[HTTPException]]) -> Iterator[tuple[str, Response]]:
    """One response per status code of ``exceptions``, with the JSON body the app sends for them.

    Several exceptions of one status code are documented as ``oneOf`` their bodies.

    Args:
        exceptions: The exception classes (``raises=``, and ``ValidationException``).
    """
    from openapi_pydantic.v3.v3_1 import MediaType, Response, Schema

    grouped: dict[int, list[type[HTTPException]]] = {}
    for exception in exceptions:
        status_code = int(getattr(exception, "status_code", 500) or 500)
        group = grouped.setdefault(status_code, [])
        if exception not in group:
            group.append(exception)
    for status_code, group in grouped.items():
        schemas = [_error_schema(exception, status_code) for exception in group]
        schema = schemas[0] if len(schemas) == 1 else Schema(oneOf=schemas)
        yield (
            str(status_code),
            Response(
                description=_status_description(status_code),
                content={"application/json": MediaType(schema=schema)},
            ),
        )


def create_additional_responses(
    route_handler: HTTPRouteHandler, plugins: Any, *, registry: SchemaRegistry | None = None
) -> Iterator[tuple[str, Response]]:
    """The handler's ``responses=`` (``ResponseSpec`` by status code).

    Args:
        route_handler: The handler.
        plugins: The app's plugins (used when no ``registry`` is given).
        registry: The schema registry of the document (one of its own when not given).
    """
    from openapi_pydantic.v3.v3_1 import MediaType, Response

    if not route_handler.responses:
        return
    registry = registry or SchemaRegistry(plugins=plugins or ())
    for status_code, spec in route_handler.responses.items():
        media_type = str(getattr(spec.media_type, "value", spec.media_type))
        schema = registry.for_type(spec.model, mode="serialization")
        examples = registry.media_examples(spec.model, schema, enabled=spec.generate_examples)
        content = {media_type: MediaType(schema=schema, examples=examples)}
        yield str(status_code), Response(description=spec.description, content=content)


def create_responses(
    route_handler: HTTPRouteHandler,
    raises_validation_error: bool,
    generate_examples: bool,
    plugins: Any,
    *,
    registry: SchemaRegistry | None = None,
) -> dict[str, Response | Reference]:
    """Every response of an operation, by status code.

    Args:
        route_handler: The handler.
        raises_validation_error: Add the validation 400 (the operation has parameters or a body).
        generate_examples: Generate example values (used when no ``registry`` is given).
        plugins: The app's plugins (used when no ``registry`` is given).
        registry: The schema registry of the document (one of its own when not given).

    Raises:
        ImproperlyConfiguredException: When ``responses=`` repeats a status code the handler already
            answers with (its success code or one of its ``raises=``).
    """
    registry = registry or SchemaRegistry(create_examples=generate_examples, plugins=plugins or ())
    responses: dict[str, Response | Reference] = {
        str(route_handler.status_code): create_success_response(
            route_handler, generate_examples, plugins, registry=registry
        )
    }
    # A copy: adding the validation error must not change the handler's own ``raises``.
    exceptions = [
        e for e in route_handler.raises or [] if isinstance(e, type) and issubclass(e, HTTPException)
    ]
    if raises_validation_error and ValidationException not in exceptions:
        exceptions.append(ValidationException)
    for status_code, response in create_error_responses(exceptions):
        responses.setdefault(status_code, response)
    for status_code, response in create_additional_responses(route_handler, plugins, registry=registry):
        if status_code in responses:
            raise ImproperlyConfiguredException(
                f"Handler {route_handler}: Additional response for status code {status_code} already "
                "exists in success or error responses"
            )
        responses[status_code] = response
    return responses


# --- helpers ----------------------------------------------------------------------------------


def _response_kind(handler: HTTPRouteHandler) -> tuple[str, Any]:
    """What the handler returns: its kind (none, redirect, file, stream, template, body) and a body's type."""
    annotation = handler.return_annotation
    if any(annotation is no_body or annotation == no_body for no_body in _NO_BODY):
        return "none", None
    origin = typing.get_origin(annotation) or annotation
    if _is_subclass(origin, Redirect | RedirectResponse):
        return "redirect", None
    if _is_subclass(origin, File | FileResponse):
        return "file", None
    if _is_subclass(origin, Stream | StreamingResponse):
        return "stream", None
    if _is_subclass(origin, Template | TemplateResponse):
        return "template", None
    if _is_subclass(origin, StarliteResponse):
        args = typing.get_args(annotation)
        return "body", args[0] if args else Any
    return "body", annotation


def _is_subclass(value: Any, classes: Any) -> bool:
    return isinstance(value, type) and issubclass(value, classes)


def _has_body(handler: HTTPRouteHandler) -> bool:
    """Whether a response of this handler can carry a body (HEAD, 1xx, 204 and 304 cannot)."""
    status_code = handler.status_code
    return not (status_code < 200 or status_code in (204, 304) or handler.http_methods == {"HEAD"})


def _media_type(handler: HTTPRouteHandler) -> str:
    media_type = handler.media_type or "application/json"
    return str(getattr(media_type, "value", media_type))


def _explicit_media_type(handler: HTTPRouteHandler) -> bool:
    # The handler's defaults (JSON, text, HTML) do not apply to files: their type is their own.
    return _media_type(handler) not in ("application/json", "text/plain", "text/html")


def _status_description(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).description or HTTPStatus(status_code).phrase
    except ValueError:  # a status code the standard library does not name
        return f"Status {status_code}"


def _status_phrase(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return f"Status {status_code}"


def _with_content_fields(
    schema: Schema | Reference, content_encoding: str | None, content_media_type: str | None
) -> Schema | Reference:
    """``schema`` with the handler's ``content_encoding`` and ``content_media_type``, when set."""
    from openapi_pydantic.v3.v3_1 import Schema

    update = {
        name: value
        for name, value in (("contentEncoding", content_encoding), ("contentMediaType", content_media_type))
        if value
    }
    if not update:
        return schema
    if isinstance(schema, Schema):
        return schema.model_copy(update=update)  # the registry may share one schema object per type
    return Schema.model_validate({"allOf": [schema.model_dump(by_alias=True, exclude_none=True)], **update})


def _header(**fields: Any) -> Header:
    from openapi_pydantic.v3.v3_1 import Header

    return drop_query_only_fields(Header.model_validate(fields))


def _file_headers() -> dict[str, Header | Reference]:
    from openapi_pydantic.v3.v3_1 import Schema

    return {
        "content-length": _header(schema=Schema(type="string"), description="File size in bytes"),
        "last-modified": _header(
            schema=Schema.model_validate({"type": "string", "format": "date-time"}),
            description="Last modified data-time in RFC 2822 format",
        ),
        "etag": _header(schema=Schema(type="string"), description="Entity tag"),
    }


# The OpenAPI header fields 1.5x's ``ResponseHeader`` carried (``allowEmptyValue`` and ``allowReserved``
# are not header fields in OpenAPI 3.1).
_HEADER_FIELDS = (
    "description",
    "required",
    "deprecated",
    "style",
    "explode",
    "example",
    "examples",
    "content",
)


def _response_headers(handler: HTTPRouteHandler, registry: SchemaRegistry) -> dict[str, Header | Reference]:
    """The ``response_headers`` (``cache_control``, ``etag`` too) of every layer, documentation-only kept."""
    from openapi_pydantic.v3.v3_1 import Header, Schema

    headers: dict[str, Header | Reference] = {}
    for name, header in handler.resolve_response_headers().items():
        fields: dict[str, Any] = {}
        for field in _HEADER_FIELDS:
            value = getattr(header, field, None)
            if value is not None and value is not Empty:
                fields[field] = value
        declared_schema = getattr(header, "schema", None)
        if declared_schema is not None:
            fields["schema"] = declared_schema
        elif header.value is not None:
            fields["schema"] = registry.for_type(type(header.value))
        else:
            fields["schema"] = Schema(type="string")
        headers[header.name or name] = drop_query_only_fields(Header.model_validate(fields))
    return headers


def _layered_cookies(handler: HTTPRouteHandler) -> list[Cookie]:
    """The cookies of every layer merged as the handler merges them, documentation-only ones kept.

    (``resolve_response_cookies`` leaves those out: they are never set, only documented.)
    """
    cookies: dict[Any, Cookie] = {}
    for layer in handler.ownership_layers:
        for cookie in getattr(layer, "response_cookies", None) or []:
            cookies.pop(cookie, None)
            cookies[cookie] = cookie
    return list(cookies.values())


def _error_schema(exception: type[HTTPException], status_code: int) -> Schema:
    """The JSON body of an error response: ``status_code``, ``detail`` and optional ``extra``."""
    from openapi_pydantic.v3.v3_1 import Schema

    example = {"status_code": status_code, "detail": _status_phrase(status_code), "extra": {}}
    return Schema.model_validate(
        {
            "type": "object",
            "required": ["detail", "status_code"],
            "properties": {
                "status_code": {"type": "integer"},
                "detail": {"type": "string"},
                "extra": {"type": ["null", "object", "array"], "additionalProperties": {}},
            },
            "description": pascal_case_to_text(exception.__name__),
            "examples": [json_value(example)],
        }
    )
