"""Benchmark of test-client overhead: starlite's clients against Starlette's, Litestar 2's and bare httpx.

Every app serves one route, ``GET /``, answering the plain text ``ok``; what differs is the client in
front of it. Three workloads:

- ``requests``: 2,000 sequential GETs through a client whose context is already entered (µs/request);
- ``cycle``: create a client, enter its context, make one GET, leave it, 200 times (ms/cycle): what a
  function-scoped pytest fixture costs each test;
- ``enter-exit``: the same cycle without the GET (ms/cycle): the client's set-up and tear-down alone.

The app is built once per process; only the clients are created in the timed loops. Each measurement
(one client, one workload) runs in a fresh subprocess (``--worker CLIENT --workload W``); the parent
interleaves the clients, takes medians across repeats, prints a table and saves JSON to
``bench/results/testclient.json``.

Run ``python bench/testclient_bench.py --help`` for the options (``--quick`` for a smoke run,
``--profile CLIENT`` for a cProfile of one client).
"""

import asyncio
import cProfile
import gc
import hashlib
import importlib.util
import sys
import time
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from _harness import (
    RESULTS_DIR,
    ASGIApp,
    CheckFailed,
    Samples,
    build_rows,
    environment,
    fmt_ratio,
    make_parser,
    print_header,
    print_profile,
    run_interleaved,
    run_worker_process,
    save_results,
    selected,
    settings_from,
    worker_main,
)

# Starlette 1.x warns that its TestClient will move from httpx to httpx2; that is not what is measured.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")

# --------------------------------------------------------------------------------------------------
# The apps: GET / answering "ok" as text/plain, each written as its framework documents it. Each
# builder imports its framework itself, so a worker loads only the one it measures.
# --------------------------------------------------------------------------------------------------


def build_starlite() -> ASGIApp:
    from starlite import MediaType, Starlite, get

    @get("/", media_type=MediaType.TEXT)
    async def index() -> str:
        return "ok"

    return Starlite(route_handlers=[index])  # type: ignore[return-value]


def build_starlette() -> ASGIApp:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def index(request: Request) -> PlainTextResponse:
        return PlainTextResponse("ok")

    return Starlette(routes=[Route("/", index)])  # type: ignore[return-value]


def build_litestar() -> ASGIApp:
    from litestar import Litestar, MediaType, get

    @get("/", media_type=MediaType.TEXT)
    async def index() -> str:
        return "ok"

    return Litestar(route_handlers=[index])  # type: ignore[return-value]


# --------------------------------------------------------------------------------------------------
# The clients. ``open_client(app)`` returns a client not yet entered; sync clients are entered with
# ``with``, async ones with ``async with``, and every one of them is used the way its docs show.
# --------------------------------------------------------------------------------------------------


def starlite_sync(app: ASGIApp) -> Any:
    from starlite.testing import TestClient

    return TestClient(app)


def starlite_async(app: ASGIApp) -> Any:
    from starlite.testing import AsyncTestClient

    return AsyncTestClient(app)


def starlette_sync(app: ASGIApp) -> Any:
    from starlette.testclient import TestClient

    return TestClient(app)


def litestar_sync(app: ASGIApp) -> Any:
    from litestar.testing import TestClient

    return TestClient(app)


def litestar_async(app: ASGIApp) -> Any:
    from litestar.testing import AsyncTestClient

    return AsyncTestClient(app)


def httpx_asgi(app: ASGIApp) -> Any:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


