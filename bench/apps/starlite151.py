"""The real Starlite 1.51 (pydantic 1, anyio 3), running the very apps ours runs (``_starlite_api``).

It shares our package name, so it lives in ``bench/.venv-starlite151``; its workers run as
``python bench/<script>.py`` from ``bench/``, so the repository root is not on ``sys.path``. This
module refuses to load any other ``starlite``, so a mix-up fails loudly instead of measuring ours twice.
"""

import importlib.metadata
from pathlib import Path

import starlite
from apps import REPO_ROOT, lazy_apps

_version = importlib.metadata.version("starlite")
if not _version.startswith("1.51.") or Path(starlite.__file__).resolve().is_relative_to(
    REPO_ROOT / "starlite"
):
    raise ImportError(
        f"apps.starlite151 needs Starlite 1.51 (bench/.venv-starlite151), but imported starlite {_version} "
        f"from {starlite.__file__}"
    )

from apps._starlite_api import (  # noqa: E402
    OPENAPI_PATH,
    build_app,
    build_openapi_app,
    build_routes_app,
    build_session_app,
    build_site_app,
)

__all__ = [
    "OPENAPI_PATH",
    "build_app",
    "build_openapi_app",
    "build_routes_app",
    "build_session_app",
    "build_site_app",
]
__getattr__ = lazy_apps(build_app, build_session_app, build_site_app)
