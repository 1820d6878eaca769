"""In-process benchmark of handler-parameter work: starlite against Starlette, FastAPI and Litestar 2.

Every app serves one route, ``POST /items/{item_id:int}?q=<str>`` with a JSON body of a flat 10-field
model, and does the same work: parse the int path parameter, read and require the str query parameter,
decode and validate the JSON body into a model, and encode a JSON response holding ``item_id``, ``q``
and the model's fields.

Apps are called as raw ASGI callables (no server, no test client) on one asyncio event loop. Each
measurement runs in a fresh subprocess (``--worker NAME``); the parent interleaves the variants
(ABCD ABCD ...), takes medians across repeats, prints a table and saves JSON to ``bench/results/``.

Run ``python bench/kwargs_bench.py --help`` for the options (``--quick`` for a smoke run,
``--profile NAME`` for a cProfile of one variant).
"""

import argparse
import asyncio
import cProfile
import gc
import importlib.metadata
import io
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import time
import traceback
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import msgspec
from pydantic import BaseModel, ValidationError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
WORKER_FAILED = 3  # exit code of a worker whose app failed its correctness check


# --------------------------------------------------------------------------------------------------
# The models: one pydantic v2 model and one msgspec Struct with the same ten fields.
# --------------------------------------------------------------------------------------------------


class PydanticItem(BaseModel):
    name: str
    sku: str
    price: float
    quantity: int
    in_stock: bool
    tags: list[str]
    description: str | None = None
    weight: float
    category: str
    rating: int


class StructItem(msgspec.Struct):
    name: str
    sku: str
    price: float
    quantity: int
    in_stock: bool
    tags: list[str]
    weight: float
    category: str
    rating: int
    description: str | None = None


ITEM_ID = 42
QUERY = "hello world"
PAYLOAD: dict[str, Any] = {
    "name": "Widget",
    "sku": "WID-0042",
    "price": 19.99,
    "quantity": 7,
    "in_stock": True,
    "tags": ["tools", "hardware", "sale"],
    "description": "A very useful widget.",
    "weight": 1.25,
    "category": "gadgets",
    "rating": 4,
}
BODY = json.dumps(PAYLOAD).encode()
EXPECTED: dict[str, Any] = {"item_id": ITEM_ID, "q": QUERY, **PAYLOAD}


# --------------------------------------------------------------------------------------------------
# The apps. Each builder imports its framework itself, so a worker loads only the one it measures.
# --------------------------------------------------------------------------------------------------


def build_starlite_pydantic() -> ASGIApp:
    from starlite import Starlite, post

    @post("/items/{item_id:int}")
    async def create(item_id: int, q: str, data: PydanticItem) -> dict[str, Any]:
        return {"item_id": item_id, "q": q, **data.model_dump()}

    return Starlite(route_handlers=[create])  # type: ignore[return-value]


def build_starlite_msgspec() -> ASGIApp:
    from starlite import Starlite, post

    @post("/items/{item_id:int}")
    async def create(item_id: int, q: str, data: StructItem) -> dict[str, Any]:
        return {"item_id": item_id, "q": q, **msgspec.structs.asdict(data)}

    return Starlite(route_handlers=[create])  # type: ignore[return-value]


def build_starlette() -> ASGIApp:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def create(request: Request) -> JSONResponse:
        item_id: int = request.path_params["item_id"]
        q = request.query_params.get("q")
        if q is None:
            return JSONResponse({"detail": "missing query parameter 'q'"}, status_code=400)
        try:
            item = PydanticItem.model_validate(await request.json())
        except (ValueError, ValidationError) as exc:  # JSONDecodeError is a ValueError
            return JSONResponse({"detail": str(exc)}, status_code=400)
        return JSONResponse({"item_id": item_id, "q": q, **item.model_dump()})

    return Starlette(routes=[Route("/items/{item_id:int}", create, methods=["POST"])])  # type: ignore[return-value]


def build_fastapi() -> ASGIApp:
    from fastapi import FastAPI

    app = FastAPI()

    @app.post("/items/{item_id}")
    async def create(item_id: int, q: str, item: PydanticItem) -> dict[str, Any]:
        return {"item_id": item_id, "q": q, **item.model_dump()}

    return app  # type: ignore[return-value]


