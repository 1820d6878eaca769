"""M1: µs per request, calling each app directly as an ASGI callable (no server, no test client).

One measurement (a framework, a workload, a repeat) is one fresh subprocess (``worker.py m1``): build
the app, run its ASGI lifespan start-up, pass the workload's correctness check, make ``warmup``
untimed requests, ``gc.collect()``, then time ``n`` requests in one loop on one asyncio event loop.
Each request gets a shallow copy of the scope with a fresh ``state`` (frameworks cache parsed request
data in the scope), a ``receive`` handing the body once (then, as a server does, waiting until the
response is complete before it reports a disconnect) and a ``send`` that discards. The check runs
again after timing. The parent interleaves the frameworks (ABC ABC ...) and takes medians.
"""

import asyncio
import cProfile
import gc
import time
from typing import Any

from _harness import ASGIApp, Captured, Exchange, Lifespan, Scope, call, print_profile
from _suite import (
    Suite,
    fmt_number,
    fmt_ratio,
    print_noisy,
    print_table,
    ratio,
    run_worker,
    summary,
)
from apps import BARE, OURS, build, load
from workloads import WORKLOADS, Request, make_scope, verify

REPEATS = (5, 2)  # (full run, --quick)
REQUESTS = (20_000, 2_000)
WARMUP = (2_000, 300)


# --------------------------------------------------------------------------------------------------
# The worker.
# --------------------------------------------------------------------------------------------------


async def timed_loop(app: ASGIApp, scope: Scope, body: bytes, state: dict[str, Any], n: int) -> int:
    """Make ``n`` requests and return the elapsed nanoseconds."""
    start = time.perf_counter_ns()
    for _ in range(n):
        exchange = Exchange(body)
        await app({**scope, "state": dict(state)}, exchange.receive, exchange.send)
    return time.perf_counter_ns() - start


async def measure(
    framework: str, workload_key: str, n: int, warmup: int, profile_top: int = 0
) -> dict[str, Any]:
    workload = WORKLOADS[workload_key]
    module = load(framework)
    app = build(module, workload.app)
    async with Lifespan(app) as lifespan:
        state = lifespan.state

        async def fetch(request: Request) -> Captured:
            return await call(app, make_scope(request), request.body, state)

        timed = await verify(workload, fetch)
        scope, body = make_scope(timed), timed.body
        await timed_loop(app, scope, body, state, warmup)
        gc.collect()
        if profile_top:
            profiler = cProfile.Profile()
            profiler.enable()
            await timed_loop(app, scope, body, state, n)
            profiler.disable()
            print_profile(profiler, f"{framework}:{workload_key}", n, profile_top)
            return {}
        cpu_start = time.process_time_ns()
        elapsed_ns = await timed_loop(app, scope, body, state, n)
        cpu_ns = time.process_time_ns() - cpu_start
        await verify(workload, fetch)  # still right after being timed
        # What the loop itself costs (scope copy, receive, the await), with an app that does nothing:
        # part of every row, reported so that ratios can be read without it.
        harness_ns = await timed_loop(_null_app, scope, body, state, n)
    return {
        "us": elapsed_ns / n / 1000,
        "cpu_us": cpu_ns / n / 1000,
        "harness_us": harness_ns / n / 1000,
        "n": n,
    }


async def _null_app(scope: Scope, receive: Any, send: Any) -> None:
    return None


def work(job: dict[str, Any]) -> dict[str, Any] | None:
    """One measurement in this process: ``job`` holds framework, workload, n, warmup (and profile)."""
    result = asyncio.run(
        measure(job["framework"], job["workload"], job["n"], job["warmup"], job.get("profile", 0))
    )
    return result or None


# --------------------------------------------------------------------------------------------------
# The parent.
# --------------------------------------------------------------------------------------------------


