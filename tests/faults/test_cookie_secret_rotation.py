"""The cookie backend's secret changed (rotated) while clients still hold sessions sealed with the old one.

What a user must see: an old session reads as empty (the user is logged out), the request is
answered as usual, the next write issues a new session whose cookies replace every old chunk, and
nothing is logged (a stale cookie is the normal result of a rotation, not an error).
"""

from __future__ import annotations

import logging
import os
import random

import httpx
import pytest

from starlite import Starlite
from starlite.middleware.session.cookie_backend import CookieBackendConfig
from starlite.testing import AsyncTestClient
from tests.faults.conftest import CYCLES
from tests.faults.served_app import SESSION_HANDLERS

pytestmark = pytest.mark.anyio


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """The cookie backend runs on both event loops."""
    return request.param  # type: ignore[no-any-return]


def _app(secret: bytes) -> Starlite:
    return Starlite(SESSION_HANDLERS, middleware=[CookieBackendConfig(secret=secret).middleware])


def _chunks(cookies: httpx.Cookies) -> list[str]:
    return sorted(name for name in cookies.keys() if name.startswith("session-"))


async def test_sessions_sealed_with_a_rotated_secret_read_as_empty(caplog: pytest.LogCaptureFixture) -> None:
    rng = random.Random(15)
    secrets = [os.urandom(32) for _ in range(CYCLES + 1)]
    # Sessions of one to five cookie chunks (a chunk holds about 4 kB).
    sessions = [
        {"user": f"user-{n}", "note": rng.randbytes(rng.randrange(10, 12_000)).hex()} for n in range(8)
    ]
    jars: list[httpx.Cookies] = []
    async with AsyncTestClient(_app(secrets[0])) as client:
        for session in sessions:
            client.cookies.clear()
            assert (await client.post("/session", json=session)).status_code == 201
            jars.append(httpx.Cookies(client.cookies))
    assert max(len(_chunks(jar)) for jar in jars) >= 3

    for old, new in zip(secrets, secrets[1:], strict=False):
        caplog.clear()
        with caplog.at_level(logging.DEBUG):
            async with AsyncTestClient(_app(new)) as client:
                for index, jar in enumerate(jars):
                    client.cookies = httpx.Cookies(jar)
                    old_chunks = _chunks(jar)
                    response = await client.get("/session")
                    assert response.status_code == 200
                    assert response.json() == {}  # logged out, not an error
                    response = await client.post("/session", json={"user": f"again-{index}"})
                    assert response.status_code == 201
                    # A new session, in one chunk: every old chunk past it is expired.
                    set_cookies = response.headers.get_list("set-cookie")
                    expired = {value.split("=", 1)[0] for value in set_cookies if "Max-Age=0" in value}
                    assert expired == set(old_chunks) - {"session-0"}
                    assert _chunks(client.cookies) == ["session-0"]
                    assert (await client.get("/session")).json() == {"user": f"again-{index}"}
                    jars[index] = httpx.Cookies(client.cookies)
        assert not [record for record in caplog.records if record.name.startswith("starlite")]
        # And back: the old secret cannot read what the new one sealed; an empty session again.
        async with AsyncTestClient(_app(old)) as client:
            client.cookies = httpx.Cookies(jars[0])
            assert (await client.get("/session")).json() == {}
