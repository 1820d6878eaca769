"""Resolving the postponed annotations (``from __future__ import annotations``) of a function."""

from __future__ import annotations

import functools
import inspect
import re
import typing
from typing import Any

__all__ = ("closure_namespace", "resolved_return_annotation", "unresolved_names")

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def closure_namespace(fn: Any) -> dict[str, Any]:
    """The names a function closes over, with their current values: a local namespace for its annotations.

    A handler defined inside a function whose body uses a class defined there (``-> PersonOut`` with
    ``return PersonOut(...)`` in the body) can have its annotations resolved through them, where its
    module's globals do not know the class.

    Args:
        fn: A function, a ``functools.partial`` of one, or any other callable (which has none).
    """
    while isinstance(fn, functools.partial):
        fn = fn.func
    code = getattr(fn, "__code__", None)
    cells = getattr(fn, "__closure__", None)
    if code is None or not cells:
        return {}
    namespace: dict[str, Any] = {}
    for name, cell in zip(code.co_freevars, cells, strict=True):
        try:
            namespace[name] = cell.cell_contents
        except ValueError:  # a cell not yet filled (a name assigned later in the enclosing function)
            continue
    return namespace


def unresolved_names(annotation: Any) -> set[str]:
    """The identifiers in the parts of an annotation that are still strings or forward references.

    Args:
        annotation: A resolved, partly resolved or raw annotation.
    """
    if isinstance(annotation, str):
        return set(_IDENTIFIER.findall(annotation))
    if isinstance(annotation, typing.ForwardRef):
        return set(_IDENTIFIER.findall(annotation.__forward_arg__))
    names: set[str] = set()
    for argument in typing.get_args(annotation):
        names |= unresolved_names(argument)
    return names


def resolved_return_annotation(fn: Any) -> Any:
    """A function's return annotation, resolved through its module's globals and its closure.

    When that fails (a name defined inside the enclosing function that the body does not use), the
    raw annotation is returned: a string under ``from __future__ import annotations``.

    Args:
        fn: The function.
    """
    try:
        return typing.get_type_hints(fn, localns=closure_namespace(fn)).get("return", inspect.Signature.empty)
    except Exception:
        return inspect.signature(fn).return_annotation
