"""One limit, two server processes: the counts in Redis or memcached hold the limit across both.

Two uvicorn processes serve the same app, its counts in the real store, and many clients at once
send them twice as many requests as the limit allows: exactly the limit is served, whichever process
answered. A count kept per process would serve twice the limit; one read and written back (as 1.5x
did) would lose concurrent requests and serve more.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import anyio
import httpx
import pytest

from tests.session_stores import free_port, require_server

ROOT = Path(__file__).resolve().parent.parent.parent
LIMIT = 50
REQUESTS = 200


@pytest.fixture(params=["redis", "memcached"])
def servers(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[list[str]]:
    """The base URLs of two uvicorn processes serving tests/middleware/rate_limited_app.py."""
    pytest.importorskip("uvicorn")
    store = request.param
    require_server(store)
    environment = {
        **os.environ,
        "STARLITE_RATE_LIMIT_STORE": store,
        "STARLITE_RATE_LIMIT": str(LIMIT),
        "STARLITE_RATE_LIMIT_RUN": uuid.uuid4().hex,
        # The limit is per minute of the clock: a run that straddled two minutes would rightly serve
        # more than the limit. Both processes' clocks stand still, 15 s into the same minute.
        "STARLITE_RATE_LIMIT_NOW": str(20_000 * 86_400 + 15.25),
    }
    processes: list[tuple[subprocess.Popen[bytes], str, Path]] = []
    try:
        for n in range(2):
            port, log = free_port(), tmp_path / f"uvicorn-{n}.log"
            command = [
                sys.executable, "-m", "uvicorn", "tests.middleware.rate_limited_app:create_app", "--factory",
                "--host", "127.0.0.1", "--port", str(port), "--no-access-log",
            ]  # fmt: skip
            with open(log, "wb") as output:
                process = subprocess.Popen(
                    command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT
                )
            processes.append((process, f"http://127.0.0.1:{port}", log))
        for process, base_url, log in processes:
            _wait_until_serving(process, base_url, log)
        yield [base_url for _, base_url, _ in processes]
    finally:
        for process, _, _ in processes:
            process.send_signal(signal.SIGINT)
        for process, _, _ in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:  # pragma: no cover
                process.kill()
                process.wait()


def _wait_until_serving(process: subprocess.Popen[bytes], base_url: str, log: Path) -> None:
    # Asks for a path no handler serves: a 404 is answered before the rate limit, and counts nothing.
    deadline = time.monotonic() + 20
    while True:
        try:
            httpx.get(f"{base_url}/ready", timeout=1)
            return
        except httpx.TransportError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"uvicorn did not start:\n{log.read_text()}")
            time.sleep(0.05)


def test_two_processes_share_one_limit_exactly(servers: list[str]) -> None:
    results: list[tuple[str, int, int | None]] = []

    async def send_all() -> None:
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
        async with httpx.AsyncClient(limits=limits, timeout=30) as client:

            async def one(n: int) -> None:
                base_url = servers[n % 2]
                response = await client.get(f"{base_url}/pid")
                pid = response.json() if response.status_code == 200 else None
                results.append((base_url, response.status_code, pid))

            async with anyio.create_task_group() as group:
                for n in range(REQUESTS):
                    group.start_soon(one, n)

    anyio.run(send_all)
    statuses = Counter(status for _, status, _ in results)
    served_by = Counter(pid for _, status, pid in results if status == 200)
    assert statuses == {200: LIMIT, 429: REQUESTS - LIMIT}, f"served by process: {served_by}"
    assert Counter(base_url for base_url, _, _ in results) == {url: REQUESTS // 2 for url in servers}


def test_a_client_that_used_its_quota_on_one_process_is_refused_by_the_other(servers: list[str]) -> None:
    first, second = servers
    with httpx.Client(headers={"X-Client": "sequential"}, timeout=30) as client:
        assert [client.get(f"{first}/pid").status_code for _ in range(LIMIT)] == [200] * LIMIT
        refused = client.get(f"{second}/pid")
        assert refused.status_code == 429
        assert refused.headers["ratelimit-remaining"] == "0"
        assert refused.headers["ratelimit-reset"] == "45"  # the processes' stand-in clock: 15 s into a minute
        assert client.get(f"{first}/pid").status_code == 429
        # Another client still has its whole quota, on either process.
        fresh = client.get(f"{second}/pid", headers={"X-Client": "another"})
        assert fresh.status_code == 200
        assert fresh.headers["ratelimit-remaining"] == str(LIMIT - 1)
