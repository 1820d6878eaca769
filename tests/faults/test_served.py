"""A store outage seen from outside: the app under uvicorn, over real sockets, and uvicorn's log.

The same guarantees as test_store_outage.py, checked where a user meets them: the answers on the
wire, and what the server process writes to its log (one warning line per request that met the
store down, no traceback, no session id).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import httpx
import pytest

from tests.faults.conftest import CYCLES
from tests.session_stores import StoreServer, free_port

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, StoreServer, Path]]:
    """uvicorn serving tests/faults/served_app.py on the store named by the test's ``store`` parameter."""
    pytest.importorskip("uvicorn")
    store = request.param
    server: StoreServer = request.getfixturevalue(f"{store}_server")
    port = free_port()
    log = tmp_path / "uvicorn.log"
    environment = {**os.environ, "STARLITE_FAULT_STORE": store, "STARLITE_FAULT_STORE_PORT": str(server.port)}
    command = [
        sys.executable, "-m", "uvicorn", "tests.faults.served_app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--no-access-log",
    ]  # fmt: skip
    with open(log, "wb") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"{base_url}/plain", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    pytest.fail(f"uvicorn did not start:\n{log.read_text()}")
                time.sleep(0.05)
        yield base_url, server, log
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            process.kill()
            process.wait()


def answered(send: Callable[[], httpx.Response], refused: list[httpx.Response]) -> httpx.Response:
    """The first answer to ``send()`` that is not a 503, within 10 s; the 503s go into ``refused``.

    For the requests meant to succeed: the app's store timeout is 0.5 s, and on a loaded machine the
    store may take longer than that to answer at first, or to be reconnected to after its restart.
    """
    deadline = time.monotonic() + 10
    while (response := send()).status_code == 503 and time.monotonic() < deadline:
        refused.append(response)
        time.sleep(0.1)
    return response


@pytest.mark.parametrize("served", ["redis", "memcached"], indirect=True)
def test_a_store_outage_under_uvicorn(served: tuple[str, StoreServer, Path]) -> None:
    base_url, server, log = served
    with httpx.Client(base_url=base_url, timeout=30) as client:
        for cycle in range(CYCLES):
            client.cookies.clear()
            logged_before = log.read_text()
            refused: list[httpx.Response] = []  # by a slow store, on the steps meant to succeed
            login = answered(partial(client.post, "/session", json={"user": "ada", "cycle": cycle}), refused)
            assert login.status_code == 201
            session_id = client.cookies["session"]
            server.stop(signal.SIGKILL)
            assert client.get("/plain").text == "fine"
            response = client.get("/session")
            assert response.status_code == 503
            assert response.headers["content-type"].startswith("application/json")
            assert response.json()["status_code"] == 503
            assert str(server.port) not in response.text
            assert client.post("/session", json={"user": "mallory"}).status_code == 503
            server.start()
            # The app's client reconnects on its own: no restart of the app.
            response = answered(partial(client.get, "/session"), refused)
            assert response.status_code == 200
            expected = {"user": "ada", "cycle": cycle} if "redis" in server.argv[0] else {}
            assert response.json() == expected
            assert answered(partial(client.post, "/session", json={"back": True}), refused).status_code == 201
            # The server's log: a line for each of the three requests that met the store down (and
            # one for each request a slow store refused on the way up, if any).
            lines = log.read_text()[len(logged_before) :].splitlines()
            unavailable = [line for line in lines if "session store is unavailable" in line]
            assert len(unavailable) == 3 + len(refused), lines
            assert not [line for line in lines if "Traceback" in line or "ERROR" in line], lines
            assert session_id not in log.read_text()
