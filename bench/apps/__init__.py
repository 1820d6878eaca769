"""The apps of the suite, one module per framework, and the registry that says how to run each one.

Every ``apps/<name>.py`` exposes the same functions, each returning a fresh ASGI app:

- ``build_app()``: W1-W4 (``/plaintext``, ``/json``, ``/items/{id}``, ``POST /items``), no session;
- ``build_session_app()``: W5 (``/session``) behind the framework's cookie-session middleware;
- ``build_site_app()``: W7 (``/page``, a Jinja template) and W8 (``/static/blob.bin``, a static file),
  with the templates and the file of ``apps/_site.py`` (a framework without it is SKIPPED on those);
- ``build_db_app()``: W9 (``/items/{id}``, one row read through a SQLAlchemy session per request), on
  the SQLite file of ``apps/_db.py`` (optional too: Starlette, BlackSheep and Starlite 1.51 have none);
- ``build_routes_app(count, shape)``: ``count`` distinct GET handlers answering plain text, for the
  start-up and scale measures: ``shape`` is ``"static"`` (``/route{i}`` answers ``ok``), ``"param"``
  (``/route{i}/{item_id:int}`` answers the id) or ``"mixed"`` (odd ``i`` parameterized, even ``i`` static);

and, for ``uvicorn apps.<name>:app`` (and ``:session_app``, ``:site_app``, ``:db_app``), the module
attributes ``app``, ``session_app``, ``site_app`` and ``db_app``, built on first access (so that
importing a module costs no more than importing its framework: the start-up measure times that import).

Each app is written the way its framework's documentation shows. Only the standard library is
imported here: workers running in the Starlite 1.51 venv import this package too.
"""

import importlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

BENCH_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = BENCH_DIR.parent
STARLITE151_VENV = BENCH_DIR / ".venv-starlite151"

OURS = "starlite"
BARE = "bare"


@dataclass(frozen=True)
class Framework:
    """A framework of the suite and what it needs to run.

    Attributes:
        name: the key used on the command line and the name of its module under ``apps/``.
        title: what the tables call it.
        imports: top-level modules it needs; a missing one reports the framework as SKIPPED.
        distributions: the packages whose versions the results record.
        venv: a virtual environment of its own (Starlite 1.51, which shares our package name), or
            ``None`` for the suite's own interpreter.
    """

    name: str
    title: str
    imports: tuple[str, ...]
    distributions: tuple[str, ...]
    venv: Path | None = None

    @property
    def module(self) -> str:
        return f"apps.{self.name}"

    @property
    def python(self) -> str:
        """The interpreter its workers and servers run on."""
        return str(self.venv / "bin" / "python") if self.venv else os.path.abspath(sys.executable)


FRAMEWORKS: dict[str, Framework] = {
    f.name: f
    for f in [
        Framework("bare", "bare ASGI", ("msgspec", "pydantic"), ("msgspec", "pydantic")),
        Framework(
            "starlite", "starlite (ours)", ("starlite", "cryptography"), ("starlite", "pydantic", "msgspec")
        ),
        Framework(
            "starlite151",
            "Starlite 1.51",
            ("starlite", "cryptography"),
            ("starlite", "pydantic", "msgspec", "anyio", "httpx", "uvicorn"),
            venv=STARLITE151_VENV,
        ),
        Framework("starlette", "Starlette", ("starlette", "itsdangerous"), ("starlette", "itsdangerous")),
        Framework("fastapi", "FastAPI", ("fastapi", "itsdangerous"), ("fastapi", "starlette", "pydantic")),
        Framework(
            "litestar", "Litestar 2", ("litestar", "cryptography"), ("litestar", "msgspec", "pydantic")
        ),
        Framework("blacksheep", "BlackSheep", ("blacksheep", "itsdangerous"), ("blacksheep", "pydantic")),
    ]
}


def load(name: str) -> ModuleType:
    """Import ``apps.<name>`` (and so its framework)."""
    return importlib.import_module(f"apps.{name}")


def lazy_apps(
    build_app: Callable[[], Any],
    build_session_app: Callable[[], Any],
    build_site_app: Callable[[], Any] | None = None,
    build_db_app: Callable[[], Any] | None = None,
) -> Callable[[str], Any]:
    """A module ``__getattr__`` (PEP 562) giving ``app``, ``session_app``, ``site_app`` and ``db_app``,
    each built on first use."""
    builders = {"app": build_app, "session_app": build_session_app}
    if build_site_app is not None:
        builders["site_app"] = build_site_app
    if build_db_app is not None:
        builders["db_app"] = build_db_app
    built: dict[str, Any] = {}

    def __getattr__(name: str) -> Any:
        if name not in builders:
            raise AttributeError(f"module has no attribute {name!r}")
        if name not in built:
            built[name] = builders[name]()
        return built[name]

    return __getattr__


def build(module: ModuleType, app: str) -> Any:
    """A fresh app of a framework's module: ``app`` is a ``Workload.app`` (``app``, ``session_app``...)."""
    builder = getattr(module, f"build_{app}", None)
    if builder is None:
        raise NotImplementedError(f"{module.__name__} has no build_{app}()")
    return builder()


def is_parameterized(index: int, shape: str) -> bool:
    """Whether route ``index`` of a ``build_routes_app(count, shape)`` app takes an int path parameter."""
    if shape not in ("static", "param", "mixed"):
        raise ValueError(f"unknown shape {shape!r}")
    return shape == "param" or (shape == "mixed" and index % 2 == 1)
