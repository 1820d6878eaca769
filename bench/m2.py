"""M2: what each framework's own test client costs a test suite.

Two figures per client:

- (a) µs per request through a client already entered (``with`` / ``async with``), for every
  selected workload; W5 relies on the client's cookie jar (BlackSheep's client has none: the
  cookie of the first response is passed on each request, as its docs show);
- (b) ms per lifecycle: create a client, enter it, one W1 ``GET /plaintext``, leave it: what a
  function-scoped pytest fixture costs each test. The app is built once per process; only clients
  are created in the loop. Entering a framework's client runs the app's lifespan; bare
  ``httpx.ASGITransport`` runs none, and BlackSheep's client needs its app started once, beforehand
  (its docs start it in a session-scoped fixture), so its cycle is create + one GET.

One subprocess per client and repeat (``worker.py m2``) measures all of it; the parent interleaves
the clients and takes medians. Every workload passes its correctness check through the client first.
"""

import asyncio
import gc
import time
import warnings
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from _harness import Captured, CheckFailed
from _suite import (
    Suite,
    fmt_number,
    fmt_ratio,
    print_noisy,
    print_table,
    ratio,
    run_worker,
    summary,
    verdict,
)
from apps import FRAMEWORKS, build, load
from workloads import WORKLOADS, Request, check_answer, verify

T = TypeVar("T")

REPEATS = (3, 1)  # (full run, --quick)
REQUESTS = (1_000, 300)
WARMUP = (100, 30)
CYCLES = (200, 30)
CYCLE_WARMUP = (20, 5)

# The targets for our clients: (a) W1 in µs, (b) lifecycle in ms.
TARGET_ASYNC_US, TARGET_SYNC_US = 110.0, 150.0
TARGET_ASYNC_MS, TARGET_SYNC_MS = 0.4, 0.6

# Starlette 1.x warns that its TestClient will move from httpx to httpx2: not what is measured.
warnings.filterwarnings("ignore", message=".*httpx.*deprecated", category=DeprecationWarning)


# --------------------------------------------------------------------------------------------------
# The clients.
# --------------------------------------------------------------------------------------------------


def httpx_call(client: Any, request: Request) -> Callable[[], Any]:
    """One request through an httpx-based client (every client here but BlackSheep's)."""
    return partial(
        client.request,
        request.method,
        request.target,
        content=request.body or None,
        headers=list(request.headers) or None,
    )


def httpx_captured(response: Any) -> Captured:
    return Captured(response.status_code, [(k.lower(), v) for k, v in response.headers.raw], response.content)


def blacksheep_call(client: Any, request: Request) -> Callable[[], Any]:
    """One request through ``blacksheep.testing.TestClient`` (``content`` is a ``Content``, not bytes)."""
    headers = list(request.headers) or None
    if request.method == "POST":
        from blacksheep import Content

        return partial(
            client.post, request.target, headers=headers, content=Content(b"application/json", request.body)
        )
    return partial(client.get, request.target, headers=headers)


def blacksheep_captured(response: Any) -> Captured:
    # The client hands back the Response object itself: its cookies are not yet Set-Cookie headers.
    headers = [(bytes(k).lower(), bytes(v)) for k, v in response.headers]
    headers += [(b"set-cookie", f"{c.name}={c.value}".encode()) for c in response.cookies.values()]
    return Captured(response.status, headers, response.content.body if response.content else b"")


class NoContext:
    """``async with`` around a client that has none (BlackSheep's): entering gives the client."""

    def __init__(self, client: Any) -> None:
        self.client = client

    async def __aenter__(self) -> Any:
        return self.client

    async def __aexit__(self, *exc_info: object) -> None:
        return None


def starlite_sync(app: Any) -> Any:
    from starlite.testing import TestClient

    return TestClient(app)


def starlite_async(app: Any) -> Any:
    from starlite.testing import AsyncTestClient

    return AsyncTestClient(app)


def starlette_sync(app: Any) -> Any:
    from starlette.testclient import TestClient

    return TestClient(app)


def fastapi_sync(app: Any) -> Any:
    from fastapi.testclient import TestClient  # Starlette's class, re-exported

    return TestClient(app)


def litestar_sync(app: Any) -> Any:
    from litestar.testing import TestClient

    return TestClient(app)


def litestar_async(app: Any) -> Any:
    from litestar.testing import AsyncTestClient

    return AsyncTestClient(app)


def blacksheep_async(app: Any) -> Any:
    from blacksheep.testing import TestClient

    return NoContext(TestClient(app))


def httpx_asgi(app: Any) -> Any:
    import httpx

    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


