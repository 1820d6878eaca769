"""In-process benchmark of a read-and-write session request: starlite against Starlette and Litestar 2.

Every app serves one route, ``GET /counter``, whose handler reads an int ``counter`` from the session
(0 when absent), writes ``counter + 1`` back and returns it as JSON. Every timed request carries the
session cookie the app set on its first request, so each one loads a session, changes it and stores
it again:

- client-side (``cookie`` rows): the cookie holds the session. The same cookie is sent every time, so
  the app always reads 1 and writes 2: the cookie is opened and a new one sealed on every request.
- server-side (``redis`` rows): the cookie holds a session id and the data lives in Redis, one ``GET``
  and one ``SET`` per request; the counter goes up by one per request.

Apps are called as raw ASGI callables (no server, no test client) on one asyncio event loop. Each
measurement runs in a fresh subprocess (``--worker NAME``); the parent interleaves the variants,
takes medians across repeats, prints a table and saves JSON to ``bench/results/``. The Redis variants
need a Redis server (``--redis HOST:PORT``, 127.0.0.1:6379 by default); each uses keys under its own
prefix and deletes those, and only those, when it ends.

Run ``python bench/session_bench.py --help`` for the options (``--quick`` for a smoke run,
``--profile NAME`` for a cProfile of one variant).
"""

import asyncio
import base64
import binascii
import cProfile
import gc
import hashlib
import hmac
import json
import os
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import msgspec
from _harness import (
    ASGIApp,
    Captured,
    CheckFailed,
    Lifespan,
    Receive,
    Scope,
    Send,
    bare_lifespan,
    build_rows,
    call,
    discard,
    environment,
    make_parser,
    make_receive,
    print_header,
    print_profile,
    print_table,
    run_interleaved,
    run_worker_process,
    save_results,
    selected,
    settings_from,
    worker_main,
)

PATH = "/counter"
MAX_AGE = 14 * 24 * 60 * 60  # every framework's default session lifetime: 14 days
KEY_PREFIX = "starlite-bench:session"  # Redis keys of this benchmark: "{KEY_PREFIX}:{variant}:{pid}:..."
REDIS_ADDRESS = ("127.0.0.1", 6379)  # set from --redis in a worker

# Coroutines a worker awaits when it is done with its app (close Redis clients, delete its keys).
CLEANUPS: list[Callable[[], Awaitable[None]]] = []


# --------------------------------------------------------------------------------------------------
# Redis helpers: one client per app, keys under a prefix of the variant's own, deleted at the end.
# --------------------------------------------------------------------------------------------------


def redis_client_with_cleanup(variant: str) -> tuple[Any, str]:
    """A ``redis.asyncio.Redis`` client and a key prefix of this variant and process alone.

    A cleanup deleting the keys under the prefix (with ``SCAN``, never ``FLUSHDB``: the server may hold
    other keys) and closing the client is registered in ``CLEANUPS``.
    """
    from redis.asyncio import Redis

    host, port = REDIS_ADDRESS
    client = Redis(host=host, port=port)
    prefix = f"{KEY_PREFIX}:{variant}:{os.getpid()}"

    async def cleanup() -> None:
        try:
            keys = [key async for key in client.scan_iter(match=f"{prefix}:*", count=1000)]
            for start in range(0, len(keys), 500):
                await client.delete(*keys[start : start + 500])
        finally:
            await client.aclose()

    CLEANUPS.append(cleanup)
    return client, prefix


# --------------------------------------------------------------------------------------------------
# The apps. Each builder imports its framework itself, so a worker loads only the one it measures.
# --------------------------------------------------------------------------------------------------


def _starlite_app(middleware: Any) -> ASGIApp:
    from starlite import Request, Starlite, get

    @get(PATH)
    async def counter(request: Request) -> int:
        value = request.session.get("counter", 0) + 1
        request.session["counter"] = value
        return value

    return Starlite(route_handlers=[counter], middleware=[middleware])  # type: ignore[return-value]


def build_starlite_cookie() -> ASGIApp:
    from starlite.middleware.session.cookie_backend import CookieBackendConfig

    return _starlite_app(CookieBackendConfig(secret=os.urandom(16)).middleware)


