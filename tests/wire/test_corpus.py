"""The raw-socket corpus against uvicorn (h11 and httptools), starlite beside a bare ASGI control.

Each case's verdict is drawn in ``tests/wire/corpus.py``; here the whole corpus runs once per HTTP
implementation, then the server must hold no more descriptors than before it and still answer.
Run ``python -m tests.wire.corpus --http h11`` for the full table, ours and uvicorn's.
"""

from __future__ import annotations

import importlib.util
import os
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.wire.cases import corpus
from tests.wire.corpus import SETTLE_BOUND, Served, open_fds, run_corpus, servers, table

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("uvicorn") is None, reason="uvicorn is not installed"),
    pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="descriptors are counted in /proc"),
]


@pytest.fixture(params=["h11", "httptools"])
def served(request: pytest.FixtureRequest) -> Iterator[tuple[Served, Served]]:
    if importlib.util.find_spec(request.param) is None:
        pytest.skip(f"{request.param} is not installed")
    with servers(request.param) as pair:
        yield pair


def fds_once_settled(served: Served, most: int) -> int:
    """The server's descriptors, given the time to close the corpus's last connections."""
    deadline = time.monotonic() + SETTLE_BOUND
    while (count := open_fds(served.pid)) > most and time.monotonic() < deadline:
        time.sleep(0.05)
    return count


def test_nothing_in_the_corpus_is_our_fault(served: tuple[Served, Served]) -> None:
    starlite, control = served
    fds_before = open_fds(starlite.pid)

    verdicts = run_corpus(starlite, control)

    assert len(verdicts) == len(corpus())
    ours = [verdict for verdict in verdicts if verdict.faults]
    assert not ours, "our faults:\n" + table(ours)
    # The control did exercise the server: some cases never reached an app, some hung on a lying
    # body until the client left, and every other case reached both apps.
    assert any(not verdict.control.reached_app for verdict in verdicts)
    assert any(verdict.control.ended == "no answer" for verdict in verdicts)
    assert fds_once_settled(starlite, fds_before) <= fds_before
    assert starlite.state()["streams_open"] == 0

    with httpx.Client(base_url=starlite.server.url, timeout=5) as client:
        assert client.get("/ping").text == "pong"
        assert client.post("/json", json={"a": 1, "b": 2}).json() == {"keys": 2}
        assert client.post("/upload", files={"file": ("a.txt", b"12345")}).json() == {"size": 5}
        assert len(client.get("/stream", params={"size": 200_000}).content) == 200_000
    assert not [line for line in starlite.take_log() if "Traceback" in line or line.startswith("ERROR")]
