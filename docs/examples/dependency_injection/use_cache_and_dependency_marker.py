"""``Provide(use_cache=True)`` computes a value once; ``Dependency(...)`` marks an argument as injected."""

from itertools import count
from typing import Any

import pytest

from starlite import Dependency, ImproperlyConfiguredException, Provide, Starlite, get
from starlite.testing import TestClient, create_test_client

config_loads = count(1)


def load_config() -> dict[str, Any]:
    # Imagine reading a file or calling a configuration service.
    return {"feature_flags": ["new-checkout"], "load_number": next(config_loads)}


@get("/config/cached", dependencies={"config": Provide(load_config, use_cache=True)})
def cached_config(config: dict[str, Any]) -> dict[str, Any]:
    return config


@get("/config/fresh", dependencies={"config": Provide(load_config)})
def fresh_config(config: dict[str, Any]) -> dict[str, Any]:
    return config


@get("/search")
def search(max_results: int = Dependency(default=20)) -> int:
    # No layer provides ``max_results`` here: the default is used. It is not a query parameter.
    return max_results


def legacy_client() -> object:
    return "a client object that is not a LegacyClient instance"


class LegacyClient:
    pass


@get("/legacy", dependencies={"client": Provide(legacy_client)})
def use_legacy(client: LegacyClient = Dependency(skip_validation=True)) -> str:
    # The provided value is passed through without checking it against the annotation.
    return str(client)


app = Starlite(route_handlers=[cached_config, fresh_config, search, use_legacy])


def test_use_cache_calls_the_provider_once() -> None:
    with TestClient(app=app) as client:
        first = client.get("/config/cached").json()["load_number"]
        fresh = [client.get("/config/fresh").json()["load_number"] for _ in range(2)]
        again = client.get("/config/cached").json()["load_number"]
    # The cached value is kept for the life of the provider, across requests.
    assert again == first
    # Without the cache, the provider runs on every request.
    assert fresh[1] == fresh[0] + 1


def test_dependency_default() -> None:
    with TestClient(app=app) as client:
        assert client.get("/search").text == "20"
        # A query parameter of the same name is ignored.
        assert client.get("/search?max_results=5").text == "20"


def test_a_layer_overrides_the_dependency_default() -> None:
    with create_test_client([search], dependencies={"max_results": Provide(lambda: 50)}) as client:
        assert client.get("/search").text == "50"


def test_skip_validation() -> None:
    with TestClient(app=app) as client:
        assert client.get("/legacy").text == "a client object that is not a LegacyClient instance"


def test_without_skip_validation_a_wrong_value_is_a_server_error() -> None:
    @get("/checked", dependencies={"client": Provide(legacy_client)})
    def checked(client: LegacyClient) -> str:
        return str(client)

    with create_test_client([checked], raise_server_exceptions=False) as client:
        response = client.get("/checked")
    # A provider returning the wrong type is the server's fault, not the client's: a 500.
    assert response.status_code == 500


def test_an_unprovided_dependency_without_default_fails_at_start_up() -> None:
    @get("/db")
    def needs_db(db: Any = Dependency()) -> str:
        return "unreachable"

    with pytest.raises(ImproperlyConfiguredException, match="no layer provides 'db'"):
        Starlite(route_handlers=[needs_db])


def test_a_generator_cannot_be_cached() -> None:
    def session() -> Any:
        yield "session"

    # Its cleanup would never run.
    with pytest.raises(ImproperlyConfiguredException, match="cannot use use_cache"):
        Provide(session, use_cache=True)