def build_starlite_redis() -> ASGIApp:
    from starlite.middleware.session.redis_backend import RedisBackendConfig

    client, prefix = redis_client_with_cleanup("starlite-redis")
    return _starlite_app(RedisBackendConfig(redis=client, key_prefix=prefix).middleware)


def build_starlette() -> ASGIApp:
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.sessions import SessionMiddleware
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def counter(request: Request) -> JSONResponse:
        value = request.session.get("counter", 0) + 1
        request.session["counter"] = value
        return JSONResponse(value)

    return Starlette(  # type: ignore[return-value]
        routes=[Route(PATH, counter)],
        middleware=[Middleware(SessionMiddleware, secret_key=os.urandom(16).hex(), max_age=MAX_AGE)],
    )


def _litestar_app(middleware: Any, stores: dict[str, Any] | None = None) -> ASGIApp:
    from litestar import Litestar, Request, get

    @get(PATH)
    async def counter(request: Request) -> int:  # type: ignore[type-arg]
        value = request.session.get("counter", 0) + 1
        request.session["counter"] = value
        return value

    return Litestar(route_handlers=[counter], middleware=[middleware], stores=stores)  # type: ignore[return-value]


def build_litestar_cookie() -> ASGIApp:
    from litestar.middleware.session.client_side import CookieBackendConfig

    return _litestar_app(CookieBackendConfig(secret=os.urandom(16)).middleware)


def build_litestar_redis() -> ASGIApp:
    from litestar.middleware.session.server_side import ServerSideSessionConfig
    from litestar.stores.redis import RedisStore

    client, prefix = redis_client_with_cleanup("litestar-redis")
    config = ServerSideSessionConfig()  # its store is the app's store named "sessions"
    return _litestar_app(config.middleware, stores={config.store: RedisStore(client, namespace=prefix)})


def build_bare() -> ASGIApp:
    """A hand-written ASGI callable doing the same work: the floor.

    The cookie is ``base64url(JSON session) . expiry . base64url(HMAC-SHA256 of the two)``: signed, not
    encrypted (like Starlette's), with its expiry time signed in (like every row's).
    """
    secret = os.urandom(32)
    encode = msgspec.json.encode
    decode = msgspec.json.decode
    cookie_name = b"session"
    attributes = f"; Max-Age={MAX_AGE}; Path=/; HttpOnly; SameSite=lax".encode()

    def b64(raw: bytes) -> bytes:
        return base64.urlsafe_b64encode(raw).rstrip(b"=")

    def sign(session: dict[str, Any]) -> bytes:
        signed = b64(encode(session)) + b"." + str(int(time.time()) + MAX_AGE).encode()
        return signed + b"." + b64(hmac.new(secret, signed, hashlib.sha256).digest())

    def unsign(value: bytes) -> dict[str, Any]:
        signed, _, signature = value.rpartition(b".")
        expected = b64(hmac.new(secret, signed, hashlib.sha256).digest())
        if not hmac.compare_digest(signature, expected):
            return {}
        payload, _, expiry = signed.partition(b".")
        if not expiry.isdigit() or int(expiry) <= time.time():
            return {}
        try:
            session = decode(base64.urlsafe_b64decode(payload + b"=" * (-len(payload) % 4)))
        except (binascii.Error, ValueError, msgspec.DecodeError):
            return {}
        return session if isinstance(session, dict) else {}

    def read_session(headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
        for name, value in headers:
            if name == b"cookie":
                for pair in value.split(b";"):
                    key, _, raw = pair.strip().partition(b"=")
                    if key == cookie_name:
                        return unsign(raw)
        return {}

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await bare_lifespan(receive, send)
            return
        if scope["method"] != "GET" or scope["path"] != PATH:
            await send({"type": "http.response.start", "status": 404, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        session = read_session(scope["headers"])
        previous = session.get("counter", 0)
        value = (previous if isinstance(previous, int) else 0) + 1
        session["counter"] = value
        content = encode(value)
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(content)).encode()),
            (b"set-cookie", cookie_name + b"=" + sign(session) + attributes),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    return app


@dataclass(frozen=True)
class Variant:
    name: str
    framework: str  # distribution whose version is reported
    kind: str  # "cookie" (client-side session) or "redis" (server-side): rows are compared within a kind
    build: Callable[[], ASGIApp]
    share: float = 1.0  # fraction of -n and --warmup this variant runs (a Redis round trip is slow)

    @property
    def server_side(self) -> bool:
        return self.kind == "redis"


REDIS_SHARE = 0.25
VARIANTS: dict[str, Variant] = {
    v.name: v
    for v in [
        Variant("starlite-cookie", "starlite", "cookie", build_starlite_cookie),
        Variant("starlette", "starlette", "cookie", build_starlette),
        Variant("litestar-cookie", "litestar", "cookie", build_litestar_cookie),
        Variant("bare", "msgspec", "cookie", build_bare),
        Variant("starlite-redis", "starlite", "redis", build_starlite_redis, REDIS_SHARE),
        Variant("litestar-redis", "litestar", "redis", build_litestar_redis, REDIS_SHARE),
    ]
}
OURS = {"cookie": "starlite-cookie", "redis": "starlite-redis"}
BARE = {"cookie": "bare", "redis": "bare"}
VERSIONED = [
    "starlite",
    "starlette",
    "itsdangerous",
    "litestar",
    "cryptography",
    "redis",
    "hiredis",
    "msgspec",
    "anyio",
]


# --------------------------------------------------------------------------------------------------
# Requests and the correctness check.
# --------------------------------------------------------------------------------------------------


def make_scope(cookie: bytes | None) -> Scope:
    headers = [(b"host", b"testserver"), (b"accept", b"application/json")]
    if cookie is not None:
        headers.append((b"cookie", cookie))
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": PATH,
        "raw_path": PATH.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "extensions": {},
    }


