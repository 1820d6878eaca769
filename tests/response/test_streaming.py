"""Streamed bodies: the ``Stream`` container and ``StreamingResponse``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import anyio
import pytest

from starlite import BackgroundTask, Cookie, MediaType, Stream, get
from starlite.response import StreamingResponse
from starlite.testing import create_test_client


def _numbers(count: int) -> Iterator[str]:
    for index in range(count):
        yield f"{index},"


async def _async_numbers(count: int) -> AsyncIterator[bytes]:
    for index in range(count):
        await anyio.sleep(0)
        yield f"{index};".encode()


def test_stream_from_sync_generator() -> None:
    @get("/")
    def handler() -> Stream:
        return Stream(iterator=_numbers(5))

    with create_test_client([handler]) as client:
        response = client.get("/")
    assert response.status_code == 200
    assert response.text == "0,1,2,3,4,"
    assert "content-length" not in response.headers


def test_stream_from_async_generator() -> None:
    @get("/")
    def handler() -> Stream:
        return Stream(iterator=_async_numbers(3))

    with create_test_client([handler]) as client:
        assert client.get("/").content == b"0;1;2;"


def test_stream_from_a_callable() -> None:
    @get("/")
    def handler() -> Stream:
        return Stream(iterator=lambda: _numbers(3))

    with create_test_client([handler]) as client:
        assert client.get("/").text == "0,1,2,"


def test_stream_from_a_list() -> None:
    @get("/")
    def handler() -> Stream:
        return Stream(iterator=[b"a", "b", b"c"])

    with create_test_client([handler]) as client:
        assert client.get("/").content == b"abc"


def test_stream_chunks_arrive_separately() -> None:
    @get("/")
    def handler() -> Stream:
        return Stream(iterator=_async_numbers(4))

    with create_test_client([handler]) as client, client.stream("GET", "/") as response:
        chunks = [chunk for chunk in response.iter_bytes() if chunk]
    assert b"".join(chunks) == b"0;1;2;3;"


def test_stream_media_type_headers_cookies_background() -> None:
    calls: list[str] = []

    @get("/")
    def handler() -> Stream:
        return Stream(
            iterator=_numbers(2),
            media_type=MediaType.TEXT,
            headers={"X-Stream": "yes"},
            cookies=[Cookie(key="s", value="1")],
            background=BackgroundTask(calls.append, "done"),
        )

    with create_test_client([handler]) as client:
        response = client.get("/")
    assert response.text == "0,1,"
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["x-stream"] == "yes"
    assert response.headers["set-cookie"].startswith("s=1")
    assert calls == ["done"]


def test_stream_uses_handler_media_type() -> None:
    @get("/", media_type="text/event-stream")
    def handler() -> Stream:
        return Stream(iterator=["data: 1\n\n"])

    with create_test_client([handler]) as client:
        response = client.get("/")
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.text == "data: 1\n\n"


def test_streaming_response_returned_directly() -> None:
    @get("/")
    def handler() -> StreamingResponse:
        return StreamingResponse(_async_numbers(2), media_type=MediaType.TEXT, status_code=206)

    with create_test_client([handler]) as client:
        response = client.get("/")
    assert response.status_code == 206
    assert response.content == b"0;1;"


def test_streaming_response_str_chunks_use_encoding() -> None:
    @get("/")
    def handler() -> StreamingResponse:
        return StreamingResponse(iter(["é"]), media_type=MediaType.TEXT, encoding="latin-1")

    with create_test_client([handler]) as client:
        assert client.get("/").content == "é".encode("latin-1")


def test_error_inside_stream_does_not_hang() -> None:
    def broken() -> Iterator[bytes]:
        yield b"start"
        raise RuntimeError("boom")

    @get("/")
    def handler() -> Stream:
        return Stream(iterator=broken())

    with create_test_client([handler]) as client, pytest.raises(RuntimeError, match="boom"):
        client.get("/")


@pytest.mark.anyio
async def test_stream_stops_when_client_disconnects() -> None:
    produced: list[int] = []

    async def endless() -> AsyncIterator[bytes]:
        index = 0
        while True:
            produced.append(index)
            index += 1
            yield b"x"
            await anyio.sleep(0)

    messages: list[dict[str, object]] = []
    disconnect = anyio.Event()

    async def receive() -> dict[str, object]:
        await disconnect.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, object]) -> None:
        messages.append(message)
        if len(messages) >= 5:
            disconnect.set()

    with anyio.fail_after(5):
        await StreamingResponse(endless())({"type": "http"}, receive, send)  # type: ignore[arg-type]
    assert messages[0]["type"] == "http.response.start"
    assert len(produced) < 50