def run(suite: Suite) -> dict[str, Any]:
    """Measure every selected framework on every selected workload; print the table; return the results."""
    repeats = suite.repeats or suite.pick(*REPEATS)
    n = suite.n or suite.pick(*REQUESTS)
    warmup = suite.pick(*WARMUP)
    print(
        f"M1: in-process ASGI calls, {repeats} repeat(s) x {n:,} requests (+{warmup:,} warm-up), "
        "a fresh process each"
    )
    samples: dict[str, dict[str, list[float]]] = {w.key: {} for w in suite.workloads}
    cpu: dict[str, dict[str, list[float]]] = {w.key: {} for w in suite.workloads}
    errors: dict[str, dict[str, str]] = {w.key: {} for w in suite.workloads}
    harness: list[float] = []
    started = time.monotonic()
    for repeat in range(repeats):
        for workload in suite.workloads:
            for framework in suite.frameworks:
                if framework.name in errors[workload.key]:
                    continue
                job = {"framework": framework.name, "workload": workload.key, "n": n, "warmup": warmup}
                result = run_worker(framework, "m1", job)
                if "error" in result:
                    errors[workload.key][framework.name] = result["error"]
                    print(f"  SKIPPED {framework.name} {workload.key}: {result['error']}", flush=True)
                    continue
                samples[workload.key].setdefault(framework.name, []).append(result["us"])
                cpu[workload.key].setdefault(framework.name, []).append(result["cpu_us"])
                harness.append(result["harness_us"])
            line = ", ".join(f"{name} {values[-1]:.1f}" for name, values in samples[workload.key].items())
            print(f"  repeat {repeat + 1}/{repeats} {workload.key} (us/req): {line}", flush=True)

    results: dict[str, Any] = {}
    for workload in suite.workloads:
        rows: dict[str, Any] = {}
        medians = {name: summary(values)["median"] for name, values in samples[workload.key].items()}
        for framework in suite.frameworks:
            name = framework.name
            if name in errors[workload.key] or name not in medians:
                rows[name] = {"error": errors[workload.key].get(name, "no samples")}
                continue
            bare = medians.get(BARE)
            rows[name] = {
                **summary(samples[workload.key][name]),
                "cpu_us": summary(cpu[workload.key][name]),
                "ratio_to_bare": ratio(medians[name], bare),
                "ratio_to_bare_without_harness": (
                    None
                    if bare is None or not harness
                    else ratio(medians[name] - summary(harness)["median"], bare - summary(harness)["median"])
                ),
                "ratio_vs_ours": ratio(medians[name], medians.get(OURS)),
            }
        results[workload.key] = rows
    wall = time.monotonic() - started
    harness_summary = summary(harness) if harness else None
    print_m1_table(suite, results)
    if harness_summary is not None:
        print(
            f"The harness itself (scope copy, receive, await; an app that does nothing) costs "
            f"{harness_summary['median']:.2f} us/request, included in every row; without it, ours is "
            + ", ".join(
                f"{key} {fmt_ratio(results[key].get(OURS, {}).get('ratio_to_bare_without_harness'))}"
                for key in results
            )
            + " the bare app's time."
        )
        print()
    return {
        "settings": {"repeats": repeats, "n": n, "warmup": warmup},
        "wall_seconds": wall,
        "harness_us": harness_summary,
        "results": results,
    }


def print_m1_table(suite: Suite, results: dict[str, Any]) -> None:
    rows: list[list[str]] = []
    for workload in suite.workloads:
        for framework in suite.frameworks:
            row = results[workload.key][framework.name]
            if "error" in row:
                rows.append([workload.key, framework.name, f"SKIPPED: {row['error'][:160]}"])
                continue
            rows.append(
                [
                    workload.key,
                    framework.name,
                    fmt_number(row["median"]),
                    f"{fmt_number(row['min'])}-{fmt_number(row['max'])}",
                    fmt_number(row["cpu_us"]["median"]),
                    fmt_number(1e6 / row["median"], 0),
                    fmt_ratio(row["ratio_to_bare"]),
                    fmt_ratio(row["ratio_vs_ours"]),
                ]
            )
        rows.append([""])
    print_table(
        "M1: in-process ASGI, us/request (median of repeats; cpu = the process's CPU time per request, "
        "every thread counted; x bare = its us / bare's; vs ours = its us / ours: above 1.00x we are faster)",
        ["workload", "framework", "us/req", "min-max", "cpu", "req/s", "x bare", "vs ours"],
        rows[:-1],
        left=2,
    )
    print_noisy(
        {
            f"{workload.key} {name}": row
            for workload in suite.workloads
            for name, row in results[workload.key].items()
            if "error" not in row
        }
    )
