"""M3: requests per second behind a real server: uvicorn (httptools, uvloop, one worker) and ``wrk``.

For every repeat and framework, a fresh server: ``uvicorn apps.<name>:app --http httptools --loop
uvloop --workers 1 --no-access-log --log-level warning`` on 127.0.0.1 (Starlite 1.51's with its venv's
uvicorn), pinned to CPU 0 with ``taskset`` when there is one, ``wrk`` pinned to CPU 1. Once the server
answers, each workload is checked once over HTTP, warmed up (1 s of ``wrk``; ``--quick``: 300
keep-alive requests), then measured with ``wrk -t1 -c64 -d<D>s`` and a Lua script setting the
method, body and headers (the W5 cookie comes from one untimed first request). W5 needs a second
server (the app with session middleware), and W7 and W8 a third (the site app); they run only when
``--m3-workloads`` names them.
"""

import asyncio
import http.client
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from _harness import Captured, CheckFailed
from _suite import Suite, fmt_number, fmt_ratio, print_noisy, print_table, ratio, summary, worker_env
from apps import BARE, BENCH_DIR, OURS, Framework
from workloads import Request, Workload, verify

REPEATS = (3, 1)  # (full run, --quick)
DURATION = (5, 2)  # seconds of wrk per measurement
CONNECTIONS = 64
QUICK_WARMUP_REQUESTS = 300
DEFAULT_WORKLOADS = ("w1", "w2", "w3", "w4")
HOST = "127.0.0.1"


# --------------------------------------------------------------------------------------------------
# The server.
# --------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def pinned(cpu: int, command: list[str]) -> list[str]:
    """``command`` pinned to one CPU with ``taskset``, when the machine has it and that CPU."""
    if shutil.which("taskset") and (os.cpu_count() or 1) > cpu:
        return ["taskset", "-c", str(cpu), *command]
    return command


def fetch_http(port: int, request: Request, timeout: float = 10) -> Captured:
    """One request on a connection of its own, with ``http.client``."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        headers = {name.decode(): value.decode() for name, value in request.headers}
        connection.request(request.method, request.target, body=request.body or None, headers=headers)
        response = connection.getresponse()
        body = response.read()
        headers_out = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in response.getheaders()]
        return Captured(response.status, headers_out, body)
    finally:
        connection.close()


@contextmanager
def server(framework: Framework, attribute: str, startup_timeout: float = 30) -> Iterator[int]:
    """Run uvicorn serving ``apps.<framework>:<attribute>``; yield its port once it answers."""
    port = free_port()
    command = pinned(
        0,
        [
            framework.python,
            "-m",
            "uvicorn",
            f"{framework.module}:{attribute}",
            "--host",
            HOST,
            "--port",
            str(port),
            "--http",
            "httptools",
            "--loop",
            "uvloop",
            "--workers",
            "1",
            "--no-access-log",
            "--log-level",
            "warning",
        ],
    )
    with tempfile.TemporaryFile("w+") as log:
        # cwd bench/: "python -m" puts it first on sys.path, so apps/ imports and the repository's
        # starlite does not shadow Starlite 1.51's.
        process = subprocess.Popen(
            command, cwd=BENCH_DIR, env=worker_env(framework), stdout=log, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + startup_timeout
            while True:
                if process.poll() is not None:
                    log.seek(0)
                    tail = (log.read().strip().splitlines() or ["no output"])[-1]
                    raise CheckFailed(f"uvicorn exited with {process.returncode}: {tail}")
                try:
                    fetch_http(port, Request("GET", "/"), timeout=2)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise CheckFailed(f"uvicorn did not answer within {startup_timeout:.0f} s") from None
                    time.sleep(0.05)
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# --------------------------------------------------------------------------------------------------
# wrk.
# --------------------------------------------------------------------------------------------------


def lua_string(value: str) -> str:
    """A Lua long-bracket string literal holding ``value`` verbatim."""
    level = 0
    while f"]{'=' * level}]" in value:
        level += 1
    return f"[{'=' * level}[{value}]{'=' * level}]"


def wrk_script(request: Request) -> str:
    lines = [f"wrk.method = {lua_string(request.method)}"]
    if request.body:
        lines.append(f"wrk.body = {lua_string(request.body.decode())}")
    for name, value in request.headers:
        # The spaces matter: "[[[" would open a long string.
        lines.append(f"wrk.headers[ {lua_string(name.decode())} ] = {lua_string(value.decode())}")
    return "\n".join(lines) + "\n"


REQUESTS_PER_SECOND = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
LATENCY = re.compile(r"Latency\s+([\d.]+)(us|ms|s)\b")


def run_wrk(port: int, request: Request, seconds: int) -> dict[str, Any]:
    """``wrk -t1 -c64`` for ``seconds``; the requests per second, average latency and errors."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(wrk_script(request))
        script.flush()
        command = pinned(
            1,
            [
                "wrk",
                "-t1",
                f"-c{CONNECTIONS}",
                f"-d{seconds}s",
                "-s",
                script.name,
                f"http://{HOST}:{port}{request.target}",
            ],
        )
        proc = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    output = proc.stdout
    found = REQUESTS_PER_SECOND.search(output)
    # wrk runs its default request when the script does not load, and says so only on stderr.
    if proc.returncode != 0 or not found or proc.stderr.strip():
        raise CheckFailed(f"wrk failed ({proc.returncode}): {(proc.stderr or output).strip()[-300:]}")
    result: dict[str, Any] = {"rps": float(found.group(1))}
    latency = LATENCY.search(output)
    if latency:
        scale = {"us": 1e-3, "ms": 1.0, "s": 1e3}[latency.group(2)]
        result["latency_ms"] = float(latency.group(1)) * scale
    errors = SOCKET_ERRORS.search(output)
    if errors:
        result["socket_errors"] = sum(int(count) for count in errors.groups())
    non_2xx = NON_2XX.search(output)
    if non_2xx and int(non_2xx.group(1)):
        raise CheckFailed(f"{non_2xx.group(1)} responses under load were not 2xx")
    return result


