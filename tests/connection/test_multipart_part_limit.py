from __future__ import annotations

from starlite import Request, post
from starlite.testing import create_test_client


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
