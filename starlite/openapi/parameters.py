"""The path, query, header and cookie parameters of an operation, read from the handler's kwargs plan.

The plan (``starlite._kwargs.plan``) already knows every parameter the handler and its dependencies
take, where each is read from, its type, default and ``Parameter(...)`` declaration, layered
``parameters=`` included and reserved names (``request``, ``state``, ``headers``...) left out. This
module only turns those definitions into OpenAPI ``Parameter`` objects; it never reads a signature.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from starlite._kwargs.parameters import strip_optional
from starlite._kwargs.plan import KwargsPlan
from starlite.openapi.schema import SchemaRegistry, json_value
from starlite.types.empty import Empty

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import Example, Parameter, Reference, Schema

    from starlite._kwargs.parameters import ParameterDefinition
    from starlite.handlers.base import BaseRouteHandler
    from starlite.routes.base import PathParameterDefinition

__all__ = (
    "ParameterCollection",
    "create_parameter",
    "create_parameter_for_handler",
    "create_path_parameter_schema",
    "drop_query_only_fields",
    "json_value",
    "named_examples",
)

# Fields OpenAPI 3.1 allows only on query parameters, which openapi-pydantic's models default to False.
_QUERY_ONLY_FIELDS = ("allowEmptyValue", "allowReserved")


ModelT = TypeVar("ModelT")


def drop_query_only_fields(model: ModelT) -> ModelT:
    """Leave ``allowEmptyValue`` and ``allowReserved`` out of ``model``'s rendering unless set to true.

    openapi-pydantic's ``Parameter`` and ``Header`` default them to ``False`` (1.5x's models did too),
    which ``exclude_none`` keeps; OpenAPI 3.1's schema refuses them on path, header and cookie
    parameters and on response headers, so a document holding them does not validate. ``None`` is
    what ``exclude_none`` leaves out, and reads as false all the same.

    Args:
        model: An openapi-pydantic ``Parameter`` or ``Header``.
    """
    for name in _QUERY_ONLY_FIELDS:
        if not getattr(model, name, None):
            object.__setattr__(model, name, None)
    return model


class ParameterCollection:
    """The parameters of one operation, each ``(name, location)`` once.

    OpenAPI forbids two parameters with the same name and location. The kwargs plan already refuses
    two declarations of one argument that disagree, so a repeat here is one request value read by two
    arguments (``Parameter(query="p")`` beside a dependency's ``p``): the first declaration documents it.

    Args:
        route_handler: The handler the parameters belong to.
    """

    def __init__(self, route_handler: BaseRouteHandler[Any]) -> None:
        self.route_handler = route_handler
        self._parameters: dict[tuple[str, str], Parameter] = {}

    def add(self, parameter: Parameter) -> None:
        """Add ``parameter`` unless one of its name and location is there already.

        Header names are compared without case, as HTTP does.
        """
        location = str(getattr(parameter.param_in, "value", parameter.param_in))
        name = parameter.name.lower() if location == "header" else parameter.name
        self._parameters.setdefault((name, location), parameter)

    def list(self) -> list[Parameter]:
        """The parameters, in the order they were added."""
        return list(self._parameters.values())


def create_parameter(
    signature_field: ParameterDefinition,
    parameter_name: str | None = None,
    path_parameters: Iterable[PathParameterDefinition] = (),
    generate_examples: bool = False,
    *,
    registry: SchemaRegistry | None = None,
) -> Parameter:
    """The OpenAPI ``Parameter`` of one parameter of the kwargs plan.

    Args:
        signature_field: The plan's definition (key, source, type, default, ``Parameter(...)``).
            (1.5x took a field of its pydantic signature model.)
        parameter_name: The name in the request; the definition's key by default.
        path_parameters: The route's path parameters: a path parameter's ``{name:type}`` type is what
            the URL accepts, so its schema describes that type (as 1.5x did).
        generate_examples: Generate example values (used when no ``registry`` is given).
        registry: The schema registry of the document (one of its own when not given).
    """
    from openapi_pydantic.v3.v3_1 import Parameter

    registry = registry or SchemaRegistry(create_examples=generate_examples)
    definition = signature_field
    kwarg = definition.kwarg
    path_parameter = None
    location, required = definition.source, definition.required
    if location == "path":
        path_parameter = next((p for p in path_parameters if p.name == definition.name), None)
        if path_parameter is None:
            # A handler on several paths (``["/items", "/items/{x:int}"]``): where this route has no
            # such placeholder, the argument is read from the query, with its default if it has one.
            location = "query"
            required = definition.default is Empty and not strip_optional(definition.annotation)[1]
    if path_parameter is not None:
        schema = create_path_parameter_schema(
            path_parameter, definition, generate_examples, registry=registry
        )
    else:
        # A query, header or cookie value is text or absent, never JSON's null: ``Optional[X]`` is
        # documented as ``X`` with ``required: false`` (a client sending "null" would be refused).
        annotation, optional = strip_optional(definition.annotation)
        # Only the constraints the request is checked against: a layer's ``Parameter(...)`` for an
        # argument the handler annotates itself documents the value but does not constrain it.
        schema = registry.for_type(
            annotation if optional else definition.annotation, kwarg=definition.enforced_kwarg
        )
    if not required:
        schema = _with_default(schema, definition.default)
    name = parameter_name or definition.key
    if parameter_name is None and definition.source == "header" and kwarg is not None and kwarg.header:
        name = kwarg.header  # the plan keeps it in lower case for matching; the schema shows it as declared
    fields: dict[str, Any] = {
        "name": name,
        "in": location,
        "required": required,
        "schema": schema,
    }
    if kwarg is not None:
        if kwarg.description:
            fields["description"] = kwarg.description
        examples = named_examples(name, kwarg.examples)
        if examples:
            fields["examples"] = examples
    return drop_query_only_fields(Parameter.model_validate(fields))


def create_path_parameter_schema(
    path_parameter: PathParameterDefinition,
    field: ParameterDefinition | None,
    generate_examples: bool,
    *,
    registry: SchemaRegistry | None = None,
) -> Schema | Reference:
    """The schema of a path parameter: the type its ``{name:type}`` placeholder accepts.

    Args:
        path_parameter: The route's placeholder.
        field: The plan's definition of the argument reading it, whose ``Parameter(...)`` constraints
            and documentation the schema carries; ``None`` when no argument reads it.
        generate_examples: Generate example values (used when no ``registry`` is given).
        registry: The schema registry of the document (one of its own when not given).
    """
    registry = registry or SchemaRegistry(create_examples=generate_examples)
    return registry.for_type(path_parameter.type, kwarg=field.kwarg if field is not None else None)


def create_parameter_for_handler(
    route_handler: BaseRouteHandler[Any],
    handler_fields: KwargsPlan | Sequence[ParameterDefinition] | None,
    path_parameters: Iterable[PathParameterDefinition],
    generate_examples: bool,
    *,
    registry: SchemaRegistry | None = None,
) -> list[Parameter]:
    """The path, query, header and cookie parameters of a handler on one route.

    The order is 1.5x's: the parameters only the handler (or a dependency) declares, then those only
    a layer's ``parameters=`` declares, then those both declare; then any path parameter no argument
    reads.

    Args:
        route_handler: The handler.
        handler_fields: Its kwargs plan on the route (``route.route_handler_map[method][1]``), or the
            plan's ``parameters``. (1.5x took the fields of its pydantic signature model.)
        path_parameters: The route's path parameters (``route.path_parameters``).
        generate_examples: Generate example values (used when no ``registry`` is given).
        registry: The schema registry of the document (one of its own when not given).
    """
    from openapi_pydantic.v3.v3_1 import Parameter

    registry = registry or SchemaRegistry(create_examples=generate_examples)
    definitions: Sequence[ParameterDefinition]
    handler_kwargs: set[str] | None = None
    if handler_fields is None:
        definitions = ()
    elif isinstance(handler_fields, KwargsPlan):
        definitions = handler_fields.parameters
        handler_kwargs = set(handler_fields.handler_kwargs)
    else:
        definitions = handler_fields
    layered = set(route_handler.resolve_parameters())
    path_by_name = {p.name: p for p in path_parameters}

    def group(definition: ParameterDefinition) -> int:
        if definition.name not in layered:
            return 0
        declared_by_handler = handler_kwargs is None or definition.name in handler_kwargs
        return 2 if declared_by_handler else 1

    collection = ParameterCollection(route_handler)
    for definition in sorted(definitions, key=group):
        collection.add(
            create_parameter(definition, None, path_by_name.values(), generate_examples, registry=registry)
        )
    # OpenAPI requires every ``{name}`` of the path to be described, read by an argument or not.
    documented = {d.name for d in definitions if d.source == "path"}
    for name, path_parameter in path_by_name.items():
        if name not in documented:
            schema = create_path_parameter_schema(path_parameter, None, generate_examples, registry=registry)
            collection.add(
                drop_query_only_fields(
                    Parameter.model_validate({"name": name, "in": "path", "required": True, "schema": schema})
                )
            )
    return collection.list()


def _with_default(schema: Schema | Reference, default: Any) -> Schema | Reference:
    """``schema`` with the parameter's default, when it has one JSON can show."""
    from openapi_pydantic.v3.v3_1 import Schema

    if default is None or default is Empty:
        return schema
    value = json_value(default)
    if value is Empty:
        return schema
    if isinstance(schema, Schema):
        # A copy: the registry may hand the same schema object to every use of a type.
        return schema.model_copy(update={"default": value})
    # A reference cannot carry a default beside it in OpenAPI's models: wrap it.
    return Schema.model_validate(
        {"allOf": [schema.model_dump(by_alias=True, exclude_none=True)], "default": value}
    )


def named_examples(key: str, examples: Sequence[Any] | None) -> dict[str, Example] | None:
    """``Parameter(examples=[...])`` as OpenAPI's named examples.

    Each item is an ``openapi_pydantic`` ``Example`` (as 1.5x took its ``Example`` model), a mapping of
    its fields, or a bare value.
    """
    from openapi_pydantic.v3.v3_1 import Example

    if not examples:
        return None
    named: dict[str, Example] = {}
    for index, item in enumerate(examples, start=1):
        if isinstance(item, Example):
            example = item
        elif hasattr(item, "model_dump") and hasattr(item, "value"):
            example = Example.model_validate(item.model_dump(exclude_none=True))
        elif isinstance(item, dict) and set(item) <= set(Example.model_fields) | {"externalValue"}:
            example = Example.model_validate(item)
        else:
            value = json_value(item)
            example = Example(value=None if value is Empty else value)
        named[f"{key}-example-{index}"] = example
    return named
