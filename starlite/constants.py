"""Constants of the public API, as Starlite 1.5x offered them in ``starlite.constants``."""

from __future__ import annotations

from typing import Final

RESERVED_KWARGS: Final = {
    "state",
    "headers",
    "cookies",
    "request",
    "socket",
    "data",
    "query",
    "scope",
    "body",
}
"""Handler parameter names the framework fills itself; dependencies and parameters may not take them."""
SKIP_VALIDATION_NAMES: Final = {"request", "socket", "scope", "receive", "send"}
"""Handler parameter names whose values are passed as they are, without validation."""