# --------------------------------------------------------------------------------------------------
# The parent.
# --------------------------------------------------------------------------------------------------


def measure_server(
    framework: Framework, attribute: str, workloads: list[Workload], seconds: int, quick: bool
) -> dict[str, dict[str, Any]]:
    """One fresh server: check, warm up and measure each workload; an error per workload or for all."""
    out: dict[str, dict[str, Any]] = {}
    try:
        with server(framework, attribute) as port:

            async def fetch(request: Request) -> Captured:
                return fetch_http(port, request)

            for workload in workloads:
                try:
                    timed = asyncio.run(verify(workload, fetch))
                    if quick:
                        warm_up(port, timed, QUICK_WARMUP_REQUESTS)
                    else:
                        run_wrk(port, timed, 1)
                    out[workload.key] = run_wrk(port, timed, seconds)
                    check = fetch_http(port, timed)  # still answering right after the load
                    if check.status != workload.status:
                        raise CheckFailed(f"after the load: status {check.status}")
                except CheckFailed as exc:
                    out[workload.key] = {"error": str(exc)}
    except CheckFailed as exc:
        return {workload.key: {"error": str(exc)} for workload in workloads}
    return out


def warm_up(port: int, request: Request, count: int) -> None:
    """``count`` requests on one keep-alive connection."""
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    headers = {name.decode(): value.decode() for name, value in request.headers}
    try:
        for _ in range(count):
            connection.request(request.method, request.target, body=request.body or None, headers=headers)
            connection.getresponse().read()
    finally:
        connection.close()


