"""Bad HTTP input of every kind, through a raw ASGI driver and through ``AsyncTestClient``.

Each case must get a 2xx-4xx, a 4xx with a JSON body naming the problem, nothing logged as an error,
and an answer within ``CASE_TIMEOUT`` seconds (see ``invariants.py``).
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from functools import partial
from typing import Any
from urllib.parse import unquote_to_bytes

import pytest
from hypothesis import event, example, given, reject
from hypothesis import strategies as st

from starlite.testing import AsyncTestClient
from tests.robustness import strategies
from tests.robustness.app import create_app
from tests.robustness.conftest import campaign
from tests.robustness.driver import Answer, ClientRefused, Request, send_raw, send_with_client
from tests.robustness.invariants import LogSink, check_answer

pytestmark = pytest.mark.anyio

Send = Callable[[Request], Awaitable[Answer]]


@pytest.fixture(params=["raw", "client"])
async def send(request: pytest.FixtureRequest, anyio_backend: str) -> AsyncIterator[Send]:
    """Sends a case to a fresh app: over raw ASGI, or through the project's ``AsyncTestClient``."""
    app = create_app()
    if request.param == "raw":
        yield partial(send_raw, app)
    else:
        async with AsyncTestClient(app, backend=anyio_backend) as client:  # type: ignore[arg-type]
            yield partial(send_with_client, client)


