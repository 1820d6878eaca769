"""Validators, conditional requests (304) and byte ranges (206, 416), for static files and ``File``."""

from __future__ import annotations

import os
from email.utils import formatdate
from pathlib import Path

import pytest

from starlite import File, get, post
from starlite.config import StaticFilesConfig
from starlite.testing import TestClient, create_test_client

CONTENT = b"0123456789abcdefghij"  # 20 bytes
MODIFIED = 1_700_000_000


@pytest.fixture()
def client(tmp_path: Path) -> TestClient:
    path = tmp_path / "data.bin"
    path.write_bytes(CONTENT)
    os.utime(path, (MODIFIED, MODIFIED))
    with create_test_client(
        [], static_files_config=StaticFilesConfig(path="/s", directories=[tmp_path])
    ) as client:
        yield client  # type: ignore[misc]


def test_validators_are_sent(client: TestClient) -> None:
    response = client.get("/s/data.bin")
    assert response.headers["last-modified"] == formatdate(MODIFIED, usegmt=True)
    assert response.headers["etag"].startswith('"')
    assert response.headers["accept-ranges"] == "bytes"


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_matching_if_none_match_is_304_without_a_body(client: TestClient, method: str) -> None:
    etag = client.get("/s/data.bin").headers["etag"]
    for value in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        response = client.request(method, "/s/data.bin", headers={"if-none-match": value})
        assert response.status_code == 304, value
        assert response.content == b""
        assert response.headers["etag"] == etag
        assert "content-length" not in response.headers
        assert "content-type" not in response.headers


def test_another_etag_gets_the_file(client: TestClient) -> None:
    response = client.get("/s/data.bin", headers={"if-none-match": '"stale"'})
    assert response.status_code == 200
    assert response.content == CONTENT


def test_if_modified_since(client: TestClient) -> None:
    same = client.get("/s/data.bin", headers={"if-modified-since": formatdate(MODIFIED, usegmt=True)})
    later = client.get("/s/data.bin", headers={"if-modified-since": formatdate(MODIFIED + 60, usegmt=True)})
    earlier = client.get("/s/data.bin", headers={"if-modified-since": formatdate(MODIFIED - 60, usegmt=True)})
    garbage = client.get("/s/data.bin", headers={"if-modified-since": "yesterday"})
    assert (same.status_code, later.status_code) == (304, 304)
    assert earlier.status_code == 200 and earlier.content == CONTENT
    assert garbage.status_code == 200


def test_if_none_match_wins_over_if_modified_since(client: TestClient) -> None:
    # RFC 9110 section 13.1.3: with If-None-Match present, If-Modified-Since is not evaluated.
    response = client.get(
        "/s/data.bin",
        headers={"if-none-match": '"stale"', "if-modified-since": formatdate(MODIFIED + 60, usegmt=True)},
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("header", "body", "content_range"),
    [
        ("bytes=0-3", b"0123", "bytes 0-3/20"),
        ("bytes=10-", b"abcdefghij", "bytes 10-19/20"),
        ("bytes=-5", b"fghij", "bytes 15-19/20"),
        ("bytes=18-100", b"ij", "bytes 18-19/20"),
        ("bytes=-100", CONTENT, "bytes 0-19/20"),
        ("bytes=5-5", b"5", "bytes 5-5/20"),
    ],
)
def test_a_single_range_is_206(client: TestClient, header: str, body: bytes, content_range: str) -> None:
    response = client.get("/s/data.bin", headers={"range": header})
    assert response.status_code == 206
    assert response.content == body
    assert response.headers["content-range"] == content_range
    assert response.headers["content-length"] == str(len(body))


@pytest.mark.parametrize("header", ["bytes=20-", "bytes=100-200", "bytes=-0"])
def test_a_range_past_the_end_is_416(client: TestClient, header: str) -> None:
    response = client.get("/s/data.bin", headers={"range": header})
    assert response.status_code == 416
    assert response.headers["content-range"] == "bytes */20"
    assert response.json()["detail"] == "the requested range is not satisfiable: the file has 20 bytes"


@pytest.mark.parametrize(
    "header",
    [
        "bytes=0-1,4-5",
        "bytes=5-2",
        "items=0-1",
        "bytes=a-b",
        "bytes=-",
        "bytes=1-" + "9" * 40,
        "bytes=\xb2-3".encode("latin-1"),
    ],
)
def test_several_or_malformed_ranges_get_the_whole_file(client: TestClient, header: str | bytes) -> None:
    response = client.get("/s/data.bin", headers={"range": header})
    assert response.status_code == 200
    assert response.content == CONTENT


def test_head_ignores_range(client: TestClient) -> None:
    response = client.head("/s/data.bin", headers={"range": "bytes=0-3"})
    assert response.status_code == 200
    assert response.headers["content-length"] == "20"
    assert response.content == b""


def test_if_range(client: TestClient) -> None:
    etag = client.get("/s/data.bin").headers["etag"]
    date = formatdate(MODIFIED, usegmt=True)
    assert client.get("/s/data.bin", headers={"range": "bytes=0-1", "if-range": etag}).status_code == 206
    assert client.get("/s/data.bin", headers={"range": "bytes=0-1", "if-range": date}).status_code == 206
    for stale in ('"stale"', f"W/{etag}", formatdate(MODIFIED - 1, usegmt=True), "not a date"):
        response = client.get("/s/data.bin", headers={"range": "bytes=0-1", "if-range": stale})
        assert response.status_code == 200, stale
        assert response.content == CONTENT


def test_a_file_response_answers_conditional_and_range_requests(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_bytes(CONTENT)

    @get("/report")
    def report() -> File:
        return File(path=path, chunk_size=3)  # a range longer than a chunk is streamed

    with create_test_client([report]) as client:
        etag = client.get("/report").headers["etag"]
        assert client.get("/report", headers={"if-none-match": etag}).status_code == 304
        partial = client.get("/report", headers={"range": "bytes=2-12"})
        assert client.get("/report", headers={"range": "bytes=99-"}).status_code == 416
    assert partial.status_code == 206
    assert partial.content == CONTENT[2:13]
    assert partial.headers["content-range"] == "bytes 2-12/20"


def test_a_file_answering_another_method_ignores_conditions(tmp_path: Path) -> None:
    path = tmp_path / "receipt.txt"
    path.write_bytes(CONTENT)

    @post("/receipt")
    def receipt() -> File:
        return File(path=path)

    with create_test_client([receipt]) as client:
        response = client.post("/receipt", headers={"if-none-match": "*", "range": "bytes=0-1"})
    assert response.status_code == 201
    assert response.content == CONTENT


def test_the_compressed_answer_is_revalidated_by_its_weak_etag(tmp_path: Path) -> None:
    from starlite.config import CompressionConfig

    (tmp_path / "big.txt").write_bytes(b"compress me " * 1000)
    config = StaticFilesConfig(path="/s", directories=[tmp_path])
    with create_test_client(
        [], static_files_config=config, compression_config=CompressionConfig(backend="gzip")
    ) as client:
        first = client.get("/s/big.txt", headers={"accept-encoding": "gzip"})
        assert first.headers["content-encoding"] == "gzip"
        assert first.headers["etag"].startswith("W/")
        again = client.get(
            "/s/big.txt", headers={"accept-encoding": "gzip", "if-none-match": first.headers["etag"]}
        )
    assert again.status_code == 304
