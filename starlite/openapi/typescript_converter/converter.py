"""From an app's OpenAPI schema to one TypeScript namespace of its operations' types.

``convert_openapi_to_typescript(app.openapi_schema)`` gives a namespace (``API`` by default) holding one
namespace per operation, named after its operation id: ``PathParameters``, ``QueryParameters``,
``HeaderParameters`` and ``CookieParameters`` interfaces, a ``RequestBody`` type, and per response status
an ``Http<status>`` namespace with a ``ResponseBody`` type and a ``ResponseHeaders`` interface. Schemas
are written out where they are used; a component that refers to itself is declared once in
``<namespace>.Components`` (with ``named_components=True``, every component is).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, TypeVar, cast

from openapi_pydantic.v3.v3_1 import Components, OpenAPI, Operation, Parameter, Reference, RequestBody, Schema
from pydantic import BaseModel

from starlite.openapi.typescript_converter.schema_parsing import (
    SchemaParser,
    identifier,
    normalize_typescript_namespace,
)
from starlite.openapi.typescript_converter.types import (
    TypeScriptContainer,
    TypeScriptInterface,
    TypeScriptNamespace,
    TypeScriptPrimitive,
    TypeScriptProperty,
    TypeScriptType,
    TypeScriptUnion,
)

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import Response

__all__ = (
    "convert_openapi_to_typescript",
    "deref_container",
    "get_openapi_type",
    "parse_params",
    "parse_request_body",
    "parse_responses",
    "resolve_ref",
)

T = TypeVar("T", bound=BaseModel | dict[str, Any] | list[Any])

COMPONENTS_REF_PREFIX = "#/components/"
# The path item's operations, in the order the OpenAPI specification lists them.
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Where each parameter location's interface goes (by ``Parameter.param_in``).
PARAMETER_INTERFACES = {
    "cookie": "CookieParameters",
    "header": "HeaderParameters",
    "path": "PathParameters",
    "query": "QueryParameters",
}
# References that resolve to references: a chain longer than this is a loop.
MAX_REFERENCE_CHAIN = 32

_UNDEFINED = TypeScriptPrimitive("undefined")
_UNKNOWN = TypeScriptPrimitive("unknown")


def _component(ref: str, components: Components) -> Any:
    """What a ``#/components/...`` reference points at.

    Raises:
        ValueError: When it points at nothing in ``components``.
    """
    if not ref.startswith(COMPONENTS_REF_PREFIX):
        raise ValueError(f"cannot resolve {ref!r}: only references into the document's components are")
    current: Any = components
    for token in ref[len(COMPONENTS_REF_PREFIX) :].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        current = current.get(token) if isinstance(current, dict) else getattr(current, token, None)
        if current is None:
            raise ValueError(f"the reference {ref!r} points at nothing in the document's components")
    return current


def _resolved(value: Any, components: Components) -> Any:
    """``value`` itself, or what the reference ``value`` points at (following a chain of references)."""
    for _ in range(MAX_REFERENCE_CHAIN):
        if not isinstance(value, Reference):
            return value
        value = _component(value.ref, components)
    raise ValueError(f"a chain of more than {MAX_REFERENCE_CHAIN} references, or a loop of them")


def resolve_ref(ref: Reference, components: Components) -> Schema:
    """The schema a reference points at.

    Args:
        ref: A reference to a schema of the components (``#/components/schemas/<name>``).
        components: The document's components.

    Returns:
        The schema.

    Raises:
        ValueError: When the reference points at nothing, or at something other than a schema.
    """
    target = _resolved(ref, components)
    if not isinstance(target, Schema):
        raise ValueError(f"{ref.ref!r} points at a {type(target).__name__}, not a schema")
    return target


def _dereferenced(value: Any, components: Components, active: frozenset[str]) -> Any:
    if isinstance(value, Reference):
        if value.ref in active:
            return value  # a recursive reference cannot be written out: it stays a reference
        return _dereferenced(_component(value.ref, components), components, active | {value.ref})
    if isinstance(value, BaseModel):
        updates = {}
        for field in type(value).model_fields:
            item = getattr(value, field)
            if isinstance(item, (BaseModel, dict, list)):
                updates[field] = _dereferenced(item, components, active)
        return value.model_copy(update=updates)
    if isinstance(value, dict):
        return {key: _dereferenced(item, components, active) for key, item in value.items()}
    if isinstance(value, list):
        return [_dereferenced(item, components, active) for item in value]
    return value


def deref_container(open_api_container: T, components: Components) -> T:
    """A copy of ``open_api_container`` with every reference in it replaced by what it points at.

    The original is left as it is. A reference met again inside what it points at (a recursive model)
    is kept as a reference.

    Args:
        open_api_container: An OpenAPI model, a dict or a list.
        components: The document's components.

    Returns:
        The copy.

    Raises:
        ValueError: For a reference that points at nothing.
    """
    return cast("T", _dereferenced(open_api_container, components, frozenset()))


def get_openapi_type(value: Reference | T, components: Components) -> T:
    """``value`` with its references resolved (``deref_container``); a reference itself is first resolved.

    Args:
        value: A reference, or an OpenAPI model, dict or list.
        components: The document's components.

    Returns:
        The resolved copy.
    """
    return cast("T", _dereferenced(value, components, frozenset()))


def _first_schema(content: dict[str, Any] | None) -> Schema | Reference | None:
    for media_type in (content or {}).values():
        if media_type.media_type_schema is not None:
            return cast("Schema | Reference", media_type.media_type_schema)
    return None


def _parameters(
    params: list[Any], parser: SchemaParser, components: Components
) -> tuple[TypeScriptInterface, ...]:
    by_location: dict[str, dict[str, TypeScriptProperty]] = {}
    for item in params:
        param = cast("Parameter", _resolved(item, components))
        location = str(getattr(param.param_in, "value", param.param_in))
        schema = param.param_schema if param.param_schema is not None else _first_schema(param.content)
        properties = by_location.setdefault(location, {})
        # An operation's own parameter overrides the path's parameter of the same name and location.
        properties.setdefault(
            param.name,
            TypeScriptProperty(
                key=normalize_typescript_namespace(param.name, allow_quoted=True),
                required=bool(param.required) or location == "path",
                value=parser.parse(schema) if schema is not None else _UNKNOWN,
            ),
        )
    return tuple(
        TypeScriptInterface(name, tuple(by_location[location].values()))
        for location, name in PARAMETER_INTERFACES.items()
        if by_location.get(location)
    )


def parse_params(params: list[Parameter], components: Components) -> tuple[TypeScriptInterface, ...]:
    """The interfaces of an operation's parameters, one per location that has any.

    Args:
        params: The parameters (or references to them); the first of a name and location wins.
        components: The document's components.

    Returns:
        ``CookieParameters``, ``HeaderParameters``, ``PathParameters`` and ``QueryParameters``, those
        with parameters, in that order.
    """
    return _parameters(list(params), SchemaParser(components), components)


def _request_body(body: Any, parser: SchemaParser, components: Components) -> TypeScriptType:
    body = cast("RequestBody", _resolved(body, components))
    if not body.content:
        return TypeScriptType("RequestBody", _UNDEFINED)
    schema = _first_schema(body.content)
    element = parser.parse(schema) if schema is not None else _UNKNOWN
    if not body.required:
        element = TypeScriptUnion((element, _UNDEFINED))
    return TypeScriptType("RequestBody", element)


def parse_request_body(body: RequestBody, components: Components) -> TypeScriptType:
    """The ``RequestBody`` type of an operation: its first media type's schema.

    Args:
        body: The request body (or a reference to one).
        components: The document's components.

    Returns:
        The type, ``| undefined`` when the body is optional, ``undefined`` when it has no content.
    """
    return _request_body(body, SchemaParser(components), components)


def _status_namespace(status: str) -> str:
    return identifier(f"Http{status}")


def _responses(
    responses: dict[str, Any], parser: SchemaParser, components: Components
) -> tuple[TypeScriptNamespace, ...]:
    result = []
    for status, item in responses.items():
        response = cast("Response", _resolved(item, components))
        schema = _first_schema(response.content)
        containers: list[TypeScriptContainer] = [
            TypeScriptType("ResponseBody", parser.parse(schema) if schema is not None else _UNDEFINED)
        ]
        if response.headers:
            headers = tuple(
                TypeScriptProperty(
                    required=bool(_resolved(header, components).required),
                    key=normalize_typescript_namespace(key, allow_quoted=True),
                    # A header's value reaches a client as text, whatever its schema says it holds.
                    value=TypeScriptPrimitive("string"),
                )
                for key, header in response.headers.items()
            )
            containers.append(TypeScriptInterface("ResponseHeaders", headers))
        result.append(TypeScriptNamespace(_status_namespace(str(status)), tuple(containers)))
    return tuple(result)


def parse_responses(responses: dict[str, Any], components: Components) -> tuple[TypeScriptNamespace, ...]:
    """A namespace per response of an operation: ``Http<status>``, holding its body's and headers' types.

    Args:
        responses: The operation's responses (or references to them) by status code.
        components: The document's components.

    Returns:
        The namespaces; ``ResponseBody`` is the first media type's schema, ``undefined`` without content.
    """
    return _responses(responses, SchemaParser(components), components)


def _operation_name(operation: Operation, method: str, path: str) -> str:
    if operation.operationId:
        return operation.operationId
    # No operation id: a name from the method and the path, GET /users/{id} -> GetUsersId.
    words = re.split(r"[^A-Za-z0-9]+", f"{method} {path}")
    return "".join(word[:1].upper() + word[1:] for word in words if word)


def _namespace_name(namespace: str) -> str:
    # A dotted name declares nested namespaces (``export namespace Api.V1``).
    return ".".join(normalize_typescript_namespace(part, allow_quoted=False) for part in namespace.split("."))


def convert_openapi_to_typescript(
    openapi_schema: OpenAPI, namespace: str = "API", *, named_components: bool = False
) -> TypeScriptNamespace:
    """The TypeScript types of every operation of an OpenAPI schema, in one namespace.

    Args:
        openapi_schema: The schema (``app.openapi_schema``).
        namespace: The name of the namespace (dotted for nested namespaces).
        named_components: Declare every schema of ``components.schemas`` in ``<namespace>.Components``
            and refer to them by name, instead of writing each out where it is used (components that
            refer to themselves are declared so in any case).

    Returns:
        The namespace; ``.write()`` gives its TypeScript text.

    Raises:
        ValueError: For a namespace that is not a TypeScript name, or a reference to a component the
            schema does not have.
    """
    name = _namespace_name(namespace)
    components = openapi_schema.components or Components()
    parser = SchemaParser(components, named_components=named_components)
    operations: list[TypeScriptContainer] = []
    taken: set[str] = set()
    for path, path_item in (openapi_schema.paths or {}).items():
        shared = list(path_item.parameters or [])
        for method in METHODS:
            operation: Operation | None = getattr(path_item, method, None)
            if operation is None:
                continue
            params = _parameters([*(operation.parameters or []), *shared], parser, components)
            body = (
                _request_body(operation.requestBody, parser, components)
                if operation.requestBody is not None
                else None
            )
            responses = _responses(operation.responses or {}, parser, components)
            operation_name = identifier(_operation_name(operation, method, path), taken)
            taken.add(operation_name)
            members: tuple[TypeScriptContainer, ...] = (*params, *((body,) if body else ()), *responses)
            operations.append(TypeScriptNamespace(operation_name, members))
    declarations = parser.declarations()
    if declarations is not None:
        operations.append(declarations)
    return TypeScriptNamespace(name, tuple(operations))
