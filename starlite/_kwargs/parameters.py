"""Path, query, header and cookie parameters: where each comes from, read per request.

Everything here runs at start-up except the small closures it returns. A ``ParameterDefinition``
holds what OpenAPI will need later (key, source, type, default, the ``Parameter`` constraints); its
``extract`` reads and converts one value per request (the conversion itself is ``converters``).
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Any, Literal

from starlite._kwargs.converters import create_converter, strip_optional
from starlite.params import ParameterKwarg
from starlite.types.empty import Empty

__all__ = (
    "MISSING_MESSAGE",
    "ParameterDefinition",
    "ParameterError",
    "ParameterSource",
    "create_converter",
    "strip_optional",
)

ParameterSource = Literal["path", "query", "header", "cookie"]
MISSING_MESSAGE = "Missing required parameter"


class ParameterError(Exception):
    """One parameter that is missing or invalid; the plan gathers them into a single 400."""

    def __init__(self, key: str, source: str, message: str) -> None:
        super().__init__(message)
        self.key, self.source, self.message = key, source, message

    def as_dict(self) -> dict[str, str]:
        """The entry listed in the 400 response's ``extra``."""
        return {"key": self.key, "message": self.message, "source": self.source}


class ParameterDefinition:
    """One path, query, header or cookie parameter of a handler or dependency.

    Attributes:
        name: The Python parameter name.
        key: The name in the request (the query key, header name or cookie name).
        source: ``"path"``, ``"query"``, ``"header"`` or ``"cookie"``.
        annotation: The declared type.
        default: The value used when the request has none (``Empty`` when required).
        required: Whether a missing value is an error.
        kwarg: The ``Parameter(...)`` declaration, if any (titles, examples and constraints).
        enforced_kwarg: ``kwarg`` when its constraints are checked; ``None`` for a layer's declaration
            of an argument the signature annotates, whose constraints are documentation only.
        is_sequence: Whether repeated keys are collected into a list.
    """

    __slots__ = (
        "name",
        "key",
        "source",
        "annotation",
        "default",
        "required",
        "kwarg",
        "enforced_kwarg",
        "is_sequence",
        "extract",
    )

    def __init__(
        self,
        name: str,
        key: str,
        source: ParameterSource,
        annotation: Any,
        default: Any,
        required: bool,
        kwarg: ParameterKwarg | None,
        where: str,
        enforce: bool = True,
    ) -> None:
        self.name, self.key, self.source = name, key, source
        self.annotation, self.default, self.required, self.kwarg = annotation, default, required, kwarg
        self.enforced_kwarg = kwarg if enforce else None
        convert, self.is_sequence = create_converter(annotation, self.enforced_kwarg, where)
        self.extract: Callable[[Any], Any] = _create_extractor(self, convert)

    def describe(self) -> str:
        """The declaration in words, for start-up error messages."""
        parts = [f"{self.source} {self.key!r}", f"type {self.annotation!r}"]
        parts.append("required" if self.required else f"default {self.default!r}")
        if self.kwarg is not None:
            constraints = {
                name: getattr(self.kwarg, name)
                for name in ("gt", "ge", "lt", "le", "multiple_of", "min_length", "max_length", "regex")
                if getattr(self.kwarg, name) is not None
            }
            parts.extend(f"{name}={value!r}" for name, value in constraints.items())
        return "(" + ", ".join(parts) + ")"

    def same_source_as(self, other: ParameterDefinition) -> bool:
        """Whether both read the same request value into the same type (defaults may differ)."""
        return (other.key, other.source, other.annotation) == (self.key, self.source, self.annotation)

    def same_as(self, other: ParameterDefinition) -> bool:
        """Whether two consumers declared the same parameter the same way (so they can share it)."""
        return (other.key, other.source, other.annotation, other.default, other.kwarg) == (
            self.key,
            self.source,
            self.annotation,
            self.default,
            self.kwarg,
        )


def _plain_type(annotation: Any, kwarg: ParameterKwarg | None) -> type | None:
    """The class a path value may already be, so that it passes through unconverted."""
    if kwarg is not None and kwarg.has_constraints:
        return None
    annotation, _ = strip_optional(annotation)
    return annotation if isinstance(annotation, type) and typing.get_origin(annotation) is None else None


_MISSING: Any = object()


def _create_extractor(definition: ParameterDefinition, convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    key, source, many = definition.key, definition.source, definition.is_sequence
    default, required = definition.default, definition.required
    const = definition.enforced_kwarg.const if definition.enforced_kwarg is not None else None

    def finish(raw: Any) -> Any:
        # The raw text (or list of texts), or ``_MISSING``, to the handler's value.
        if raw is _MISSING:
            if required:
                raise ParameterError(key, source, MISSING_MESSAGE)
            return default
        try:
            value = convert(raw)
        except ValueError as exc:
            raise ParameterError(key, source, str(exc) or "Invalid value") from exc
        if const and value != default:
            raise ParameterError(key, source, f"Value must be {default!r}")
        return value

    if source == "path":
        plain = _plain_type(definition.annotation, definition.enforced_kwarg)
        untyped = definition.annotation in (Empty, Any, object)

        def from_path(connection: Any) -> Any:
            # The router parsed the value by the path's declared type; it passes through when the
            # handler wants that type, and is converted again from text otherwise.
            value = connection.scope["path_params"][key]
            if untyped or type(value) is plain:
                return value
            return finish(value.isoformat() if hasattr(value, "isoformat") else str(value))

        return from_path

    if source == "query":
        plain_text = convert is str and not const

        def from_query(connection: Any) -> Any:
            params = connection.query_params
            try:
                values = params._dict.get(key)
            except AttributeError:  # a request class of the user's, with a mapping of its own
                values = params.getall(key) if key in params else None
            if values is None:
                return finish(_MISSING)
            if many:
                return finish(list(values))
            # A repeated key for a single value: the last one wins, as in 1.5x (and Starlette).
            return values[-1] if plain_text else finish(values[-1])

        return from_query

    if source == "header":
        raw_key = key.lower().encode("latin-1")

        def from_header(connection: Any) -> Any:
            # ASGI servers send header names lower-cased (ASGI HTTP spec), so compare bytes directly.
            values = [
                value.decode("latin-1") for name, value in connection.scope["headers"] if name == raw_key
            ]
            if not values:
                return finish(_MISSING)
            # A repeated header for a single value: the values joined, as RFC 9110 section 5.3 allows.
            return finish(values if many else ", ".join(values))

        return from_header

    def from_cookie(connection: Any) -> Any:
        value = connection.cookies.get(key, _MISSING)
        return finish([value] if many and value is not _MISSING else value)

    return from_cookie