INT = re.compile(rb"[+-]?[0-9]+")
FLOAT = re.compile(rb"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def check_ascii_number(raw_path: bytes, index: int, pattern: re.Pattern[bytes]) -> None:
    """A typed segment that was accepted is a number in ASCII digits (no ``nan``, ``1_0`` or ``１２``).

    ``index`` counts the path's segments without the empty ones (the router reads ``//`` as ``/``)
    and without ``.`` (httpx removes those, and ``..`` with the segment before it).
    """
    segments = [segment for segment in raw_path.split(b"?")[0].split(b"/") if segment not in (b"", b".")]
    if b".." in segments:
        return  # which segment the handler read depends on the driver; the invariants still hold
    segment = unquote_to_bytes(segments[index])
    assert pattern.fullmatch(segment), f"{segment!r} was read as a number"


async def run_case(send: Send, logs: LogSink, count_case: Callable[[], None], case: Request) -> Any:
    logs.take()
    try:
        answer = await send(case)
    except ClientRefused:
        reject()
    count_case()
    event(f"status {answer.status}")
    return check_answer(answer, case.method, logs), answer


# Issue 15's defects, tried in every run: non-ASCII digits and non-finite floats in typed segments.
@example(case=Request(raw_path=b"/items/%EF%BC%91%EF%BC%92/a"))
@example(case=Request(raw_path=b"/items/%D9%A3/a"))
@example(case=Request(raw_path=b"/at/2024-01-02/1.5/nan/12345678-1234-5678-1234-567812345678"))
@example(case=Request(raw_path=b"/at/2024-01-02/1.5/1_0/12345678-1234-5678-1234-567812345678"))
@example(case=Request(raw_path=b"/at/2024-01-02/1.5/1e400/12345678-1234-5678-1234-567812345678"))
@example(case=Request(raw_path=b"/items/12/%ff", path_errors="surrogateescape"))
@campaign(120)
@given(case=strategies.path_requests())
async def test_paths(send: Send, logs: LogSink, count_case: Any, case: Request) -> None:
    content, answer = await run_case(send, logs, count_case, case)
    if answer.status == 200 and isinstance(content, dict) and "item_id" in content:
        check_ascii_number(case.raw_path, 1, INT)
    if answer.status == 200 and isinstance(content, dict) and "day" in content:
        check_ascii_number(case.raw_path, 3, FLOAT)
        assert isinstance(content["ratio"], float) and math.isfinite(content["ratio"]), content


@campaign(120)
@given(case=strategies.parameter_requests())
async def test_parameters_from_every_source(
    send: Send, logs: LogSink, count_case: Any, case: Request
) -> None:
    content, answer = await run_case(send, logs, count_case, case)
    if answer.status == 200:
        check_ascii_number(case.raw_path, 1, INT)
        assert 0 <= content["limit"] <= 100
        assert 1 <= content["paging"]["page"] <= 1000
        assert content["visits"] >= 0
        assert len(content["caller"]) <= 64


async def fan_out(
    send: Send, logs: LogSink, count_case: Callable[[], None], case: Request, paths: list[bytes]
) -> list[tuple[bytes, Any, Answer]]:
    """Send the same body to every handler of its kind, each a case of its own."""
    results = []
    for path in paths:
        content, answer = await run_case(send, logs, count_case, dataclasses.replace(case, raw_path=path))
        results.append((path, content, answer))
    return results


JSON_PATHS = [b"/json/model", b"/json/dataclass", b"/json/struct", b"/json/any", b"/session"]


@campaign(120)
@given(case=strategies.json_requests())
async def test_json_bodies(send: Send, logs: LogSink, count_case: Any, case: Request) -> None:
    for path, content, answer in await fan_out(send, logs, count_case, case, JSON_PATHS):
        if answer.status == 201 and path == b"/json/model":
            assert 0 <= content["quantity"] <= 10_000
            assert len(content["name"]) <= 200


# Issue 15's defect 4, tried in every run: a session too large for its cookies (the app answers 413).
@example(size=300_000)
@campaign(20)
@given(size=st.integers(1_000, 400_000))
async def test_session_writes_of_any_size(send: Send, logs: LogSink, count_case: Any, size: int) -> None:
    body = b'{"blob": "' + b"x" * size + b'"}'
    case = Request("POST", b"/session", headers=[(b"content-type", b"application/json")], body=body)
    _, answer = await run_case(send, logs, count_case, case)
    assert answer.status in (201, 413), answer.status


@campaign(100)
@given(case=strategies.urlencoded_requests())
async def test_urlencoded_bodies(send: Send, logs: LogSink, count_case: Any, case: Request) -> None:
    for path, content, answer in await fan_out(send, logs, count_case, case, [b"/form", b"/form/dict"]):
        if answer.status == 201 and path == b"/form":
            assert 0 <= content["age"] <= 200


# Issue 15's defect 1, tried in every run: a boundary past python-multipart's 256 characters.
@example(
    case=Request(
        "POST",
        b"/upload",
        headers=[(b"content-type", b"multipart/form-data; boundary=" + b"B" * 300)],
        body=b"x",
    )
)
@campaign(100)
@given(case=strategies.multipart_requests())
async def test_multipart_bodies(send: Send, logs: LogSink, count_case: Any, case: Request) -> None:
    paths = [b"/upload", b"/upload/fields"]
    for path, content, answer in await fan_out(send, logs, count_case, case, paths):
        if answer.status == 201 and path == b"/upload/fields":
            assert len(content) <= strategies.MULTIPART_PART_LIMIT


@campaign(100)
@given(case=strategies.msgpack_requests())
async def test_msgpack_bodies(send: Send, logs: LogSink, count_case: Any, case: Request) -> None:
    for path, content, answer in await fan_out(send, logs, count_case, case, [b"/msgpack", b"/msgpack/any"]):
        if answer.status == 201 and path == b"/msgpack":
            assert 0 <= content["quantity"] <= 10_000


@campaign(60)
@given(case=strategies.raw_body_requests())
async def test_raw_bodies(send: Send, logs: LogSink, count_case: Any, case: Request) -> None:
    content, answer = await run_case(send, logs, count_case, case)
    if answer.status == 201:
        assert content["size"] <= 64 * 1024
    else:
        assert answer.status in (400, 413), answer.status


@campaign(80)
@given(case=strategies.hostile_header_requests())
async def test_bodies_with_hostile_headers(send: Send, logs: LogSink, count_case: Any, case: Request) -> None:
    await run_case(send, logs, count_case, case)
