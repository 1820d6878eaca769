"""Bad HTTP input of every kind, through a raw ASGI driver and through ``AsyncTestClient``.

Each case must get a 2xx-4xx, a 4xx with a JSON body naming the problem, nothing logged as an error,
and an answer within ``CASE_TIMEOUT`` seconds (see ``invariants.py``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from functools import partial
from typing import Any

import pytest
from hypothesis import given, reject

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


async def run_case(send: Send, logs: LogSink, count_case: Callable[[], None], case: Request) -> Any:
    logs.take()
    try:
        answer = await send(case)
    except ClientRefused:
        reject()
    count_case()
    return check_answer(answer, case.method, logs), answer


@campaign(60)
@given(case=strategies.path_requests())
async def test_paths(send: Send, logs: LogSink, count_case: Any, case: Request) -> None:
    content, answer = await run_case(send, logs, count_case, case)
    if answer.status == 200 and case.raw_path.startswith(b"/files/") and isinstance(content, dict):
        # A path parameter is what the client sent, percent-decoded; dot segments are not resolved
        # against the file system here, so the value must not climb above the route either.
        assert isinstance(content.get("path"), str)


@campaign(60)
@given(case=strategies.parameter_requests())
async def test_parameters_from_every_source(
    send: Send, logs: LogSink, count_case: Any, case: Request
) -> None:
    content, answer = await run_case(send, logs, count_case, case)
    if answer.status == 200:
        assert 0 <= content["limit"] <= 100
        assert 1 <= content["paging"]["page"] <= 1000
        assert content["visits"] >= 0
        assert len(content["caller"]) <= 64


@campaign(60)
@given(case=strategies.json_requests())
async def test_json_bodies(send: Send, logs: LogSink, count_case: Any, case: Request) -> None:
    content, answer = await run_case(send, logs, count_case, case)
    if answer.status == 201 and case.raw_path == b"/json/model":
        assert 0 <= content["quantity"] <= 10_000
        assert len(content["name"]) <= 200


@campaign(50)
@given(case=strategies.urlencoded_requests())
async def test_urlencoded_bodies(send: Send, logs: LogSink, count_case: Any, case: Request) -> None:
    content, answer = await run_case(send, logs, count_case, case)
    if answer.status == 201 and case.raw_path == b"/form":
        assert 0 <= content["age"] <= 200


@campaign(50)
@given(case=strategies.multipart_requests())
async def test_multipart_bodies(send: Send, logs: LogSink, count_case: Any, case: Request) -> None:
    content, answer = await run_case(send, logs, count_case, case)
    if answer.status == 201 and case.raw_path == b"/upload/fields":
        assert len(content) <= strategies.MULTIPART_PART_LIMIT


@campaign(50)
@given(case=strategies.msgpack_requests())
async def test_msgpack_bodies(send: Send, logs: LogSink, count_case: Any, case: Request) -> None:
    content, answer = await run_case(send, logs, count_case, case)
    if answer.status == 201 and case.raw_path == b"/msgpack":
        assert 0 <= content["quantity"] <= 10_000


@campaign(30)
@given(case=strategies.raw_body_requests())
async def test_raw_bodies(send: Send, logs: LogSink, count_case: Any, case: Request) -> None:
    content, answer = await run_case(send, logs, count_case, case)
    if answer.status == 201:
        assert content["size"] <= 64 * 1024
    else:
        assert answer.status in (400, 413), answer.status


@campaign(40)
@given(case=strategies.hostile_header_requests())
async def test_bodies_with_hostile_headers(send: Send, logs: LogSink, count_case: Any, case: Request) -> None:
    await run_case(send, logs, count_case, case)
