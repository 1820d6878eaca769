"""Session middleware and backends: ``from starlite.middleware.session import SessionMiddleware``.

The backends live in their own modules, each importing its optional dependency only there:
``cookie_backend`` (``cryptography``), ``memory_backend``, ``file_backend``, ``redis_backend``
(``redis``) and ``memcached_backend`` (``aiomcache``).
"""

from starlite.middleware.session.base import SessionMiddleware as SessionMiddleware

__all__ = ("SessionMiddleware",)
