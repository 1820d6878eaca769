"""Constants of the public API, as Starlite 1.5x offered them in ``starlite.constants``.

A flat module of values: it imports nothing above the ground layer, so any module may read it.
"""

from __future__ import annotations

from inspect import Signature
from typing import Any, Final

from pydantic_core import PydanticUndefined

from starlite.types.empty import Empty

DEFAULT_ALLOWED_CORS_HEADERS: Final = {"Accept", "Accept-Language", "Content-Language", "Content-Type"}
"""The request headers CORS allows without listing them (the CORS-safelisted request headers)."""
DEFAULT_CHUNK_SIZE: Final = 128 * 1024
"""The size of the chunks a file is read and sent in: 128 KiB."""
HTTP_RESPONSE_BODY: Final = "http.response.body"
"""The type of the ASGI message that carries response body."""
HTTP_RESPONSE_START: Final = "http.response.start"
"""The type of the ASGI message that starts a response."""
ONE_MEGABYTE: Final = 1024 * 1024
"""A mebibyte, in bytes."""
REDIRECT_STATUS_CODES: Final = {301, 302, 303, 307, 308}
"""The status codes a redirect response may have."""
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
SCOPE_STATE_DEPENDENCY_CACHE: Final = "dependency_cache"
"""The key of the dependency cache in the framework's namespace of ``scope["state"]``."""
SCOPE_STATE_NAMESPACE: Final = "__starlite__"
"""The key, in ``scope["state"]``, of the dictionary that holds the framework's own values."""
SCOPE_STATE_RESPONSE_COMPRESSED: Final = "response_compressed"
"""The key, in the framework's namespace of ``scope["state"]``, that marks a compressed response."""
SKIP_VALIDATION_NAMES: Final = {"request", "socket", "scope", "receive", "send"}
"""Handler parameter names whose values are passed as they are, without validation."""
UNDEFINED_SENTINELS: Final[set[Any]] = {PydanticUndefined, Signature.empty, Empty, Ellipsis}
"""The values that mean "no default": pydantic's, ``inspect``'s, ``Empty`` and ``...``."""
