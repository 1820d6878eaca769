"""Session middleware and backends: ``from starlite.middleware.session import SessionMiddleware``.

The backends live in their own modules, each importing its optional dependency only there:
``cookie_backend`` (``cryptography``), ``memory_backend``, ``file_backend``, ``redis_backend``
(``redis``) and ``memcached_backend`` (``aiomcache``).
"""

import warnings
from typing import Any

from starlite.middleware.session.base import SessionMiddleware as SessionMiddleware

__all__ = ("SessionMiddleware",)


def __getattr__(name: str) -> Any:
    # 1.5x still answered this old import path, with a deprecation warning; so do we.
    if name != "CookieBackendConfig":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from starlite.middleware.session.cookie_backend import CookieBackendConfig

    warnings.warn(
        "Importing CookieBackendConfig from starlite.middleware.session is deprecated: import it from "
        "starlite.middleware.session.cookie_backend",
        DeprecationWarning,
        stacklevel=2,
    )
    return CookieBackendConfig
