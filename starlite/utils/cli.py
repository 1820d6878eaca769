"""A hook for code that extends the ``starlite`` command line.

This module imports neither click nor the command line: registering a callback costs nothing when the
command line is not used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from click import Group

    CLIInitCallback = Callable[[Group], Any]

T = TypeVar("T", bound="CLIInitCallback")

CLI_INIT_CALLBACKS: list[CLIInitCallback] = []
"""The callbacks registered with ``on_cli_init``, in registration order."""


def on_cli_init(func: T) -> T:
    """Register ``func`` to be called with the root ``starlite`` group when the command line is built.

    The callbacks run once, when ``starlite.cli.main`` is first imported, so they can add commands and
    groups to it; nothing happens when the command line is not used.

    Args:
        func: A callable receiving the root ``click.Group``.

    Returns:
        ``func`` itself, so this can be used as a decorator.
    """
    CLI_INIT_CALLBACKS.append(func)
    return func
