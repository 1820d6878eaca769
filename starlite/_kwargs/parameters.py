"""Path, query, header and cookie parameters: where each comes from and how its text is converted.

Everything here runs at start-up except the small closures it returns. A ``ParameterDefinition``
holds what OpenAPI will need later (key, source, type, default, the ``Parameter`` constraints); its
``extract`` reads and converts one value per request.
"""

from __future__ import annotations

import collections.abc
import datetime
import decimal
import enum
import pathlib
import re
import types
import typing
from collections.abc import Callable
from typing import Any, Literal

import msgspec

from starlite._converters import parse_decimal, parse_timedelta
from starlite.exceptions import ImproperlyConfiguredException
from starlite.params import ParameterKwarg
from starlite.types.empty import Empty

ParameterSource = Literal["path", "query", "header", "cookie"]

_SEQUENCE_TYPES: dict[Any, Callable[[list[Any]], Any]] = {
    list: list,
    set: set,
    frozenset: frozenset,
    tuple: tuple,
    collections.abc.Sequence: list,
    collections.abc.Set: frozenset,
    collections.abc.MutableSequence: list,
    collections.abc.MutableSet: set,
    collections.abc.Iterable: list,
    collections.abc.Collection: list,
}
# The scalar kinds msgspec converts from text (``strict=False``); anything else cannot come from a URL.
_MSGSPEC_SCALARS = (
    msgspec.inspect.IntType,
    msgspec.inspect.FloatType,
    msgspec.inspect.StrType,
    msgspec.inspect.DecimalType,
    msgspec.inspect.UUIDType,
    msgspec.inspect.DateType,
    msgspec.inspect.DateTimeType,
    msgspec.inspect.TimeDeltaType,
    msgspec.inspect.EnumType,
    msgspec.inspect.LiteralType,
    msgspec.inspect.BoolType,
    msgspec.inspect.NoneType,
)
# pydantic's spellings of true and false, which 1.5x accepted (msgspec alone knows only true/false/1/0).
_TRUE = frozenset({"1", "true", "t", "yes", "y", "on"})
_FALSE = frozenset({"0", "false", "f", "no", "n", "off"})


class ParameterError(Exception):
    """One parameter that is missing or invalid; the plan gathers them into a single 400."""

    def __init__(self, key: str, source: str, message: str) -> None:
        super().__init__(message)
        self.key, self.source, self.message = key, source, message

    def as_dict(self) -> dict[str, str]:
        """The entry listed in the 400 response's ``extra``."""
        return {"key": self.key, "message": self.message, "source": self.source}


