"""The signature plan: where each keyword argument of a handler comes from, worked out once.

``KwargsPlan.create`` reads the handler's signature and those of the dependencies it (transitively)
asks for, and classifies every parameter, in this order:

1. a reserved name (``request``/``socket``, ``state``, ``scope``, ``headers``, ``cookies``, ``query``,
   ``data``, ``body``);
2. a dependency provided by a layer's ``dependencies=`` (or a ``Dependency(default=...)`` fallback);
3. a path parameter of the route;
4. a header, cookie or query parameter: declared by ``Parameter(...)``, by a layer's
   ``parameters=``, or, by default, the query key of the same name.

Anything that cannot be supplied, or that two consumers declare differently, raises
``ImproperlyConfiguredException`` naming the handler and parameter. Per request, ``resolve`` only
runs the extractors; every invalid or missing parameter is reported in one 400.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from typing import Any

from starlite._kwargs.body import create_body_extractor
from starlite._kwargs.dependencies import (
    DependencyCleanup,
    DependencyNode,
    DependencyValidationError,
    create_value_check,
    order_in_batches,
    resolve_batches,
)
from starlite._kwargs.parameters import (
    MISSING_MESSAGE,
    ParameterDefinition,
    ParameterError,
    ParameterSource,
    strip_optional,
)
from starlite.datastructures.provide import Provide
from starlite.datastructures.state import ImmutableState, State
from starlite.enums import RequestEncodingType
from starlite.exceptions import ImproperlyConfiguredException, InternalServerException, ValidationException
from starlite.params import BodyKwarg, DependencyKwarg, ParameterKwarg
from starlite.types.empty import Empty
from starlite.utils._annotations import closure_namespace

__all__ = ("KwargsPlan", "RESERVED_HTTP", "RESERVED_WEBSOCKET")

RESERVED_HTTP = frozenset({"request", "state", "scope", "headers", "cookies", "query", "data", "body"})
RESERVED_WEBSOCKET = frozenset({"socket", "state", "scope", "headers", "cookies", "query"})
_RESERVED = RESERVED_HTTP | RESERVED_WEBSOCKET

# Reserved names and what they give, for HTTP requests and websockets alike.
_RESERVED_EXTRACTORS: dict[str, Callable[[Any], Any]] = {
    "request": lambda connection: connection,
    "socket": lambda connection: connection,
    "state": lambda connection: connection.app.state,
    "scope": lambda connection: connection.scope,
    "headers": lambda connection: connection.headers,
    "cookies": lambda connection: connection.cookies,
    "query": lambda connection: connection.query_params,
}
_NO_DEFAULT = inspect.Parameter.empty


def _state_extractor(annotation: Any) -> Callable[[Any], Any]:
    """How ``state`` is given: the app's state, or a view of it through the annotated state class.

    As in 1.5x, ``state: MyState`` (a ``State`` subclass) wraps the app's state data in ``MyState``
    (changes reach the app's state) and ``state: ImmutableState`` gives a read-only deep copy.
    """
    target, _ = strip_optional(annotation)
    if not (isinstance(target, type) and issubclass(target, ImmutableState)) or target is State:
        return _RESERVED_EXTRACTORS["state"]

    def state_as_annotated(connection: Any) -> Any:
        state = connection.app.state
        return state if type(state) is target else target(state)

    return state_as_annotated


def _signature_fields(fn: Callable[..., Any]) -> list[tuple[str, Any, Any]]:
    """``(name, annotation, default)`` of each named parameter, string annotations resolved.

    ``eval_str`` resolves postponed annotations (``from __future__ import annotations``) for
    functions, classes, partials and callable objects alike; a name it cannot resolve (a type defined
    inside a function) leaves the raw annotations, and ``typing.get_type_hints`` has a go at them.
    """
    closure = closure_namespace(fn)
    try:
        signature = inspect.signature(fn, eval_str=True, locals=closure)
        hints: dict[str, Any] = {}
    except Exception:  # a name or expression eval_str cannot resolve
        signature = inspect.signature(fn)
        target = fn.__init__ if inspect.isclass(fn) else fn
        try:
            hints = typing.get_type_hints(target, localns=closure, include_extras=True)
        except Exception:  # unresolvable forward references: keep the raw annotations
            hints = {}
    return [
        (name, hints.get(name, parameter.annotation), parameter.default)
        for name, parameter in signature.parameters.items()
        if parameter.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    ]


def _declared_parameter(annotation: Any, default: Any) -> ParameterKwarg | None:
    """The ``Parameter(...)`` of an argument, as its default or in its ``Annotated`` metadata."""
    if isinstance(default, ParameterKwarg):
        return default
    if typing.get_origin(annotation) is typing.Annotated:
        declared = [meta for meta in annotation.__metadata__ if isinstance(meta, ParameterKwarg)]
        return declared[-1] if declared else None
    return None


def _media_type(body_kwarg: BodyKwarg | None) -> str:
    media_type = body_kwarg.media_type if body_kwarg is not None else RequestEncodingType.JSON
    return str(media_type.value if isinstance(media_type, RequestEncodingType) else media_type)


def _describe(fn: Any) -> str:
    while hasattr(fn, "func"):  # functools.partial
        fn = fn.func
    return str(getattr(fn, "__qualname__", fn))


class _Builder:
    """Collects the parts of one plan while walking a handler and its dependencies."""

    def __init__(self, handler: Any, path_parameters: set[str], websocket: bool) -> None:
        self.where = f"Handler {handler}"
        self.plugins: list[Any] = handler.resolve_plugins()
        self.path_parameters = path_parameters
        self.reserved_names = RESERVED_WEBSOCKET if websocket else RESERVED_HTTP
        self.providers: dict[str, Provide] = handler.resolve_dependencies()
        self.layered: dict[str, ParameterKwarg] = handler.resolve_parameters()
        self.parameters: dict[str, ParameterDefinition] = {}
        self.reserved: dict[str, Callable[[Any], Any]] = {}
        self.body: tuple[str, Any, Any] | None = None
        self.nodes: dict[str, DependencyNode] = {}
        self.constants: dict[str, Any] = {}
        self.unchecked: set[str] = set()
        for names, what in (
            (self.providers, "a dependency key"),
            (path_parameters, "a path parameter"),
            (self.layered, "a layer's parameter"),
        ):
            for key in names:
                if key in _RESERVED:
                    raise ImproperlyConfiguredException(
                        f"{self.where}: {key!r} is a reserved kwarg and cannot be {what}"
                    )
        # As in 1.5x: one name with two sources is refused rather than resolved by a precedence rule.
        for name in sorted(set(self.providers) & path_parameters):
            self._ambiguous(name, "a path parameter and a dependency")
        for name in sorted(self.layered):
            self._check_ambiguity(name, "declared by a layer's parameters")

    def _check_ambiguity(self, name: str, how: str) -> None:
        for others, what in ((self.path_parameters, "a path parameter"), (self.providers, "a dependency")):
            if name in others:
                self._ambiguous(name, f"{what} and {how}")

    def _ambiguous(self, name: str, how: str) -> None:
        raise ImproperlyConfiguredException(
            f"{self.where}: kwarg resolution ambiguity for {name!r}: it is {how}; "
            "use distinct keys for dependencies, path parameters and aliased parameters"
        )

    def visit(self, fn: Callable[..., Any], owner: str, stack: tuple[str, ...] = ()) -> list[str]:
        """Classify every parameter of ``fn`` (the handler, or the provider of ``stack[-1]``)."""
        names = []
        for name, annotation, default in _signature_fields(fn):
            names.append(name)
            where = f"{self.where}, parameter {name!r} of {owner}"
            declared = _declared_parameter(annotation, default)
            if declared is not None and (declared.header or declared.query or declared.cookie):
                if name in _RESERVED:
                    raise ImproperlyConfiguredException(f"{where}: {name!r} is a reserved kwarg")
                self._check_ambiguity(name, "declared with Parameter(header=, query= or cookie=)")
            if name in self.reserved_names:
                self._add_reserved(name, annotation, default, where)
            elif name in _RESERVED:
                raise ImproperlyConfiguredException(
                    f"{where}: {name!r} is not available on this connection type"
                )
            elif name in self.providers:
                if name in stack:
                    cycle = " -> ".join([*stack[stack.index(name) :], name])
                    raise ImproperlyConfiguredException(f"{self.where}: dependency cycle {cycle}")
                self._add_dependency(name, stack)
                self._add_check(name, annotation, default)
            elif isinstance(default, DependencyKwarg):
                if default.default is not Empty:
                    self.constants[name] = default.default
                elif strip_optional(annotation)[1]:
                    self.constants[name] = None  # ``Optional[X] = Dependency()``: None, as in 1.5x
                else:
                    raise ImproperlyConfiguredException(
                        f"{where}: declared as a Dependency, but no layer provides {name!r} "
                        "and it has no default"
                    )
            else:
                self._add_parameter(name, annotation, default, where)
        return names

    def _add_reserved(self, name: str, annotation: Any, default: Any, where: str) -> None:
        if name == "state":
            self.reserved[name] = _state_extractor(annotation)
            return
        if name not in ("data", "body"):
            self.reserved[name] = _RESERVED_EXTRACTORS[name]
            return
        body_kwarg = default if isinstance(default, BodyKwarg) else None
        if self.body is not None and self.body[0] == name and self.body[1:] != (annotation, body_kwarg):
            known = _media_type(self.body[2])
            if known != _media_type(body_kwarg):
                raise ImproperlyConfiguredException(
                    f"{where}: {name!r} is read as {_media_type(body_kwarg)} here and as {known} elsewhere; "
                    "the handler and its dependencies must agree on the body's encoding"
                )
            if self.body[1] != annotation:
                raise ImproperlyConfiguredException(f"{where}: {name!r} is declared with different types")
            if body_kwarg is None:
                return  # ``data: T`` beside ``data: T = Body(...)``: the declaration with options stands
        if self.body is not None and self.body[0] != name:
            raise ImproperlyConfiguredException(f"{where}: a handler reads either 'data' or 'body', not both")
        self.body = (name, annotation, body_kwarg)

    def _add_dependency(self, key: str, stack: tuple[str, ...]) -> None:
        if key in self.nodes:
            return
        provide = self.providers[key]
        kwarg_names = self.visit(
            provide.dependency, f"dependency {_describe(provide.dependency)}", (*stack, key)
        )
        self.nodes[key] = DependencyNode(key, provide, kwarg_names)

    def _add_check(self, key: str, annotation: Any, default: Any) -> None:
        """Check the provided value against the first consumer annotation that allows a check.

        Any consumer marking it ``Dependency(skip_validation=True)`` turns the check off.
        """
        node = self.nodes[key]
        if isinstance(default, DependencyKwarg) and default.skip_validation:
            self.unchecked.add(key)
        elif node.check is None:
            node.check = create_value_check(key, annotation)

    def _add_parameter(self, name: str, annotation: Any, default: Any, where: str) -> None:
        if isinstance(annotation, str | typing.ForwardRef):
            raise ImproperlyConfiguredException(
                f"{where}: the annotation {annotation!r} cannot be resolved; define the type at module level"
            )
        kwarg = default if isinstance(default, ParameterKwarg) else None
        if typing.get_origin(annotation) is typing.Annotated:
            inner, *metadata = typing.get_args(annotation)
            declared = [meta for meta in metadata if isinstance(meta, ParameterKwarg)]
            if declared:
                kwarg = kwarg or declared[-1]
                rest = [meta for meta in metadata if not isinstance(meta, ParameterKwarg)]
                annotation = typing.Annotated[tuple([inner, *rest])] if rest else inner
        # A layer's declaration of an argument the signature annotates gives where the value is read
        # and its default; the signature's annotation gives its type and whether it is required, and
        # the layer's constraints stay documentation, as in 1.5x. A parameter only a layer declares
        # (or an unannotated argument) is checked against the layer's declaration.
        enforce = True
        if kwarg is None and name in self.layered:
            kwarg = self.layered[name]
            enforce = annotation is _NO_DEFAULT
        if annotation is _NO_DEFAULT:
            annotation = kwarg.value_type if kwarg is not None and kwarg.value_type is not Empty else Any
        source: ParameterSource = "query"
        key = name
        if name in self.path_parameters:
            source = "path"
        elif kwarg is not None and kwarg.header:
            source, key = "header", kwarg.header.lower()
        elif kwarg is not None and kwarg.cookie:
            source, key = "cookie", kwarg.cookie
        elif kwarg is not None and kwarg.query:
            key = kwarg.query
        if kwarg is not None and kwarg.default is not Empty:
            value_default = kwarg.default
        elif default is not _NO_DEFAULT and not isinstance(default, ParameterKwarg):
            value_default = default
        else:
            value_default = Empty
        _, optional = strip_optional(annotation)
        declared_required = kwarg.required if kwarg is not None else None
        if not enforce and declared_required is False:
            declared_required = None  # "not required" of a layer does not make a plain ``str`` optional
        required = source == "path" or (
            declared_required if declared_required is not None else value_default is Empty and not optional
        )
        if not required and value_default is Empty:
            value_default = None
        definition = ParameterDefinition(
            name, key, source, annotation, value_default, required, kwarg, where, enforce
        )
        existing = self.parameters.get(name)
        if existing is not None and not existing.same_as(definition):
            if existing.same_source_as(definition) and (existing.required or definition.required):
                # One consumer requires the value, so no default can apply: share the required one.
                if definition.required:
                    self.parameters[name] = definition
                return
            raise ImproperlyConfiguredException(
                f"{where}: {name!r} is declared differently by the handler and its dependencies: "
                f"{existing.describe()} vs {definition.describe()}"
            )
        self.parameters.setdefault(name, definition)

    def add_unused_layered_parameters(self) -> None:
        """Layer-declared parameters are validated on every request, used or not (as in 1.5x)."""
        for name, kwarg in self.layered.items():
            if name not in self.parameters and name not in self.nodes and name not in self.reserved:
                self._add_parameter(name, _NO_DEFAULT, kwarg, f"{self.where}, layered parameter {name!r}")


class KwargsPlan:
    """Where each keyword argument of one handler (on one route) comes from.

    Attributes:
        parameters: The path, query, header and cookie parameters, of the handler and of its
            dependencies, and those declared by layers.
        reserved: ``(name, extractor)`` for the reserved names in use.
        body: ``(name, async extractor)`` for ``data`` or ``body``, when used.
        body_definition: ``(name, annotation, Body(...) declaration or None)`` of that body, for the
            OpenAPI schema.
        dependencies: The dependencies in use, batch by batch (each batch depends only on earlier ones).
        constants: Values of ``Dependency(default=...)`` parameters no layer provides.
        handler_kwargs: The names the handler itself takes.
    """

    __slots__ = (
        "parameters",
        "reserved",
        "body",
        "body_definition",
        "dependencies",
        "constants",
        "handler_kwargs",
        "is_empty",
        "_simple",
    )

    def __init__(self, builder: _Builder, handler_kwargs: list[str]) -> None:
        self.parameters = list(builder.parameters.values())
        self.reserved = list(builder.reserved.items())
        self.body = None
        self.body_definition = builder.body
        if builder.body is not None:
            name, annotation, body_kwarg = builder.body
            extractor = create_body_extractor(name, annotation, body_kwarg, builder.where, builder.plugins)
            self.body = (name, extractor)
        self.dependencies = order_in_batches(builder.nodes, builder.where)
        self.constants = builder.constants
        self.handler_kwargs = handler_kwargs
        self.is_empty = not handler_kwargs and not self.parameters
        for key in builder.unchecked:
            builder.nodes[key].check = None
        # Only parameters and reserved names, all consumed by the handler: no copying needed.
        self._simple = not self.dependencies and not self.constants

    @classmethod
    def create(
        cls, handler: Any, fn: Callable[..., Any], path_parameters: set[str], websocket: bool = False
    ) -> KwargsPlan:
        """Read the signatures of ``fn`` and its dependencies once and build the plan.

        Raises:
            ImproperlyConfiguredException: For a parameter the framework cannot supply, a dependency
                cycle, or a parameter two consumers declare differently.
        """
        builder = _Builder(handler, path_parameters, websocket)
        handler_kwargs = builder.visit(fn, "the handler")
        builder.add_unused_layered_parameters()
        return cls(builder, handler_kwargs)

    async def _add_body_errors(self, connection: Any, errors: list[dict[str, str]]) -> None:
        """Validate the body too, so that one 400 lists what is wrong with the parameters and the body."""
        assert self.body is not None
        errors.extend(await _body_errors(self.body[1], self.body[0], connection))

    async def resolve(self, connection: Any, cleanup: DependencyCleanup | None = None) -> dict[str, Any]:
        """Produce the keyword arguments of the handler for one connection.

        Args:
            connection: The ``Request`` or ``WebSocket``.
            cleanup: Collects generator dependencies; one is made when not given.

        Raises:
            ValidationException: A 400 listing every parameter that is missing or invalid.
        """
        values: dict[str, Any] = {}
        errors = None
        for definition in self.parameters:
            try:
                values[definition.name] = definition.extract(connection)
            except ParameterError as error:
                if errors is None:
                    errors = []
                errors.append(error.as_dict())
        if errors:
            if self.body is not None:
                await self._add_body_errors(connection, errors)
            raise _validation_error(connection, errors)
        for name, extract in self.reserved:
            values[name] = extract(connection)
        if self.body is not None:
            values[self.body[0]] = await self.body[1](connection)
        if self._simple:
            if len(values) == len(self.handler_kwargs):
                return values
            return {name: values[name] for name in self.handler_kwargs}
        values.update(self.constants)
        try:
            await resolve_batches(self.dependencies, values, cleanup or DependencyCleanup())
        except DependencyValidationError as exc:
            method = connection.scope.get("method", "WEBSOCKET")
            raise InternalServerException(
                detail=f"A dependency failed validation for {method} {connection.url}", extra=[exc.as_dict()]
            ) from exc
        return {name: values[name] for name in self.handler_kwargs}


async def _body_errors(extract: Callable[[Any], Any], name: str, connection: Any) -> list[dict[str, str]]:
    try:
        await extract(connection)
    except ValidationException as exc:
        if isinstance(exc.extra, list) and exc.extra:
            return exc.extra
        return [{"key": name, "message": exc.detail, "source": "body"}]
    return []


def _validation_error(connection: Any, errors: list[dict[str, str]]) -> ValidationException:
    # 1.5x checked that every parameter was present before validating any, and named the first
    # missing one in the detail; ``extra`` lists every error either way.
    missing = next((error["key"] for error in errors if error["message"] == MISSING_MESSAGE), None)
    if missing is not None:
        return ValidationException(
            detail=f"{MISSING_MESSAGE} {missing} for url {connection.url}", extra=errors
        )
    method = connection.scope.get("method", "WEBSOCKET")
    return ValidationException(detail=f"Validation failed for {method} {connection.url}", extra=errors)
