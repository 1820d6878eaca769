"""Build, once per handler, the list of extractors that produce its keyword arguments per request.

At start-up every parameter is classified (path parameter, reserved name, request body or query
parameter) and given an extractor; at request time the plan only runs the extractors. Errors found at
start-up raise ``ImproperlyConfiguredException``; bad request values are gathered into one 400.
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Callable
from typing import Any

import msgspec

from starlite._kwargs.body import create_body_decoder
from starlite.exceptions import ImproperlyConfiguredException, ValidationException

_MISSING: Any = inspect.Parameter.empty

RESERVED_HTTP = frozenset({"request", "state", "scope", "headers", "cookies", "query", "data", "body"})
RESERVED_WEBSOCKET = frozenset({"socket", "state", "scope", "headers", "cookies", "query"})
_SEQUENCE_ORIGINS = (list, set, frozenset, tuple)


class _Error(Exception):
    def __init__(self, key: str, source: str, message: str) -> None:
        self.key, self.source, self.message = key, source, message


def _is_sequence(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _is_sequence(typing.get_args(annotation)[0])
    if origin in _SEQUENCE_ORIGINS:
        return True
    if origin in (typing.Union, types.UnionType):
        return any(_is_sequence(arg) for arg in typing.get_args(annotation) if arg is not type(None))
    return False


def _create_converter(annotation: Any) -> Callable[[Any], Any]:
    """Return a function converting raw strings to ``annotation``; raises ``ValueError`` when invalid.

    msgspec converts plain types fastest; annotations carrying constraints (``Annotated[int,
    Field(gt=0)]``, pydantic's ``conint``) go through pydantic, which honours them.
    """
    if typing.get_origin(annotation) is typing.Annotated:
        from pydantic import TypeAdapter, ValidationError

        adapter: TypeAdapter[Any] = TypeAdapter(annotation)

        def validate(raw: Any) -> Any:
            try:
                return adapter.validate_python(raw)
            except ValidationError as exc:
                raise ValueError("; ".join(error["msg"] for error in exc.errors())) from exc

        return validate

    def convert(raw: Any) -> Any:
        try:
            return msgspec.convert(raw, annotation, strict=False)
        except msgspec.ValidationError as exc:
            raise ValueError(str(exc)) from exc

    return convert


def _query_extractor(name: str, annotation: Any, default: Any) -> Callable[[Any], Any]:
    many = _is_sequence(annotation)
    convert = _create_converter(annotation) if annotation not in (_MISSING, Any, str) else None

    def extract(connection: Any) -> Any:
        params = connection.query_params
        if name not in params:
            if default is _MISSING:
                raise _Error(name, "query", "Missing required parameter")
            return default
        raw = params.getall(name) if many else params[name]
        if convert is None:
            return raw
        try:
            return convert(raw)
        except ValueError as exc:
            raise _Error(name, "query", str(exc)) from exc

    return extract


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


class KwargsPlan:
    """Where each keyword argument of a handler comes from, and how to produce it.

    Args:
        sync_extractors: ``(name, extractor)`` pairs computed from the connection alone.
        body_extractors: ``(name, async extractor)`` pairs that read the request body.
    """

    __slots__ = ("sync_extractors", "body_extractors", "is_empty")

    def __init__(
        self,
        sync_extractors: list[tuple[str, Callable[[Any], Any]]],
        body_extractors: list[tuple[str, Callable[[Any], Any]]],
    ) -> None:
        self.sync_extractors = sync_extractors
        self.body_extractors = body_extractors
        self.is_empty = not sync_extractors and not body_extractors

    @classmethod
    def create(
        cls, handler: Any, fn: Callable[..., Any], path_parameters: set[str], websocket: bool = False
    ) -> KwargsPlan:
        """Read ``fn``'s signature and type hints once and build its plan.

        Raises:
            ImproperlyConfiguredException: For a parameter the framework cannot supply.
        """
        signature = inspect.signature(fn)
        try:
            hints = typing.get_type_hints(fn, include_extras=True)
        except Exception:  # unresolvable forward references: fall back to the raw annotations
            hints = {}
        reserved = RESERVED_WEBSOCKET if websocket else RESERVED_HTTP
        sync_extractors: list[tuple[str, Callable[[Any], Any]]] = []
        body_extractors: list[tuple[str, Callable[[Any], Any]]] = []
        for name, parameter in signature.parameters.items():
            if parameter.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
                continue
            annotation = hints.get(name, parameter.annotation)
            if name in path_parameters:
                sync_extractors.append((name, _path_extractor(name)))
            elif name in ("data", "body") and name in reserved:
                body_extractors.append((name, create_body_decoder(name, annotation)))
            elif name in reserved:
                sync_extractors.append((name, _RESERVED_EXTRACTORS[name]))
            elif name in RESERVED_HTTP | RESERVED_WEBSOCKET:
                raise ImproperlyConfiguredException(
                    f"Handler {handler} declares {name!r}, which is not available on this kind of connection"
                )
            else:
                sync_extractors.append((name, _query_extractor(name, annotation, parameter.default)))
        return cls(sync_extractors, body_extractors)

    async def resolve(self, connection: Any) -> dict[str, Any]:
        """Produce the keyword arguments for one request.

        Raises:
            ValidationException: Listing every parameter that is missing or invalid.
        """
        kwargs: dict[str, Any] = {}
        errors: list[dict[str, str]] = []
        for name, extract in self.sync_extractors:
            try:
                kwargs[name] = extract(connection)
            except _Error as error:
                errors.append({"key": error.key, "message": error.message, "source": error.source})
        if errors:
            raise _validation_error(connection, errors)
        for name, extract in self.body_extractors:
            kwargs[name] = await extract(connection)
        return kwargs


def _path_extractor(name: str) -> Callable[[Any], Any]:
    def extract(connection: Any) -> Any:
        return connection.scope["path_params"][name]

    return extract


def _validation_error(connection: Any, errors: list[dict[str, str]]) -> ValidationException:
    method = connection.scope.get("method", "WEBSOCKET")
    return ValidationException(detail=f"Validation failed for {method} {connection.url}", extra=errors)
