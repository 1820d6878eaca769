"""Sending smaller bodies: gzip or brotli for the clients that accept them, streams as they are produced."""

import gzip
from collections.abc import AsyncIterator

from starlite import CompressionConfig, MediaType, Starlite, Stream, get
from starlite.testing import TestClient

compression_config = CompressionConfig(
    backend="brotli",  # pip install 'starlite[brotli]'; gzip clients still get gzip
    minimum_size=500,  # shorter bodies gain nothing from compression
    exclude_opt_key="skip_compression",
)


@get("/report", media_type=MediaType.TEXT)
def report() -> str:
    return "quarterly figures, all of them up\n" * 100


@get("/export")
def export() -> Stream:
    # Compressed chunk by chunk: the client reads each row as soon as it is produced.
    async def rows() -> AsyncIterator[str]:
        for number in range(1000):
            yield f"{number},item {number}\n"

    return Stream(iterator=rows(), media_type="text/csv")


@get("/already-small", media_type=MediaType.TEXT, opt={"skip_compression": True})
def already_small() -> str:
    return "x" * 1000


app = Starlite(route_handlers=[report, export, already_small], compression_config=compression_config)


def test_each_client_gets_the_coding_it_prefers() -> None:
    with TestClient(app=app) as client:
        brotli_answer = client.get("/report", headers={"Accept-Encoding": "gzip, br"})
        gzip_answer = client.get("/report", headers={"Accept-Encoding": "gzip;q=1, br;q=0.5"})
    assert brotli_answer.headers["content-encoding"] == "br"
    assert gzip_answer.headers["content-encoding"] == "gzip"
    assert brotli_answer.headers["vary"] == "Accept-Encoding"
    # httpx decodes both: the text is the handler's.
    assert brotli_answer.text == gzip_answer.text == "quarterly figures, all of them up\n" * 100


def test_a_stream_is_compressed_as_it_goes() -> None:
    with (
        TestClient(app=app) as client,
        client.stream("GET", "/export", headers={"Accept-Encoding": "gzip"}) as response,
    ):
        raw = b"".join(response.iter_raw())
    assert response.headers["content-encoding"] == "gzip"
    assert "content-length" not in response.headers  # a stream's length is not known in advance
    assert gzip.decompress(raw).startswith(b"0,item 0\n1,item 1\n")


def test_a_handler_can_opt_out() -> None:
    with TestClient(app=app) as client:
        response = client.get("/already-small", headers={"Accept-Encoding": "br"})
    assert "content-encoding" not in response.headers
