"""The soak: a mixed W1-W5 starlite app under uvicorn, 64 connections for minutes, leaks looked for.

``bash bench/soak`` (10 minutes) or ``bash bench/soak --duration 60``. The server (``soak_app.py``,
``uvicorn --http httptools --loop uvloop``, one worker) runs in a child process; this process is the
load: ``--connections`` asyncio clients on raw sockets, each a keep-alive connection making one request
after another, drawn at random (seeded) from this mix:

====================  ======  =====================================================================
kind                  weight  request, and the answer it must get
====================  ======  =====================================================================
w1 ... w4             18 each the suite's workloads, answers checked exactly (``workloads.py``)
w5                    14      ``GET /session`` with the connection's cookie: the counter goes up by 1
refused               5       a refused request of W3/W4 (bad id, missing ``q``, bad body): a 4xx
stream                3       ``GET /stream``, all of its 1 MiB read
stream-disconnect     6       ``GET /stream`` on a fresh connection, 16 KiB read, then FIN or RST
====================  ======  =====================================================================

An **error** is any other answer, a connection the server drops or resets, a request without an answer
within 10 s, or an ``ERROR``/traceback line in the server's log. Latency is timed per request, from
the first byte written to the last byte read (stream-disconnects excluded).

Warm-up. The server's resident memory (RSS, from ``/proc/PID/status``) and open descriptors
(``/proc/PID/fd``) are read after the warm-up and at the end; both times with every client connection
closed and the server idle for 6 seconds, so the two figures are of a server in the same state. Six,
not one: uvicorn's keep-alive timer (5 s) keeps a connection's objects (its protocol, its last request
and scope) alive until it fires, also after the connection closed; read a second after the load, the
hundreds of connections of the last slices still held 10,000 to 30,000 blocks, a different number each
time, which failed runs that leak nothing. The
first requests grow memory that then stays: the first call of each handler, pydantic's and msgspec's
per-type caches, the allocator's arenas reaching what 64 concurrent requests need. How long that takes
depends on the machine's speed (on the 2-core machine of docs/reliability-wire.md, about 15 s or
85,000 requests), so the warm-up runs the same load in 5 s slices until RSS has settled: at least
``--warmup`` seconds (30), then until the RSS after the last four slices is within 0.5%, and at most
``--warmup-max`` seconds (120). What grows after that is a leak, not a cache filling.

Memory is judged after the app's probe has collected garbage and handed the C allocator's free pages
back (``malloc_trim``): resident memory as it stands also holds pages glibc keeps after a moment of
peak load (64 streams' write buffers in flight at once), which come in steps of 2-3 MB at random
times, never return, and would fail a run that leaks nothing. Both figures are reported.

The run passes when there was no error and the trimmed RSS, Python's allocated blocks and the
descriptors at the end are within ``--tolerance`` (5%) of the start; the exit status says so (0 pass,
1 fail), and ``--json PATH`` writes every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import random
import re
import socket
import struct
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _harness import Captured, CheckFailed
from workloads import WORKLOADS, Request, check_answer, cookie_header

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
HOST = "127.0.0.1"
REQUEST_TIMEOUT = 10.0
STREAM_SIZE = 1024 * 1024
STREAM_READ = 16 * 1024
MIX = {"w1": 18, "w2": 18, "w3": 18, "w4": 18, "w5": 14, "refused": 5, "stream": 3, "stream-disconnect": 6}
WARMUP_SLICE = 5.0  # seconds of load between two RSS readings of the warm-up
# Longer than uvicorn's keep-alive timeout (5 s), so the connections of the last requests are gone.
IDLE_BEFORE_READING = 6.0
SETTLED = 0.005  # the warm-up ends once the last four readings (15 s) are within 0.5% of each other
REFUSED = [request for key in ("w3", "w4") for _, request in WORKLOADS[key].refused]


# -- the server -----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` in kB (``VmRSS``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def open_fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


class Server:
    """``uvicorn soak_app:app`` in a child process, its log in a temporary file."""

    def __init__(self, http: str) -> None:
        self.port = free_port()
        self.log = tempfile.TemporaryFile("w+")
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), str(BENCH_DIR)])}
        command = [sys.executable, "-m", "uvicorn", "soak_app:app", "--host", HOST, "--port", str(self.port)]
        command += ["--http", http, "--loop", "uvloop", "--no-access-log", "--log-level", "warning"]
        self.process = subprocess.Popen(
            command, cwd=BENCH_DIR, env=environment, stdout=self.log, stderr=subprocess.STDOUT
        )
        self.pid = self.process.pid

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise SystemExit(f"uvicorn exited with {self.process.returncode}:\n{self.output()}")
            try:
                socket.create_connection((HOST, self.port), timeout=1).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(
                        f"uvicorn did not listen within {timeout:.0f} s:\n{self.output()}"
                    ) from None
                time.sleep(0.05)

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def figures(self) -> dict[str, int]:
        return {"rss_kb": rss_kb(self.pid), "fds": open_fds(self.pid)}

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# -- the load -------------------------------------------------------------------------------------------


@dataclass
class Stats:
    """What the clients did: counts, latencies (seconds) and errors."""

    done: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    first_errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)

    def error(self, kind: str, message: str) -> None:
        self.errors[kind] += 1
        if len(self.first_errors) < 20:
            self.first_errors.append(f"{kind}: {message}")


def encode(request: Request, cookie: bytes = b"") -> bytes:
    lines = [f"{request.method} {request.target} HTTP/1.1".encode(), b"Host: soak"]
    lines += [name + b": " + value for name, value in request.headers]
    if cookie:
        lines.append(b"Cookie: " + cookie)
    if request.body or request.method == "POST":
        lines.append(b"Content-Length: " + str(len(request.body)).encode())
    return b"\r\n".join(lines) + b"\r\n\r\n" + request.body


async def read_answer(reader: asyncio.StreamReader) -> Captured:
    """One response: Content-Length or chunked bodies (all the app sends)."""
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head[:-4].split(b"\r\n")
    headers = []
    for line in header_lines:
        name, _, value = line.partition(b":")
        headers.append((name.strip().lower(), value.strip()))
    answer = Captured(int(status_line.split()[1]), headers)
    lengths = answer.header_values(b"content-length")
    if lengths:
        answer.body = await reader.readexactly(int(lengths[0]))
    elif answer.header_values(b"transfer-encoding") == [b"chunked"]:
        chunks = []
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
        await reader.readuntil(b"\r\n")  # the empty trailer section
        answer.body = b"".join(chunks)
    return answer


class Client:
    """One of the connections: a keep-alive socket and, for W5, its session cookie."""

    def __init__(self, port: int, stats: Stats, seed: int) -> None:
        self.port = port
        self.stats = stats
        self.random = random.Random(seed)
        self.cookie = b""
        self.counter = 0
        self.stream: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self.stream is None:
            self.stream = await asyncio.open_connection(HOST, self.port)
        return self.stream

    def close(self) -> None:
        if self.stream is not None:
            self.stream[1].close()
            self.stream = None

    async def run(self, until: float) -> None:
        kinds, weights = list(MIX), list(MIX.values())
        try:
            while time.monotonic() < until:
                kind = self.random.choices(kinds, weights)[0]
                try:
                    if kind == "stream-disconnect":
                        await asyncio.wait_for(self.leave_a_stream(), REQUEST_TIMEOUT)
                    else:
                        await asyncio.wait_for(self.exchange(kind), REQUEST_TIMEOUT)
                    self.stats.done[kind] += 1
                # First: since Python 3.11 asyncio.TimeoutError is TimeoutError, an OSError.
                except asyncio.TimeoutError:
                    self.stats.error(kind, f"no answer within {REQUEST_TIMEOUT:.0f} s")
                    self.close()
                except (
                    CheckFailed,
                    OSError,
                    asyncio.IncompleteReadError,
                    asyncio.LimitOverrunError,
                ) as error:
                    self.stats.error(kind, repr(error))
                    self.close()
        finally:
            self.close()

    async def exchange(self, kind: str) -> None:
        reader, writer = await self.connect()
        request = (
            self.random.choice(REFUSED) if kind == "refused" else WORKLOADS.get(kind, WORKLOADS["w1"]).request
        )
        if kind.startswith("stream"):
            request = Request("GET", "/stream")
        started = time.perf_counter()
        writer.write(encode(request, self.cookie if kind == "w5" else b""))
        answer = await read_answer(reader)
        self.stats.latencies.append(time.perf_counter() - started)
        if kind == "refused":
            if not 400 <= answer.status < 500:
                raise CheckFailed(f"{request.method} {request.target}: {answer.status}, expected a 4xx")
        elif kind == "stream":
            if answer.status != 200 or len(answer.body) != STREAM_SIZE:
                raise CheckFailed(f"stream: {answer.status}, {len(answer.body)} bytes")
        elif kind == "w5":
            self.counter += 1
            check_answer(WORKLOADS["w5"], answer, {"counter": self.counter})
            self.cookie = cookie_header(answer) or self.cookie
        else:
            check_answer(WORKLOADS[kind], answer)
        if answer.header_values(b"connection") == [b"close"]:
            self.close()

    async def leave_a_stream(self) -> None:
        reader, writer = await asyncio.open_connection(HOST, self.port)
        try:
            writer.write(encode(Request("GET", "/stream")))
            head = await reader.readuntil(b"\r\n\r\n")
            if not re.match(rb"HTTP/1\.1 200 ", head):
                raise CheckFailed(f"stream: {head[:100]!r}")
            await reader.readexactly(STREAM_READ)
        finally:
            if self.random.random() < 0.5:  # half RST, half FIN
                sock = writer.get_extra_info("socket")
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.close()


async def load(
    port: int, connections: int, seconds: float, stats: Stats, seed: int, report: Any = None
) -> None:
    """``connections`` clients for ``seconds``; ``report(elapsed)`` every ``--interval`` while they run."""
    until = time.monotonic() + seconds
    tasks = [
        asyncio.ensure_future(Client(port, stats, seed * 1000 + n).run(until)) for n in range(connections)
    ]
    if report is not None:
        started = time.monotonic()
        while not all(task.done() for task in tasks):
            await asyncio.wait(tasks, timeout=report.interval)
            if not all(task.done() for task in tasks):
                report(time.monotonic() - started)
    await asyncio.gather(*tasks)


def warm_up(server: Server, connections: int, least: float, most: float, seed: int) -> tuple[Stats, float]:
    """The same load in slices until RSS settles (see the module's docstring); its stats and length."""
    stats = Stats()
    readings: list[int] = []
    started = time.monotonic()
    while True:
        asyncio.run(load(server.port, connections, WARMUP_SLICE, stats, seed + len(readings)))
        readings.append(rss_kb(server.pid))
        elapsed = time.monotonic() - started
        last = readings[-4:]
        settled = len(last) == 4 and max(last) - min(last) <= SETTLED * last[-1]
        if elapsed >= most or (elapsed >= least and settled):
            return stats, elapsed


def percentile(ordered: list[float], fraction: float) -> float:
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def idle_figures(server: Server) -> dict[str, int]:
    """The server's memory and descriptors once the clients are gone and it had time to drop them.

    ``rss_kb`` is resident memory as it stands; then the app's probe collects garbage and hands the C
    allocator's free pages back (``malloc_trim``), and ``rss_trimmed_kb`` is what the process still
    holds, ``py_blocks`` the blocks Python has allocated. A leak grows all three; memory the allocator
    keeps after a moment of peak load (64 streams' buffers in flight at once) grows ``rss_kb`` only.
    """
    time.sleep(IDLE_BEFORE_READING)
    figures = server.figures()
    with socket.create_connection((HOST, server.port), timeout=REQUEST_TIMEOUT) as probe:
        probe.sendall(b"GET /_soak/heap HTTP/1.1\r\nhost: soak\r\nconnection: close\r\n\r\n")
        answer = b""
        while chunk := probe.recv(65536):
            answer += chunk
    blocks = json.loads(answer.partition(b"\r\n\r\n")[2])["blocks"]
    return {
        "rss_kb": figures["rss_kb"],
        "rss_trimmed_kb": rss_kb(server.pid),
        "py_blocks": int(blocks),
        "fds": open_fds(server.pid),
    }


def log_errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(("ERROR", "CRITICAL", "Traceback"))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=600, help="seconds of load after warm-up (600)")
    parser.add_argument("--warmup", type=float, default=30, help="least seconds of warm-up (30)")
    parser.add_argument("--warmup-max", type=float, default=120, help="most seconds of warm-up (120)")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--http", default="httptools", choices=["httptools", "h11"])
    parser.add_argument("--tolerance", type=float, default=0.05, help="RSS and fds growth allowed (0.05)")
    parser.add_argument("--interval", type=float, default=30, help="seconds between progress lines (30)")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument(
        "--mix",
        default="",
        help="weights to change, such as stream=0,stream-disconnect=0 (default: the table above)",
    )
    parser.add_argument("--json", type=Path, help="write the figures here")
    arguments = parser.parse_args()
    for item in filter(None, arguments.mix.split(",")):
        kind, _, weight = item.partition("=")
        if kind not in MIX:
            parser.error(f"--mix: no kind {kind!r} (kinds: {', '.join(MIX)})")
        MIX[kind] = int(weight)

    missing = [name for name in ("uvicorn", "httptools", "uvloop") if importlib.util.find_spec(name) is None]
    if missing:
        parser.error(
            f"{sys.executable} lacks {', '.join(missing)}: run bench/run once (it makes .bench-venv), "
            "or point PYTHON at an interpreter with uvicorn[standard]"
        )
    try:
        import uvloop

        uvloop.install()  # the clients are the bottleneck on a small machine: the faster loop
    except ImportError:
        pass
    server = Server(arguments.http)
    try:
        server.wait_ready()
        print(
            f"soak: uvicorn --http {arguments.http} (pid {server.pid}), {arguments.connections} connections, "
            f"{arguments.warmup:.0f}-{arguments.warmup_max:.0f} s warm-up + {arguments.duration:.0f} s",
            flush=True,
        )
        warmup, warmup_seconds = warm_up(
            server, arguments.connections, arguments.warmup, arguments.warmup_max, arguments.seed * 100
        )
        start = idle_figures(server)
        print(
            f"after {warmup_seconds:.0f} s of warm-up ({sum(warmup.done.values())} requests, "
            f"{sum(warmup.errors.values())} errors): "
            f"RSS {start['rss_kb']} kB ({start['rss_trimmed_kb']} kB after malloc_trim), "
            f"{start['py_blocks']} Python blocks, {start['fds']} fds",
            flush=True,
        )

        stats = Stats()
        samples: list[dict[str, float]] = []

        def report(elapsed: float) -> None:
            figures = server.figures()
            done = sum(stats.done.values())
            samples.append({"elapsed": round(elapsed, 1), "requests": done, **figures})
            print(
                f"  {elapsed:6.0f} s  {done:9d} requests  {sum(stats.errors.values())} errors  "
                f"RSS {figures['rss_kb']} kB  {figures['fds']} fds (under load)",
                flush=True,
            )

        report.interval = arguments.interval  # type: ignore[attr-defined]
        started = time.monotonic()
        asyncio.run(
            load(server.port, arguments.connections, arguments.duration, stats, arguments.seed + 1, report)
        )
        elapsed = time.monotonic() - started
        end = idle_figures(server)
        logged = log_errors(server.output())
    finally:
        server.stop()

    ordered = sorted(stats.latencies)
    requests = sum(stats.done.values())
    errors = sum(warmup.errors.values()) + sum(stats.errors.values()) + len(logged)
    growth = {key: (end[key] - start[key]) / start[key] for key in start}
    judged = ("rss_trimmed_kb", "py_blocks", "fds")
    passed = errors == 0 and all(growth[key] <= arguments.tolerance for key in judged)
    results = {
        "http": arguments.http,
        "connections": arguments.connections,
        "warmup_s": round(warmup_seconds, 1),
        "warmup_requests": sum(warmup.done.values()),
        "duration_s": round(elapsed, 1),
        "requests": requests,
        "requests_per_s": round(requests / elapsed, 1),
        "by_kind": dict(stats.done),
        "errors": errors,
        "errors_by_kind": dict(stats.errors),
        "first_errors": warmup.first_errors + stats.first_errors,
        "server_log_errors": logged[:20],
        "latency_ms": {
            "p50": round(percentile(ordered, 0.50) * 1000, 2),
            "p99": round(percentile(ordered, 0.99) * 1000, 2),
            "max": round(ordered[-1] * 1000, 2) if ordered else None,
        },
        "start": start,
        "end": end,
        "growth": {key: round(value, 4) for key, value in growth.items()},
        "samples_under_load": samples,
        "passed": passed,
    }
    print(
        f"\n{requests} requests in {elapsed:.0f} s ({results['requests_per_s']}/s), {errors} errors; "
        f"latency p50 {results['latency_ms']['p50']} ms, p99 {results['latency_ms']['p99']} ms\n"
        f"RSS {start['rss_kb']} -> {end['rss_kb']} kB ({growth['rss_kb']:+.1%}), "
        f"after malloc_trim {start['rss_trimmed_kb']} -> {end['rss_trimmed_kb']} kB "
        f"({growth['rss_trimmed_kb']:+.1%}), Python blocks {start['py_blocks']} -> {end['py_blocks']} "
        f"({growth['py_blocks']:+.1%}), fds {start['fds']} -> {end['fds']} ({growth['fds']:+.1%}); "
        f"mix: {', '.join(f'{kind} {count}' for kind, count in sorted(stats.done.items()))}"
    )
    for line in warmup.first_errors + stats.first_errors + logged[:20]:
        print(f"  error: {line}")
    print("PASS" if passed else f"FAIL (tolerance {arguments.tolerance:.0%})")
    if arguments.json:
        arguments.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
