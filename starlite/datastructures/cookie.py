"""The ``Cookie`` a response sets (RFC 6265)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from http.cookies import SimpleCookie
from typing import Any, Literal

__all__ = ("Cookie",)


@dataclass
class Cookie:
    """A cookie to set on a response.

    The fields are in 1.5x's order, so a cookie made with positional arguments keeps them.

    Attributes:
        key: The cookie's name.
        path: The path the cookie is sent for.
        value: Its value; ``None`` sets an empty value.
        max_age: Seconds until it expires.
        expires: Expiry as a UNIX timestamp.
        domain: The domain the cookie is sent to.
        secure: Send it over HTTPS only.
        httponly: Hide it from JavaScript.
        samesite: The ``SameSite`` policy.
        description: Documentation for OpenAPI.
        documentation_only: Only document the cookie; never set it.
    """

    key: str
    path: str = "/"
    value: str | None = None
    max_age: int | None = None
    expires: int | None = None
    domain: str | None = None
    secure: bool | None = None
    httponly: bool | None = None
    samesite: Literal["lax", "strict", "none"] = "lax"
    description: str | None = None
    documentation_only: bool = field(default=False)

    @property
    def simple_cookie(self) -> SimpleCookie:
        """The cookie as a ``http.cookies.SimpleCookie``."""
        cookie: SimpleCookie = SimpleCookie()
        cookie[self.key] = self.value or ""
        morsel = cookie[self.key]
        morsel["path"] = self.path
        morsel["samesite"] = self.samesite
        if self.max_age is not None:
            morsel["max-age"] = self.max_age
        if self.expires is not None:
            morsel["expires"] = self.expires
        if self.domain:
            morsel["domain"] = self.domain
        if self.secure:
            morsel["secure"] = True
        if self.httponly:
            morsel["httponly"] = True
        return cookie

    def to_header(self, **kwargs: Any) -> str:
        """Render as a header line, ``Set-Cookie: k=v; ...`` by default.

        Args:
            **kwargs: Passed to ``SimpleCookie.output``; ``header=""`` gives the value alone.
        """
        return self.simple_cookie.output(**kwargs).strip()

    def to_encoded_header(self) -> tuple[bytes, bytes]:
        """Render as a raw ASGI ``set-cookie`` header pair."""
        return b"set-cookie", self.to_header(header="").encode("latin-1")

    @property
    def dict(self) -> dict[str, Any]:
        """The cookie's fields, without the documentation-only ones."""
        return {k: v for k, v in asdict(self).items() if k not in {"description", "documentation_only"}}

    def __hash__(self) -> int:
        return hash((self.key, self.path, self.domain))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Cookie):
            return (self.key, self.path, self.domain) == (other.key, other.path, other.domain)
        return NotImplemented