@dataclass(frozen=True)
class Client:
    name: str
    framework: str
    kind: str  # "sync" or "async"
    description: str
    open: Callable[[Any], Any]  # app -> a client, not yet entered
    call: Callable[[Any, Request], Callable[[], Any]] = httpx_call
    captured: Callable[[Any], Captured] = httpx_captured
    cookie_jar: bool = True
    start_app: bool = False  # the app must be started before a client is created (BlackSheep)


CLIENTS: dict[str, Client] = {
    c.name: c
    for c in [
        Client("starlite-sync", "starlite", "sync", "starlite.testing.TestClient", starlite_sync),
        Client("starlite-async", "starlite", "async", "starlite.testing.AsyncTestClient", starlite_async),
        Client(
            "starlite151-sync", "starlite151", "sync", "starlite.testing.TestClient (1.51)", starlite_sync
        ),
        Client(
            "starlite151-async",
            "starlite151",
            "async",
            "starlite.testing.AsyncTestClient (1.51)",
            starlite_async,
        ),
        Client("starlette-sync", "starlette", "sync", "starlette.testclient.TestClient", starlette_sync),
        Client(
            "fastapi-sync", "fastapi", "sync", "fastapi.testclient.TestClient (Starlette's)", fastapi_sync
        ),
        Client("litestar-sync", "litestar", "sync", "litestar.testing.TestClient", litestar_sync),
        Client("litestar-async", "litestar", "async", "litestar.testing.AsyncTestClient", litestar_async),
        Client(
            "blacksheep-async",
            "blacksheep",
            "async",
            "blacksheep.testing.TestClient (app started once)",
            blacksheep_async,
            call=blacksheep_call,
            captured=blacksheep_captured,
            cookie_jar=False,
            start_app=True,
        ),
        Client(
            "httpx-asgi", "bare", "async", "httpx.AsyncClient(transport=ASGITransport(bare app))", httpx_asgi
        ),
    ]
}
OURS_BY_KIND = {"sync": "starlite-sync", "async": "starlite-async"}
REFERENCE = "httpx-asgi"


# --------------------------------------------------------------------------------------------------
# The worker.
# --------------------------------------------------------------------------------------------------


@dataclass
class Entered:
    """A client inside its context, and how to make a request with it."""

    client: Client
    test_client: Any

    def call(self, request: Request) -> Callable[[], Any]:
        return self.client.call(self.test_client, request)

    async def fetch(self, request: Request) -> Captured:
        response = self.call(request)()
        if self.client.kind == "async":
            response = await response
        return self.client.captured(response)


async def time_requests(kind: str, call: Callable[[], Any], n: int) -> tuple[int, Any]:
    """``n`` calls of ``call`` (awaited for an async client); the elapsed ns and the last response."""
    response = None
    if kind == "sync":
        start = time.perf_counter_ns()
        for _ in range(n):
            response = call()
        return time.perf_counter_ns() - start, response
    start = time.perf_counter_ns()
    for _ in range(n):
        response = await call()
    return time.perf_counter_ns() - start, response


async def requests_through(
    client: Client, app: Any, workload_key: str, n: int, warmup: int
) -> dict[str, Any]:
    """(a): ``n`` requests of one workload through an entered client."""
    workload = WORKLOADS[workload_key]

    async def measure(entered: Entered) -> dict[str, Any]:
        timed = await verify(workload, entered.fetch, cookie_jar=client.cookie_jar)
        call = entered.call(timed)
        await time_requests(client.kind, call, warmup)
        gc.collect()
        elapsed_ns, response = await time_requests(client.kind, call, n)
        expected = None
        if workload.session and client.cookie_jar:
            # verify() left the session at 3; each request since moved it on by one.
            expected = {"counter": 3 + warmup + n}
        check_answer(workload, client.captured(response), expected, f"the last timed {workload.title}")
        return {"us": elapsed_ns / n / 1000}

    if client.kind == "sync":
        with client.open(app) as test_client:
            return await measure(Entered(client, test_client))
    async with client.open(app) as test_client:
        return await measure(Entered(client, test_client))


async def lifecycle(client: Client, app: Any, cycles: int) -> tuple[int, Any]:
    """(b): ``cycles`` times create + enter + one W1 request + exit; elapsed ns and the last response."""
    request = WORKLOADS["w1"].request
    response = None
    if client.kind == "sync":
        start = time.perf_counter_ns()
        for _ in range(cycles):
            with client.open(app) as test_client:
                response = test_client.get(request.path)
        return time.perf_counter_ns() - start, response
    start = time.perf_counter_ns()
    for _ in range(cycles):
        async with client.open(app) as test_client:
            response = await test_client.get(request.path)
    return time.perf_counter_ns() - start, response


