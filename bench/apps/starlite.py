"""Ours: this repository's ``starlite``, running the Starlite 1.5x apps of ``_starlite_api``."""

import starlite
from apps import lazy_apps

# The real 1.51 has no __version__; ours has (1.52.0.dev0). A copy of ours put first on PYTHONPATH
# (to measure a snapshot of a tree being edited) passes too.
if getattr(starlite, "__version__", "1.51").startswith("1.51"):
    raise ImportError(f"apps.starlite needs this repository's starlite, but imported {starlite.__file__}")

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
