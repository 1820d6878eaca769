"""``UploadFile``: async file operations and spooling to disk."""

from __future__ import annotations

import pytest

from starlite import UploadFile


@pytest.mark.anyio
async def test_initial_data_is_readable() -> None:
    upload = UploadFile(content_type="text/plain", filename="a.txt", file_data=b"hello", headers={"x": "1"})
    assert upload.filename == "a.txt"
    assert upload.content_type == "text/plain"
    assert upload.headers == {"x": "1"}
    assert await upload.read() == b"hello"
    await upload.close()


@pytest.mark.anyio
async def test_write_seek_read() -> None:
    upload = UploadFile(content_type="application/octet-stream", filename="b.bin")
    assert await upload.write(b"abc") == 3
    await upload.write(b"def")
    await upload.seek(0)
    assert await upload.read(2) == b"ab"
    assert await upload.read() == b"cdef"
    await upload.seek(4)
    assert await upload.read() == b"ef"
    await upload.close()
    assert upload.file.closed


@pytest.mark.anyio
async def test_small_data_stays_in_memory() -> None:
    upload = UploadFile(content_type="text/plain", filename="a.txt", max_spool_size=100)
    await upload.write(b"x" * 100)
    assert not upload.rolled_to_disk
    await upload.close()


@pytest.mark.anyio
async def test_data_past_max_spool_size_rolls_to_disk() -> None:
    upload = UploadFile(content_type="text/plain", filename="a.txt", max_spool_size=10)
    await upload.write(b"x" * 5)
    assert not upload.rolled_to_disk
    await upload.write(b"y" * 10)
    assert upload.rolled_to_disk
    await upload.seek(0)
    assert await upload.read() == b"x" * 5 + b"y" * 10
    await upload.close()


def test_repr() -> None:
    upload = UploadFile(content_type="text/plain", filename="a.txt")
    assert repr(upload) == "a.txt - text/plain"  # 1.5x's form
    upload.file.close()
