"""W6: ``GET /json`` through CORS, gzip compression, a rate limit and request logging, in process.

Every app serves one route, ``GET /json``, answering a 1 KiB JSON document, behind each framework's own
equivalent of the same four middleware, as its documentation shows them:

=============  ======================================  ==============================================
variant        CORS, compression, rate limit            request logging
=============  ======================================  ==============================================
starlite       ``cors_config``, ``compression_config``  ``LoggingMiddlewareConfig().middleware`` and
               (gzip), ``RateLimitConfig(...)``         ``logging_config=LoggingConfig()``
               with the in-memory cache
litestar       the same configs of Litestar 2           the same, Litestar 2's
starlette      ``CORSMiddleware``, ``GZipMiddleware``,  Starlette has none: a 15-line pure ASGI
               slowapi's ``SlowAPIASGIMiddleware``      middleware logging one line per request
               (memory storage; Starlette has no rate
               limit of its own)
bare           a hand-written ASGI callable doing the four things inline: the floor
=============  ======================================  ==============================================

Every request names an allowed ``Origin`` and sends ``Accept-Encoding: gzip``. The limit is high
(10**9 a minute), so no request is refused, but every request is counted. Log records go through each
framework's default handlers, which write to the worker's ``stderr``, pointed at ``/dev/null``.

Before timing, each app must answer with status 200, ``Content-Encoding: gzip``, a body that gunzips to
the expected JSON, the CORS header naming the origin, ``Vary`` naming ``Origin`` (Litestar 2 does not add
``Accept-Encoding`` to it, so that is not required),
and a log record must have been written for the request. Run ``python bench/stack_bench.py --help``.
"""

import asyncio
import cProfile
import gc
import gzip
import json
import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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

PATH = "/json"
ORIGIN = "https://app.example.com"
LIMIT = 10**9  # per minute: every request is counted, none is refused
PAYLOAD = {"items": [{"id": i, "name": f"item-{i}", "in_stock": i % 2 == 0} for i in range(24)]}  # 1,035 B
MINIMUM_SIZE = 500  # compress bodies of 500 bytes and more: every framework's default


class RecordCounter(logging.Handler):
    """Counts the records reaching the root logger's handlers, to check each app logs its requests."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


# --------------------------------------------------------------------------------------------------
# The apps.
# --------------------------------------------------------------------------------------------------


def build_starlite() -> ASGIApp:
    from starlite import CompressionConfig, CORSConfig, LoggingConfig, Starlite, get
    from starlite.middleware import LoggingMiddlewareConfig, RateLimitConfig

    @get(PATH)
    async def handler() -> dict[str, Any]:
        return PAYLOAD

    return Starlite(
        route_handlers=[handler],
        cors_config=CORSConfig(allow_origins=[ORIGIN]),
        compression_config=CompressionConfig(backend="gzip"),
        logging_config=LoggingConfig(),
        middleware=[
            RateLimitConfig(rate_limit=("minute", LIMIT)).middleware,
            LoggingMiddlewareConfig().middleware,
        ],
    )


def build_litestar() -> ASGIApp:
    from litestar import Litestar, get
    from litestar.config.compression import CompressionConfig
    from litestar.config.cors import CORSConfig
    from litestar.logging.config import LoggingConfig
    from litestar.middleware.logging import LoggingMiddlewareConfig
    from litestar.middleware.rate_limit import RateLimitConfig

    @get(PATH)
    async def handler() -> dict[str, Any]:
        return PAYLOAD

    return Litestar(
        route_handlers=[handler],
        cors_config=CORSConfig(allow_origins=[ORIGIN]),
        compression_config=CompressionConfig(backend="gzip"),
        logging_config=LoggingConfig(),
        middleware=[
            RateLimitConfig(rate_limit=("minute", LIMIT)).middleware,
            LoggingMiddlewareConfig().middleware,
        ],
    )


def build_starlette() -> ASGIApp:
    from slowapi import Limiter
    from slowapi.middleware import SlowAPIASGIMiddleware
    from slowapi.util import get_remote_address
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.middleware.gzip import GZipMiddleware
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    logger = _queue_logger("starlette.access")

    class AccessLog:
        """What a Starlette user writes for request logging: one line per request, as it ends."""

        def __init__(self, app: ASGIApp) -> None:
            self.app = app

        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await self.app(scope, receive, send)
                return
            status = 500

            async def send_wrapper(message: Any) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                await send(message)

            await self.app(scope, receive, send_wrapper)
            logger.info("%s %s %s", scope["method"], scope["path"], status)

    async def handler(request: Request) -> Response:
        return JSONResponse(PAYLOAD)

    limiter = Limiter(key_func=get_remote_address, default_limits=[f"{LIMIT}/minute"])
    app = Starlette(
        routes=[Route(PATH, handler)],
        middleware=[
            Middleware(CORSMiddleware, allow_origins=[ORIGIN]),
            Middleware(GZipMiddleware, minimum_size=MINIMUM_SIZE, compresslevel=9),
            Middleware(SlowAPIASGIMiddleware),
            Middleware(AccessLog),
        ],
    )
    app.state.limiter = limiter
    return app


def _queue_logger(name: str) -> logging.Logger:
    """A logger writing through a queue to ``stderr`` on a thread, as the frameworks' defaults do."""
    import queue
    from logging.handlers import QueueHandler, QueueListener

    records: queue.Queue[logging.LogRecord] = queue.Queue()
    listener = QueueListener(records, logging.StreamHandler())
    listener.start()
    logger = logging.getLogger(name)
    logger.setLevel(logging.INFO)
    logger.addHandler(QueueHandler(records))
    return logger


