"""Start-up: importing a framework and building (and starting) a 50-route app, in a fresh process.

Each sample is one run of ``startup_probe.py`` on the framework's interpreter: the probe times, from
its first line, the framework's import and the app's build plus its ASGI lifespan start-up
(in-process seconds); the parent times the whole process (interpreter start-up included). Samples of
the frameworks are interleaved, after one untimed run each (which also writes the bytecode caches).

Starlite 1.51 builds its OpenAPI schema when the app is created (ours, Litestar and FastAPI build
theirs on the first request for it), so it is measured twice: as shipped, and with
``openapi_config=None`` (``starlite151-no-openapi``).

The ``openapi`` measure (``run_openapi``) uses the same probe with ``--openapi 200``: importing the
framework, building a 200-route app (path and query parameters, a pydantic model body, a model
response), starting it and answering its first ``GET`` of the OpenAPI schema, in a fresh process;
the frameworks that serve a schema of their own (ours, Starlite 1.51, FastAPI, Litestar 2).
"""

import json
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from _suite import Suite, fmt_number, fmt_ratio, print_table, ratio, summary, verdict, worker_env
from apps import BARE, BENCH_DIR, FRAMEWORKS, OURS, Framework

SAMPLES = (10, 3)  # (full run, --quick)
TARGET_MS = 80.0  # ours: import + building the 50-route app, in process
PROBE = BENCH_DIR / "startup_probe.py"
OPENAPI_ROUTES = 200
OPENAPI_FRAMEWORKS = ("starlite", "starlite151", "fastapi", "litestar")  # those serving their own schema
OPENAPI_PEERS = ("fastapi", "litestar")  # the target: ours faster than both


@dataclass(frozen=True)
class Variant:
    name: str
    framework: Framework
    options: tuple[str, ...] = ()


def variants(suite: Suite) -> list[Variant]:
    out = [Variant(framework.name, framework) for framework in suite.frameworks]
    if "starlite151" in suite.names():
        out.append(Variant("starlite151-no-openapi", FRAMEWORKS["starlite151"], ("--no-openapi",)))
    return out


def sample(variant: Variant) -> dict[str, Any]:
    """Two fresh processes: in-process seconds (import, build, start) and wall time of a full start-up,
    then the wall time of a process that only imports and builds."""
    result = _probe(variant)
    if "error" not in result:
        build_only = _probe(variant, "--no-start")
        if "error" in build_only:
            return build_only
        result["wall_build_only_s"] = build_only["wall_s"]
    return result


def _probe(variant: Variant, *extra: str) -> dict[str, Any]:
    command = [variant.framework.python, str(PROBE), variant.framework.name, *variant.options, *extra]
    # Bytecode caches are written and used, as after a normal install (pip compiles what it installs;
    # the untimed first round writes them for an editable install).
    env = worker_env(variant.framework)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    proc = subprocess.run(command, cwd=BENCH_DIR, env=env, capture_output=True, text=True, timeout=300)
    wall = time.perf_counter() - started
    try:
        result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"probe exited with {proc.returncode}: {tail}"}
    return {**result, "wall_s": wall}


def _collect(
    todo: list[Variant], count: int, take: Callable[[Variant], dict[str, Any]], keys: tuple[str, ...]
) -> tuple[dict[str, dict[str, list[float]]], dict[str, str]]:
    """``count`` interleaved rounds of ``take`` over the variants: ``keys`` of each sample, and errors.

    One untimed round first writes the bytecode caches and shows a broken variant (reported, then
    skipped).
    """
    errors: dict[str, str] = {}
    for variant in todo:
        result = take(variant)
        if "error" in result:
            errors[variant.name] = result["error"]
            print(f"  SKIPPED {variant.name}: {result['error']}", flush=True)
    samples: dict[str, dict[str, list[float]]] = {v.name: {key: [] for key in keys} for v in todo}
    for _ in range(count):
        for variant in todo:
            if variant.name in errors:
                continue
            result = take(variant)
            if "error" in result:
                errors[variant.name] = result["error"]
                continue
            for key in keys:
                samples[variant.name][key].append(result[key])
    return samples, errors


