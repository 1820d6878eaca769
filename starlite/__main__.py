"""``python -m starlite`` and the ``starlite`` console script: the command line."""

from __future__ import annotations

import sys

from starlite.exceptions import MissingDependencyException

__all__ = ("run_cli",)


def run_cli() -> None:
    """Run the ``starlite`` command line; without click or rich, say which extra to install."""
    try:
        from starlite.cli.main import starlite_group
    except MissingDependencyException as exc:
        sys.stderr.write(f"Error: {exc}\n")
        sys.exit(1)
    starlite_group(prog_name="starlite")


if __name__ == "__main__":
    run_cli()
