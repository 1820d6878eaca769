"""Text to typed value for path, query, header and cookie parameters, chosen once per parameter.

``create_converter`` reads an annotation and a ``Parameter(...)`` declaration at start-up and returns
the function that converts the text of the request (a list of texts for a repeated key): msgspec for
the common scalar types, pydantic for annotations with pydantic metadata and for anything that text
cannot obviously become, pydantic 1 for pydantic 1 types. Every converter raises ``ValueError``.
"""

from __future__ import annotations

import collections.abc
import datetime
import decimal
import enum
import inspect
import pathlib
import re
import types
import typing
from collections.abc import Callable
from typing import Any, Literal

import msgspec

from starlite._converters import parse_decimal, parse_float, parse_int, parse_timedelta
from starlite._kwargs.pydantic_v1 import V1Validator, uses_pydantic_v1
from starlite.exceptions import ImproperlyConfiguredException
from starlite.params import ParameterKwarg
from starlite.types.empty import Empty

__all__ = ("create_converter", "strip_optional")

_SEQUENCE_TYPES: dict[Any, Callable[[list[Any]], Any]] = {
    list: list,
    collections.deque: collections.deque,
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
    if annotation is int or annotation is float:
        # The same text rules as a ``{name:int}`` or ``{name:float}`` path segment.
        parse = parse_int if annotation is int else parse_float
        meta = _meta(kwarg, numeric=True)
        if meta is None:
            return parse
        check = _msgspec_check(annotation, meta)
        return lambda raw: check(parse(raw))
    try:
        info = msgspec.inspect.type_info(annotation)
    except (TypeError, ValueError):
        return _fallback_converter(annotation, where)
    kinds = info.types if isinstance(info, msgspec.inspect.UnionType) else (info,)
    if not all(isinstance(kind, _MSGSPEC_SCALARS) for kind in kinds):
        return _fallback_converter(annotation, where)
    numeric = all(isinstance(kind, msgspec.inspect.IntType | msgspec.inspect.FloatType) for kind in kinds)
    return _msgspec_check(annotation, _meta(kwarg, numeric=numeric))


def _fallback_converter(annotation: Any, where: str) -> Callable[[Any], Any]:
    """Any other type (a ``dict``, a model, a class of the application's): validated per request.

    As in 1.5x, such a parameter does not stop the application from starting: a request without it
    gets its default (or "Missing required parameter"), and one that sends it gets what the validator
    makes of the text, usually a 400. pydantic 1 types go to pydantic 1; a class neither pydantic
    knows is only ever an instance of itself, which no text is.
    """
    if uses_pydantic_v1(annotation):
        return V1Validator(annotation)
    from pydantic import PydanticSchemaGenerationError, PydanticUserError

    try:
        return _pydantic_converter(annotation)
    except (PydanticSchemaGenerationError, PydanticUserError):
        if not inspect.isclass(annotation):
            raise ImproperlyConfiguredException(
                f"{where}: the annotation {annotation!r} is not a type"
            ) from None
        name = annotation.__name__

        def refuse(raw: Any) -> Any:
            raise ValueError(f"Expected `{name}`")

        return refuse


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
        ``is_sequence``) and returns the typed value or raises ``ValueError``. A type that cannot
        be read from text is validated per request (see ``_fallback_converter``).

    Raises:
        ImproperlyConfiguredException: When constraints cannot apply to the type; ``where`` names
            the handler and parameter in the message.
    """
    annotation, _ = strip_optional(annotation)
    if uses_pydantic_v1(annotation):
        return V1Validator(annotation), _is_sequence(annotation)
    if _uses_pydantic(annotation):
        factory = _sequence_factory(
            typing.get_args(annotation)[0]
            if typing.get_origin(annotation) is typing.Annotated
            else annotation
        )
        return _pydantic_converter(annotation), factory is not None
    if not _is_sequence(annotation):
        return _scalar_converter(annotation, kwarg, where), False
    convert = _sequence_converter(annotation, kwarg, where)
    min_items = kwarg.min_items if kwarg else None
    max_items = kwarg.max_items if kwarg else None
    if min_items is None and max_items is None:
        return convert, True

    def convert_many(raw: list[str]) -> Any:
        if min_items is not None and len(raw) < min_items:
            raise ValueError(f"Expected at least {min_items} values")
        if max_items is not None and len(raw) > max_items:
            raise ValueError(f"Expected at most {max_items} values")
        return convert(raw)

    return convert_many, True


def _is_sequence(annotation: Any) -> bool:
    """Whether a repeated key fills the parameter: a list, set, tuple or deque, or a union with one."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_is_sequence(arg) for arg in typing.get_args(annotation))
    return (typing.get_origin(annotation) or annotation) is tuple or _sequence_factory(annotation) is not None


def _sequence_converter(
    annotation: Any, kwarg: ParameterKwarg | None, where: str
) -> Callable[[list[str]], Any]:
    """Convert the values of a repeated key: each item, then the container."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return _union_of_sequences_converter(annotation, kwarg, where)
    factory = _sequence_factory(annotation)
    if factory is None:  # a fixed-length tuple: one converter per position
        positions = [
            _scalar_converter(strip_optional(arg)[0], kwarg, where) for arg in typing.get_args(annotation)
        ]

        def convert_positions(raw: list[str]) -> Any:
            if len(raw) != len(positions):
                raise ValueError(f"Expected {len(positions)} values")
            return tuple(convert(value) for convert, value in zip(positions, raw, strict=True))

        return convert_positions
    args = [arg for arg in typing.get_args(annotation) if arg is not Ellipsis]
    item = _scalar_converter(strip_optional(args[0])[0] if args else str, kwarg, where)
    return lambda raw: factory([item(value) for value in raw])


def _union_of_sequences_converter(
    annotation: Any, kwarg: ParameterKwarg | None, where: str
) -> Callable[[list[str]], Any]:
    """``int | list[int]``: the members in the order declared, a single value only for a single type."""
    members: list[tuple[bool, Callable[[Any], Any]]] = []
    for arg in typing.get_args(annotation):
        if _is_sequence(arg):
            members.append((True, _sequence_converter(arg, kwarg, where)))
        else:
            members.append((False, _scalar_converter(arg, kwarg, where)))

    def first_that_fits(raw: list[str]) -> Any:
        messages = []
        for many, convert in members:
            if not many and len(raw) != 1:
                continue
            try:
                return convert(raw if many else raw[0])
            except ValueError as exc:
                messages.append(str(exc))
        raise ValueError(" or ".join(messages) or "Expected a single value")

    return first_that_fits
