"""Aliases for the mapping and sequence options every layer accepts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import Any, TypeAlias

__all__ = ("Middleware", "ParametersMap", "PathType", "ResponseCookies", "ResponseHeadersMap")

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