async def measure(job: dict[str, Any]) -> dict[str, Any]:
    client = CLIENTS[job["client"]]
    module = load(client.framework)
    out: dict[str, Any] = {"requests": {}}
    for key in job["workloads"]:
        try:
            app = build(module, WORKLOADS[key].app)
            if client.start_app:
                await app.start()
            out["requests"][key] = await requests_through(client, app, key, job["n"], job["warmup"])
        except CheckFailed as exc:
            out["requests"][key] = {"error": f"correctness check failed: {exc}"}
        except Exception as exc:  # a client that cannot do this workload is reported, the others still run
            out["requests"][key] = {"error": f"{type(exc).__name__}: {exc}"}
    if job["cycles"]:
        app = module.build_app()
        if client.start_app:
            await app.start()
        try:
            _, response = await lifecycle(client, app, 1)
            check_answer(WORKLOADS["w1"], client.captured(response), what="GET /plaintext in a lifecycle")
            await lifecycle(client, app, job["cycle_warmup"])
            gc.collect()
            elapsed_ns, response = await lifecycle(client, app, job["cycles"])
            check_answer(WORKLOADS["w1"], client.captured(response), what="GET /plaintext in a lifecycle")
            out["lifecycle_ms"] = elapsed_ns / job["cycles"] / 1e6
        except CheckFailed as exc:
            out["lifecycle_error"] = f"correctness check failed: {exc}"
        except Exception as exc:
            out["lifecycle_error"] = f"{type(exc).__name__}: {exc}"
    return out


def work(job: dict[str, Any]) -> dict[str, Any]:
    """One client, one repeat: (a) for ``job["workloads"]``, then (b).

    A sync client is measured as a sync test uses it: in a thread that runs no event loop (ours then
    runs its loop in that thread). Its coroutines never wait for anything, so they are stepped
    through here without a loop; an async client runs in ``asyncio.run``.
    """
    if CLIENTS[job["client"]].kind == "sync":
        return _run_without_a_loop(measure(job))
    return asyncio.run(measure(job))


def _run_without_a_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    coroutine.close()
    raise RuntimeError("a sync client's measurement waited for something: it needs an event loop")


# --------------------------------------------------------------------------------------------------
# The parent.
# --------------------------------------------------------------------------------------------------


def run(suite: Suite) -> dict[str, Any]:
    """Measure every client of the selected frameworks; print the table and the targets."""
    repeats = suite.repeats or suite.pick(*REPEATS)
    n = suite.n or suite.pick(*REQUESTS)
    cycles = suite.pick(*CYCLES)
    keys = [w.key for w in suite.workloads]
    job_base = {
        "workloads": keys,
        "n": n,
        "warmup": suite.pick(*WARMUP),
        "cycles": cycles,
        "cycle_warmup": suite.pick(*CYCLE_WARMUP),
    }
    selected = set(suite.names())
    clients = [c for c in CLIENTS.values() if c.framework in selected]
    print(
        f"M2: test clients, {repeats} repeat(s): (a) {n:,} requests per workload through an entered client; "
        f"(b) {cycles} lifecycles"
    )
    samples: dict[str, dict[str, list[float]]] = {c.name: {} for c in clients}
    errors: dict[str, dict[str, str]] = {c.name: {} for c in clients}
    started = time.monotonic()
    for repeat in range(repeats):
        for client in clients:
            if "worker" in errors[client.name]:
                continue
            result = run_worker(FRAMEWORKS[client.framework], "m2", {**job_base, "client": client.name})
            if "error" in result:
                errors[client.name]["worker"] = result["error"]
                print(f"  SKIPPED {client.name}: {result['error']}", flush=True)
                continue
            for key, value in result["requests"].items():
                if "error" in value:
                    errors[client.name].setdefault(key, value["error"])
                else:
                    samples[client.name].setdefault(key, []).append(value["us"])
            if "lifecycle_ms" in result:
                samples[client.name].setdefault("lifecycle", []).append(result["lifecycle_ms"])
            elif "lifecycle_error" in result:
                errors[client.name].setdefault("lifecycle", result["lifecycle_error"])
        line = ", ".join(
            f"{name} {values['w1'][-1]:.0f}" for name, values in samples.items() if values.get("w1")
        )
        print(f"  repeat {repeat + 1}/{repeats} (w1 us/req): {line}", flush=True)
    results: dict[str, Any] = {}
    for client in clients:
        row: dict[str, Any] = {
            "framework": client.framework,
            "kind": client.kind,
            "description": client.description,
        }
        for key, values in samples[client.name].items():
            row[key] = summary(values)
        row["errors"] = errors[client.name]
        results[client.name] = row
    for client in clients:
        row = results[client.name]
        ours = results.get(OURS_BY_KIND[client.kind], {})
        reference = results.get(REFERENCE, {})
        for key in [*keys, "lifecycle"]:
            if key in row:
                median = row[key]["median"]
                row[key]["ratio_vs_ours"] = ratio(median, ours.get(key, {}).get("median"))
                row[key]["ratio_to_httpx_asgi"] = ratio(median, reference.get(key, {}).get("median"))
    targets = target_lines(results)
    print_m2_table(clients, keys, results, targets)
    return {
        "settings": {**job_base, "repeats": repeats},
        "wall_seconds": time.monotonic() - started,
        "results": results,
        "targets": [{"target": what, "met": met, "figures": figures} for what, met, figures in targets],
    }