def run(suite: Suite) -> dict[str, Any]:
    """Sample every framework's start-up; print the table and our target."""
    count = suite.repeats or suite.pick(*SAMPLES)
    todo = variants(suite)
    print(
        f"Startup: import + 50-route app (+ lifespan start-up), {count} fresh process(es) each, interleaved"
    )
    started = time.monotonic()
    keys = ("import_s", "build_s", "start_s", "wall_s", "wall_build_only_s")
    samples, errors = _collect(todo, count, sample, keys)
    results: dict[str, Any] = {}
    for variant in todo:
        values = samples[variant.name]
        if variant.name in errors or not values["wall_s"]:
            results[variant.name] = {"error": errors.get(variant.name, "no samples")}
            continue
        in_process = [i + b for i, b in zip(values["import_s"], values["build_s"], strict=True)]
        ready = [i + s for i, s in zip(in_process, values["start_s"], strict=True)]
        results[variant.name] = {key: summary(values[key]) for key in keys}
        results[variant.name]["in_process_s"] = summary(in_process)
        results[variant.name]["ready_s"] = summary(ready)
    for row in results.values():
        if "error" not in row:
            for key in ("in_process_s", "ready_s", "wall_s", "wall_build_only_s"):
                row[key]["ratio_vs_ours"] = ratio(
                    row[key]["median"], results.get(OURS, {}).get(key, {}).get("median")
                )
                row[key]["ratio_to_bare"] = ratio(
                    row[key]["median"], results.get(BARE, {}).get(key, {}).get("median")
                )
    ours = results.get(OURS, {}).get("in_process_s", {}).get("median")
    met = None if ours is None else ours * 1000 <= TARGET_MS
    target = {
        "target": f"starlite import + building a 50-route app <= {TARGET_MS:.0f} ms in process",
        "met": met,
        "figures": "n/a" if ours is None else f"{ours * 1000:.1f} ms",
    }
    print_startup_table(todo, results, target)
    return {
        "settings": {"samples": count, "routes": 50},
        "wall_seconds": time.monotonic() - started,
        "results": results,
        "targets": [target],
    }


def print_startup_table(todo: list[Variant], results: dict[str, Any], target: dict[str, Any]) -> None:
    rows: list[list[str]] = []
    for variant in todo:
        row = results[variant.name]
        if "error" in row:
            rows.append([variant.name, f"SKIPPED: {row['error'][:160]}"])
            continue
        in_process = row["in_process_s"]
        rows.append(
            [
                variant.name,
                fmt_number(row["import_s"]["median"] * 1000),
                fmt_number(row["build_s"]["median"] * 1000),
                fmt_number(row["in_process_s"]["median"] * 1000),
                f"{fmt_number(in_process['min'] * 1000)}-{fmt_number(in_process['max'] * 1000)}",
                fmt_number(row["start_s"]["median"] * 1000),
                fmt_number(row["ready_s"]["median"] * 1000),
                fmt_ratio(row["ready_s"]["ratio_vs_ours"]),
                fmt_number(row["wall_build_only_s"]["median"] * 1000),
                fmt_number(row["wall_s"]["median"] * 1000),
                fmt_ratio(row["wall_s"]["ratio_vs_ours"]),
            ]
        )
    print_table(
        "Startup: ms, median of fresh processes. In process: import + build (the target's figure), then "
        "the lifespan start-up (with asyncio's import, when the framework has not imported it yet); "
        "ready = the three. Process: the whole `python` run, interpreter start included, importing and "
        "building only, and then with the start-up",
        [
            "framework",
            "import",
            "build",
            "import+build",
            "min-max",
            "start",
            "ready",
            "vs ours",
            "process (build)",
            "process (ready)",
            "vs ours",
        ],
        rows,
    )
    print(f"Target: {verdict(target['met'])} {target['target']}: {target['figures']}")
    print()


