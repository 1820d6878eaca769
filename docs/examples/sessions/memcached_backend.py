"""Server-side sessions in memcached (``pip install starlite[memcached]``).

memcached cannot list its keys: ``delete_all`` deletes the sessions this process wrote, and the
others go when they expire.
"""

import os

import pytest
from aiomcache import Client

from starlite import Request, Starlite, get, post
from starlite.middleware.session.memcached_backend import MemcachedBackendConfig
from starlite.testing import AsyncTestClient

memcached = Client("127.0.0.1", 11211)
# Each session is the key "example-session:<id>", expiring with the session.
session_config = MemcachedBackendConfig(memcached=memcached, key_prefix="example-session", max_age=60 * 60)


@post("/login")
async def login(request: Request, data: dict[str, str]) -> None:
    request.session["user"] = data["user"]


@get("/me")
async def me(request: Request) -> dict[str, str | None]:
    return {"user": request.session.get("user")}


@post("/logout")
async def logout(request: Request) -> None:
    request.clear_session()


# The app owns the client: close it on shut-down.
app = Starlite(
    route_handlers=[login, me, logout],
    middleware=[session_config.middleware],
    on_shutdown=[memcached.close],
)


# aiomcache runs on asyncio only, not on trio.
@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_login_me_logout() -> None:
    try:
        await memcached.version()
    except OSError:
        message = "memcached is not reachable on 127.0.0.1:11211"
        # Under CI every server must be up: a missing one fails the build.
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    async with AsyncTestClient(app=app) as client:
        await client.post("/login", json={"user": "ada"})
        assert (await client.get("/me")).json() == {"user": "ada"}
        assert await memcached.get(f"example-session:{client.cookies['session']}".encode()) is not None
        await client.post("/logout")
        assert (await client.get("/me")).json() == {"user": None}
