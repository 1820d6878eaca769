"""In-process benchmark of JWT authentication: what an authenticated GET costs over an open one.

One app, raw ASGI calls (no server, no test client) on one asyncio loop, ``JWTAuth`` installed with
``on_app_init`` and an ``async`` ``retrieve_user_handler``. The rows:

- ``open``: a handler excluded from authentication (``exclude_from_auth=True``);
- ``token``: the same token on every request (a client's usual case: the key remembers it);
- ``fresh token``: a new token on every request, so every one goes through PyJWT's checks;
- ``sync retrieve``: the ``token`` row with a plain ``def`` retrieve handler, run in a worker thread.

Each row is the best of ``--rounds`` batches of ``-n`` requests (the machine's noise only adds time).

    python bench/jwt_bench.py [-n 500] [--rounds 40]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from typing import Any

from starlite import Request, Starlite, get
from starlite.contrib.jwt import JWTAuth, Token

SECRET = "bench-secret-of-sixty-four-bytes-or-more-0123456789abcdefghijklmnopqrstuv"
USER = {"name": "ada"}


async def retrieve_async(token: Token, connection: Any) -> Any:
    return USER


def retrieve_sync(token: Token, connection: Any) -> Any:
    return USER


@get("/open", exclude_from_auth=True)
async def open_route() -> str:
    return "ok"


@get("/me")
async def me(request: Request[Any, Token]) -> str:
    return "ok"


def make_app(retrieve: Any) -> tuple[Starlite, JWTAuth[Any]]:
    config = JWTAuth[Any](retrieve_user_handler=retrieve, token_secret=SECRET)
    return Starlite(route_handlers=[open_route, me], on_app_init=[config.on_app_init]), config


def scope(path: str, authorization: bytes) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"bench"), (b"authorization", authorization)],
        "client": ("127.0.0.1", 1),
        "server": ("bench", 80),
    }


async def receive() -> dict[str, Any]:
    return {"type": "http.request", "body": b"", "more_body": False}


async def batch(app: Starlite, path: str, headers: list[bytes]) -> float:
    statuses: list[int] = []

    async def send(message: Any) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    started = time.perf_counter()
    for authorization in headers:
        await app(scope(path, authorization), receive, send)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - started
    assert set(statuses) == {200}, statuses[:3]
    return elapsed / len(headers) * 1e6


async def main(requests: int, rounds: int) -> None:
    app, config = make_app(retrieve_async)
    sync_app, _ = make_app(retrieve_sync)
    token = config.format_auth_header(config.create_token("1")).encode()
    same = [token] * requests
    rows = {"open": 1e9, "token": 1e9, "fresh token": 1e9, "sync retrieve": 1e9}
    for round_number in range(rounds):
        # Distinct tokens (their jti differs), made outside the timed batch.
        fresh = [
            config.format_auth_header(
                config.create_token("1", token_unique_jwt_id=f"{round_number}-{i}")
            ).encode()
            for i in range(requests)
        ]
        rows["open"] = min(rows["open"], await batch(app, "/open", same))
        rows["token"] = min(rows["token"], await batch(app, "/me", same))
        rows["fresh token"] = min(rows["fresh token"], await batch(app, "/me", fresh))
        rows["sync retrieve"] = min(rows["sync retrieve"], await batch(sync_app, "/me", same))
    for name, micros in rows.items():
        extra = "" if name == "open" else f"  (+{micros - rows['open']:.1f} us)"
        print(f"{name:>14}: {micros:7.1f} us per request{extra}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=500, help="requests per batch")
    parser.add_argument("--rounds", type=int, default=40, help="batches per row; the best is kept")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.n, arguments.rounds))
