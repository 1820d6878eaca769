"""``request_max_body_size``: the most body bytes a handler accepts before answering 413."""

from collections.abc import Iterator

from pydantic import BaseModel

from starlite import Controller, Request, Router, Starlite, post
from starlite.testing import TestClient


class Comment(BaseModel):
    text: str


@post("/comments", request_max_body_size=200)
def add_comment(data: Comment) -> str:
    return data.text


@post("/logs")
async def ingest_logs(request: Request) -> int:
    # Streaming does not escape the limit: the bytes are counted as they arrive.
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
    return received


class BackupController(Controller):
    path = "/backups"
    request_max_body_size = None  # no limit for this controller

    @post()
    async def upload_backup(self, body: bytes) -> int:
        return len(body)


@post("/documents")
async def upload_document(body: bytes) -> int:
    # No layer sets a limit here, so the default of 10 MiB applies.
    return len(body)


# Everything under /ingest accepts at most 1 KiB, unless a lower layer says otherwise.
ingest = Router(path="/ingest", route_handlers=[ingest_logs, BackupController], request_max_body_size=1024)
app = Starlite(route_handlers=[add_comment, ingest, upload_document])


def test_within_the_limit() -> None:
    with TestClient(app=app) as client:
        response = client.post("/comments", json={"text": "Nice post!"})
    assert response.status_code == 201


def test_over_the_limit() -> None:
    with TestClient(app=app) as client:
        response = client.post("/comments", json={"text": "spam " * 100})
    assert response.status_code == 413
    assert response.json() == {
        "status_code": 413,
        "detail": "Request body is larger than the limit of 200 bytes",
    }


def test_a_streamed_body_is_counted_as_it_arrives() -> None:
    def chunks() -> Iterator[bytes]:
        # A generator body is sent without a Content-Length header.
        for _ in range(20):
            yield b"log line\n" * 10

    with TestClient(app=app) as client:
        small = client.post("/ingest/logs", content=b"log line\n" * 10)
        large = client.post("/ingest/logs", content=chunks())
    assert small.text == "90"
    assert large.status_code == 413


def test_closest_layer_wins() -> None:
    backup = b"\x00" * 5000
    with TestClient(app=app) as client:
        # The controller lifts the router's 1 KiB limit.
        response = client.post("/ingest/backups", content=backup)
    assert response.text == "5000"


def test_default_limit() -> None:
    with TestClient(app=app) as client:
        response = client.post("/documents", content=b"\x00" * (10 * 1024 * 1024 + 1))
    assert response.status_code == 413
    assert response.json()["detail"] == "Request body is larger than the limit of 10485760 bytes"