class NullTransport(httpx.AsyncBaseTransport):
    """A transport that does nothing but return a fixed response: the floor of httpx itself."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", b"2")]
        return httpx.Response(200, headers=headers, content=b"ok", request=request)


def httpx_null(app: ASGIApp) -> Any:
    return httpx.AsyncClient(transport=NullTransport(), base_url="http://testserver")


def build_none() -> ASGIApp:
    async def unused(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("the null transport never calls the app")

    return unused


@dataclass(frozen=True)
class Client:
    name: str  # "<distribution>-...": the distribution whose version is reported comes first
    kind: str  # "sync" or "async"
    build_app: Callable[[], ASGIApp]
    open_client: Callable[[ASGIApp], Any]
    description: str

    @property
    def framework(self) -> str:
        return self.name.split("-", 1)[0]


CLIENTS: dict[str, Client] = {
    c.name: c
    for c in [
        Client("starlite-sync", "sync", build_starlite, starlite_sync, "starlite.testing.TestClient"),
        Client("starlite-async", "async", build_starlite, starlite_async, "starlite.testing.AsyncTestClient"),
        Client("starlette-sync", "sync", build_starlette, starlette_sync, "starlette.testclient.TestClient"),
        Client("litestar-sync", "sync", build_litestar, litestar_sync, "litestar.testing.TestClient"),
        Client("litestar-async", "async", build_litestar, litestar_async, "litestar.testing.AsyncTestClient"),
        Client("httpx-asgi", "async", build_starlite, httpx_asgi, "httpx.ASGITransport, starlite app"),
        Client(
            "httpx-asgi-starlette", "async", build_starlette, httpx_asgi, "httpx.ASGITransport, Starlette app"
        ),
        Client("httpx-null", "async", build_none, httpx_null, "httpx, a do-nothing transport"),
    ]
}
OURS_SYNC, OURS_ASYNC, BARE = "starlite-sync", "starlite-async", "httpx-asgi"
TARGET_WORKLOADS = ("requests", "cycle")  # the (a) and (b); enter-exit is for information
FRAMEWORK_PEERS = {"sync": ["starlette-sync", "litestar-sync"], "async": ["litestar-async"]}
VERSIONED = ["starlite", "starlette", "litestar", "httpx", "anyio", "pydantic", "msgspec"]


@dataclass(frozen=True)
class Workload:
    name: str
    unit: str  # how the table shows one operation
    scale: float  # µs per unit
    digits: int  # decimals shown
    what: str


WORKLOADS: dict[str, Workload] = {
    w.name: w
    for w in [
        Workload("requests", "us/req", 1.0, 1, "GET / through an entered client"),
        Workload("cycle", "ms/cycle", 1000.0, 2, "create + enter + GET / + leave"),
        Workload("enter-exit", "ms/cycle", 1000.0, 2, "create + enter + leave, no request"),
    ]
}


# --------------------------------------------------------------------------------------------------
# The worker: one client, one workload, timed.
# --------------------------------------------------------------------------------------------------


def check_response(response: Any, client: str) -> None:
    if response.status_code != 200 or response.text != "ok":
        raise CheckFailed(f"{client}: expected 200 'ok', got {response.status_code} {response.text[:200]!r}")


def sync_loops(client: Client, app: ASGIApp) -> dict[str, Callable[[int], tuple[int, Any]]]:
    """The timed loops of a sync client; each returns the elapsed nanoseconds and its last response."""
    open_client = client.open_client

    def requests(n: int) -> tuple[int, Any]:
        with open_client(app) as test_client:
            response = test_client.get("/")
            check_response(response, client.name)
            get = test_client.get
            start = time.perf_counter_ns()
            for _ in range(n):
                response = get("/")
            return time.perf_counter_ns() - start, response

    def cycle(n: int) -> tuple[int, Any]:
        response = None
        start = time.perf_counter_ns()
        for _ in range(n):
            with open_client(app) as test_client:
                response = test_client.get("/")
        return time.perf_counter_ns() - start, response

    def enter_exit(n: int) -> tuple[int, Any]:
        start = time.perf_counter_ns()
        for _ in range(n):
            with open_client(app):
                pass
        return time.perf_counter_ns() - start, None

    return {"requests": requests, "cycle": cycle, "enter-exit": enter_exit}


def async_loops(client: Client, app: ASGIApp) -> dict[str, Callable[[int], Awaitable[tuple[int, Any]]]]:
    """The timed loops of an async client; each returns the elapsed nanoseconds and its last response."""
    open_client = client.open_client

    async def requests(n: int) -> tuple[int, Any]:
        async with open_client(app) as test_client:
            response = await test_client.get("/")
            check_response(response, client.name)
            get = test_client.get
            start = time.perf_counter_ns()
            for _ in range(n):
                response = await get("/")
            return time.perf_counter_ns() - start, response

    async def cycle(n: int) -> tuple[int, Any]:
        response = None
        start = time.perf_counter_ns()
        for _ in range(n):
            async with open_client(app) as test_client:
                response = await test_client.get("/")
        return time.perf_counter_ns() - start, response

    async def enter_exit(n: int) -> tuple[int, Any]:
        start = time.perf_counter_ns()
        for _ in range(n):
            async with open_client(app):
                pass
        return time.perf_counter_ns() - start, None

    return {"requests": requests, "cycle": cycle, "enter-exit": enter_exit}


def timed_loop(client: Client, app: ASGIApp, workload: str) -> Callable[[int], Awaitable[tuple[int, Any]]]:
    """The workload's timed loop as a coroutine function, whatever the client's kind."""
    if client.kind == "async":
        return async_loops(client, app)[workload]
    loop = sync_loops(client, app)[workload]

    async def run(n: int) -> tuple[int, Any]:
        # A sync test runs in a thread with no event loop of its own, and a sync client may use that
        # (ours runs its loop in the test's thread): the loop runs in a worker thread, as a test would.
        return await asyncio.to_thread(loop, n)

    return run


async def run_worker(name: str, workload: str, n: int, warmup: int) -> dict[str, Any]:
    client = CLIENTS[name]
    app = client.build_app()
    # One cycle with a request first: the client must answer "ok" before anything is timed.
    _, response = await timed_loop(client, app, "cycle")(1)
    check_response(response, name)
    run = timed_loop(client, app, workload)
    if warmup:
        await run(warmup)
    gc.collect()
    cpu_start = time.process_time_ns()
    elapsed_ns, last = await run(n)
    cpu_ns = time.process_time_ns() - cpu_start
    if last is not None:
        check_response(last, name)
    return {
        "variant": combo(name, workload),
        "n": n,
        "elapsed_ns": elapsed_ns,
        "us_per_request": elapsed_ns / n / 1000,
        "cpu_us_per_request": cpu_ns / n / 1000,
    }


def profile_main(name: str, workload: str, n: int, warmup: int, top: int) -> int:
    """Run one client's workload under cProfile and print the top functions by own and cumulative time."""
    client = CLIENTS[name]

    async def go() -> None:
        run = timed_loop(client, client.build_app(), workload)
        await run(warmup or 1)
        profiler = cProfile.Profile()
        profiler.enable()
        await run(n)
        profiler.disable()
        print_profile(profiler, combo(name, workload), n, top)

    asyncio.run(go())
    return 0


