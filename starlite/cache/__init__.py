"""Caching: the ``Cache`` the app offers its handlers (``request.app.cache``) and its backends.

``SimpleCacheBackend`` keeps values in the process's memory; ``redis_cache_backend`` and
``memcached_cache_backend`` (imported from their modules, as they need the ``redis`` and
``memcached`` extras) keep them where several processes share them.
"""

from starlite.cache.base import Cache as Cache
from starlite.cache.base import CacheBackendProtocol as CacheBackendProtocol
from starlite.cache.simple_cache_backend import SimpleCacheBackend as SimpleCacheBackend

__all__ = ("Cache", "CacheBackendProtocol", "SimpleCacheBackend")
