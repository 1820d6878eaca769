"""Scale: does a request get slower as the app gets more routes?

Apps of 10, 100, 1,000 and 10,000 GET routes (``build_routes_app``), in two shapes: static
(``/route{i}``) and parameterized (``/route{i}/{item_id:int}``). In a fresh process per (framework,
size, shape, repeat) (``worker.py scale``), the app is built and started, the first and the last
route are checked, and each is requested in process (as M1) for a time budget; µs/request is
reported per route and the growth from 10 to the largest size in %. A framework whose app is too
slow to build at some size (``MAX_ROUTES``) has that size SKIPPED.
"""

import asyncio
import gc
import time
from typing import Any

from _harness import CheckFailed, Lifespan, call, discard, make_receive
from _suite import Suite, fmt_number, print_table, run_worker, summary, verdict
from apps import OURS, load
from workloads import Request, make_scope

FRAMEWORKS = ("starlite", "starlette", "litestar")
SIZES = (10, 100, 1_000, 10_000)
SHAPES = ("static", "param")
REPEATS = (3, 1)  # (full run, --quick)
BUDGET_S = (0.3, 0.1)  # timed seconds per route and measurement
WARMUP = 50
TARGET_GROWTH = 20.0  # %, ours, 10 -> 10,000 routes
# Litestar 2.25 registers routes in quadratic time: 1,000 take ~0.6 s, 10,000 ~110 s on our machine.
MAX_ROUTES = {"litestar": 1_000}


# --------------------------------------------------------------------------------------------------
# The worker.
# --------------------------------------------------------------------------------------------------


def route_request(index: int, shape: str) -> tuple[Request, bytes]:
    """The request to route ``index`` of an app of this shape, and the body it must answer."""
    if shape == "param":
        return Request("GET", f"/route{index}/7"), b"7"
    return Request("GET", f"/route{index}"), b"ok"


async def time_route(app: Any, state: dict[str, Any], request: Request, budget_s: float) -> float:
    """µs/request for ``request``, repeated in batches until ``budget_s`` has passed."""
    scope = make_scope(request)
    for _ in range(WARMUP):
        await app({**scope, "state": dict(state)}, make_receive(b""), discard)
    gc.collect()
    count, batch = 0, 20
    budget_ns = int(budget_s * 1e9)
    start = time.perf_counter_ns()
    while True:
        for _ in range(batch):
            await app({**scope, "state": dict(state)}, make_receive(b""), discard)
        count += batch
        elapsed = time.perf_counter_ns() - start
        if elapsed >= budget_ns:
            return elapsed / count / 1000


async def measure(framework: str, count: int, shape: str, budget_s: float) -> dict[str, Any]:
    module = load(framework)
    started = time.perf_counter()
    app = module.build_routes_app(count, shape)
    async with Lifespan(app) as lifespan:
        build_s = time.perf_counter() - started
        out: dict[str, Any] = {"build_s": build_s}
        for position, index in (("first", 0), ("last", count - 1)):
            request, body = route_request(index, shape)
            response = await call(app, make_scope(request), b"", lifespan.state)
            if response.status != 200 or response.body != body:
                raise CheckFailed(
                    f"{request.target}: {response.status} {response.body[:100]!r} (expected 200 {body!r})"
                )
            out[f"{position}_us"] = await time_route(app, lifespan.state, request, budget_s)
    return out


def work(job: dict[str, Any]) -> dict[str, Any]:
    """One app size and shape: ``job`` holds framework, count, shape and budget_s."""
    return asyncio.run(measure(job["framework"], job["count"], job["shape"], job["budget_s"]))


# --------------------------------------------------------------------------------------------------
# The parent.
# --------------------------------------------------------------------------------------------------


