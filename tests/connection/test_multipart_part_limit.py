from __future__ import annotations

import gc

import anyio
import pytest

from starlite import Request, Starlite, post
from starlite.testing import AsyncTestClient, create_test_client


@post("/upload")
async def count_parts(request: Request) -> int:
    form = await request.form()
    return len(form.multi_items())


def test_parts_beyond_the_app_limit_are_a_400() -> None:
    with create_test_client(count_parts, multipart_form_part_limit=10) as client:
        accepted = client.post("/upload", files=[("f", (f"{i}.txt", b"x")) for i in range(10)])
        refused = client.post("/upload", files=[("f", (f"{i}.txt", b"x")) for i in range(11)])
    assert accepted.status_code == 201 and accepted.json() == 10
    assert refused.status_code == 400
    assert refused.json() == {
        "status_code": 400,
        "detail": "Request exceeds the maximum number of multipart parts (10)",
    }


def test_default_limit_is_1000_parts() -> None:
    with create_test_client(count_parts) as client:
        assert (
            client.post("/upload", data={f"k{i}": "v" for i in range(1000)}, files={"f": b"x"}).status_code
            == 400
        )
        assert (
            client.post("/upload", data={f"k{i}": "v" for i in range(999)}, files={"f": b"x"}).json() == 1000
        )


def _form(boundary: str) -> bytes:
    return f'--{boundary}\r\nContent-Disposition: form-data; name="k"\r\n\r\nv\r\n--{boundary}--\r\n'.encode()


def test_a_boundary_past_256_characters_is_a_400_not_a_500(caplog: pytest.LogCaptureFixture) -> None:
    # python-multipart refuses more than 256 characters when its parser is made, before any byte is read.
    with create_test_client(count_parts) as client:
        longest = "B" * 256
        accepted = client.post(
            "/upload",
            content=_form(longest),
            headers={"content-type": f"multipart/form-data; boundary={longest}"},
        )
        too_long = "B" * 300
        refused = client.post(
            "/upload", content=b"x", headers={"content-type": f"multipart/form-data; boundary={too_long}"}
        )
    assert (accepted.status_code, accepted.json()) == (201, 1)
    assert refused.status_code == 400
    assert refused.json()["detail"] == "Malformed multipart/form-data boundary: longer than 256 characters"
    assert not [record for record in caplog.records if record.levelname == "ERROR"]


@pytest.mark.anyio
async def test_a_form_refused_midway_closes_the_request_stream() -> None:
    # The parser stops at a malformed part header, before the end of the body; the half-read stream it
    # was fed must be closed then, not left to the garbage collector (a ResourceWarning on trio, so an
    # error under this suite's warning filters). Found by the bad-input campaign (tests/robustness/).
    body = b"--b\r\nBroken header line\r\n\r\nv\r\n--b--\r\n"
    async with AsyncTestClient(Starlite([count_parts])) as client:
        refused = await client.post(
            "/upload", content=body, headers={"content-type": "multipart/form-data; boundary=b"}
        )
        gc.collect()
        await anyio.sleep(0)  # trio finalizes a collected async generator in a task of its own
    assert refused.status_code == 400
