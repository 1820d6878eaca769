"""Shared machinery of the in-process benchmarks in this folder (``kwargs_bench.py``, ``session_bench.py``).

A benchmark script defines its apps and its timed loop; this module gives it the rest:

- an ASGI harness: ``Lifespan`` (drive an app's start-up and shut-down), ``call`` (one request with its
  response captured), ``make_receive``/``discard`` and a lifespan handler for hand-written apps;
- the worker side: ``worker_main`` runs one measurement and prints it as one JSON line (or an error);
- the parent side: ``run_interleaved`` (fresh subprocess per repeat, variants interleaved),
  ``build_rows`` (medians and ratios), ``print_table`` and ``save_results``;
- ``print_profile`` for the ``--profile`` option, and ``environment`` for the header of a run.
"""

import argparse
import asyncio
import cProfile
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
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
WORKER_FAILED = 3  # exit code of a worker whose app failed its correctness check


class CheckFailed(Exception):
    """An app answered the correctness check wrongly: it is reported as SKIPPED, not timed."""


# --------------------------------------------------------------------------------------------------
# The ASGI harness.
# --------------------------------------------------------------------------------------------------

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


class Exchange:
    """One request's ``receive`` and ``send``, with a server's timing of the disconnect.

    ``receive`` hands out the body once; called again, it waits until the response is complete and
    then reports a disconnect, as uvicorn does. Starlette's streaming and file responses listen for
    the disconnect while they send (ASGI spec 2.3): a ``receive`` that reported it at once, as
    ``make_receive`` does, would stop them before their first chunk. ``capture``, when given, sees
    every message sent; without it, they are discarded.
    """

    __slots__ = ("_body", "_capture", "_complete", "_sent", "_waiter")

    def __init__(self, body: bytes, capture: Send | None = None) -> None:
        self._body = body
        self._capture = capture
        self._sent = self._complete = False
        self._waiter: asyncio.Future[None] | None = None

    async def receive(self) -> Message:
        if not self._sent:
            self._sent = True
            return {"type": "http.request", "body": self._body, "more_body": False}
        if not self._complete:
            if self._waiter is None:
                self._waiter = asyncio.get_running_loop().create_future()
            await asyncio.shield(self._waiter)
        return DISCONNECT

    async def send(self, message: Message) -> None:
        if self._capture is not None:
            await self._capture(message)
        kind = message["type"]
        if (kind == "http.response.body" and not message.get("more_body", False)) or (
            kind == "http.response.pathsend"
        ):
            self._complete = True
            if self._waiter is not None and not self._waiter.done():
                self._waiter.set_result(None)


@dataclass
class Captured:
    """One response: its status, its headers (lower-cased names) and its body."""

    status: int = 0
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytes = b""

    def header_values(self, name: bytes) -> list[bytes]:
        return [value for key, value in self.headers if key.lower() == name]


async def call(app: ASGIApp, scope: Scope, body: bytes, state: dict[str, Any]) -> Captured:
    """Make one request and capture its response (for the correctness checks)."""
    captured = Captured()
    chunks: list[bytes] = []

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            captured.status = message["status"]
            captured.headers = [(bytes(k).lower(), bytes(v)) for k, v in message.get("headers", [])]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    exchange = Exchange(body, send)
    await app({**scope, "state": dict(state)}, exchange.receive, exchange.send)
    captured.body = b"".join(chunks)
    return captured


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


