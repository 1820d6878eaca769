"""The benchmark suite: starlite against Starlite 1.51, Starlette, FastAPI, Litestar 2, BlackSheep and a
hand-written ASGI app, on seven workloads (see ``workloads.py``) and six measures:

- ``m1``: µs/request calling each app in process as an ASGI callable (``m1.py``);
- ``m2``: the frameworks' own test clients: µs/request and ms per client lifecycle (``m2.py``);
- ``m3``: requests/second behind uvicorn, loaded by wrk (``m3.py``);
- ``startup``: import + a 50-route app, in a fresh process (``startup.py``);
- ``openapi``: import + a 200-route app + its first OpenAPI schema request, in a fresh process
  (``startup.py``);
- ``scale``: µs/request with 10 to 10,000 routes (``scale.py``).

Every app passes a correctness check before it is timed; a framework or workload that fails it (or
whose packages are missing) is reported SKIPPED and the rest still run. Tables go to stdout; every
sample and the environment go to ``bench/results/run-<UTC time>.json`` and ``bench/results/latest.json``;
a chart to ``bench/results/chart.png``. Run it through ``bench/run``, which creates the two venvs it needs.
"""

import argparse
import json
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import m1
import m2
import m3
import scale
import startup
from _harness import RESULTS_DIR
from _suite import (
    Suite,
    environment,
    print_environment,
    unavailable,
    worker_command,
    worker_env,
)
from apps import BENCH_DIR, FRAMEWORKS
from workloads import WORKLOADS

MEASURES = ("m1", "m2", "m3", "startup", "openapi", "scale")


def split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add = parser.add_argument
    add("--quick", action="store_true", help="a ~3 min smoke run: one short repeat of everything")
    add(
        "--measures",
        default=",".join(MEASURES),
        help=f"comma-separated, of: {', '.join(MEASURES)} (default: all)",
    )
    add("--frameworks", default=",".join(FRAMEWORKS), help=f"comma-separated, of: {', '.join(FRAMEWORKS)}")
    add("--workloads", default=",".join(WORKLOADS), help=f"comma-separated, of: {', '.join(WORKLOADS)}")
    add(
        "--m3-workloads",
        default=",".join(m3.DEFAULT_WORKLOADS),
        help="workloads behind uvicorn (default w1-w4; add w5 for a second server per repeat)",
    )
    add("-r", "--repeats", type=int, help="repeats (fresh processes) per measurement; startup: samples")
    add("-n", type=int, help="timed requests per repeat in m1 and m2 (a)")
    add("--no-save", action="store_true", help="write no JSON and no chart")
    add(
        "--chart",
        type=Path,
        default=BENCH_DIR / "results" / "chart.png",
        help="where to draw the chart (default bench/results/chart.png)",
    )
    add(
        "--profile",
        metavar="FRAMEWORK:WORKLOAD",
        help="cProfile one M1 loop in process, print the top functions",
    )
    add("--top", type=int, default=25, help="rows of --profile output (default 25)")
    args = parser.parse_args(argv)
    for option, known in (("measures", MEASURES), ("frameworks", FRAMEWORKS), ("workloads", WORKLOADS)):
        unknown = [name for name in split(getattr(args, option)) if name not in known]
        if unknown:
            parser.error(f"unknown --{option}: {', '.join(unknown)}")
    unknown = [name for name in split(args.m3_workloads) if name not in WORKLOADS]
    if unknown:
        parser.error(f"unknown --m3-workloads: {', '.join(unknown)}")
    if args.profile:
        framework, _, workload = args.profile.partition(":")
        if framework not in FRAMEWORKS or workload not in WORKLOADS:
            parser.error("--profile takes FRAMEWORK:WORKLOAD, e.g. starlite:w4")
    return args


def profile(spec: str, n: int | None, top: int) -> int:
    """Run one M1 loop under cProfile in a worker on the framework's own interpreter."""
    name, _, workload = spec.partition(":")
    framework = FRAMEWORKS[name]
    reason = unavailable(framework)
    if reason:
        print(f"{name}: SKIPPED: {reason}")
        return 1
    job = {"framework": name, "workload": workload, "n": n or 20_000, "warmup": 1_000, "profile": top}
    proc = subprocess.run(worker_command(framework, "m1", job), cwd=BENCH_DIR, env=worker_env(framework))
    return proc.returncode


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.profile:
        return profile(args.profile, args.n, args.top)
    started = time.monotonic()
    stamp = datetime.now(timezone.utc)
    selected = [FRAMEWORKS[name] for name in split(args.frameworks)]
    skipped = {f.name: reason for f in selected if (reason := unavailable(f))}
    suite = Suite(
        frameworks=[f for f in selected if f.name not in skipped],
        skipped=skipped,
        workloads=[WORKLOADS[key] for key in split(args.workloads)],
        quick=args.quick,
        repeats=args.repeats,
        n=args.n,
    )
    env = environment(suite.frameworks)
    print(f"Benchmark suite{' (--quick)' if args.quick else ''}, {stamp:%Y-%m-%d %H:%M} UTC")
    print_environment(env)
    for name, reason in skipped.items():
        print(f"SKIPPED {name}: {reason}")
    print()

    sections: dict[str, Any] = {}
    for measure in split(args.measures):
        begun = time.monotonic()
        if measure == "m1":
            sections[measure] = m1.run(suite)
        elif measure == "m2":
            sections[measure] = m2.run(suite)
        elif measure == "m3":
            sections[measure] = m3.run(suite, split(args.m3_workloads))
        elif measure == "startup":
            sections[measure] = startup.run(suite)
        elif measure == "openapi":
            sections[measure] = startup.run_openapi(suite)
        elif measure == "scale":
            sections[measure] = scale.run(suite)
        sections[measure]["elapsed_s"] = time.monotonic() - begun
        print(f"({measure} took {sections[measure]['elapsed_s']:.0f} s)\n", flush=True)

    total = time.monotonic() - started
    print(f"Total: {total:.0f} s")
    if args.no_save:
        return 0
    document = {
        "suite": "bench/run.py",
        "timestamp": stamp.isoformat(),
        "quick": args.quick,
        "argv": sys.argv[1:] if argv is None else argv,
        "environment": env,
        "frameworks": {f.name: f.title for f in selected},
        "skipped_frameworks": skipped,
        "workloads": {w.key: w.title for w in suite.workloads},
        "total_seconds": total,
        "measures": sections,
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"run-{stamp:%Y%m%dT%H%M%SZ}{'-quick' if args.quick else ''}.json"
    text = json.dumps(document, indent=1) + "\n"
    path.write_text(text)
    (RESULTS_DIR / "latest.json").write_text(text)
    print(f"saved {path.relative_to(BENCH_DIR.parent)} and bench/results/latest.json")
    try:
        import chart
    except ImportError as exc:
        print(f"no chart: {exc}")
        return 0
    chart.draw(document, args.chart)
    print(f"chart: {args.chart}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