def cookie_header(response: Captured) -> bytes:
    """The ``Cookie`` header a browser would send back after ``response``: the cookies it set."""
    pairs: list[bytes] = []
    for value in response.header_values(b"set-cookie"):
        pair, *attributes = value.split(b";")
        name, _, content = pair.strip().partition(b"=")
        lowered = [attribute.strip().lower() for attribute in attributes]
        if b"max-age=0" in lowered or content in (b"", b"null", b'""'):
            continue  # a deleted cookie
        pairs.append(name + b"=" + content)
    return b"; ".join(pairs)


def tampered(cookie: bytes) -> bytes:
    """``cookie`` with one character in the middle of each value changed."""
    out: list[bytes] = []
    for pair in cookie.split(b"; "):
        name, _, value = pair.partition(b"=")
        mid = len(value) // 2
        replacement = b"A" if value[mid : mid + 1] != b"A" else b"B"
        out.append(name + b"=" + value[:mid] + replacement + value[mid + 1 :])
    return b"; ".join(out)


async def request_counter(app: ASGIApp, cookie: bytes | None, state: dict[str, Any], what: str) -> Captured:
    """Make one request; fail unless it answers 200 with a JSON int and sets a session cookie."""
    response = await call(app, make_scope(cookie), b"", state)
    if response.status != 200:
        raise CheckFailed(f"{what}: expected status 200, got {response.status}: {response.body[:300]!r}")
    try:
        value = json.loads(response.body)
    except ValueError as exc:
        raise CheckFailed(f"{what}: response is not JSON: {response.body[:300]!r}") from exc
    if not isinstance(value, int):
        raise CheckFailed(f"{what}: expected an int, got {value!r}")
    if not cookie_header(response):
        raise CheckFailed(f"{what}: the response sets no session cookie: {response.headers!r}")
    return response


def counter_of(response: Captured) -> int:
    return int(json.loads(response.body))


