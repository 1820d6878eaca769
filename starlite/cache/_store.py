"""What the networked cache backends share: a time limit on each command, and one kind of failure.

A cache store that is stopped, unreachable or too slow makes a built-in backend raise an ``OSError``
(``ConnectionError``, or ``TimeoutError`` when it did not answer within the backend's ``timeout``),
whatever the client library raised, so that callers (response caching, rate limits, user code) can
tell "the store is down" from a programming error with one ``except OSError``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable
from typing import Any, NoReturn, TypeVar

import anyio

from starlite.exceptions import ImproperlyConfiguredException

__all__ = ("DEFAULT_TIMEOUT", "check_timeout", "run_with_timeout", "store_down", "whole_seconds")

_T = TypeVar("_T")

DEFAULT_TIMEOUT = 1.0
"""Seconds a command to a cache store may take: a cache that answers slower than that saves nothing."""

# memcached reads an expiry above 30 days as a Unix time, not a number of seconds.
_MAX_RELATIVE_EXPIRY = 60 * 60 * 24 * 30


def check_timeout(timeout: Any) -> Any:
    """Refuse a ``timeout`` that is not ``None`` or a finite number of seconds above 0."""
    if timeout is None:
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 < timeout < math.inf:
        raise ImproperlyConfiguredException(
            f"The cache store timeout must be a positive number of seconds or None, not {timeout!r}"
        )
    return timeout


def store_down(store: str, exc: BaseException | None, timeout: float | None = None) -> NoReturn:
    """Raise the ``OSError`` that tells a caller the ``store`` could not be used."""
    if exc is None:
        raise TimeoutError(f"The {store} cache did not answer within {timeout} seconds")
    detail = exc.args[0] if exc.args and isinstance(exc.args[0], str) else ""
    cause = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    # The client's own socket timeout may fire before ours: redis-py's TimeoutError, or asyncio's
    # (not the built-in one before Python 3.11). It is still a store that did not answer in time.
    if isinstance(exc, TimeoutError) or type(exc).__name__ == "TimeoutError":
        raise TimeoutError(f"The {store} cache did not answer in time ({cause})") from exc
    raise ConnectionError(f"The {store} cache is unavailable ({cause})") from exc


async def run_with_timeout(
    timeout: float | None,
    command: Callable[..., Awaitable[_T]],
    *args: Any,
    on_timeout: Callable[[], None] | None = None,
    **options: Any,
) -> tuple[bool, _T | None]:
    """Run ``command``; ``(False, None)`` when it took longer than ``timeout`` seconds."""
    with anyio.move_on_after(timeout):
        return True, await command(*args, **options)
    if on_timeout is not None:
        on_timeout()
    return False, None


def whole_seconds(expiration: float) -> int:
    """``expiration`` as memcached's ``exptime``: whole seconds, rounded up, at least 1.

    memcached reads 0 as "never", and an expiry past 30 days as a Unix time.
    """
    seconds = max(1, math.ceil(expiration))
    return seconds if seconds <= _MAX_RELATIVE_EXPIRY else int(time.time()) + seconds
