"""W9 without the database: what each framework itself adds to reading one row through a session.

W9's own figures (``bash bench/run --workloads w9``) are mostly SQLAlchemy and aiosqlite, whose thread
hand-offs make them noisy. Here every app of W9 runs unchanged, its engine and session maker made as
usual and a real ``AsyncSession`` created per request, but ``AsyncSession.get`` returns a fresh
transient ``Item`` (the row's values, no query) and ``AsyncSession.close`` does nothing: what is left
is the framework's work (routing, the session dependency, the hooks that close the session, turning the
mapped object into JSON) plus the session object and the ``Item``, the same in every app.

    .bench-venv/bin/python bench/w9_overhead.py [-r REPEATS] [-n REQUESTS] [--frameworks a,b]

One fresh process per sample, frameworks interleaved (ABC ABC ...); the table gives the median and
fastest repeat of wall and CPU time per request, and each over ours (above 1.00x, we are faster).
"""

import argparse
import asyncio
import gc
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
FRAMEWORKS = ("bare", "starlite", "fastapi", "litestar")


async def _stub_get(self: Any, entity: Any, ident: Any, **options: Any) -> Any:
    from apps._db import ROWS, row

    return entity(**row(ident)) if 1 <= ident <= ROWS else None


async def _stub_close(self: Any) -> None:
    return None


async def measure(framework: str, n: int, warmup: int) -> dict[str, float]:
    from _harness import Lifespan, call
    from apps import build, load
    from m1 import timed_loop
    from sqlalchemy.ext.asyncio import AsyncSession
    from workloads import WORKLOADS, Request, make_scope, verify

    AsyncSession.get = _stub_get  # type: ignore[method-assign]
    AsyncSession.close = _stub_close  # type: ignore[method-assign]
    workload = WORKLOADS["w9"]
    app = build(load(framework), workload.app)
    async with Lifespan(app) as lifespan:
        state = lifespan.state

        async def fetch(request: Request) -> Any:
            return await call(app, make_scope(request), request.body, state)

        scope = make_scope(await verify(workload, fetch))
        await timed_loop(app, scope, b"", state, warmup)
        gc.collect()
        cpu_start = time.process_time_ns()
        elapsed_ns = await timed_loop(app, scope, b"", state, n)
        cpu_ns = time.process_time_ns() - cpu_start
        await verify(workload, fetch)
    return {"us": elapsed_ns / n / 1000, "cpu_us": cpu_ns / n / 1000}


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("-r", "--repeats", type=int, default=5)
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--frameworks", default=",".join(FRAMEWORKS))
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(asyncio.run(measure(args.worker, args.n, 1_000))))
        return 0
    names = [name for name in args.frameworks.split(",") if name]
    wall: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    for repeat in range(args.repeats):
        for name in names:
            proc = subprocess.run(
                [sys.executable, __file__, "--worker", name, "-n", str(args.n)],
                cwd=BENCH_DIR,
                capture_output=True,
                text=True,
            )
            try:
                result = json.loads(proc.stdout.strip().splitlines()[-1])
            except (IndexError, ValueError):
                sys.exit(f"{name} failed: {proc.stderr.strip().splitlines()[-1:]}")
            wall[name].append(result["us"])
            cpu[name].append(result["cpu_us"])
        done = ", ".join(f"{name} {values[-1]:.1f}" for name, values in wall.items())
        print(f"  repeat {repeat + 1}/{args.repeats}: {done}", flush=True)
    ours = "starlite" if "starlite" in names else names[0]
    print(f"\nW9 without the database, us/request ({args.repeats} repeats x {args.n:,} requests)")
    headers = ("framework", "wall", "fastest", "cpu", "fastest", "wall vs ours", "cpu vs ours")
    print(f"{headers[0]:10}" + "".join(f"{header:>13}" for header in headers[1:]))
    for name in names:
        figures = [
            statistics.median(wall[name]),
            min(wall[name]),
            statistics.median(cpu[name]),
            min(cpu[name]),
        ]
        ratios = [figures[0] / statistics.median(wall[ours]), figures[2] / statistics.median(cpu[ours])]
        print(
            f"{name:10}"
            + "".join(f"{value:13.1f}" for value in figures)
            + "".join(f"{r:12.2f}x" for r in ratios)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