def build_bare() -> ASGIApp:
    """CORS, gzip, a per-client counter and a log line, written inline: the floor."""
    body = gzip.compress(json.dumps(PAYLOAD, separators=(",", ":")).encode(), 9)
    origin = ORIGIN.encode()
    logger = _queue_logger("bare.access")
    counts: dict[Any, int] = {}

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await bare_lifespan(receive, send)
            return
        client = scope["client"][0] if scope.get("client") else None
        window = int(time.time() // 60)
        count = counts.get((client, window), 0) + 1
        counts[(client, window)] = count
        headers = [(b"content-type", b"application/json"), (b"vary", b"Origin, Accept-Encoding")]
        request_origin = accepts_gzip = None
        for name, value in scope["headers"]:
            if name == b"origin":
                request_origin = value
            elif name == b"accept-encoding":
                accepts_gzip = b"gzip" in value
        if request_origin == origin:
            headers.append((b"access-control-allow-origin", origin))
        if count > LIMIT or not accepts_gzip:
            raise NotImplementedError("the floor only serves the timed request")
        headers += [(b"content-encoding", b"gzip"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})
        logger.info("%s %s %s", scope["method"], scope["path"], 200)

    return app


@dataclass(frozen=True)
class Variant:
    name: str
    framework: str  # distribution whose version is reported
    build: Callable[[], ASGIApp]


VARIANTS: dict[str, Variant] = {
    v.name: v
    for v in [
        Variant("starlite", "starlite", build_starlite),
        Variant("starlette", "starlette", build_starlette),
        Variant("litestar", "litestar", build_litestar),
        Variant("bare", "msgspec", build_bare),
    ]
}
VERSIONED = ["starlite", "starlette", "slowapi", "limits", "litestar", "msgspec", "anyio"]


# --------------------------------------------------------------------------------------------------
# The request and the correctness check.
# --------------------------------------------------------------------------------------------------


def make_scope() -> Scope:
    headers = [
        (b"host", b"testserver"),
        (b"accept", b"application/json"),
        (b"origin", ORIGIN.encode()),
        (b"accept-encoding", b"gzip, deflate"),
    ]
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


def header(response: Captured, name: bytes) -> str:
    return b", ".join(response.header_values(name)).decode("latin-1")


async def check(app: ASGIApp, state: dict[str, Any], counter: RecordCounter) -> None:
    """Fail unless the app answers the request compressed, with CORS headers, and logs it."""
    before = counter.count
    response = await call(app, make_scope(), b"", state)
    if response.status != 200:
        raise CheckFailed(f"status {response.status}: {response.body[:300]!r}")
    if header(response, b"content-encoding") != "gzip":
        raise CheckFailed(f"not gzip-encoded: {response.headers!r}")
    try:
        decoded = json.loads(gzip.decompress(response.body))
    except (OSError, ValueError) as exc:
        raise CheckFailed(f"the body does not gunzip to JSON: {response.body[:100]!r}") from exc
    if decoded != PAYLOAD:
        raise CheckFailed(f"unexpected body {decoded!r}")
    if header(response, b"access-control-allow-origin") != ORIGIN:
        raise CheckFailed(f"no CORS header naming the origin: {response.headers!r}")
    vary = header(response, b"vary").lower()
    if "origin" not in vary:  # Litestar 2 leaves Accept-Encoding out of Vary: not required here
        raise CheckFailed(f"Vary does not name Origin: {vary!r}")
    for _ in range(100):  # the records cross a queue to a thread
        if counter.count > before:
            return
        await asyncio.sleep(0.01)
    raise CheckFailed("no log record was written for the request")


# --------------------------------------------------------------------------------------------------
# The worker: one variant, timed.
# --------------------------------------------------------------------------------------------------


async def timed_loop(app: ASGIApp, n: int, state: dict[str, Any]) -> int:
    template = make_scope()
    start = time.perf_counter_ns()
    for _ in range(n):
        await app({**template, "state": dict(state)}, make_receive(b""), discard)
    return time.perf_counter_ns() - start


def quiet_stderr() -> RecordCounter:
    """Point ``stderr`` at /dev/null (the log handlers write there) and count what reaches the root logger."""
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the life of the worker
    counter = RecordCounter()
    logging.getLogger().addHandler(counter)
    return counter


async def run_worker(name: str, n: int, warmup: int) -> dict[str, Any]:
    counter = quiet_stderr()
    app = VARIANTS[name].build()
    _count_propagated(counter)
    async with Lifespan(app) as lifespan:
        await check(app, lifespan.state, counter)
        counting = _stop_counting(counter)  # the counter is the check's, not part of what is timed
        await timed_loop(app, warmup, lifespan.state)
        gc.collect()
        cpu_start = time.process_time_ns()
        elapsed_ns = await timed_loop(app, n, lifespan.state)
        cpu_ns = time.process_time_ns() - cpu_start
        for logger in counting:
            logger.addHandler(counter)
        await check(app, lifespan.state, counter)
    return {
        "variant": name,
        "n": n,
        "elapsed_ns": elapsed_ns,
        "us_per_request": elapsed_ns / n / 1000,
        "cpu_us_per_request": cpu_ns / n / 1000,
    }


def _count_propagated(counter: RecordCounter) -> None:
    """Count records of loggers that do not propagate to the root (the frameworks' own), too."""
    for logger in [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)]:
        if isinstance(logger, logging.Logger) and not logger.propagate and counter not in logger.handlers:
            logger.addHandler(counter)


