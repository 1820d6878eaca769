"""Sessions with what 1.5x code brings: its own store clients, and a response class serializer.

A store client of the user's own making subclasses redis-py's ``Redis`` or aiomcache's ``Client`` without building a
connection, and implements ``get``, ``set`` and ``delete`` on a dict.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anyio
import pytest
from aiomcache import Client
from redis.asyncio import Redis

from starlite import Request, Response, Starlite, get, post
from starlite.middleware.session.base import ServerSideBackend
from starlite.middleware.session.file_backend import FileBackendConfig
from starlite.middleware.session.memcached_backend import MemcachedBackendConfig
from starlite.middleware.session.redis_backend import RedisBackendConfig
from starlite.testing import TestClient
from tests.session_stores import make_config


class DictMemcached(Client):
    def __init__(self) -> None:  # no connection pool: nothing but a dict
        self.store: dict[bytes, bytes] = {}

    async def get(self, key: bytes) -> bytes | None:  # type: ignore[override]
        return self.store.get(key)

    async def set(self, key: bytes, value: bytes, exptime: int = 0) -> None:  # type: ignore[override]
        self.store[key] = value  # returns nothing, where aiomcache returns True

    async def delete(self, key: bytes) -> None:  # type: ignore[override]
        self.store.pop(key, None)


class DictRedis(Redis):
    def __init__(self) -> None:  # no connection pool: nothing but a dict
        self.store: dict[str, bytes] = {}

    async def get(self, name: str) -> bytes | None:  # type: ignore[override]
        return self.store.get(name)

    async def set(self, name: str, value: bytes, ex: int | None = None) -> None:  # type: ignore[override]
        self.store[name] = value  # no ``xx``: redis-py's own set is not there

    async def delete(self, *names: str) -> None:  # type: ignore[override]
        for name in names:
            self.store.pop(name, None)


@get("/read")
def read(request: Request[Any, Any]) -> dict[str, Any]:
    return request.session


@post("/write")
def write(request: Request[Any, Any], data: dict[str, Any]) -> None:
    request.session.update(data)


@post("/clear")
def clear(request: Request[Any, Any]) -> None:
    request.clear_session()


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
@pytest.mark.parametrize(
    "make_config",
    [
        lambda: MemcachedBackendConfig(memcached=DictMemcached()),
        lambda: RedisBackendConfig(redis=DictRedis()),
    ],
    ids=["memcached", "redis"],
)
def test_a_client_with_only_get_set_and_delete_serves_sessions(make_config: Any, backend: str) -> None:
    config = make_config()
    store = getattr(config, "memcached", None) or config.redis
    app = Starlite([read, write, clear], middleware=[config.middleware])
    with TestClient(app, backend=backend) as client:  # type: ignore[arg-type]
        assert client.post("/write", json={"a": 1}).status_code == 201
        assert len(store.store) == 1
        assert client.post("/write", json={"b": 2}).status_code == 201  # written back under its id
        assert len(store.store) == 1
        assert client.get("/read").json() == {"a": 1, "b": 2}
        assert client.get_session_data() == {"a": 1, "b": 2}
        client.post("/clear")
        assert store.store == {}
        assert client.get("/read").json() == {}


def test_backends_offer_their_client_and_directory_as_1_5x_did(tmp_path: Path) -> None:
    memcached = MemcachedBackendConfig(memcached=DictMemcached())
    redis = RedisBackendConfig(redis=DictRedis())
    files = FileBackendConfig(storage_path=tmp_path / "sessions")
    memcached_backend: Any = memcached.middleware.kwargs["backend"]
    redis_backend: Any = redis.middleware.kwargs["backend"]
    file_backend: Any = files.middleware.kwargs["backend"]
    assert memcached_backend.memcached is memcached.memcached
    assert redis_backend.redis is redis.redis
    assert isinstance(file_backend.path, anyio.Path)
    assert str(file_backend.path) == str(tmp_path / "sessions")
    # The client is the config's: one swapped on the config is the one the backend uses.
    redis.redis = DictRedis()
    assert redis_backend.redis is redis.redis
    assert all(isinstance(b, ServerSideBackend) for b in (memcached_backend, redis_backend, file_backend))


class Point:
    def __init__(self, x: int, y: int) -> None:
        self.x, self.y = x, y


class PointResponse(Response[Any]):
    # The 1.5x way of teaching responses a type: a ``serializer`` on the response class.
    @staticmethod
    def serializer(value: Any) -> Any:
        if isinstance(value, Point):
            return f"{value.x},{value.y}"
        raise TypeError(f"cannot serialize {type(value).__name__}")


@post("/point")
def store_point(request: Request[Any, Any]) -> None:
    request.session["point"] = Point(1, 2)


@pytest.mark.parametrize("name", ["cookie", "memory"])
def test_the_response_class_serializer_serializes_sessions_too(name: str, tmp_path: Path) -> None:
    config = make_config(name, tmp_path)
    app = Starlite([store_point, read], middleware=[config.middleware], response_class=PointResponse)
    with TestClient(app) as client:
        assert client.post("/point").status_code == 201
        assert client.get("/read").json() == {"point": "1,2"}


def test_a_handlers_own_response_class_serializer_wins(tmp_path: Path) -> None:
    @post("/handler-point", response_class=PointResponse)
    def handler_point(request: Request[Any, Any]) -> None:
        request.session["point"] = Point(3, 4)

    config = make_config("memory", tmp_path)
    with TestClient(Starlite([handler_point, read], middleware=[config.middleware])) as client:
        assert client.post("/handler-point").status_code == 201
        assert client.get("/read").json() == {"point": "3,4"}
