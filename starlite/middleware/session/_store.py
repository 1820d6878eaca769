"""What the server-side session backends share about their store: its timeout, and its failure.

A store that cannot be reached, or does not answer in time, is the server's problem, not the
client's: the client gets a 503 that names nothing of the store, and the cause is logged as one
warning line (no traceback, nothing from the request) for whoever runs the server.
"""

from __future__ import annotations

import logging
from typing import Any

from starlite.exceptions import ImproperlyConfiguredException, ServiceUnavailableException

__all__ = ("check_store_timeout", "store_unavailable")

logger = logging.getLogger("starlite")


def check_store_timeout(timeout: Any) -> None:
    """Refuse a store ``timeout`` that is not ``None`` or a finite number of seconds above 0."""
    if timeout is None:
        return
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 < timeout < float("inf"):
        raise ImproperlyConfiguredException(
            f"The session store timeout must be a positive number of seconds or None, not {timeout!r}"
        )


def store_unavailable(backend: str, exc: BaseException) -> ServiceUnavailableException:
    """The 503 a server-side backend raises when its store cannot be reached; the cause is logged."""
    logger.warning("The %s session store is unavailable: %s", backend, _cause(exc))
    return ServiceUnavailableException(f"The {backend} session store is unavailable")


def _cause(exc: BaseException) -> str:
    """The error's class and message, for the log: never the file names, which hold session ids."""
    if isinstance(exc, OSError) and exc.strerror:
        detail = exc.strerror
    else:
        # The message alone: aiomcache appends the server's raw reply, which may name a session key.
        detail = exc.args[0] if exc.args and isinstance(exc.args[0], str) else ""
    # The first line only: a log record of one line (libpq adds a hint on a line of its own).
    detail = detail.strip().split("\n", 1)[0]
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