def build_litestar_pydantic() -> ASGIApp:
    from litestar import Litestar, post

    @post("/items/{item_id:int}")
    async def create(item_id: int, q: str, data: PydanticItem) -> dict[str, Any]:
        return {"item_id": item_id, "q": q, **data.model_dump()}

    return Litestar(route_handlers=[create])  # type: ignore[return-value]


def build_litestar_msgspec() -> ASGIApp:
    from litestar import Litestar, post

    @post("/items/{item_id:int}")
    async def create(item_id: int, q: str, data: StructItem) -> dict[str, Any]:
        return {"item_id": item_id, "q": q, **msgspec.structs.asdict(data)}

    return Litestar(route_handlers=[create])  # type: ignore[return-value]


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _send_json(send: Send, status: int, content: bytes) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(content)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": content})


def _build_bare(decode: Callable[[bytes], dict[str, Any]]) -> ASGIApp:
    """A hand-written ASGI callable doing the same work as the framework apps: the floor."""
    encode = msgspec.json.encode

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _bare_lifespan(receive, send)
            return
        prefix, _, tail = scope["path"].rpartition("/")
        if scope["method"] != "POST" or prefix != "/items" or not tail.isdigit():
            await _send_json(send, 404, b'{"detail":"Not Found"}')
            return
        q = None
        for key, value in parse_qsl(scope["query_string"].decode("latin-1")):
            if key == "q":
                q = value
                break
        if q is None:
            await _send_json(send, 400, b'{"detail":"missing query parameter q"}')
            return
        try:
            fields = decode(await _read_body(receive))
        except (ValidationError, msgspec.ValidationError, msgspec.DecodeError) as exc:
            await _send_json(send, 400, encode({"detail": str(exc)}))
            return
        await _send_json(send, 200, encode({"item_id": int(tail), "q": q, **fields}))

    return app


async def _bare_lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def build_bare_pydantic() -> ASGIApp:
    return _build_bare(lambda raw: PydanticItem.model_validate_json(raw).model_dump())


def build_bare_msgspec() -> ASGIApp:
    decoder = msgspec.json.Decoder(StructItem)
    return _build_bare(lambda raw: msgspec.structs.asdict(decoder.decode(raw)))


@dataclass(frozen=True)
class Variant:
    name: str
    framework: str  # distribution whose version is reported
    model: str  # "pydantic" or "msgspec": rows are compared with ours and bare of the same kind
    build: Callable[[], ASGIApp]


VARIANTS: dict[str, Variant] = {
    v.name: v
    for v in [
        Variant("starlite", "starlite", "pydantic", build_starlite_pydantic),
        Variant("starlite-msgspec", "starlite", "msgspec", build_starlite_msgspec),
        Variant("starlette", "starlette", "pydantic", build_starlette),
        Variant("fastapi", "fastapi", "pydantic", build_fastapi),
        Variant("litestar", "litestar", "pydantic", build_litestar_pydantic),
        Variant("litestar-msgspec", "litestar", "msgspec", build_litestar_msgspec),
        Variant("bare", "msgspec", "pydantic", build_bare_pydantic),
        Variant("bare-msgspec", "msgspec", "msgspec", build_bare_msgspec),
    ]
}
OURS = {"pydantic": "starlite", "msgspec": "starlite-msgspec"}
BARE = {"pydantic": "bare", "msgspec": "bare-msgspec"}
VERSIONED = ["starlite", "starlette", "fastapi", "litestar", "pydantic", "pydantic-core", "msgspec", "anyio"]


# --------------------------------------------------------------------------------------------------
# The ASGI harness.
# --------------------------------------------------------------------------------------------------


def make_scope(path: str, query: bytes, body: bytes) -> Scope:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query,
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "extensions": {},
    }


REQUEST_SCOPE = make_scope(f"/items/{ITEM_ID}", b"q=hello+world", BODY)
DISCONNECT: Message = {"type": "http.disconnect"}