# --------------------------------------------------------------------------------------------------
# The parent: interleaved repeats in fresh subprocesses, medians, a table and a JSON file.
# --------------------------------------------------------------------------------------------------


def starlite_fingerprint() -> str:
    """A hash of the sources of the ``starlite`` the workers import (without importing it here).

    starlite may be edited while the benchmark runs; comparing this before and after a run tells
    whether every repeat measured the same code.
    """
    spec = importlib.util.find_spec("starlite")
    if spec is None or not spec.submodule_search_locations:
        return "not found"
    root = Path(next(iter(spec.submodule_search_locations)))
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return f"{root}: sha256 {digest.hexdigest()[:16]}"


def counts(workload: str, n: int, cycles: int, warmup: int) -> tuple[int, int]:
    """Timed and warm-up operations of a workload: ``n`` requests, or ``cycles`` client cycles."""
    if workload == "requests":
        return n, warmup
    return cycles, max(1, warmup // 10) if warmup else 0


def combo(client: str, workload: str) -> str:
    return f"{client}/{workload}"


def print_workload_table(workload: Workload, rows: list[dict[str, Any]]) -> None:
    unit, scale, digits = workload.unit, workload.scale, workload.digits
    print(f"({workload.name}) {workload.what}, {unit}:")
    header = (
        f"  {'client':<21} {'kind':<5} {unit:>9} {'spread':>15} {'vs ours-sync':>12} {'vs ours-async':>13} "
        f"{'vs httpx-asgi':>13}"
    )
    print(header)
    print("  " + "-" * (len(header) - 2))
    for row in rows:
        if "error" in row:
            print(f"  {row['client']:<21} {row['kind']:<5} SKIPPED: {row['error'][:200]}")
            continue
        spread = f"{row['min_us'] / scale:.{digits}f}-{row['max_us'] / scale:.{digits}f}"
        value = row["us_per_request"] / scale
        print(
            f"  {row['client']:<21} {row['kind']:<5} {value:>9.{digits}f} {spread:>15} "
            f"{fmt_ratio(row['ratio_vs_ours_sync']):>12} {fmt_ratio(row['ratio_vs_ours_async']):>13} "
            f"{fmt_ratio(row['ratio_vs_bare']):>13}"
        )
    noisy = [row["client"] for row in rows if "error" not in row and row["max_us"] > 1.25 * row["min_us"]]
    if noisy:
        print(f"  note: repeats of {', '.join(noisy)} differ by over 25%: was the machine busy?")
    print()


def target_lines(
    by_combo: dict[str, dict[str, Any]], workloads: list[str]
) -> list[tuple[str, bool | None, str]]:
    """The issue's targets: (what, met or ``None`` when a row is missing, the figures behind it)."""

    def value(client: str, workload: str) -> float | None:
        row = by_combo.get(combo(client, workload))
        return None if row is None or "error" in row else float(row["us_per_request"])

    lines: list[tuple[str, bool | None, str]] = []
    if "requests" in workloads:
        ours, bare = value(OURS_ASYNC, "requests"), value(BARE, "requests")
        figures = (
            "n/a" if ours is None or bare is None else f"{ours / bare:.2f}x ({ours:.1f} vs {bare:.1f} us/req)"
        )
        met = None if ours is None or bare is None else ours / bare <= 1.3
        lines.append(("(a) starlite-async within 1.30x of httpx-asgi", met, figures))
    for workload in (w for w in workloads if w in TARGET_WORKLOADS):
        for ours_name, kind in ((OURS_SYNC, "sync"), (OURS_ASYNC, "async")):
            ours = value(ours_name, workload)
            for peer in FRAMEWORK_PEERS[kind]:
                theirs = value(peer, workload)
                what = f"({workload}) {ours_name} faster than {peer}"
                if ours is None or theirs is None:
                    lines.append((what, None, "n/a"))
                else:
                    figures = f"{theirs / ours:.2f}x ({ours:.1f} vs {theirs:.1f} us)"
                    lines.append((what, ours < theirs, figures))
        # The strict reading: the slower of our clients beats the fastest framework client of any kind.
        what = f"({workload}) every starlite client faster than every framework client"
        ours_values = [value(name, workload) for name in (OURS_SYNC, OURS_ASYNC)]
        peer_values = [(value(peer, workload), peer) for peers in FRAMEWORK_PEERS.values() for peer in peers]
        known_ours = [v for v in ours_values if v is not None]
        known_peers = [(v, peer) for v, peer in peer_values if v is not None]
        if len(known_ours) < len(ours_values) or len(known_peers) < len(peer_values):
            lines.append((what, None, "n/a"))
            continue
        slowest_ours = max(known_ours)
        fastest_peer, peer_name = min(known_peers)
        figures = (
            f"slower of ours {slowest_ours:.1f} us vs fastest of theirs ({peer_name}) {fastest_peer:.1f} us"
        )
        lines.append((what, slowest_ours < fastest_peer, figures))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = make_parser(__doc__, CLIENTS, repeats=(7, 3), n=(2000, 500), warmup=(200, 100))
    add = parser.add_argument
    add("--cycles", type=int, help="timed client cycles per repeat (default 200; 50 with --quick)")
    add(
        "--workloads",
        default=",".join(WORKLOADS),
        help="comma-separated workloads to run (default: all): " + ", ".join(WORKLOADS),
    )
    add(
        "--workload",
        choices=list(WORKLOADS),
        default="requests",
        help="the workload of --profile (and of a worker)",
    )
    args = parser.parse_args(argv)
    settings = settings_from(args)
    n, warmup = settings.n, settings.warmup
    cycles = args.cycles or (50 if args.quick else 200)

    if args.worker:
        count, warm = counts(args.workload, n, cycles, warmup)
        return worker_main(
            combo(args.worker, args.workload), lambda: run_worker(args.worker, args.workload, count, warm)
        )
    if args.profile:
        count, warm = counts(args.workload, n, cycles, warmup)
        return profile_main(args.profile, args.workload, count, warm, args.top)

    clients = selected(parser, args, CLIENTS)
    workloads = [w.strip() for w in args.workloads.split(",") if w.strip()]
    unknown = [w for w in workloads if w not in WORKLOADS]
    if unknown:
        parser.error(f"unknown workload(s): {', '.join(unknown)}")
    env = environment(VERSIONED)
    env["starlite_sources"] = starlite_fingerprint()
    print_header(
        "test-client benchmark: GET / answering 'ok' (text/plain), through each framework's test client",
        env,
        settings,
        extra=f" ({cycles} cycles for cycle and enter-exit)",
    )

    print(f"starlite sources: {env['starlite_sources']}")
    print()
    names = [combo(client, workload) for workload in workloads for client in clients]

    def run_one(name: str) -> dict[str, Any]:
        client, workload = name.split("/")
        worker_args = ["--workload", workload, "-n", str(n), f"--warmup={warmup}", "--cycles", str(cycles)]
        return run_worker_process(__file__, client, worker_args)

    samples: Samples = run_interleaved(names, settings.repeats, run_one)
    rows = build_rows(
        names,
        samples,
        framework=lambda name: CLIENTS[name.split("/")[0]].framework,
        group=lambda name: name.split("/")[1],
        group_key="workload",
        ours={w: combo(OURS_ASYNC, w) for w in workloads},
        bare={w: combo(BARE, w) for w in workloads},
        extra=lambda name: {
            "client": name.split("/")[0],
            "kind": CLIENTS[name.split("/")[0]].kind,
            "description": CLIENTS[name.split("/")[0]].description,
            "unit": "us per request" if name.endswith("/requests") else "us per client cycle",
        },
    )
    by_combo = {row["variant"]: row for row in rows}
    for row in rows:
        client, workload = row["variant"].split("/")
        row.setdefault("client", client)
        row.setdefault("kind", CLIENTS[client].kind)
        # build_rows compares with one "ours" (the async client); the sync client gets its own column.
        row["ratio_vs_ours_async"] = row.get("ratio_vs_ours")
        ours_sync = by_combo.get(combo(OURS_SYNC, workload), {})
        row["ratio_vs_ours_sync"] = (
            row["us_per_request"] / ours_sync["us_per_request"]
            if "error" not in row and ours_sync.get("us_per_request")
            else None
        )

    print()
    for workload in workloads:
        print_workload_table(
            WORKLOADS[workload], [row for row in rows if row["variant"].endswith(f"/{workload}")]
        )
    print("Values are medians over the repeats; spread is the fastest and slowest repeat.")
    print("vs X = this row's time / X's time (above 1.00x: X is faster).")
    print(
        "httpx-asgi is httpx.AsyncClient(transport=httpx.ASGITransport(app)) over the same starlite app; "
        "it runs no lifespan."
    )
    print()
    print(
        "Targets (framework clients compared like for like, sync with sync and async with async, "
        "then across kinds):"
    )
    targets = target_lines(by_combo, workloads)
    for what, met, figures in targets:
        verdict = "n/a " if met is None else ("MET " if met else "MISS")
        print(f"  {verdict} {what}: {figures}")
    print(f"wall time {samples.wall_seconds:.0f} s")
    if starlite_fingerprint() != env["starlite_sources"]:
        env["starlite_sources_changed_during_run"] = True
        print("WARNING: starlite's sources changed during the run: the figures mix versions of the code.")

    if not args.no_save:
        saved = save_results(
            "testclient",
            quick=args.quick,
            env=env,
            settings={
                "repeats": settings.repeats,
                "n": n,
                "cycles": cycles,
                "warmup": warmup,
                "workloads": workloads,
                "quick": args.quick,
                "targets": [
                    {"target": what, "met": met, "figures": figures} for what, met, figures in targets
                ],
            },
            wall_seconds=samples.wall_seconds,
            rows=rows,
        )
        # One file per benchmark, overwritten by the next run (a --quick run keeps to its own file).
        path = saved.replace(RESULTS_DIR / ("testclient-quick.json" if args.quick else "testclient.json"))
        print(f"saved {path.relative_to(path.parents[2])}")
    errors = samples.errors
    return 1 if errors and len(errors) == len(names) else 0


if __name__ == "__main__":
    sys.exit(main())
