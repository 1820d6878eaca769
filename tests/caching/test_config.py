"""``CacheConfig``, ``cache_config=`` on the app and ``default_cache_key_builder``."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from starlite import CacheConfig, ImproperlyConfiguredException, Request, Starlite, get
from starlite.app import DEFAULT_CACHE_CONFIG
from starlite.cache import Cache, CacheBackendProtocol, SimpleCacheBackend
from starlite.config.cache import default_cache_key_builder
from starlite.testing import RequestFactory, create_test_client


class Partial:
    def get(self, key: str) -> Any: ...

    def set(self, key: str, value: Any, expiration: int) -> None: ...


class Complete(Partial):
    def delete(self, key: str) -> None: ...


def test_the_defaults() -> None:
    config = CacheConfig()
    assert (config.backend, config.expiration, config.cache_key_builder) == (
        None,
        60,
        default_cache_key_builder,
    )
    cache = config.to_cache()
    assert isinstance(cache, Cache) and isinstance(cache.backend, SimpleCacheBackend)
    assert cache.default_expiration == 60


def test_any_object_with_get_set_and_delete_is_a_backend() -> None:
    assert isinstance(CacheConfig(backend=Complete()).to_cache().backend, Complete)


@pytest.mark.parametrize("backend", [Partial(), "redis://localhost", 3])
def test_a_backend_without_the_three_methods_is_refused(backend: Any) -> None:
    with pytest.raises(ValidationError, match="backend"):
        CacheConfig(backend=backend)


@pytest.mark.parametrize("expiration", [0, -5, "soon", 1.5, None, "0"])
def test_an_expiration_that_is_not_a_positive_number_of_seconds_is_refused(expiration: Any) -> None:
    with pytest.raises(ValidationError, match="expiration"):
        CacheConfig(expiration=expiration)


@pytest.mark.parametrize(("given", "read"), [("30", 30), (" 30 ", 30), (30.0, 30)])
def test_a_whole_number_given_as_text_or_float_is_read_as_seconds(given: Any, read: int) -> None:
    # As pydantic read 1.5x's int field.
    assert CacheConfig(expiration=given).expiration == read


def test_a_key_builder_that_cannot_be_called_is_refused() -> None:
    with pytest.raises(ValidationError, match="cache_key_builder"):
        CacheConfig(cache_key_builder="path")  # type: ignore[arg-type]


def test_the_config_is_keyword_only_and_compares_by_value() -> None:
    assert CacheConfig(expiration=5) == CacheConfig(expiration=5) != CacheConfig(expiration=6)
    with pytest.raises(TypeError):
        CacheConfig(None, 5)  # type: ignore[misc]


def test_every_app_has_a_cache_of_its_own_by_default() -> None:
    first, second = Starlite([]), Starlite([], cache_config=None)
    assert first.cache_config is DEFAULT_CACHE_CONFIG and second.cache_config is DEFAULT_CACHE_CONFIG
    assert isinstance(first.cache.backend, SimpleCacheBackend)
    assert first.cache.backend is not second.cache.backend


def test_the_app_takes_a_config_or_a_mapping_of_its_fields() -> None:
    backend = Complete()
    assert Starlite([], cache_config=CacheConfig(backend=backend)).cache.backend is backend
    assert Starlite([], cache_config={"expiration": 5}).cache.default_expiration == 5


def test_anything_else_is_refused() -> None:
    with pytest.raises(ImproperlyConfiguredException, match="cache_config"):
        Starlite([], cache_config="memory")  # type: ignore[arg-type]


def test_a_sync_redis_client_is_a_backend() -> None:
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    assert isinstance(client, CacheBackendProtocol)
    Starlite([], cache_config=CacheConfig(backend=client))
    client.close()


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("", "/items"),
        ("b=2&a=1", "/items?a=1&b=2"),
        ("a=1&b=2", "/items?a=1&b=2"),
        ("b=2&a=3&a=1", "/items?a=3&a=1&b=2"),
        ("q=a+b%26c", "/items?q=a+b%26c"),
    ],
)
def test_the_default_key_is_the_path_and_the_query_sorted_by_name(query: str, key: str) -> None:
    request = RequestFactory().get("/items" + ("?" + query if query else ""))
    assert default_cache_key_builder(request) == key


def test_a_path_that_looks_like_a_query_has_a_key_of_its_own() -> None:
    factory = RequestFactory()
    assert default_cache_key_builder(factory.get("/itemsa=1")) != default_cache_key_builder(
        factory.get("/items?a=1")
    )


def test_the_app_s_key_builder_is_used_by_the_app_s_cache() -> None:
    seen: list[str] = []

    def key_builder(request: Request[Any, Any]) -> str:
        seen.append(request.url.path)
        return "one-key"

    @get("/a", cache=True)
    def handler() -> str:
        return "a"

    with create_test_client([handler], cache_config=CacheConfig(cache_key_builder=key_builder)) as client:
        client.get("/a")
        assert list(client.app.cache.backend._store) == ["one-key"]
    assert seen == ["/a"]
