"""The OpenAPI path item of one HTTP route: an operation per method its handlers answer.

Each operation is built from what the app already worked out for the handler on this route: its
kwargs plan (parameters and body), its return annotation, status code and media type, and the
OpenAPI options of the handler and of the layers above it (tags, security).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from inspect import cleandoc
from typing import TYPE_CHECKING, Any

from starlite.openapi.parameters import create_parameter_for_handler
from starlite.openapi.request_body import create_request_body
from starlite.openapi.responses import create_responses
from starlite.openapi.schema import SchemaRegistry
from starlite.routes.base import PathParameterDefinition
from starlite.utils.helpers import unwrap_partial

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import Operation, PathItem

    from starlite._kwargs.plan import KwargsPlan
    from starlite.handlers.http import HTTPRouteHandler
    from starlite.routes.http import HTTPRoute

__all__ = (
    "create_path_item",
    "extract_layered_values",
    "get_description_for_handler",
    "get_start_of_path_components_str",
)


def get_description_for_handler(route_handler: HTTPRouteHandler, use_handler_docstrings: bool) -> str | None:
    """The operation's description: the handler's ``description``, else its docstring when allowed.

    Args:
        route_handler: The handler.
        use_handler_docstrings: Fall back to the handler function's docstring (indentation removed).
    """
    if route_handler.description is not None or not use_handler_docstrings:
        return route_handler.description
    fn = unwrap_partial(route_handler.fn.value) if route_handler.fn is not None else None
    doc = getattr(fn, "__doc__", None)
    return cleandoc(doc) if doc else None


def extract_layered_values(route_handler: HTTPRouteHandler) -> tuple[list[str] | None, list[Any] | None]:
    """The tags of every layer (sorted, each once) and the security requirements of every layer.

    Args:
        route_handler: The handler; its layers are the handler, controller, routers and app.
    """
    tags: set[str] = set()
    security: list[Any] = []
    for layer in route_handler.ownership_layers:
        tags.update(getattr(layer, "tags", None) or ())
        security.extend(dict(requirement) for requirement in getattr(layer, "security", None) or ())
    return (sorted(tags) or None), (security or None)


def get_start_of_path_components_str(path_components: Sequence[str | PathParameterDefinition]) -> list[str]:
    """The path's segments before its first parameter, title-cased: the prefix of operation ids.

    Args:
        path_components: The route's segments (``route.segments``), placeholders as definitions.
    """
    prefix = []
    for component in path_components:
        if isinstance(component, PathParameterDefinition):
            break
        prefix.append(component.title())
    return prefix


def create_path_item(
    route: HTTPRoute,
    create_examples: bool,
    plugins: Any,
    use_handler_docstrings: bool,
    *,
    registry: SchemaRegistry | None = None,
    operation_ids: set[str] | None = None,
    operation_id_creator: Callable[[HTTPRouteHandler, str, list[str]], str] | None = None,
) -> PathItem:
    """The path item of ``route``: one operation per method of its handlers in the schema.

    Args:
        route: The route.
        create_examples: Generate example values.
        plugins: The app's plugins.
        use_handler_docstrings: Use a handler's docstring as its description when it sets none.
        registry: The schema registry of the document (one of its own when not given).
        operation_ids: The operation ids the document already holds: an id met again gets a numbered
            suffix (``_2``, ``_3``...), so ids stay unique in route order. The ids used are added.
        operation_id_creator: Gives the id of a handler without ``operation_id`` (``OpenAPIConfig``'s).
    """
    from openapi_pydantic.v3.v3_1 import PathItem

    registry = registry or SchemaRegistry(create_examples=create_examples, plugins=plugins or ())
    seen = operation_ids if operation_ids is not None else set()
    operations: dict[str, Operation] = {}
    for method, (handler, plan) in route.route_handler_map.items():
        if not handler.include_in_schema:
            continue
        operations[method.lower()] = _operation(
            route, method, handler, plan, registry, use_handler_docstrings, seen, operation_id_creator
        )
    return PathItem.model_validate(operations)


def _operation_id(
    route: HTTPRoute,
    method: str,
    handler: HTTPRouteHandler,
    seen: set[str],
    creator: Callable[[HTTPRouteHandler, str, list[str]], str] | None = None,
) -> str:
    """The operation id, unique in the document.

    1.5x's rule: the handler's ``operation_id`` or its function's name in title case without
    underscores (``get_user`` -> ``GetUser``), the method first when the handler answers several, and
    the path's segments before its first parameter first of all (``/users/{id}`` -> ``Users...``).
    """
    if handler.operation_id:
        operation_id = handler.operation_id
    elif creator is not None:
        operation_id = creator(handler, method, [_segment_text(segment) for segment in route.segments])
        return _unique(operation_id, seen)
    else:
        fn = unwrap_partial(handler.fn.value) if handler.fn is not None else None
        name = getattr(fn, "__name__", None) or type(fn).__name__
        operation_id = name.title().replace("_", "")
    if len(handler.http_methods) > 1:
        operation_id = method.title() + operation_id
    operation_id = "".join((*get_start_of_path_components_str(route.segments), operation_id))
    return _unique(operation_id, seen)


def _segment_text(segment: str | PathParameterDefinition) -> str:
    return segment if isinstance(segment, str) else "{" + segment.name + "}"


def _unique(operation_id: str, seen: set[str]) -> str:
    unique, number = operation_id, 1
    while unique in seen:
        number += 1
        unique = f"{operation_id}_{number}"
    seen.add(unique)
    return unique


def _operation(
    route: HTTPRoute,
    method: str,
    handler: HTTPRouteHandler,
    plan: KwargsPlan | None,
    registry: SchemaRegistry,
    use_docstrings: bool,
    seen: set[str],
    operation_id_creator: Callable[[HTTPRouteHandler, str, list[str]], str] | None = None,
) -> Operation:
    from openapi_pydantic.v3.v3_1 import Operation

    parameters = create_parameter_for_handler(
        handler, plan, route.path_parameters, registry.create_examples, registry=registry
    )
    request_body = None
    body = plan.body_definition if plan is not None else None
    # As in 1.5x only ``data`` is documented; ``body: bytes`` takes any bytes at all.
    if body is not None and body[0] == "data":
        request_body = create_request_body(
            body, registry.create_examples, registry.plugins, registry=registry
        )
    tags, security = extract_layered_values(handler)
    return Operation(
        operationId=_operation_id(route, method, handler, seen, operation_id_creator),
        tags=tags,
        summary=handler.summary,
        description=get_description_for_handler(handler, use_docstrings),
        deprecated=handler.deprecated,
        parameters=parameters or None,
        requestBody=request_body,
        responses=create_responses(
            handler,
            bool(parameters or request_body),
            registry.create_examples,
            registry.plugins,
            registry=registry,
        ),
        security=security,
    )
