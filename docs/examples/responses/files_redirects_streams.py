"""Returning a description of the response: a file, a redirect, or a stream of chunks."""

from collections.abc import AsyncIterator
from pathlib import Path

from starlite import File, Redirect, Starlite, Stream, get
from starlite.status_codes import HTTP_302_FOUND
from starlite.testing import TestClient

REPORT = Path(__file__).with_name("report.csv")


@get("/report")
def download_report() -> File:
    # ``File`` sends the file in chunks, with Content-Disposition, Content-Length and Last-Modified.
    return File(path=REPORT, filename="report.csv")


@get("/old-report", status_code=HTTP_302_FOUND)
def moved() -> Redirect:
    # A redirect needs a redirect status code on its handler.
    return Redirect(path="/report")


async def count_to_three() -> AsyncIterator[str]:
    for number in range(1, 4):
        yield f"{number}\n"


@get("/count")
def count() -> Stream:
    # A sync or async iterator (or a callable returning one) becomes a streamed body.
    return Stream(iterator=count_to_three())


app = Starlite(route_handlers=[download_report, moved, count])


def test_file() -> None:
    with TestClient(app=app) as client:
        response = client.get("/report")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="report.csv"'
    assert response.text == REPORT.read_text()


def test_redirect() -> None:
    with TestClient(app=app) as client:
        # The test client follows redirects unless told not to.
        first_hop = client.get("/old-report", follow_redirects=False)
        followed = client.get("/old-report")
    assert first_hop.status_code == 302
    assert first_hop.headers["location"] == "/report"
    assert followed.text == REPORT.read_text()


def test_stream() -> None:
    with TestClient(app=app) as client:
        assert client.get("/count").text == "1\n2\n3\n"
