"""Deprecation warnings: ``warn_deprecation`` and the ``deprecated`` decorator."""

from __future__ import annotations

import functools
import inspect
import warnings
from collections.abc import Callable
from typing import Literal, TypeAlias, TypeVar

from typing_extensions import ParamSpec

__all__ = ("DeprecatedKind", "deprecated", "warn_deprecation")

P = ParamSpec("P")
T = TypeVar("T")

DeprecatedKind: TypeAlias = Literal[
    "function", "method", "classmethod", "attribute", "property", "class", "parameter", "import"
]
"""What is deprecated; it words the warning ("Call to", "Use of", "Import of")."""

_VERBS: dict[str, str] = {"function": "Call to", "method": "Call to", "import": "Import of"}


def warn_deprecation(
    version: str,
    deprecated_name: str,
    kind: DeprecatedKind,
    *,
    removal_in: str | None = None,
    alternative: str | None = None,
    info: str | None = None,
    pending: bool = False,
) -> None:
    """Warn that ``deprecated_name`` is deprecated (or will be, when ``pending``).

    Args:
        version: The version that deprecated it.
        deprecated_name: What is deprecated.
        kind: What kind of thing it is.
        removal_in: The version that removes it (the next major one when not given).
        alternative: What to use instead.
        info: A further sentence for the reader.
        pending: Warn with ``PendingDeprecationWarning`` instead of ``DeprecationWarning``.
    """
    verb = _VERBS.get(kind, "Use of")
    state = f"{kind} awaiting deprecation" if pending else f"deprecated {kind}"
    sentences = [
        f"{verb} {state} {deprecated_name!r}",
        f"Deprecated in starlite {version}",
        f"This {kind} will be removed in {removal_in or 'the next major version'}",
    ]
    if alternative:
        sentences.append(f"Use {alternative!r} instead")
    if info:
        sentences.append(info)
    category = PendingDeprecationWarning if pending else DeprecationWarning
    # stacklevel 3: the warning points at the code that used the deprecated thing, not at the
    # function (or decorator wrapper) that reports it.
    warnings.warn(". ".join(sentences), category, stacklevel=3)


def deprecated(
    version: str,
    *,
    removal_in: str | None = None,
    alternative: str | None = None,
    info: str | None = None,
    pending: bool = False,
    kind: Literal["function", "method", "classmethod", "property"] | None = None,
) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Decorate a function so that each call warns of its deprecation (see ``warn_deprecation``).

    Args:
        version: The version that deprecated it.
        removal_in: The version that removes it.
        alternative: What to use instead.
        info: A further sentence for the reader.
        pending: Warn with ``PendingDeprecationWarning`` instead of ``DeprecationWarning``.
        kind: What the function is; a method or a function (told apart by ``inspect``) by default.
    """

    def decorate(func: Callable[P, T]) -> Callable[P, T]:
        resolved_kind: DeprecatedKind = kind or ("method" if inspect.ismethod(func) else "function")

        @functools.wraps(func)
        def warn_then_call(*args: P.args, **kwargs: P.kwargs) -> T:
            warn_deprecation(
                version,
                func.__name__,
                resolved_kind,
                removal_in=removal_in,
                alternative=alternative,
                info=info,
                pending=pending,
            )
            return func(*args, **kwargs)

        return warn_then_call

    return decorate