async def check(app: ASGIApp, state: dict[str, Any], variant: Variant) -> tuple[bytes, int]:
    """Fail unless the app keeps a session across requests and ignores a tampered cookie.

    Returns the cookie header to time with, and the counter the next request with it must return.
    """

    def expect(response: Captured, value: int, what: str) -> None:
        if counter_of(response) != value:
            raise CheckFailed(f"{what}: expected {value}, got {response.body[:300]!r}")

    first = await request_counter(app, None, state, "a request without a cookie")
    expect(first, 1, "a request without a cookie")
    cookie = cookie_header(first)
    second = await request_counter(app, cookie, state, "a request with the session cookie")
    expect(second, 2, "a request with the session cookie")
    forged = await request_counter(app, tampered(cookie), state, "a request with a tampered cookie")
    expect(forged, 1, "a request with a tampered cookie (must start a new session)")
    again = await request_counter(app, cookie, state, "the first cookie sent again")
    # Server-side, the cookie names the session, whose data moved on: 3, then 4, 5, ...
    # Client-side, the cookie is the data (counter 1): every request with it answers 2.
    expect(again, 3 if variant.server_side else 2, "the first cookie sent again")
    return cookie, 4 if variant.server_side else 2


async def final_check(app: ASGIApp, state: dict[str, Any], cookie: bytes, expected: int) -> None:
    """After timing: the session still works, and (server-side) every timed request wrote it."""
    response = await request_counter(app, cookie, state, "a request after timing")
    if counter_of(response) != expected:
        raise CheckFailed(f"after timing: expected {expected}, got {response.body[:300]!r}")


# --------------------------------------------------------------------------------------------------
# The worker: one variant, timed.
# --------------------------------------------------------------------------------------------------


async def timed_loop(app: ASGIApp, n: int, state: dict[str, Any], cookie: bytes) -> int:
    """Make ``n`` requests with the session cookie and return the elapsed nanoseconds.

    Every request gets a fresh shallow copy of the scope and a fresh ``state`` (frameworks cache
    parsed request data, cookies included, in the scope).
    """
    template = make_scope(cookie)
    start = time.perf_counter_ns()
    for _ in range(n):
        await app({**template, "state": dict(state)}, make_receive(b""), discard)
    return time.perf_counter_ns() - start


def scaled(variant: Variant, count: int) -> int:
    return max(1, round(count * variant.share)) if count else 0


async def redis_preflight() -> None:
    """Fail fast, and say why, when the Redis server is not there (the client would retry for a while)."""
    from redis.asyncio import Redis
    from redis.asyncio.retry import Retry
    from redis.backoff import NoBackoff

    host, port = REDIS_ADDRESS
    client = Redis(host=host, port=port, socket_connect_timeout=2, retry=Retry(NoBackoff(), 0))
    try:
        await client.ping()
    except Exception as exc:
        raise RuntimeError(f"no Redis server at {host}:{port} ({type(exc).__name__}: {exc})") from None
    finally:
        await client.aclose()


async def run_worker(name: str, n: int, warmup: int) -> dict[str, Any]:
    variant = VARIANTS[name]
    n, warmup = scaled(variant, n), scaled(variant, warmup)
    if variant.server_side:
        await redis_preflight()
    try:
        app = variant.build()
        async with Lifespan(app) as lifespan:
            cookie, expected = await check(app, lifespan.state, variant)
            await timed_loop(app, warmup, lifespan.state, cookie)
            gc.collect()
            cpu_start = time.process_time_ns()
            elapsed_ns = await timed_loop(app, n, lifespan.state, cookie)
            cpu_ns = time.process_time_ns() - cpu_start
            if variant.server_side:
                expected += warmup + n
            await final_check(app, lifespan.state, cookie, expected)
    except BaseException:
        await run_cleanups(quiet=True)  # the error that got us here is the one to report
        raise
    await run_cleanups()
    return {
        "variant": name,
        "n": n,
        "elapsed_ns": elapsed_ns,
        "us_per_request": elapsed_ns / n / 1000,
        "cpu_us_per_request": cpu_ns / n / 1000,
    }


async def run_cleanups(quiet: bool = False) -> None:
    while CLEANUPS:
        cleanup = CLEANUPS.pop()
        try:
            await cleanup()
        except Exception:
            if not quiet:
                raise