def run(suite: Suite, m3_workloads: list[str]) -> dict[str, Any]:
    """Measure every selected framework behind uvicorn; print the table; return the results."""
    workloads = [w for w in suite.workloads if w.key in m3_workloads]
    repeats = suite.repeats or suite.pick(*REPEATS)
    seconds = suite.pick(*DURATION)
    settings = {
        "repeats": repeats,
        "duration_s": seconds,
        "connections": CONNECTIONS,
        "workloads": m3_workloads,
    }
    if shutil.which("wrk") is None:
        print("M3: SKIPPED: wrk is not installed\n")
        return {"settings": settings, "skipped": "wrk is not installed", "results": {}}
    print(
        f"M3: uvicorn + wrk -t1 -c{CONNECTIONS} -d{seconds}s, {repeats} repeat(s), fresh server per repeat"
        + ("" if shutil.which("taskset") else " (no taskset: server and wrk unpinned)")
    )
    samples: dict[str, dict[str, list[float]]] = {w.key: {} for w in workloads}
    extra: dict[str, dict[str, list[dict[str, Any]]]] = {w.key: {} for w in workloads}
    errors: dict[str, dict[str, str]] = {w.key: {} for w in workloads}
    groups: dict[str, list[Workload]] = {}  # one server per app (Workload.app) and repeat
    for workload in workloads:
        groups.setdefault(workload.app, []).append(workload)
    started = time.monotonic()
    for repeat in range(repeats):
        for framework in suite.frameworks:
            for attribute, group in groups.items():
                todo = [w for w in group if framework.name not in errors[w.key]]
                if not todo:
                    continue
                for key, result in measure_server(framework, attribute, todo, seconds, suite.quick).items():
                    if "error" in result:
                        errors[key][framework.name] = result["error"]
                        print(f"  SKIPPED {framework.name} {key}: {result['error']}", flush=True)
                        continue
                    samples[key].setdefault(framework.name, []).append(result["rps"])
                    extra[key].setdefault(framework.name, []).append(result)
        line = ", ".join(
            f"{w.key} {name} {values[-1]:,.0f}"
            for w in workloads[:1]
            for name, values in samples[w.key].items()
        )
        print(f"  repeat {repeat + 1}/{repeats} (req/s): {line}", flush=True)

    results: dict[str, Any] = {}
    for workload in workloads:
        medians = {name: summary(values)["median"] for name, values in samples[workload.key].items()}
        rows: dict[str, Any] = {}
        for framework in suite.frameworks:
            name = framework.name
            if name not in medians:
                rows[name] = {"error": errors[workload.key].get(name, "no samples")}
                continue
            rows[name] = {
                **summary(samples[workload.key][name]),
                "runs": extra[workload.key][name],
                # As time per request, like M1: x bare = bare's req/s / its; vs ours = ours / its.
                "ratio_to_bare": ratio(medians.get(BARE), medians[name]),
                "ratio_vs_ours": ratio(medians.get(OURS), medians[name]),
            }
        results[workload.key] = rows
    print_m3_table(suite, workloads, results)
    return {"settings": settings, "wall_seconds": time.monotonic() - started, "results": results}


def print_m3_table(suite: Suite, workloads: list[Workload], results: dict[str, Any]) -> None:
    rows: list[list[str]] = []
    for workload in workloads:
        for framework in suite.frameworks:
            row = results[workload.key][framework.name]
            if "error" in row:
                rows.append([workload.key, framework.name, f"SKIPPED: {row['error'][:160]}"])
                continue
            latencies = [run["latency_ms"] for run in row["runs"] if "latency_ms" in run]
            rows.append(
                [
                    workload.key,
                    framework.name,
                    fmt_number(row["median"], 0),
                    f"{fmt_number(row['min'], 0)}-{fmt_number(row['max'], 0)}",
                    fmt_number(sorted(latencies)[len(latencies) // 2], 2) if latencies else "-",
                    fmt_ratio(row["ratio_to_bare"]),
                    fmt_ratio(row["ratio_vs_ours"]),
                ]
            )
        rows.append([""])
    print_table(
        "M3: behind uvicorn, requests/second (median; x bare = bare's req/s / its; "
        "vs ours = our req/s / its: above 1.00x we are faster)",
        ["workload", "framework", "req/s", "min-max", "latency ms", "x bare", "vs ours"],
        rows[:-1],
        left=2,
    )
    print_noisy(
        {
            f"{workload.key} {name}": row
            for workload in workloads
            for name, row in results[workload.key].items()
            if "error" not in row
        }
    )
