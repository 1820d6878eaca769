"""Server-side sessions in Redis, shared by every worker and machine (``pip install starlite[redis]``)."""

import os

import pytest
from redis.asyncio import Redis
from redis.exceptions import ConnectionError

from starlite import Request, Starlite, get, post
from starlite.middleware.session.redis_backend import RedisBackendConfig
from starlite.testing import AsyncTestClient

redis = Redis(host="127.0.0.1", port=6379)
# Each session is the key "example-session:<id>", expiring with the session (SET ... EX max_age).
session_config = RedisBackendConfig(redis=redis, key_prefix="example-session", max_age=60 * 60)


@post("/login")
async def login(request: Request, data: dict[str, str]) -> None:
    request.session["user"] = data["user"]


@get("/me")
async def me(request: Request) -> dict[str, str | None]:
    return {"user": request.session.get("user")}


@post("/logout")
async def logout(request: Request) -> None:
    request.clear_session()


async def close_redis() -> None:
    # The app owns the client: close it on shut-down. (Not ``on_shutdown=[redis.aclose]``: a hook that
    # takes an argument is given the app state, which ``aclose`` would take for ``close_connection_pool``.)
    await redis.aclose()


app = Starlite(
    route_handlers=[login, me, logout],
    middleware=[session_config.middleware],
    on_shutdown=[close_redis],
)


# redis-py's asyncio client runs on asyncio only, not on trio.
@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_login_me_logout() -> None:
    try:
        await redis.ping()
    except (ConnectionError, OSError):
        message = "Redis is not reachable on 127.0.0.1:6379"
        # Under CI every server must be up: a missing one fails the build.
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    async with AsyncTestClient(app=app) as client:
        await client.post("/login", json={"user": "ada"})
        assert (await client.get("/me")).json() == {"user": "ada"}
        assert await redis.exists(f"example-session:{client.cookies['session']}")
        await client.post("/logout")
        assert (await client.get("/me")).json() == {"user": None}
