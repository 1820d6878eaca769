"""``UploadFile``: a file received in a multipart form, spooled to disk past a size."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tempfile import SpooledTemporaryFile


__all__ = ("UploadFile",)

ONE_MEGABYTE = 1024 * 1024


class UploadFile:
    """An uploaded file; kept in memory up to ``max_spool_size`` bytes, then on disk.

    Args:
        content_type: The media type the client declared.
        filename: The file name the client sent.
        file_data: Initial contents to write.
        headers: The part's headers.
        max_spool_size: Bytes kept in memory before the data moves to a temporary file.
    """

    __slots__ = ("filename", "content_type", "headers", "file")

    def __init__(
        self,
        content_type: str,
        filename: str,
        file_data: bytes | None = None,
        headers: dict[str, str] | None = None,
        max_spool_size: int = ONE_MEGABYTE,
    ) -> None:
        self.filename = filename
        self.content_type = content_type
        self.headers = headers or {}
        from tempfile import SpooledTemporaryFile  # loaded with the first upload

        self.file: SpooledTemporaryFile[bytes] = SpooledTemporaryFile(max_size=max_spool_size)  # noqa: SIM115
        if file_data:
            self.file.write(file_data)
            self.file.seek(0)

    @property
    def rolled_to_disk(self) -> bool:
        """Whether the data has moved from memory to a temporary file."""
        return bool(getattr(self.file, "_rolled", False))

    async def _call(self, name: str, *args: Any) -> Any:
        method = getattr(self.file, name)
        if self.rolled_to_disk:
            from anyio.to_thread import run_sync

            return await run_sync(method, *args)
        return method(*args)

    async def write(self, data: bytes) -> int:
        """Append bytes to the file."""
        return int(await self._call("write", data))

    async def read(self, size: int = -1) -> bytes:
        """Read up to ``size`` bytes (all when negative)."""
        return bytes(await self._call("read", size))

    async def seek(self, offset: int) -> int:
        """Move to ``offset``."""
        return int(await self._call("seek", offset))

    async def close(self) -> None:
        """Close the file and release its storage."""
        await self._call("close")

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """Let pydantic models, dataclasses and TypedDicts declare ``UploadFile`` fields.

        The framework builds the file from the multipart body; validation only checks the type.
        """
        from pydantic_core import core_schema

        return core_schema.is_instance_schema(cls)

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> dict[str, Any]:
        """The file in a JSON schema (the OpenAPI document): a binary string, as 1.5x described it.

        Without it pydantic cannot describe an ``is_instance`` schema, and every model with an
        ``UploadFile`` field would fall back to an unconstrained schema.
        """
        return {"type": "string", "format": "binary", "contentMediaType": "application/octet-stream"}

    def __repr__(self) -> str:
        return f"{self.filename} - {self.content_type}"