def make_receive(body: bytes) -> Receive:
    """Return a ``receive`` handing out ``body`` once, then a disconnect."""
    message: Message = {"type": "http.request", "body": body, "more_body": False}
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return DISCONNECT
        sent = True
        return message

    return receive


async def discard(message: Message) -> None:
    return None


async def call(app: ASGIApp, scope: Scope, body: bytes, state: dict[str, Any]) -> tuple[int, bytes]:
    """Make one request and capture its response (for the correctness checks)."""
    status = 0
    chunks: list[bytes] = []

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app({**scope, "state": dict(state)}, make_receive(body), send)
    return status, b"".join(chunks)


class Lifespan:
    """Drive an app's ASGI lifespan protocol, so apps run as they would under a server."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.state: dict[str, Any] = {}
        self._to_app: asyncio.Queue[Message] = asyncio.Queue()
        self._from_app: asyncio.Queue[Message] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": self.state}
        try:
            await self.app(scope, self._to_app.get, self._from_app.put)
        except Exception:  # an app without lifespan support may raise: it then needs no start-up
            await self._from_app.put({"type": "lifespan.unsupported"})

    async def _exchange(self, message_type: str) -> None:
        await self._to_app.put({"type": message_type})
        reply = await asyncio.wait_for(self._from_app.get(), timeout=10)
        if reply["type"].endswith(".failed"):
            raise RuntimeError(f"{message_type} failed: {reply.get('message')}")

    async def __aenter__(self) -> "Lifespan":
        self._task = asyncio.create_task(self._run())
        await self._exchange("lifespan.startup")
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._task is not None
        if not self._task.done():
            await self._exchange("lifespan.shutdown")
        await self._task


class CheckFailed(Exception):
    pass


async def check(app: ASGIApp, state: dict[str, Any]) -> None:
    """Fail unless the app answers the benchmark request correctly and rejects bad ones."""
    status, content = await call(app, REQUEST_SCOPE, BODY, state)
    if status not in (200, 201):
        raise CheckFailed(f"expected status 200 or 201, got {status}: {content[:300]!r}")
    try:
        got = json.loads(content)
    except ValueError as exc:
        raise CheckFailed(f"response is not JSON: {content[:300]!r}") from exc
    if got != EXPECTED:
        raise CheckFailed(f"unexpected response body: {got!r}")

    bad_body = json.dumps({**PAYLOAD, "quantity": "many"}).encode()
    rejects = {
        "a missing q": (make_scope(f"/items/{ITEM_ID}", b"", BODY), BODY),
        "a non-int item_id": (make_scope("/items/abc", b"q=x", BODY), BODY),
        "an invalid body": (make_scope(f"/items/{ITEM_ID}", b"q=x", bad_body), bad_body),
        "malformed JSON": (make_scope(f"/items/{ITEM_ID}", b"q=x", b"{nope"), b"{nope"),
    }
    for what, (scope, body) in rejects.items():
        status, content = await call(app, scope, body, state)
        if not 400 <= status < 500:
            raise CheckFailed(f"expected a 4xx for {what}, got {status}: {content[:300]!r}")


async def timed_loop(app: ASGIApp, n: int, state: dict[str, Any]) -> int:
    """Make ``n`` requests and return the elapsed nanoseconds.

    Every request gets a fresh shallow copy of the scope and a fresh ``state`` (frameworks cache
    parsed request data in the scope, which must not leak from one request into the next).
    """
    template = REQUEST_SCOPE
    body = BODY
    start = time.perf_counter_ns()
    for _ in range(n):
        await app({**template, "state": dict(state)}, make_receive(body), discard)
    return time.perf_counter_ns() - start


async def run_worker(name: str, n: int, warmup: int) -> dict[str, Any]:
    app = VARIANTS[name].build()
    async with Lifespan(app) as lifespan:
        await check(app, lifespan.state)
        await timed_loop(app, warmup, lifespan.state)
        gc.collect()
        cpu_start = time.process_time_ns()
        elapsed_ns = await timed_loop(app, n, lifespan.state)
        cpu_ns = time.process_time_ns() - cpu_start
    return {
        "variant": name,
        "n": n,
        "elapsed_ns": elapsed_ns,
        "us_per_request": elapsed_ns / n / 1000,
        "cpu_us_per_request": cpu_ns / n / 1000,
    }


def worker_main(name: str, n: int, warmup: int) -> int:
    try:
        result = asyncio.run(run_worker(name, n, warmup))
    except CheckFailed as exc:
        print(json.dumps({"variant": name, "error": f"correctness check failed: {exc}"}))
        return WORKER_FAILED
    except Exception as exc:  # a broken app (import or start-up error) is reported, not timed
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        where = f" (at {frame.filename}:{frame.lineno})"
        print(json.dumps({"variant": name, "error": f"{type(exc).__name__}: {exc}{where}"}))
        return WORKER_FAILED
    print(json.dumps(result))
    return 0


def profile_main(name: str, n: int, warmup: int, top: int) -> int:
    """Run one variant under cProfile and print the top functions by own and by cumulative time."""

    async def go() -> None:
        app = VARIANTS[name].build()
        async with Lifespan(app) as lifespan:
            await check(app, lifespan.state)
            await timed_loop(app, warmup, lifespan.state)
            profiler = cProfile.Profile()
            profiler.enable()
            await timed_loop(app, n, lifespan.state)
            profiler.disable()
        for key in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(key).print_stats(top)
            print(f"===== {name}: top {top} by {key} ({n} requests) =====")
            print(out.getvalue().split("\n\n", 1)[-1].strip("\n"))
            print()

    asyncio.run(go())
    return 0


# --------------------------------------------------------------------------------------------------
# The parent: interleaved repeats in fresh subprocesses, medians, a table and a JSON file.
# --------------------------------------------------------------------------------------------------


def environment() -> dict[str, Any]:
    versions: dict[str, str] = {}
    for dist in VERSIONED:
        try:
            versions[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            versions[dist] = "not installed"
    return {
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": _cpu_model(),
        "cpus": os.cpu_count(),
        "versions": versions,
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def run_once(name: str, n: int, warmup: int) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker", name, "-n", str(n), f"--warmup={warmup}"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = proc.stdout.strip().splitlines()
    try:
        result: dict[str, Any] = json.loads(lines[-1])
    except (IndexError, ValueError):
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        result = {"variant": name, "error": f"worker exited with {proc.returncode}: {tail}"}
    return result


def fmt_ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add = parser.add_argument
    add("--quick", action="store_true", help="a ~15 s smoke run (fewer, shorter repeats)")
    add("-r", "--repeats", type=int, help="subprocesses per variant (default 7; 3 with --quick)")
    add("-n", type=int, help="timed requests per repeat (default 40000; 10000 with --quick)")
    add("--warmup", type=int, help="untimed requests before timing (default 2000; 500 with --quick)")
    add("--only", help="comma-separated variants to run (default: all): " + ", ".join(VARIANTS))
    parser.add_argument("--no-save", action="store_true", help="do not write bench/results/*.json")
    parser.add_argument("--worker", choices=list(VARIANTS), help=argparse.SUPPRESS)
    parser.add_argument("--profile", choices=list(VARIANTS), help="cProfile one variant in-process and exit")
    parser.add_argument("--top", type=int, default=15, help="rows of --profile output (default 15)")
    args = parser.parse_args(argv)

    repeats = args.repeats or (3 if args.quick else 7)
    n = args.n or (10000 if args.quick else 40000)
    warmup = args.warmup if args.warmup is not None else (500 if args.quick else 2000)

    if args.worker:
        return worker_main(args.worker, n, warmup)
    if args.profile:
        return profile_main(args.profile, n, warmup, args.top)

    names = list(VARIANTS) if not args.only else [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [name for name in names if name not in VARIANTS]
    if unknown:
        parser.error(f"unknown variant(s): {', '.join(unknown)}")

    env = environment()
    print("kwargs benchmark: POST /items/{item_id:int}?q=<str> with a 10-field JSON body, raw ASGI calls")
    print(f"Python {env['python']} on {env['platform']}")
    print(f"machine: {env['machine']}, {env['cpus']} CPUs, {env['processor']}")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in env["versions"].items()))
    print(f"{repeats} repeats x {n} requests (+{warmup} warm-up) per variant, each repeat a fresh subprocess")
    print()

    samples: dict[str, list[float]] = {name: [] for name in names}
    cpu_samples: dict[str, list[float]] = {name: [] for name in names}
    errors: dict[str, str] = {}
    started = time.monotonic()
    for repeat in range(repeats):
        for name in names:
            if name in errors:
                continue
            result = run_once(name, n, warmup)
            if "error" in result:
                errors[name] = result["error"]
                print(f"  SKIPPING {name}: {result['error']}", flush=True)
                continue
            samples[name].append(result["us_per_request"])
            cpu_samples[name].append(result["cpu_us_per_request"])
        done = ", ".join(f"{name} {samples[name][-1]:.1f}" for name in names if name not in errors)
        print(f"  repeat {repeat + 1}/{repeats} (us/request): {done}", flush=True)
    wall = time.monotonic() - started

    medians = {name: statistics.median(values) for name, values in samples.items() if values}
    rows: list[dict[str, Any]] = []
    for name in names:
        variant = VARIANTS[name]
        if name not in medians:
            rows.append({"variant": name, "model": variant.model, "error": errors.get(name, "no samples")})
            continue
        us = medians[name]
        ours = medians.get(OURS[variant.model])
        bare = medians.get(BARE[variant.model])
        rows.append(
            {
                "variant": name,
                "framework": variant.framework,
                "model": variant.model,
                "us_per_request": us,
                "requests_per_second": 1e6 / us,
                "min_us": min(samples[name]),
                "max_us": max(samples[name]),
                "samples_us": samples[name],
                "cpu_us_per_request": statistics.median(cpu_samples[name]),
                "cpu_samples_us": cpu_samples[name],
                "ratio_vs_ours": us / ours if ours else None,
                "ratio_vs_bare": us / bare if bare else None,
                "failed_after_samples": errors.get(name),
            }
        )

    print()
    header = (
        f"{'variant':<18} {'model':<9} {'us/req':>8} {'req/s':>9} {'spread us':>15} "
        f"{'vs ours':>8} {'vs bare':>8}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        if "error" in row:
            print(f"{row['variant']:<18} {row['model']:<9} SKIPPED: {row['error'][:200]}")
            continue
        spread = f"{row['min_us']:.1f}-{row['max_us']:.1f}"
        print(
            f"{row['variant']:<18} {row['model']:<9} {row['us_per_request']:>8.1f} "
            f"{row['requests_per_second']:>9,.0f} {spread:>15} "
            f"{fmt_ratio(row['ratio_vs_ours']):>8} {fmt_ratio(row['ratio_vs_bare']):>8}"
        )
    noisy = [row["variant"] for row in rows if "error" not in row and row["max_us"] > 1.25 * row["min_us"]]
    if noisy:
        print(f"note: repeats of {', '.join(noisy)} differ by over 25%: was the machine busy?")
    for row in rows:
        if row.get("failed_after_samples"):
            failed = row["failed_after_samples"]
            print(f"note: {row['variant']} has only {len(row['samples_us'])} samples, then failed: {failed}")
    print()
    print("us/req and req/s are medians over the repeats; spread is the fastest and slowest repeat.")
    print("vs ours = their us / starlite's us with the same model kind (>1.00x: starlite is faster);")
    print("vs bare = their us / the hand-written ASGI callable's us with the same model kind.")
    print(f"wall time {wall:.0f} s")

    if not args.no_save:
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc)
        path = RESULTS_DIR / f"kwargs-{stamp.strftime('%Y%m%dT%H%M%SZ')}{'-quick' if args.quick else ''}.json"
        document = {
            "benchmark": "kwargs",
            "timestamp": stamp.isoformat(),
            "environment": env,
            "settings": {"repeats": repeats, "n": n, "warmup": warmup, "quick": args.quick},
            "wall_seconds": wall,
            "results": rows,
        }
        path.write_text(json.dumps(document, indent=2) + "\n")
        print(f"saved {path.relative_to(BENCH_DIR.parent)}")
    return 1 if errors and len(errors) == len(names) else 0


if __name__ == "__main__":
    sys.exit(main())