def _median(results: dict[str, Any], client: str, key: str) -> float | None:
    value = results.get(client, {}).get(key)
    return None if value is None else float(value["median"])


def target_lines(results: dict[str, Any]) -> list[tuple[str, bool | None, str]]:
    """Our clients' targets: (what, met or ``None`` when a figure is missing, the figures)."""
    lines: list[tuple[str, bool | None, str]] = []

    def at_most(what: str, value: float | None, limit: float, unit: str) -> None:
        figures = "n/a" if value is None else f"{value:.{3 if unit == 'ms' else 1}f} {unit}"
        lines.append((what, None if value is None else value <= limit, figures))

    async_w1 = _median(results, "starlite-async", "w1")
    at_most(f"starlite-async W1 <= {TARGET_ASYNC_US:.0f} us", async_w1, TARGET_ASYNC_US, "us")
    reference = _median(results, REFERENCE, "w1")
    lines.append(
        (
            "starlite-async W1 below httpx-asgi (bare app)",
            None if async_w1 is None or reference is None else async_w1 < reference,
            "n/a" if async_w1 is None or reference is None else f"{async_w1:.1f} vs {reference:.1f} us",
        )
    )
    at_most(
        f"starlite-sync W1 <= {TARGET_SYNC_US:.0f} us",
        _median(results, "starlite-sync", "w1"),
        TARGET_SYNC_US,
        "us",
    )
    at_most(
        f"starlite-async lifecycle <= {TARGET_ASYNC_MS} ms",
        _median(results, "starlite-async", "lifecycle"),
        TARGET_ASYNC_MS,
        "ms",
    )
    at_most(
        f"starlite-sync lifecycle <= {TARGET_SYNC_MS} ms",
        _median(results, "starlite-sync", "lifecycle"),
        TARGET_SYNC_MS,
        "ms",
    )
    return lines


def _cell(row: dict[str, Any], key: str, digits: int = 1) -> str:
    return fmt_number(row[key]["median"], digits) if key in row else "SKIP"


def _spread(row: dict[str, Any], key: str, digits: int = 1) -> str:
    if key not in row:
        return "-"
    return f"{fmt_number(row[key]['min'], digits)}-{fmt_number(row[key]['max'], digits)}"


def print_m2_table(
    clients: list[Client],
    keys: list[str],
    results: dict[str, Any],
    targets: list[tuple[str, bool | None, str]],
) -> None:
    headers = ["client", "kind", *(f"{key} us" for key in keys), "w1 min-max", "cycle ms", "cycle min-max"]
    headers += ["w1 vs ours", "w1 x httpx", "cycle vs ours"]
    rows: list[list[str]] = []
    for client in clients:
        row = results[client.name]
        if "worker" in row["errors"]:
            rows.append([client.name, f"SKIPPED: {row['errors']['worker'][:160]}"])
            continue

        w1, cycle = row.get("w1", {}), row.get("lifecycle", {})
        rows.append(
            [
                client.name,
                client.kind,
                *(_cell(row, key) for key in keys),
                _spread(row, "w1"),
                _cell(row, "lifecycle", 3),
                _spread(row, "lifecycle", 3),
                fmt_ratio(w1.get("ratio_vs_ours")),
                fmt_ratio(w1.get("ratio_to_httpx_asgi")),
                fmt_ratio(cycle.get("ratio_vs_ours")),
            ]
        )
    print_table(
        "M2: test clients, us/request through an entered client and ms per lifecycle (create + enter + "
        "GET /plaintext + exit); vs ours = its figure / our client of the same kind's",
        headers,
        rows,
        left=2,
    )
    print_noisy(
        {
            f"{client.name} {'cycle' if key == 'lifecycle' else key}": results[client.name][key]
            for client in clients
            for key in [*keys, "lifecycle"]
            if key in results[client.name]
        }
    )
    for client in clients:
        for key, error in results[client.name]["errors"].items():
            if key != "worker":
                print(f"  SKIPPED {client.name} {key}: {error[:200]}")
    print("Targets:")
    for what, met, figures in targets:
        print(f"  {verdict(met):<6} {what}: {figures}")
    print()
