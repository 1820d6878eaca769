"""The OpenAPI path item of one HTTP route: an operation per method its handlers answer."""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any

from starlite.openapi.schema import SchemaRegistry

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import Operation, PathItem

    from starlite.handlers.http import HTTPRouteHandler
    from starlite.routes.http import HTTPRoute

__all__ = ("create_path_item",)


def create_path_item(
    route: HTTPRoute,
    create_examples: bool,
    plugins: Any,
    use_handler_docstrings: bool,
    *,
    registry: SchemaRegistry | None = None,
) -> PathItem:
    """The path item of ``route``: one operation per method of its handlers in the schema.

    Args:
        route: The route.
        create_examples: Generate example values.
        plugins: The app's plugins.
        use_handler_docstrings: Use a handler's docstring as its description when it sets none.
        registry: The schema registry of the document (one of its own when not given).
    """
    from openapi_pydantic.v3.v3_1 import PathItem

    registry = registry or SchemaRegistry(create_examples=create_examples, plugins=plugins)
    operations: dict[str, Operation] = {}
    for method, (handler, plan) in route.route_handler_map.items():
        if not handler.include_in_schema:
            continue
        operations[method.lower()] = _operation(route, handler, plan, registry, use_handler_docstrings)
    return PathItem(**operations)


def _operation(
    route: HTTPRoute, handler: HTTPRouteHandler, plan: Any, registry: SchemaRegistry, use_docstrings: bool
) -> Operation:
    from openapi_pydantic.v3.v3_1 import MediaType, Operation, Parameter, RequestBody, Response

    parameters = []
    if plan is not None:
        for definition in plan.parameters:
            parameters.append(
                Parameter(  # type: ignore[call-arg]
                    name=definition.key,
                    param_in=definition.source,
                    required=definition.required,
                    param_schema=registry.for_type(definition.annotation, kwarg=definition.kwarg),
                )
            )
    request_body = None
    if plan is not None and plan.body_definition is not None:
        _, annotation, body_kwarg = plan.body_definition
        media_type = str(getattr(body_kwarg, "media_type", None) or "application/json")
        request_body = RequestBody(
            required=True,
            content={
                media_type: MediaType(media_type_schema=registry.for_type(annotation, kwarg=body_kwarg))
            },
        )
    description = handler.description
    if description is None and use_docstrings:
        fn = getattr(handler.fn, "value", handler.fn)  # the function, not its Ref
        description = inspect.cleandoc(fn.__doc__ or "") or None
    returned = _return_annotation(handler)
    status = str(handler.status_code)
    content = None
    if returned is not None:
        media = str(getattr(handler.media_type, "value", handler.media_type))
        content = {media: MediaType(media_type_schema=registry.for_type(returned, mode="serialization"))}
    return Operation(
        operationId=handler.operation_id or handler.handler_name,
        tags=sorted(
            {tag for layer in handler.ownership_layers for tag in (getattr(layer, "tags", None) or [])}
        )
        or None,
        summary=handler.summary,
        description=description,
        deprecated=handler.deprecated,
        parameters=parameters or None,
        requestBody=request_body,
        # Every layer's requirements, the app's first (as 1.5x listed them).
        security=[
            dict(r) for layer in handler.ownership_layers for r in (getattr(layer, "security", None) or [])
        ]
        or None,
        responses={status: Response(description="Request fulfilled, document follows", content=content)},
    )


def _return_annotation(handler: HTTPRouteHandler) -> Any:
    returned = handler.return_annotation
    return None if returned in (None, type(None), inspect.Signature.empty) else returned
