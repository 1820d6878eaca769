"""CORS: the headers that let a browser hand an answer to a page of another origin.

``CORSConfig`` says which origins, methods and headers are allowed (``starlite.config`` exports it,
as in 1.5x). ``CORSMiddleware`` adds the headers to every answer to a request that names its
``Origin`` (errors included); the router answers preflight requests (``OPTIONS`` with an ``Origin``)
with ``preflight_answer``, on the paths it serves.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, field_validator

from starlite.connection.base import raw_header
from starlite.constants import DEFAULT_ALLOWED_CORS_HEADERS
from starlite.middleware.base import AbstractMiddleware
from starlite.status_codes import HTTP_204_NO_CONTENT, HTTP_400_BAD_REQUEST
from starlite.types.asgi_types import Method
from starlite.utils.serialization import encode_json

if TYPE_CHECKING:
    from starlite.types.asgi_types import ASGIApp, Message, Receive, Scope, Send

__all__ = ("CORSConfig", "CORSMiddleware", "preflight_answer")

_EVERY_METHOD = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")


def _origin_pattern(origin: str) -> str:
    # An origin is matched as written, but for "*", which stands for any run of characters short of
    # a "/" ("https://*.example.com"). 1.5x read each origin as a regular expression, so the dots of
    # "https://example.com" matched any character ("https://exampleXcom" was allowed).
    return "[^/]*".join(re.escape(part) for part in origin.split("*"))


class CORSConfig(BaseModel):
    """Which origins may call the application from a browser, and with what (``cors_config=``).

    Attributes:
        allow_origins: Origins allowed to call, such as ``"https://app.example.com"``; ``"*"`` alone
            allows any, and a ``*`` within an origin stands for any run of characters but ``/``.
        allow_methods: Methods a preflight request may ask for; ``"*"`` allows every method.
        allow_headers: Request headers a preflight request may ask for; ``"*"`` allows any. Kept
            lower-cased.
        allow_credentials: Let the browser send cookies and credentials, and read the answer.
        allow_origin_regex: A regular expression matched against the whole ``Origin``, besides
            ``allow_origins``.
        expose_headers: Response headers the calling page may read.
        max_age: How many seconds a browser may keep a preflight answer.
    """

    model_config = {"ignored_types": (cached_property,)}

    allow_origins: list[str] = ["*"]
    allow_methods: list[Literal["*"] | Method] = ["*"]
    allow_headers: list[str] = ["*"]
    allow_credentials: bool = False
    allow_origin_regex: str | None = None
    expose_headers: list[str] = []
    max_age: int = 600

    @field_validator("allow_headers")
    @classmethod
    def validate_allow_headers(cls, value: list[str]) -> list[str]:
        """Lower-case the allowed headers, as header names are compared without case."""
        return [header.lower() for header in value]

    @cached_property
    def allowed_origins_regex(self) -> re.Pattern[str]:
        """One pattern for every allowed origin and ``allow_origin_regex``, matched whole."""
        patterns = [_origin_pattern(origin) for origin in self.allow_origins if origin != "*"]
        if self.allow_origin_regex:
            patterns.append(f"(?:{self.allow_origin_regex})")
        return re.compile("|".join(patterns) if patterns else "(?!)")

    @cached_property
    def is_allow_all_origins(self) -> bool:
        """Whether any origin may call (``"*"`` in ``allow_origins``)."""
        return "*" in self.allow_origins

    @cached_property
    def is_allow_all_methods(self) -> bool:
        """Whether a preflight may ask for any method."""
        return "*" in self.allow_methods

    @cached_property
    def is_allow_all_headers(self) -> bool:
        """Whether a preflight may ask for any header."""
        return "*" in self.allow_headers

    @cached_property
    def allowed_header_names(self) -> frozenset[str]:
        """Lower-cased names a preflight may ask for: ``allow_headers`` and the CORS-safelisted ones.

        A preflight answer lists ``Accept``, ``Accept-Language``, ``Content-Language`` and
        ``Content-Type`` as allowed, so a request asking for them is accepted (1.5x listed them, then
        refused a preflight that asked for ``content-type`` when ``allow_headers`` did not name it).
        """
        return frozenset(self.allow_headers) | {name.lower() for name in DEFAULT_ALLOWED_CORS_HEADERS}

    @cached_property
    def preflight_headers(self) -> dict[str, str]:
        """The headers of an accepted preflight answer (the origin is added per request)."""
        headers = {"Access-Control-Max-Age": str(self.max_age)}
        if self.is_allow_all_origins:
            headers["Access-Control-Allow-Origin"] = "*"
        else:
            headers["Vary"] = "Origin"
        if self.allow_credentials:
            headers["Access-Control-Allow-Credentials"] = "true"
        if not self.is_allow_all_headers:
            allowed = set(self.allow_headers) | DEFAULT_ALLOWED_CORS_HEADERS
            headers["Access-Control-Allow-Headers"] = ", ".join(sorted(allowed))
        if self.allow_methods:
            methods = _EVERY_METHOD if self.is_allow_all_methods else sorted(set(self.allow_methods))
            headers["Access-Control-Allow-Methods"] = ", ".join(methods)
        return headers

    @cached_property
    def simple_headers(self) -> dict[str, str]:
        """The headers added to every answer to a request that names its ``Origin``."""
        headers = {}
        if self.is_allow_all_origins:
            headers["Access-Control-Allow-Origin"] = "*"
        if self.allow_credentials:
            headers["Access-Control-Allow-Credentials"] = "true"
        if self.expose_headers:
            headers["Access-Control-Expose-Headers"] = ", ".join(sorted(set(self.expose_headers)))
        return headers

    def is_origin_allowed(self, origin: str) -> bool:
        """Whether ``origin`` (an ``Origin`` header's value) may call the application."""
        return self.is_allow_all_origins or self.allowed_origins_regex.fullmatch(origin) is not None


def _header(scope: Scope, name: bytes) -> str | None:
    value = raw_header(scope, name)
    return None if value is None else bytes(value).decode("latin-1")


_ORIGINS_REMEMBERED = 1024
_ECHO_NAMES = frozenset({b"access-control-allow-origin", b"vary"})


def _vary_with_origin(vary: bytes | None) -> bytes:
    if not vary:
        return b"Origin"
    if b"origin" in {part.strip().lower() for part in vary.split(b",")}:
        return vary
    return vary + b", Origin"


class CORSMiddleware(AbstractMiddleware):
    """Add the CORS headers of ``config`` to answers to cross-origin requests.

    Args:
        app: The next ASGI app.
        config: The CORS configuration.
    """

    __slots__ = ("_allowed", "_echo_names", "_simple", "_simple_names", "_simple_without_origin", "config")

    def __init__(self, app: ASGIApp, config: CORSConfig) -> None:
        super().__init__(app=app, scopes={"http"})  # type: ignore[arg-type]
        self.config = config
        # Worked out once: the headers every answer gets, encoded, and the names they replace.
        self._simple = [
            (name.lower().encode(), value.encode("latin-1")) for name, value in config.simple_headers.items()
        ]
        self._simple_names = frozenset(name for name, _ in self._simple)
        # When the origin is named back, it replaces the "*" of the simple headers, and Vary is merged.
        self._simple_without_origin = [
            pair for pair in self._simple if pair[0] != b"access-control-allow-origin"
        ]
        self._echo_names = self._simple_names | _ECHO_NAMES
        # The verdict on each origin seen, so the pattern runs once per origin, not per request.
        self._allowed: dict[str, bool] = {}

    def _is_allowed(self, origin: str) -> bool:
        allowed = self._allowed.get(origin)
        if allowed is None:
            allowed = self.config.is_origin_allowed(origin)
            if len(self._allowed) >= _ORIGINS_REMEMBERED:  # origins are the client's to choose
                self._allowed.clear()
            self._allowed[origin] = allowed
        return allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the connection, adding the CORS headers when the request has an ``Origin``."""
        origin = _header(scope, b"origin") if scope["type"] == "http" else None
        if not origin:
            await self.app(scope, receive, send)
            return
        # With every origin allowed, the answer says "*", unless the request carries cookies: a
        # browser refuses "*" for a credentialed request, so the origin itself is named (as in 1.5x).
        if self.config.is_allow_all_origins:
            echo = _header(scope, b"cookie") is not None
        else:
            echo = self._is_allowed(origin)
        if echo:
            added = [*self._simple_without_origin, (b"access-control-allow-origin", origin.encode("latin-1"))]
            replaced = self._echo_names
        else:
            added, replaced = self._simple, self._simple_names

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = []
                vary = None
                for name, value in message.get("headers") or ():
                    lowered = name.lower()
                    if lowered not in replaced:
                        kept.append((name, value))
                    elif lowered == b"vary":
                        vary = value if vary is None else vary + b", " + value
                if echo:
                    kept.append((b"vary", _vary_with_origin(vary)))
                message["headers"] = kept + added
            await send(message)

        await self.app(scope, receive, send_with_cors)


def preflight_answer(config: CORSConfig, scope: Scope) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """The answer to a preflight request: a 204 with what it may do, or a 400 naming what is refused.

    Returns:
        The status, the headers and the body.
    """
    origin = _header(scope, b"origin") or ""
    refused = []
    method = _header(scope, b"access-control-request-method")
    if method and not config.is_allow_all_methods and method.strip() not in config.allow_methods:
        refused.append("method")
    headers: dict[str, str] = dict(config.preflight_headers)
    if not config.is_origin_allowed(origin):
        refused.insert(0, "origin")
    elif not config.is_allow_all_origins:
        headers["Access-Control-Allow-Origin"] = origin
    requested = [
        part.strip() for part in (_header(scope, b"access-control-request-headers") or "").split(",")
    ]
    requested = [name for name in requested if name]
    if requested:
        if config.is_allow_all_headers:
            allowed = sorted(set(requested) | DEFAULT_ALLOWED_CORS_HEADERS)
            headers["Access-Control-Allow-Headers"] = ", ".join(allowed)
        elif any(name.lower() not in config.allowed_header_names for name in requested):
            refused.append("headers")
    if refused:
        detail = f"Disallowed CORS {', '.join(refused)}"
        body = encode_json({"status_code": HTTP_400_BAD_REQUEST, "detail": detail})
        length = str(len(body)).encode()
        return (
            HTTP_400_BAD_REQUEST,
            [(b"content-type", b"application/json"), (b"content-length", length)],
            body,
        )
    encoded = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]
    return HTTP_204_NO_CONTENT, encoded, b""