async def bare_lifespan(receive: Receive, send: Send) -> None:
    """The lifespan protocol of a hand-written app that needs no start-up."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


# --------------------------------------------------------------------------------------------------
# Command line, worker and profile.
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    repeats: int
    n: int
    warmup: int


def make_parser(
    doc: str | None,
    variants: Iterable[str],
    *,
    repeats: tuple[int, int],
    n: tuple[int, int],
    warmup: tuple[int, int],
) -> argparse.ArgumentParser:
    """The options every benchmark has; each default is given as ``(full run, --quick)``."""
    names = list(variants)
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    add = parser.add_argument
    add("--quick", action="store_true", help="a ~15 s smoke run (fewer, shorter repeats)")
    add(
        "-r",
        "--repeats",
        type=int,
        help=f"subprocesses per variant (default {repeats[0]}; {repeats[1]} with --quick)",
    )
    add("-n", type=int, help=f"timed requests per repeat (default {n[0]}; {n[1]} with --quick)")
    add(
        "--warmup",
        type=int,
        help=f"untimed requests before timing (default {warmup[0]}; {warmup[1]} with --quick)",
    )
    add("--only", help="comma-separated variants to run (default: all): " + ", ".join(names))
    add("--no-save", action="store_true", help="do not write bench/results/*.json")
    add("--worker", choices=names, help=argparse.SUPPRESS)
    add("--profile", choices=names, help="cProfile one variant in-process and exit")
    add("--top", type=int, default=15, help="rows of --profile output (default 15)")
    parser.set_defaults(_defaults=(repeats, n, warmup))
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    repeats, n, warmup = args._defaults
    pick = 1 if args.quick else 0
    return Settings(
        repeats=args.repeats or repeats[pick],
        n=args.n or n[pick],
        warmup=args.warmup if args.warmup is not None else warmup[pick],
    )


def selected(parser: argparse.ArgumentParser, args: argparse.Namespace, variants: Iterable[str]) -> list[str]:
    """The variants named by ``--only`` (all of them by default), in the order given."""
    known = list(variants)
    names = known if not args.only else [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [name for name in names if name not in known]
    if unknown:
        parser.error(f"unknown variant(s): {', '.join(unknown)}")
    return names


def worker_main(name: str, measure: Callable[[], Awaitable[dict[str, Any]]]) -> int:
    """Run one measurement and print its result (or why the app could not be measured) as JSON."""
    try:
        result = asyncio.run(measure())
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


def print_profile(profiler: cProfile.Profile, name: str, n: int, top: int) -> None:
    """Print the top functions of a profile by own and by cumulative time."""
    for key in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(key).print_stats(top)
        print(f"===== {name}: top {top} by {key} ({n} requests) =====")
        print(out.getvalue().split("\n\n", 1)[-1].strip("\n"))
        print()


# --------------------------------------------------------------------------------------------------
# The parent: interleaved repeats in fresh subprocesses, medians, a table and a JSON file.
# --------------------------------------------------------------------------------------------------


def environment(distributions: Iterable[str]) -> dict[str, Any]:
    versions: dict[str, str] = {}
    for dist in distributions:
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


def print_header(title: str, env: dict[str, Any], settings: Settings, extra: str = "") -> None:
    print(title)
    print(f"Python {env['python']} on {env['platform']}")
    print(f"machine: {env['machine']}, {env['cpus']} CPUs, {env['processor']}")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in env["versions"].items()))
    print(
        f"{settings.repeats} repeats x {settings.n} requests (+{settings.warmup} warm-up) "
        f"per variant{extra}, each repeat a fresh subprocess"
    )
    print()


def run_worker_process(script: str, name: str, args: list[str]) -> dict[str, Any]:
    """Run ``script --worker name *args`` in a fresh interpreter and return its JSON line."""
    proc = subprocess.run(
        [sys.executable, str(Path(script).resolve()), "--worker", name, *args],
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


@dataclass
class Samples:
    us: dict[str, list[float]]
    cpu_us: dict[str, list[float]]
    errors: dict[str, str]
    wall_seconds: float


def run_interleaved(names: list[str], repeats: int, run_one: Callable[[str], dict[str, Any]]) -> Samples:
    """Run every variant ``repeats`` times, interleaved (ABC ABC ...); a failing variant is dropped."""
    samples: dict[str, list[float]] = {name: [] for name in names}
    cpu_samples: dict[str, list[float]] = {name: [] for name in names}
    errors: dict[str, str] = {}
    started = time.monotonic()
    for repeat in range(repeats):
        for name in names:
            if name in errors:
                continue
            result = run_one(name)
            if "error" in result:
                errors[name] = result["error"]
                print(f"  SKIPPING {name}: {result['error']}", flush=True)
                continue
            samples[name].append(result["us_per_request"])
            cpu_samples[name].append(result["cpu_us_per_request"])
        done = ", ".join(f"{name} {samples[name][-1]:.1f}" for name in names if name not in errors)
        print(f"  repeat {repeat + 1}/{repeats} (us/request): {done}", flush=True)
    return Samples(samples, cpu_samples, errors, time.monotonic() - started)


def build_rows(
    names: list[str],
    samples: Samples,
    *,
    framework: Callable[[str], str],
    group: Callable[[str], str],
    group_key: str,
    ours: dict[str, str],
    bare: dict[str, str],
    extra: Callable[[str], dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """One row per variant: medians, spread, and ratios against ours and the floor of its group."""
    medians = {name: statistics.median(values) for name, values in samples.us.items() if values}
    rows: list[dict[str, Any]] = []
    for name in names:
        kind = group(name)
        if name not in medians:
            rows.append({"variant": name, group_key: kind, "error": samples.errors.get(name, "no samples")})
            continue
        us = medians[name]
        ours_us = medians.get(ours[kind])
        bare_us = medians.get(bare[kind])
        rows.append(
            {
                "variant": name,
                "framework": framework(name),
                group_key: kind,
                **(extra(name) if extra else {}),
                "us_per_request": us,
                "requests_per_second": 1e6 / us,
                "min_us": min(samples.us[name]),
                "max_us": max(samples.us[name]),
                "samples_us": samples.us[name],
                "cpu_us_per_request": statistics.median(samples.cpu_us[name]),
                "cpu_samples_us": samples.cpu_us[name],
                "ratio_vs_ours": us / ours_us if ours_us else None,
                "ratio_vs_bare": us / bare_us if bare_us else None,
                "failed_after_samples": samples.errors.get(name),
            }
        )
    return rows


def fmt_ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


def print_table(
    rows: list[dict[str, Any]], group_key: str, *, name_width: int = 18, group_width: int = 9
) -> None:
    header = (
        f"{'variant':<{name_width}} {group_key:<{group_width}} {'us/req':>8} {'req/s':>9} {'spread us':>15} "
        f"{'vs ours':>8} {'vs bare':>8}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        if "error" in row:
            print(
                f"{row['variant']:<{name_width}} {row[group_key]:<{group_width}} "
                f"SKIPPED: {row['error'][:200]}"
            )
            continue
        spread = f"{row['min_us']:.1f}-{row['max_us']:.1f}"
        print(
            f"{row['variant']:<{name_width}} {row[group_key]:<{group_width}} {row['us_per_request']:>8.1f} "
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


def save_results(
    benchmark: str,
    *,
    quick: bool,
    env: dict[str, Any],
    settings: dict[str, Any],
    wall_seconds: float,
    rows: list[dict[str, Any]],
) -> Path:
    """Write ``bench/results/{benchmark}-{UTC time}[-quick].json`` and return its path."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc)
    path = RESULTS_DIR / f"{benchmark}-{stamp.strftime('%Y%m%dT%H%M%SZ')}{'-quick' if quick else ''}.json"
    document = {
        "benchmark": benchmark,
        "timestamp": stamp.isoformat(),
        "environment": env,
        "settings": settings,
        "wall_seconds": wall_seconds,
        "results": rows,
    }
    path.write_text(json.dumps(document, indent=2) + "\n")
    return path