def run(suite: Suite) -> dict[str, Any]:
    """Measure every size and shape; print the table and our target."""
    frameworks = [f for f in suite.frameworks if f.name in FRAMEWORKS]
    repeats = suite.repeats or suite.pick(*REPEATS)
    budget_s = suite.pick(*BUDGET_S)
    print(
        f"Scale: {', '.join(f.name for f in frameworks)} with {'/'.join(f'{s:,}' for s in SIZES)} routes, "
        f"{repeats} repeat(s), {budget_s} s per route"
    )
    samples: dict[tuple[str, str, int, str], list[float]] = {}
    errors: dict[tuple[str, str, int], str] = {}
    started = time.monotonic()
    for repeat in range(repeats):
        for size in SIZES:
            for shape in SHAPES:
                for framework in frameworks:
                    key = (framework.name, shape, size)
                    if key in errors:
                        continue
                    if size > MAX_ROUTES.get(framework.name, size):
                        errors[key] = f"not built: over {MAX_ROUTES[framework.name]:,} routes takes minutes"
                        continue
                    job = {"framework": framework.name, "count": size, "shape": shape, "budget_s": budget_s}
                    result = run_worker(framework, "scale", job)
                    if "error" in result:
                        errors[key] = result["error"]
                        print(f"  SKIPPED {framework.name} {shape} {size}: {result['error']}", flush=True)
                        continue
                    for measure in ("first_us", "last_us", "build_s"):
                        samples.setdefault((*key, measure), []).append(result[measure])
        print(f"  repeat {repeat + 1}/{repeats} done", flush=True)

    results: dict[str, Any] = {}
    for framework in frameworks:
        for shape in SHAPES:
            row: dict[str, Any] = {"sizes": {}}
            for size in SIZES:
                key = (framework.name, shape, size)
                if key in errors:
                    row["sizes"][str(size)] = {"error": errors[key]}
                    continue
                row["sizes"][str(size)] = {
                    m: summary(samples[(*key, m)]) for m in ("first_us", "last_us", "build_s")
                }
            measured = [s for s in SIZES if "error" not in row["sizes"][str(s)]]
            for position in ("first", "last"):
                if len(measured) >= 2:
                    low = row["sizes"][str(measured[0])][f"{position}_us"]["median"]
                    high = row["sizes"][str(measured[-1])][f"{position}_us"]["median"]
                    row[f"{position}_growth_pct"] = (high / low - 1) * 100
                    row["growth_range"] = [measured[0], measured[-1]]
            results[f"{framework.name}/{shape}"] = row
    targets = []
    if OURS in [f.name for f in frameworks]:
        for shape in SHAPES:
            row = results[f"{OURS}/{shape}"]
            growth = row.get("last_growth_pct")
            complete = row.get("growth_range") == [SIZES[0], SIZES[-1]]
            targets.append(
                {
                    "target": f"starlite {shape}: last route, 10 -> {SIZES[-1]:,} routes, "
                    f"grows < {TARGET_GROWTH:.0f}%",
                    "met": None if growth is None or not complete else growth < TARGET_GROWTH,
                    "figures": "n/a" if growth is None else f"{growth:+.1f}%",
                }
            )
    print_scale_table(frameworks, results, targets)
    return {
        "settings": {"sizes": list(SIZES), "repeats": repeats, "budget_s": budget_s},
        "wall_seconds": time.monotonic() - started,
        "results": results,
        "targets": targets,
    }


def print_scale_table(frameworks: list[Any], results: dict[str, Any], targets: list[dict[str, Any]]) -> None:
    rows: list[list[str]] = []
    for framework in frameworks:
        for shape in SHAPES:
            row = results[f"{framework.name}/{shape}"]
            for position in ("first", "last"):
                cells = []
                for size in SIZES:
                    cell = row["sizes"][str(size)]
                    cells.append("SKIP" if "error" in cell else fmt_number(cell[f"{position}_us"]["median"]))
                growth = row.get(f"{position}_growth_pct")
                span = row.get("growth_range")
                label = (
                    "" if span is None or span == [SIZES[0], SIZES[-1]] else f" ({span[0]:,}->{span[1]:,})"
                )
                biggest = next(
                    (row["sizes"][str(s)] for s in reversed(SIZES) if "error" not in row["sizes"][str(s)]),
                    None,
                )
                rows.append(
                    [
                        framework.name,
                        shape,
                        position,
                        *cells,
                        "-" if growth is None else f"{growth:+.1f}%{label}",
                        "-" if biggest is None else fmt_number(biggest["build_s"]["median"], 2),
                    ]
                )
    print_table(
        "Scale: us/request to the first and the last route, by number of routes (median); growth = "
        "largest size vs 10 routes; build s = building + starting the largest app",
        ["framework", "shape", "route", *(f"{s:,}" for s in SIZES), "growth", "build s"],
        rows,
        left=3,
    )
    for framework in frameworks:
        for shape in SHAPES:
            for size, cell in results[f"{framework.name}/{shape}"]["sizes"].items():
                if "error" in cell:
                    print(f"  SKIPPED {framework.name} {shape} {int(size):,}: {cell['error'][:200]}")
    for target in targets:
        print(f"Target: {verdict(target['met'])} {target['target']}: {target['figures']}")
    print()
