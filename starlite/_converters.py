"""Text to value: the converters of typed path segments and of path, query, header and cookie parameters.

Both use these, so ``{amount:decimal}`` in a route and ``amount: Decimal`` in a signature accept the
same text.

Every converter raises ``ValueError`` with a short message on text it refuses.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

import msgspec

_INT = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_SECONDS = re.compile(r"([-+]?)(\d+)(?:\.(\d+))?")
_WEEKS = re.compile(r"([+-]?)P(\d+)W")


def parse_text(text: str) -> str:
    r"""Text as it is, when it is valid Unicode.

    A server may decode a path's invalid UTF-8 (``%FF``) into lone surrogates (a ``"\udcff"``, the
    ``surrogateescape`` error handler); no response could carry such a value back, so it would fail
    later, where the handler's result is encoded, as a 500.
    """
    text.encode("utf-8")  # UnicodeEncodeError, a ValueError, on a lone surrogate
    return text


def parse_int(text: str) -> int:
    """An integer written in ASCII digits, with an optional sign.

    ``int()`` would also take ``" 1"``, ``"1_000"`` and digits of other scripts (``"１２"``), so
    ``/items/１２`` would reach the handler as ``12``.
    """
    if not _INT.fullmatch(text):
        raise ValueError("Expected `int`")
    return int(text)


def parse_float(text: str) -> float:
    """A finite number written in ASCII: ``"1"``, ``"-2.5"``, ``".5"``, ``"1e3"``.

    ``float()`` would also take ``"nan"``, ``"inf"``, ``"1_0"`` and surrounding spaces; a value too
    large for a float (``"1e400"``) is refused rather than read as infinity.
    """
    if not _FLOAT.fullmatch(text):
        raise ValueError("Expected `float`")
    number = float(text)
    if math.isinf(number):
        raise ValueError("Expected a finite `float`")
    return number


def parse_decimal(text: str) -> Decimal:
    """A finite decimal: ``NaN`` and ``Infinity`` are refused, as pydantic 2 refuses them for ``Decimal``."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError("Expected `decimal`") from None
    if not number.is_finite():
        raise ValueError("Expected a finite `decimal`")
    return number


def parse_timedelta(text: str) -> timedelta:
    """A duration in seconds (``"90"``, ``"1.5"``) or in ISO 8601 (``"PT1H30M"``).

    Whole seconds and the fraction are read apart, so long durations keep their microseconds (a float
    would lose them past about 2**32 seconds).
    """
    match = _SECONDS.fullmatch(text.strip())
    if match is not None:
        sign, whole, fraction = match.groups()
        try:
            duration = timedelta(
                seconds=int(whole), microseconds=round(int((fraction or "0")[:7].ljust(7, "0")) / 10)
            )
        except OverflowError as exc:
            raise ValueError("Expected `duration`") from exc
        return -duration if sign == "-" else duration
    weeks = _WEEKS.fullmatch(text.strip())
    if weeks is not None:  # ISO 8601's week form ("P2W"), which msgspec does not read but pydantic does
        try:
            duration = timedelta(weeks=int(weeks.group(2)))
        except OverflowError as exc:
            raise ValueError("Expected `duration`") from exc
        return -duration if weeks.group(1) == "-" else duration
    try:
        return msgspec.convert(text, timedelta)
    except msgspec.ValidationError as exc:
        raise ValueError("Expected `duration`") from exc


PATH_PARAMETER_TYPES: dict[str, tuple[type, Callable[[str], Any]]] = {
    "str": (str, parse_text),
    "int": (int, parse_int),
    "float": (float, parse_float),
    "uuid": (UUID, UUID),
    "decimal": (Decimal, parse_decimal),
    "date": (date, date.fromisoformat),
    "datetime": (datetime, datetime.fromisoformat),
    "time": (time, time.fromisoformat),
    "timedelta": (timedelta, parse_timedelta),
    "path": (str, parse_text),
}
"""The types a path segment may be declared as (``{name:type}``): the Python type and its converter."""