def strip_optional(annotation: Any) -> tuple[Any, bool]:
    """Return ``(annotation without None, whether None was allowed)``."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = typing.get_args(annotation)
        if type(None) in args:
            rest = tuple(arg for arg in args if arg is not type(None))
            return (rest[0] if len(rest) == 1 else typing.Union[rest]), True  # noqa: UP007
    return annotation, annotation is None or annotation is type(None)


def _sequence_factory(annotation: Any) -> Callable[[list[Any]], Any] | None:
    origin = typing.get_origin(annotation) or annotation
    if origin is tuple and typing.get_args(annotation)[1:] not in ((), (Ellipsis,)):
        return None  # a fixed-length tuple is not a repeated key
    return _SEQUENCE_TYPES.get(origin)


def _uses_pydantic(annotation: Any) -> bool:
    """Whether ``annotation`` carries metadata only pydantic understands (``Field``, annotated-types)."""
    if typing.get_origin(annotation) is typing.Annotated:
        return any(not isinstance(meta, msgspec.Meta | ParameterKwarg) for meta in annotation.__metadata__)
    return any(_uses_pydantic(arg) for arg in typing.get_args(annotation))


def _meta(kwarg: ParameterKwarg | None, *, numeric: bool) -> msgspec.Meta | None:
    if kwarg is None:
        return None
    options: dict[str, Any] = {}
    if numeric:
        for name in ("gt", "ge", "lt", "le", "multiple_of"):
            if getattr(kwarg, name) is not None:
                options[name] = getattr(kwarg, name)
    else:
        if kwarg.min_length is not None:
            options["min_length"] = kwarg.min_length
        if kwarg.max_length is not None:
            options["max_length"] = kwarg.max_length
    return msgspec.Meta(**options) if options else None


def _msgspec_message(exc: msgspec.ValidationError) -> str:
    # Every value from a URL is text, so "got `str`" says nothing; the expected type is the news.
    return str(exc).replace(", got `str`", "")


def _pydantic_converter(annotation: Any) -> Callable[[Any], Any]:
    from pydantic import TypeAdapter, ValidationError

    adapter: TypeAdapter[Any] = TypeAdapter(annotation)

    def convert(raw: Any) -> Any:
        try:
            return adapter.validate_python(raw)
        except ValidationError as exc:
            raise ValueError("; ".join(error["msg"] for error in exc.errors(include_url=False))) from exc

    return convert


def _scalar_converter(annotation: Any, kwarg: ParameterKwarg | None, where: str) -> Callable[[str], Any]:
    """Return a function converting one text value to ``annotation``; it raises ``ValueError``."""
    convert = _plain_scalar_converter(annotation, kwarg, where)
    choices = _choices(annotation)
    if choices is not None:
        convert = _with_message(convert, f"Expected one of: {', '.join(repr(c) for c in choices)}")
    if kwarg is not None and kwarg.regex is not None:
        convert = _with_regex(convert, kwarg.regex)
    return convert


def _choices(annotation: Any) -> list[Any] | None:
    """The allowed values of a ``Literal`` or ``Enum`` annotation."""
    if typing.get_origin(annotation) is Literal:
        return list(typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [member.value for member in annotation]
    return None


def _with_message(convert: Callable[[str], Any], message: str) -> Callable[[str], Any]:
    def converted(raw: str) -> Any:
        try:
            return convert(raw)
        except ValueError:
            raise ValueError(message) from None

    return converted


def _with_regex(convert: Callable[[str], Any], regex: str) -> Callable[[str], Any]:
    # As in 1.5x (pydantic v1), the pattern must match at the start of the value: ``re.match``.
    pattern = re.compile(regex)

    def matched(raw: str) -> Any:
        if pattern.match(raw) is None:
            raise ValueError(f"Expected a value matching {regex!r}")
        return convert(raw)

    return matched


_NUMERIC_CONSTRAINTS = ("gt", "ge", "lt", "le", "multiple_of")
_LENGTH_CONSTRAINTS = ("min_length", "max_length")


def _check_constraints_fit(annotation: Any, kwarg: ParameterKwarg | None, where: str) -> None:
    """Refuse constraints that cannot apply to the type, rather than silently ignoring them."""
    if kwarg is None:
        return
    numeric = annotation in (int, float, decimal.Decimal) or (
        isinstance(annotation, type) and issubclass(annotation, int | float) and annotation is not bool
    )
    textual = annotation in (Empty, Any, object, str, bytes, typing.AnyStr)
    for names, fits in ((_NUMERIC_CONSTRAINTS, numeric), (_LENGTH_CONSTRAINTS, textual)):
        misfits = [name for name in names if getattr(kwarg, name) is not None]
        if misfits and not fits:
            raise ImproperlyConfiguredException(
                f"{where}: {', '.join(misfits)} cannot apply to a value of type {annotation!r}"
            )


def _plain_scalar_converter(
    annotation: Any, kwarg: ParameterKwarg | None, where: str
) -> Callable[[str], Any]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return _union_converter(
            [_plain_scalar_converter(arg, kwarg, where) for arg in typing.get_args(annotation)]
        )
    _check_constraints_fit(annotation, kwarg, where)
    if annotation in (Empty, Any, object, str, typing.AnyStr):
        meta = _meta(kwarg, numeric=False)
        if meta is None:
            return str
        annotation = str
    if annotation is bool:

        def to_bool(raw: str) -> bool:
            lowered = raw.strip().lower()
            if lowered in _TRUE:
                return True
            if lowered in _FALSE:
                return False
            raise ValueError("Expected `bool`")

        return to_bool
    if annotation is bytes:
        check = _msgspec_check(bytes, _meta(kwarg, numeric=False))
        return lambda raw: check(raw.encode("utf-8"))
    if isinstance(annotation, type) and issubclass(annotation, pathlib.PurePath):
        return annotation
    if annotation is datetime.timedelta:
        return parse_timedelta
    if annotation is datetime.time:
        # msgspec wants seconds ("10:00:00"); pydantic also takes "10:00", as 1.5x did.
        return _pydantic_converter(annotation)
    if annotation is decimal.Decimal:
        if _meta(kwarg, numeric=True) is not None:
            return _pydantic_converter(_pydantic_constrained(annotation, kwarg))
        return parse_decimal
    try:
        info = msgspec.inspect.type_info(annotation)
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfiguredException(f"{where}: type {annotation!r} is not supported ({exc})") from exc
    kinds = info.types if isinstance(info, msgspec.inspect.UnionType) else (info,)
    if not all(isinstance(kind, _MSGSPEC_SCALARS) for kind in kinds):
        raise ImproperlyConfiguredException(
            f"{where}: a value of type {annotation!r} cannot be read from text; path, query, header and "
            "cookie parameters take numbers, strings, booleans, dates, UUIDs, enums and lists of them. "
            "Use a dependency, or 'data' for the request body"
        )
    numeric = all(isinstance(kind, msgspec.inspect.IntType | msgspec.inspect.FloatType) for kind in kinds)
    return _msgspec_check(annotation, _meta(kwarg, numeric=numeric))


def _union_converter(converters: list[Callable[[str], Any]]) -> Callable[[str], Any]:
    """Try the members of a ``Union`` in the order declared, as 1.5x (pydantic v1) did."""

    def first_that_fits(raw: str) -> Any:
        messages = []
        for convert in converters:
            try:
                return convert(raw)
            except ValueError as exc:
                messages.append(str(exc))
        raise ValueError(" or ".join(messages))

    return first_that_fits


def _pydantic_constrained(annotation: Any, kwarg: ParameterKwarg | None) -> Any:
    from pydantic import Field

    assert kwarg is not None
    options = {name: getattr(kwarg, name) for name in ("gt", "ge", "lt", "le", "multiple_of")}
    return typing.Annotated[annotation, Field(**{k: v for k, v in options.items() if v is not None})]


def _msgspec_check(annotation: Any, meta: msgspec.Meta | None) -> Callable[[Any], Any]:
    target = typing.Annotated[annotation, meta] if meta is not None else annotation
    try:
        msgspec.inspect.type_info(target)
    except TypeError as exc:
        raise ImproperlyConfiguredException(f"Constraints do not apply to {annotation!r}: {exc}") from exc
    convert = msgspec.convert

    def check(raw: Any) -> Any:
        try:
            return convert(raw, target, strict=False)
        except msgspec.ValidationError as exc:
            raise ValueError(_msgspec_message(exc)) from exc

    return check


def create_converter(
    annotation: Any, kwarg: ParameterKwarg | None, where: str
) -> tuple[Callable[[Any], Any], bool]:
    """Build the converter of one parameter at start-up.

    Returns:
        ``(convert, is_sequence)``: ``convert`` takes the text value (a list of them when
        ``is_sequence``) and returns the typed value or raises ``ValueError``.

    Raises:
        ImproperlyConfiguredException: When the type cannot be read from text; ``where`` names the
            handler and parameter in the message.
    """
    annotation, _ = strip_optional(annotation)
    if _uses_pydantic(annotation):
        factory = _sequence_factory(
            typing.get_args(annotation)[0]
            if typing.get_origin(annotation) is typing.Annotated
            else annotation
        )
        return _pydantic_converter(annotation), factory is not None
    factory = _sequence_factory(annotation)
    if factory is None:
        return _scalar_converter(annotation, kwarg, where), False
    args = [arg for arg in typing.get_args(annotation) if arg is not Ellipsis]
    item = _scalar_converter(strip_optional(args[0])[0] if args else str, kwarg, where)
    min_items = kwarg.min_items if kwarg else None
    max_items = kwarg.max_items if kwarg else None

    def convert_many(raw: list[str]) -> Any:
        if min_items is not None and len(raw) < min_items:
            raise ValueError(f"Expected at least {min_items} values")
        if max_items is not None and len(raw) > max_items:
            raise ValueError(f"Expected at most {max_items} values")
        return factory([item(value) for value in raw])

    return convert_many, True


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
    ) -> None:
        self.name, self.key, self.source = name, key, source
        self.annotation, self.default, self.required, self.kwarg = annotation, default, required, kwarg
        convert, self.is_sequence = create_converter(annotation, kwarg, where)
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
    const = definition.kwarg.const if definition.kwarg is not None else None

    def finish(raw: Any) -> Any:
        # The raw text (or list of texts), or ``_MISSING``, to the handler's value.
        if raw is _MISSING:
            if required:
                raise ParameterError(key, source, "Missing required parameter")
            return default
        try:
            value = convert(raw)
        except ValueError as exc:
            raise ParameterError(key, source, str(exc) or "Invalid value") from exc
        if const and value != default:
            raise ParameterError(key, source, f"Value must be {default!r}")
        return value

    if source == "path":
        plain = _plain_type(definition.annotation, definition.kwarg)
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