def profile_main(name: str, n: int, warmup: int, top: int) -> int:
    """Run one variant under cProfile and print the top functions by own and by cumulative time."""
    variant = VARIANTS[name]
    n, warmup = scaled(variant, n), scaled(variant, warmup)

    async def go() -> None:
        if variant.server_side:
            await redis_preflight()
        try:
            app = variant.build()
            async with Lifespan(app) as lifespan:
                cookie, _ = await check(app, lifespan.state, variant)
                await timed_loop(app, warmup, lifespan.state, cookie)
                profiler = cProfile.Profile()
                profiler.enable()
                await timed_loop(app, n, lifespan.state, cookie)
                profiler.disable()
        finally:
            await run_cleanups()
        print_profile(profiler, name, n, top)

    asyncio.run(go())
    return 0


# --------------------------------------------------------------------------------------------------
# The parent: interleaved repeats in fresh subprocesses, medians, a table and a JSON file.
# --------------------------------------------------------------------------------------------------


def redis_server_version() -> str:
    try:
        from redis import Redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        host, port = REDIS_ADDRESS
        client = Redis(host=host, port=port, socket_connect_timeout=2, retry=Retry(NoBackoff(), 0))
        try:
            return str(client.info("server")["redis_version"])
        finally:
            client.close()
    except Exception as exc:  # reported in the header; the Redis rows then fail their check
        return f"unavailable ({type(exc).__name__})"


def main(argv: list[str] | None = None) -> int:
    global REDIS_ADDRESS
    parser = make_parser(__doc__, VARIANTS, repeats=(7, 3), n=(30000, 10000), warmup=(1500, 500))
    parser.add_argument("--redis", default="127.0.0.1:6379", help="HOST:PORT of the Redis server")
    args = parser.parse_args(argv)
    settings = settings_from(args)
    n, warmup = settings.n, settings.warmup
    host, _, port = args.redis.rpartition(":")
    REDIS_ADDRESS = (host or "127.0.0.1", int(port))

    if args.worker:
        return worker_main(args.worker, lambda: run_worker(args.worker, n, warmup))
    if args.profile:
        return profile_main(args.profile, n, warmup, args.top)

    names = selected(parser, args, VARIANTS)
    env = environment(VERSIONED)
    env["redis_server"] = f"{args.redis}, version {redis_server_version()}"
    print_header(
        "session benchmark: GET /counter reading and writing a session counter, raw ASGI calls",
        env,
        settings,
        extra=f" (x{REDIS_SHARE} for redis rows)",
    )
    print(f"redis server: {env['redis_server']}")
    print()

    worker_args = ["-n", str(n), f"--warmup={warmup}", f"--redis={args.redis}"]
    samples = run_interleaved(
        names, settings.repeats, lambda name: run_worker_process(__file__, name, worker_args)
    )
    rows = build_rows(
        names,
        samples,
        framework=lambda name: VARIANTS[name].framework,
        group=lambda name: VARIANTS[name].kind,
        group_key="kind",
        ours=OURS,
        bare=BARE,
        extra=lambda name: {"n": scaled(VARIANTS[name], n)},
    )

    print()
    print_table(rows, "kind", group_width=6)
    print()
    print("us/req and req/s are medians over the repeats; spread is the fastest and slowest repeat.")
    print("vs ours = their us / starlite's us of the same kind: starlite-cookie for cookie rows,")
    print("starlite-redis for redis rows (>1.00x: starlite is faster);")
    print("vs bare = their us / the hand-written HMAC-signed cookie callable's us.")
    print(f"wall time {samples.wall_seconds:.0f} s")

    if not args.no_save:
        path = save_results(
            "session",
            quick=args.quick,
            env=env,
            settings={
                "repeats": settings.repeats,
                "n": n,
                "warmup": warmup,
                "redis_share": REDIS_SHARE,
                "quick": args.quick,
            },
            wall_seconds=samples.wall_seconds,
            rows=rows,
        )
        print(f"saved {path.relative_to(path.parents[2])}")
    errors = samples.errors
    return 1 if errors and len(errors) == len(names) else 0


if __name__ == "__main__":
    sys.exit(main())
