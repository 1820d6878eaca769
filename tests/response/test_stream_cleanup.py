"""A client that disconnects mid-stream ends the stream at once: generators close, files close."""

from __future__ import annotations

import gc
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest

from starlite import File, Starlite, Stream, get
from tests.asgi_calls import call_asgi, http_scope

pytestmark = pytest.mark.anyio


async def disconnect_mid_stream(app: Any, path: str) -> list[dict[str, Any]]:
    """Read a few chunks of a streamed response over ASGI, then disconnect."""
    return await call_asgi(app, http_scope("GET", path), disconnect_after=4)


async def test_async_generator_is_closed_when_the_client_disconnects() -> None:
    events: list[str] = []

    async def endless() -> AsyncIterator[bytes]:
        try:
            while True:
                yield b"tick\n"
                await anyio.sleep(0.001)
        finally:
            events.append("closed")

    @get("/ticks")
    def ticks() -> Stream:
        return Stream(iterator=endless())

    sent = await disconnect_mid_stream(Starlite([ticks]), "/ticks")
    assert len(sent) >= 4
    assert events == ["closed"]  # closed right away, not whenever the garbage collector runs


async def test_sync_generator_is_closed_when_the_client_disconnects() -> None:
    events: list[str] = []

    def endless() -> Iterator[bytes]:
        try:
            while True:
                yield b"tick\n"
        finally:
            events.append("closed")

    @get("/ticks")
    def ticks() -> Stream:
        return Stream(iterator=endless())

    await disconnect_mid_stream(Starlite([ticks]), "/ticks")
    assert events == ["closed"]


def open_descriptors_to(path: Path) -> list[str]:
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target == str(path):
            found.append(target)
    return found


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc to list open files")
async def test_file_is_closed_when_the_client_disconnects(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(b"a" * 1_000_000)

    @get("/download")
    def download() -> File:
        return File(path=big, chunk_size=1024)

    app = Starlite([download])
    for _ in range(3):
        await disconnect_mid_stream(app, "/download")
    assert open_descriptors_to(big) == []


@pytest.mark.parametrize("disconnect", [False, True], ids=["stream-ends", "client-leaves"])
async def test_a_streamed_response_leaves_nothing_for_the_garbage_collector(disconnect: bool) -> None:
    # Everything a streamed response made is freed as soon as it is sent: a server streaming
    # thousands of answers a second would otherwise hold them until the collector runs, and grow.
    async def three_chunks() -> AsyncIterator[bytes]:
        for _ in range(3):
            yield b"chunk\n"
            await anyio.sleep(0)

    @get("/chunks")
    def chunks() -> Stream:
        return Stream(iterator=three_chunks())

    app = Starlite([chunks])

    async def one() -> None:
        if disconnect:
            await call_asgi(app, http_scope("GET", "/chunks"), disconnect_after=2)
        else:
            sent = await call_asgi(app, http_scope("GET", "/chunks"))
            assert b"".join(m.get("body", b"") for m in sent[1:]) == b"chunk\n" * 3

    await one()  # first use: caches, lazy imports
    gc.collect()
    gc.disable()
    try:
        for _ in range(20):
            await one()
        left_in_cycles = gc.collect()
    finally:
        gc.enable()
    assert left_in_cycles == 0
