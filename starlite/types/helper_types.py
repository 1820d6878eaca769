"""Generic helper aliases for the options that accept several forms."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Literal, TypeAlias, TypeVar

__all__ = ("AnyIOBackend", "SingleOrList", "SyncOrAsyncUnion")

T = TypeVar("T")

SyncOrAsyncUnion: TypeAlias = T | Awaitable[T]
"""What a hook that may be sync or async returns: the value, or an awaitable of it."""
SingleOrList: TypeAlias = T | list[T]
"""One value, or a list of them (the hook options accept either)."""
AnyIOBackend: TypeAlias = Literal["asyncio", "trio"]
"""The event loops anyio runs on, as the test clients accept them."""
