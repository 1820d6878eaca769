"""Names of a package loaded on first use (PEP 562), for the packages that re-export many modules."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any

__all__ = ("lazy_exports",)


def lazy_exports(
    package: str, exports: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The module ``__getattr__`` and ``__dir__`` of ``package``, loading each name from its module.

    A name is imported from the module ``exports`` maps it to when it is first read, then kept in the
    package's namespace, so later reads cost nothing.

    Args:
        package: The package's ``__name__``.
        exports: Each lazily loaded name, mapped to the module that defines it.
    """

    def __getattr__(name: str) -> Any:  # noqa: N807
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:  # noqa: N807
        namespace = sys.modules[package]
        return sorted({*vars(namespace), *getattr(namespace, "__all__", ())})

    return __getattr__, __dir__
