"""``CacheConfig``: the app's cache (``cache_config=``), and the default response cache key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from starlite.cache.base import Cache, CacheBackendProtocol
from starlite.cache.simple_cache_backend import SimpleCacheBackend
from starlite.datastructures._validation import validation_error
from starlite.types.callable_types import CacheKeyBuilder
from starlite.utils._config import as_config

__all__ = ("CacheConfig", "default_cache_key_builder")


def default_cache_key_builder(request: Any) -> str:
    """Return the response cache key of ``request``: its path, then ``?`` and its sorted query.

    The query parameters are sorted by name (the values of a repeated name keep their order), so
    ``/items?b=1&a=2`` and ``/items?a=2&b=1`` share an entry. Unlike 1.5x, which appended the query
    to the path directly, a ``?`` separates them when there is a query: ``/items?a=1`` and the path
    ``/itemsa=1`` do not share an entry; a ``?`` or ``%`` inside the path is escaped, so a path cannot
    pose as another path's query either. The host is not part of the key, as in 1.5x: a handler whose
    answer depends on the ``Host`` header needs ``allowed_hosts`` or its own ``cache_key_builder``.

    Args:
        request: The ``Request``.
    """
    scope = request.scope
    # ``request.url.path``, without building the URL: this runs on every request to a cached handler.
    # A ``?`` or ``%`` in the path itself is escaped (``%3F``, ``%25``), so that the path
    # ``/u/a%3Fb=1`` (decoded: ``/u/a?b=1``) and ``/u/a?b=1`` cannot share an entry.
    path: str = scope.get("root_path", "") + scope["path"]
    if "?" in path or "%" in path:
        path = path.replace("%", "%25").replace("?", "%3F")
    if not scope.get("query_string"):
        return path
    query = request.query_params
    if not query:
        return path
    return path + "?" + urlencode(sorted(query.dict().items(), key=lambda item: item[0]), doseq=True)


@dataclass(kw_only=True)
class CacheConfig:
    """The app's cache: its backend, default expiration and response cache key (``cache_config=``).

    The app always has a cache (``app.cache``, ``request.app.cache``): left out, ``cache_config`` is
    ``CacheConfig()``, an in-memory cache of this process. A plain class, where 1.5x had a pydantic
    model, so that every app does not load pydantic for it; a wrong value still raises pydantic's
    ``ValidationError``.

    Attributes:
        backend: Any object with ``get``, ``set`` and ``delete`` (see ``CacheBackendProtocol``);
            a new ``SimpleCacheBackend`` when ``None``.
        expiration: Seconds a value lives when no expiration is given, and a response cached with
            ``cache=True`` (above 0).
        cache_key_builder: Builds the response cache key of a request where no layer sets one;
            ``default_cache_key_builder`` (the path and the sorted query) by default.

    Raises:
        pydantic.ValidationError: When the backend lacks a method, the expiration is not a whole
            number of seconds above 0, or the key builder is not callable.
    """

    backend: CacheBackendProtocol | None = None
    expiration: int = 60
    cache_key_builder: CacheKeyBuilder = default_cache_key_builder

    def __post_init__(self) -> None:
        if self.backend is not None and not isinstance(self.backend, CacheBackendProtocol):
            raise validation_error(
                "CacheConfig", "backend", self.backend, "the backend needs get, set and delete methods"
            )
        self.expiration = _whole_seconds(self.expiration)
        if not callable(self.cache_key_builder):
            raise validation_error(
                "CacheConfig", "cache_key_builder", self.cache_key_builder, "the key builder must be callable"
            )

    def to_cache(self) -> Cache:
        """Return a new ``Cache`` with this configuration (and a new memory backend if none is set)."""
        return Cache(
            backend=self.backend if self.backend is not None else SimpleCacheBackend(),
            default_expiration=self.expiration,
            cache_key_builder=self.cache_key_builder,
        )


def _whole_seconds(value: Any) -> int:
    # As pydantic read an ``int`` field: whole numbers, also as floats or strings.
    seconds: Any = value
    if isinstance(value, str):
        try:
            seconds = int(value.strip())
        except ValueError:
            seconds = None
    elif isinstance(value, float) and value.is_integer():
        seconds = int(value)
    if not isinstance(seconds, int) or seconds <= 0:
        raise validation_error(
            "CacheConfig", "expiration", value, "the expiration must be a whole number of seconds above 0"
        )
    return seconds


def as_cache_config(value: Any, default: CacheConfig) -> CacheConfig:
    """The app's ``CacheConfig``: ``default`` for ``None``; a mapping of its fields is read as one."""
    return as_config(value, CacheConfig, "cache_config") or default