def run_openapi(suite: Suite) -> dict[str, Any]:
    """Sample import + a 200-route app + start + the first schema request; print the table and target."""
    count = suite.repeats or suite.pick(*SAMPLES)
    todo = [Variant(f.name, f, ("--openapi", str(OPENAPI_ROUTES))) for f in suite.frameworks]
    todo = [variant for variant in todo if variant.name in OPENAPI_FRAMEWORKS]
    print(
        f"OpenAPI start-up: import + {OPENAPI_ROUTES}-route app + start + first schema GET, "
        f"{count} fresh process(es) each, interleaved"
    )
    started = time.monotonic()
    keys = ("import_s", "build_s", "start_s", "schema_s", "wall_s")
    samples, errors = _collect(todo, count, _probe, keys)
    results: dict[str, Any] = {}
    for variant in todo:
        values = samples[variant.name]
        if variant.name in errors or not values["wall_s"]:
            results[variant.name] = {"error": errors.get(variant.name, "no samples")}
            continue
        total = [sum(parts) for parts in zip(*(values[key] for key in keys[:4]), strict=True)]
        results[variant.name] = {key: summary(values[key]) for key in keys}
        results[variant.name]["total_s"] = summary(total)
    ours = results.get(OURS, {})
    for row in results.values():
        if "error" not in row:
            for key in ("total_s", "schema_s", "wall_s"):
                row[key]["ratio_vs_ours"] = ratio(row[key]["median"], ours.get(key, {}).get("median"))
    peers = {
        name: results[name]["total_s"]["median"]
        for name in OPENAPI_PEERS
        if "total_s" in results.get(name, {})
    }
    mine = ours.get("total_s", {}).get("median")
    met = None if mine is None or not peers else all(mine < theirs for theirs in peers.values())
    target = {
        "target": f"starlite import + {OPENAPI_ROUTES}-route app + first schema GET faster than "
        + " and ".join(OPENAPI_PEERS),
        "met": met,
        "figures": "n/a"
        if mine is None
        else ", ".join(
            [f"ours {mine * 1000:.0f} ms"]
            + [f"{name} {value * 1000:.0f} ms" for name, value in peers.items()]
        ),
    }
    rows: list[list[str]] = []
    for variant in todo:
        row = results[variant.name]
        if "error" in row:
            rows.append([variant.name, f"SKIPPED: {row['error'][:160]}"])
            continue
        rows.append(
            [
                variant.name,
                *(
                    fmt_number(row[key]["median"] * 1000)
                    for key in ("import_s", "build_s", "start_s", "schema_s")
                ),
                fmt_number(row["total_s"]["median"] * 1000),
                f"{fmt_number(row['total_s']['min'] * 1000)}-{fmt_number(row['total_s']['max'] * 1000)}",
                fmt_ratio(row["total_s"]["ratio_vs_ours"]),
                fmt_number(row["wall_s"]["median"] * 1000),
                fmt_ratio(row["wall_s"]["ratio_vs_ours"]),
            ]
        )
    print_table(
        f"OpenAPI start-up: ms, median of fresh processes: import, build of a {OPENAPI_ROUTES}-route app, "
        "lifespan start-up, first GET of the schema (Starlite 1.51 builds it in `build`); total = the "
        "four, in process; process = the whole `python` run",
        [
            "framework",
            "import",
            "build",
            "start",
            "schema",
            "total",
            "min-max",
            "vs ours",
            "process",
            "vs ours",
        ],
        rows,
    )
    print(f"Target: {verdict(target['met'])} {target['target']}: {target['figures']}")
    print()
    return {
        "settings": {"samples": count, "routes": OPENAPI_ROUTES},
        "wall_seconds": time.monotonic() - started,
        "results": results,
        "targets": [target],
    }
