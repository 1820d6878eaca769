"""Aliases for the mapping and sequence options every layer accepts.

The aliases 1.5x kept here that name a structure above this layer (``Dependencies``, the exception
handler maps, ``InitialStateType``) live with what they name and load from there on first use (PEP
562), so that importing this module never imports the layers above it.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from importlib import import_module
from os import PathLike
from pathlib import Path
from typing import Any, Literal, TypeAlias, TypeVar

from starlite.enums import ScopeType

__all__ = (
    "MaybePartial",
    "Middleware",
    "ParametersMap",
    "PathType",
    "ResponseCookies",
    "ResponseHeadersMap",
    "Scopes",
    "StreamType",
    "TypeEncodersMap",
)

T = TypeVar("T")

Middleware: TypeAlias = Any
"""A middleware: a class or factory called with ``app=``, a ``DefineMiddleware``, or ``(class, options)``."""
ResponseHeadersMap: TypeAlias = "Mapping[str, Any] | Sequence[Any]"
"""The ``response_headers`` of a layer: a mapping of names to values, or a list of ``ResponseHeader``."""
ResponseCookies: TypeAlias = "Sequence[Any]"
"""The ``response_cookies`` of a layer: a list of ``Cookie``."""
ParametersMap: TypeAlias = "Mapping[str, Any]"
"""The ``parameters`` of a layer: parameter declarations keyed by name."""
PathType: TypeAlias = Path | PathLike[str] | str
"""A file system path: a ``Path``, any ``os.PathLike`` or a string."""
Scopes: TypeAlias = "set[Literal[ScopeType.HTTP, ScopeType.WEBSOCKET]]"
"""The connection types a middleware handles."""
StreamType: TypeAlias = "Iterable[T] | Iterator[T] | AsyncIterable[T] | AsyncIterator[T]"
"""What a streaming response reads its chunks from: any sync or async iterable."""
TypeEncodersMap: TypeAlias = "Mapping[Any, Callable[[Any], Any]]"
"""The ``type_encoders`` of a layer: encoders of values msgspec cannot serialize, keyed by type."""
MaybePartial: TypeAlias = "T | partial[T]"
"""A callable, or a ``functools.partial`` of one."""

# Left out of __all__: a star import would load the layers above.
_LAZY: dict[str, str] = {
    "Dependencies": "starlite.datastructures.provide",
    "ExceptionHandler": "starlite.utils.exception",
    "ExceptionHandlersMap": "starlite.utils.exception",
    "InitialStateType": "starlite.datastructures.state",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'starlite.types.composite_types' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