def _stop_counting(counter: RecordCounter) -> list[logging.Logger]:
    """Take the counter off every logger it is on; return those loggers."""
    loggers = [logging.getLogger()] + [
        logger for logger in logging.root.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    counting = [logger for logger in loggers if counter in logger.handlers]
    for logger in counting:
        logger.removeHandler(counter)
    return counting


def profile_main(name: str, n: int, warmup: int, top: int) -> int:
    async def go() -> None:
        counter = quiet_stderr()
        app = VARIANTS[name].build()
        _count_propagated(counter)
        async with Lifespan(app) as lifespan:
            await check(app, lifespan.state, counter)
            _stop_counting(counter)
            await timed_loop(app, warmup, lifespan.state)
            profiler = cProfile.Profile()
            profiler.enable()
            await timed_loop(app, n, lifespan.state)
            profiler.disable()
        sys.stderr = sys.__stderr__
        print_profile(profiler, name, n, top)

    asyncio.run(go())
    return 0


# --------------------------------------------------------------------------------------------------
# The parent.
# --------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = make_parser(__doc__, VARIANTS, repeats=(7, 3), n=(20000, 5000), warmup=(1000, 300))
    args = parser.parse_args(argv)
    settings = settings_from(args)
    n, warmup = settings.n, settings.warmup
    if args.worker:
        return worker_main(args.worker, lambda: run_worker(args.worker, n, warmup))
    if args.profile:
        return profile_main(args.profile, n, warmup, args.top)

    names = selected(parser, args, VARIANTS)
    env = environment(VERSIONED)
    print_header(
        "W6: GET /json (1 KiB) through CORS + gzip + rate limit + logging, raw ASGI calls", env, settings
    )
    worker_args = ["-n", str(n), f"--warmup={warmup}"]
    samples = run_interleaved(
        names, settings.repeats, lambda name: run_worker_process(__file__, name, worker_args)
    )
    rows = build_rows(
        names,
        samples,
        framework=lambda name: VARIANTS[name].framework,
        group=lambda name: "w6",
        group_key="workload",
        ours={"w6": "starlite"},
        bare={"w6": "bare"},
        extra=lambda name: {"n": n},
    )
    print()
    print_table(rows, "workload", group_width=8)
    print()
    print("us/req and req/s are medians over the repeats; spread is the fastest and slowest repeat.")
    print("vs ours = their us / starlite's us (>1.00x: starlite is faster); vs bare = against the floor.")
    print(f"wall time {samples.wall_seconds:.0f} s")
    if not args.no_save:
        path = save_results(
            "stack",
            quick=args.quick,
            env=env,
            settings={"repeats": settings.repeats, "n": n, "warmup": warmup, "quick": args.quick},
            wall_seconds=samples.wall_seconds,
            rows=rows,
        )
        print(f"saved {path.relative_to(path.parents[2])}")
    errors = samples.errors
    return 1 if errors and len(errors) == len(names) else 0


if __name__ == "__main__":
    sys.exit(main())
