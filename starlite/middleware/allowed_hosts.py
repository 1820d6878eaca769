"""Allowed hosts: answer only requests addressed to the application's own host names.

A request's ``Host`` names the site the client meant. An application that builds links, password
reset mails or redirects from it must not trust a ``Host`` it does not serve; ``allowed_hosts=``
makes every other ``Host`` a 400 before any handler runs.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, field_validator

from starlite.connection.base import raw_header
from starlite.datastructures.url import URL
from starlite.enums import ScopeType
from starlite.exceptions import HTTPException
from starlite.middleware.base import AbstractMiddleware
from starlite.response.base import Response
from starlite.response.redirect import RedirectResponse
from starlite.status_codes import HTTP_400_BAD_REQUEST

if TYPE_CHECKING:
    from starlite.types.asgi_types import ASGIApp, Receive, Scope, Send

__all__ = ("AllowedHostsConfig", "AllowedHostsMiddleware")


class AllowedHostsConfig(BaseModel):
    """The host names the application answers to (``allowed_hosts=``).

    Attributes:
        allowed_hosts: Host names, such as ``"example.com"``; ``"*.example.com"`` allows every
            subdomain of ``example.com`` (not ``example.com`` itself), and ``"*"`` allows any host.
        exclude: A path pattern, or a list of them, that the check skips.
        exclude_opt_key: A handler ``opt`` key: handlers with a truthy value skip the check.
        scopes: The connection types checked (``http`` and ``websocket`` when ``None``).
        www_redirect: Redirect ``example.com`` to ``www.example.com`` when only the latter is allowed.
    """

    allowed_hosts: list[str] = ["*"]
    exclude: str | list[str] | None = None
    exclude_opt_key: str | None = None
    scopes: set[ScopeType] | None = None
    www_redirect: bool = True

    @field_validator("allowed_hosts")
    @classmethod
    def validate_allowed_hosts(cls, value: list[str]) -> list[str]:
        """Refuse a wildcard anywhere but at the start of a host name (``*.example.com``)."""
        for host in value:
            if host != "*" and "*" in host and not (host.startswith("*.") and "*" not in host[2:]):
                raise ValueError(
                    "domain wildcards can only appear in the beginning of the domain, e.g. ``*.example.com``"
                )
        return value


def _host_pattern(host: str) -> str:
    # Host names are matched as written (1.5x left their dots unescaped, so "example.com" also let
    # "exampleXcom" in); "*." stands for one or more labels.
    if host.startswith("*."):
        return r"(?:[^.]+\.)+" + re.escape(host[2:].lower())
    return re.escape(host.lower())


def _request_host(scope: Scope) -> str:
    # X-Forwarded-Host only stands in for a missing Host (HTTP/1.0): a client sets either as easily.
    value = raw_header(scope, b"host") or raw_header(scope, b"x-forwarded-host") or b""
    host = bytes(value).decode("latin-1").strip()
    if host.startswith("["):  # an IPv6 address, with or without a port
        return host[: host.find("]") + 1].lower() if "]" in host else ""
    return host.partition(":")[0].lower()


class AllowedHostsMiddleware(AbstractMiddleware):
    """Answer a request whose ``Host`` is not allowed with a 400 (or a redirect to its ``www.`` host).

    Args:
        app: The next ASGI app.
        config: The allowed hosts configuration.
    """

    def __init__(self, app: ASGIApp, config: AllowedHostsConfig) -> None:
        super().__init__(app=app, exclude=config.exclude, scopes=config.scopes)
        self.config = config
        self.excluded_by_opt = config.exclude_opt_key
        self.allowed_hosts_regex: re.Pattern[str] | None = None
        self.redirect_domains: re.Pattern[str] | None = None
        if "*" in config.allowed_hosts:
            return
        self.allowed_hosts_regex = re.compile(
            "|".join(sorted({_host_pattern(host) for host in config.allowed_hosts}))
        )
        if config.www_redirect:
            bare = {re.escape(host[4:].lower()) for host in config.allowed_hosts if host.startswith("www.")}
            if bare:
                self.redirect_domains = re.compile("|".join(sorted(bare)))

    def _excluded_by_handler(self, scope: Scope) -> bool:
        # Checked before routing, so the handler is looked up for its opt (only with exclude_opt_key).
        method = scope["method"] if scope["type"] == "http" else "websocket"
        try:
            handler: Any = scope["app"].asgi_router.resolve(method, scope["path"]).handler
        except HTTPException:  # no route (404) or not for this method (405): nothing to exclude
            return False
        return bool(getattr(handler, "opt", {}).get(self.excluded_by_opt))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the connection when its host is allowed; answer it with a 400 or a redirect otherwise."""
        pattern = self.allowed_hosts_regex
        if pattern is None:
            await self.app(scope, receive, send)
            return
        host = _request_host(scope)
        if host and pattern.fullmatch(host):
            await self.app(scope, receive, send)
            return
        if self.excluded_by_opt and self._excluded_by_handler(scope):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 4000 + HTTP_400_BAD_REQUEST})
            return
        if host and self.redirect_domains is not None and self.redirect_domains.fullmatch(host):
            url = URL.from_scope(scope)
            await RedirectResponse(url=str(url.with_replacements(netloc="www." + url.netloc)))(
                scope, receive, send
            )
            return
        answer = Response(
            {"status_code": HTTP_400_BAD_REQUEST, "detail": "Invalid host header"},
            status_code=HTTP_400_BAD_REQUEST,
        )
        await answer(scope, receive, send)
