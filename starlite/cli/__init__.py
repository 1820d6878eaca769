"""The ``starlite`` command line: ``starlite run``, ``info``, ``routes``, ``sessions`` and ``schema``.

It is built on click and rich, which the ``standard`` and ``cli`` extras install; importing this package
without them raises ``MissingDependencyException`` naming the extra. ``import starlite`` never loads it.
"""

from starlite.exceptions import MissingDependencyException

try:
    import click  # noqa: F401
    import rich  # noqa: F401
except ImportError as exc:  # pragma: no cover - the test runs it in a subprocess
    raise MissingDependencyException(exc.name or "click", extra="standard") from exc
