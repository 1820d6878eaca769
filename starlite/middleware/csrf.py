"""CSRF: refuse a state-changing request that another site's page made the browser send.

A browser attaches a site's cookies to every request for it, whichever page asked. The CSRF check
gives each browser a signed random token in a cookie, and accepts a request whose method is not
"safe" (``GET``, ``HEAD``) only when it also carries that token in a header or a form field: a page
of another site cannot read the cookie, so it cannot write the token (the "double submit" pattern).

``CSRFConfig`` holds the options (``starlite.config`` exports it, as in 1.5x); ``CSRFMiddleware``
applies them. With ``csrf_config=`` on the app, the router wraps each HTTP handler in one (see
``starlite._middleware_stack``); websocket handlers are left alone.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, field_validator

from starlite.connection.base import parse_cookie_string, raw_header
from starlite.datastructures.cookie import Cookie
from starlite.enums import ScopeType
from starlite.exceptions import PermissionDeniedException
from starlite.handlers.websocket import WebsocketRouteHandler
from starlite.middleware._csrf_form import FORM_FIELD, read_form_token
from starlite.middleware.utils import build_exclude_path_pattern, should_bypass_middleware
from starlite.types.asgi_types import Method
from starlite.types.protocols import MiddlewareProtocol
from starlite.utils.csrf import CSRF_SECRET_BYTES, generate_csrf_hash, generate_csrf_token

if TYPE_CHECKING:
    from collections.abc import Callable

    from starlite.handlers.base import BaseRouteHandler
    from starlite.types.asgi_types import ASGIApp, Message, Receive, Scope, Send

__all__ = (
    "CSRF_FORM_FIELD",
    "CSRF_SCOPE_KEY",
    "CSRF_SECRET_BYTES",
    "CSRF_SECRET_LENGTH",
    "CSRFConfig",
    "CSRFMiddleware",
    "generate_csrf_hash",
    "generate_csrf_token",
    "get_csrf_token",
)

CSRF_SECRET_LENGTH = CSRF_SECRET_BYTES * 2
"""The length of a token's random part; its signature follows."""

CSRF_FORM_FIELD = FORM_FIELD
"""The form field that carries the token in url-encoded and multipart bodies, as in 1.5x."""

CSRF_SCOPE_KEY = "_csrf_token"
"""The scope key holding the connection's current token, as in 1.5x (templates read it)."""

_TOKEN_LENGTH = CSRF_SECRET_LENGTH + hashlib.sha256().digest_size * 2
_FAILED = "CSRF token verification failed"


def _encoded(token: str) -> bytes:
    # hmac.compare_digest refuses str with non-ASCII characters: tokens are compared as bytes.
    return token.encode("utf-8", errors="replace")


class CSRFConfig(BaseModel):
    """Cross-site request forgery protection (``csrf_config=``).

    The defaults are those of 1.5x. ``cookie_httponly`` stays off because the page's own script reads
    the cookie to send the token in ``header_name``; set ``cookie_secure`` when the site is served over
    HTTPS only.

    Attributes:
        secret: The key that signs the tokens; keep it secret and the same across processes.
        cookie_name: The cookie holding the token.
        cookie_path: The cookie's ``Path``.
        header_name: The request header that carries the token (compared without case).
        cookie_secure: Set ``Secure`` on the cookie (sent over HTTPS only).
        cookie_httponly: Set ``HttpOnly`` on the cookie (hidden from the page's script).
        cookie_samesite: The cookie's ``SameSite`` policy.
        cookie_domain: The cookie's ``Domain``; ``None`` for the request's host only.
        safe_methods: Methods that are never checked; they get the cookie when they lack it.
        exclude: A path pattern (regular expression), or a list of them, that the check skips.
        exclude_from_csrf_key: A handler ``opt`` key: handlers with a truthy value are not checked.
    """

    secret: str
    cookie_name: str = "csrftoken"
    cookie_path: str = "/"
    header_name: str = "x-csrftoken"
    cookie_secure: bool = False
    cookie_httponly: bool = False
    cookie_samesite: Literal["lax", "strict", "none"] = "lax"
    cookie_domain: str | None = None
    safe_methods: set[Method] = {"GET", "HEAD"}  # noqa: RUF012 - pydantic copies field defaults
    exclude: str | list[str] | None = None
    exclude_from_csrf_key: str = "exclude_from_csrf"

    @field_validator("secret")
    @classmethod
    def validate_secret(cls, value: str) -> str:
        """Refuse an empty secret: anyone could sign tokens with it."""
        if not value:
            raise ValueError("the CSRF secret must not be empty")
        return value


def get_csrf_token(scope: Scope) -> str | None:
    """The connection's current CSRF token, to put in a form (``<input name="_csrf_token">``).

    On a safe request it is the token of the cookie, or the new one the response's cookie carries; on
    an accepted unsafe request, the token the request sent. ``None`` when the CSRF check did not run.

    Args:
        scope: The connection's scope (``request.scope``).
    """
    return scope.get(CSRF_SCOPE_KEY)  # type: ignore[return-value]


class CSRFMiddleware(MiddlewareProtocol):
    """Check the CSRF token of requests with an unsafe method; give a token cookie to the others.

    A request with an unsafe method passes when the token in ``header_name`` (or, without that header,
    in the ``_csrf_token`` field of a url-encoded or multipart form) is the token of the cookie, signed
    with the secret; otherwise it is refused with ``PermissionDeniedException`` (a JSON 403).

    Args:
        app: The next ASGI app.
        config: The CSRF configuration.
    """

    scopes = {ScopeType.HTTP}  # noqa: RUF012 - as in 1.5x

    def __init__(self, app: ASGIApp, config: CSRFConfig) -> None:
        self.app = app
        self.config = config
        self.exclude = build_exclude_path_pattern(exclude=config.exclude)
        # Whether the handler opted out (its opt holds exclude_from_csrf_key). ``None``: not known when
        # the middleware was made (it was added through ``middleware=``), so read per request.
        self.excluded_by_opt: bool | None = None
        # The HMAC keyed once: each token's signature starts from a copy of it (hmac.new per token
        # spends most of its time setting the key up).
        self._keyed_hmac = hmac.new(config.secret.encode(), digestmod=hashlib.sha256)
        self._header = config.header_name.lower().encode("latin-1")
        self._cookie_name = config.cookie_name
        self._safe_methods = frozenset(config.safe_methods)
        # The Set-Cookie value, rendered once around a placeholder: only the token changes.
        placeholder = "0" * _TOKEN_LENGTH
        rendered = Cookie(
            key=config.cookie_name,
            value=placeholder,
            path=config.cookie_path,
            secure=config.cookie_secure,
            httponly=config.cookie_httponly,
            samesite=config.cookie_samesite,
            domain=config.cookie_domain,
        ).to_header(header="")
        before, _, after = rendered.partition(placeholder)
        self._cookie_before = before.encode("latin-1")
        self._cookie_after = after.encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the connection's token, or hand it a token, then call the next app."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookie_header = raw_header(scope, b"cookie")
        cookie_token = (
            parse_cookie_string(bytes(cookie_header).decode("latin-1")).get(self._cookie_name)
            if cookie_header
            else None
        )
        if scope["method"] in self._safe_methods or self._is_excluded(scope):
            if cookie_token is not None and self._is_signed(_encoded(cookie_token)):
                scope[CSRF_SCOPE_KEY] = cookie_token  # type: ignore[literal-required]
                await self.app(scope, receive, send)
                return
            # None yet, or one this secret did not sign (forged, or signed before the secret changed):
            # a new one, or the browser would be refused until its cookie expires.
            token = scope[CSRF_SCOPE_KEY] = self._new_token()  # type: ignore[literal-required]
            await self.app(scope, receive, self.create_send_wrapper(send, token, cookie_token))
            return
        if not cookie_token:  # nothing to compare with: refused before reading any body
            raise PermissionDeniedException(_FAILED)
        sent = raw_header(scope, self._header)
        if sent:
            sent = bytes(sent)
        else:
            sent, receive = await read_form_token(scope, receive)
        if not sent or not self._tokens_match(sent, cookie_token):
            raise PermissionDeniedException(_FAILED)
        scope[CSRF_SCOPE_KEY] = sent.decode("latin-1")  # type: ignore[literal-required]
        await self.app(scope, receive, send)

    def _is_excluded(self, scope: Scope) -> bool:
        if self.excluded_by_opt is None:
            handler: Any = scope.get("route_handler")
            key = self.config.exclude_from_csrf_key
            if handler is not None and key and handler.opt.get(key):
                return True
        elif self.excluded_by_opt:
            return True
        if self.exclude is None:
            return False
        return should_bypass_middleware(scope=scope, scopes=self.scopes, exclude_path_pattern=self.exclude)

    def _signature(self, random_part: bytes) -> str:
        # As generate_csrf_hash, from the HMAC keyed once.
        signature = self._keyed_hmac.copy()
        signature.update(random_part)
        return signature.hexdigest()

    def _new_token(self) -> str:
        random_part = secrets.token_hex(CSRF_SECRET_BYTES)
        return random_part + self._signature(random_part.encode())

    def _is_signed(self, token: bytes) -> bool:
        if len(token) != _TOKEN_LENGTH:
            return False
        expected = self._signature(token[:CSRF_SECRET_LENGTH]).encode()
        return hmac.compare_digest(token[CSRF_SECRET_LENGTH:], expected)

    def _tokens_match(self, sent: bytes, cookie_token: str) -> bool:
        # Equal tokens and a valid signature: the same verdict as checking both signatures and
        # comparing the random parts (1.5x), for one HMAC. Both comparisons take constant time.
        cookie = _encoded(cookie_token)
        return hmac.compare_digest(sent, cookie) and self._is_signed(cookie)

    def create_send_wrapper(self, send: Send, token: str, csrf_cookie: str | None) -> Send:
        """Wrap ``send`` to set the token cookie on the response.

        Args:
            send: The ASGI send callable.
            token: The token the cookie carries.
            csrf_cookie: The token cookie the request sent, if any; one equal to ``token`` is not set
                again.

        Returns:
            The wrapped ``send``.
        """
        if csrf_cookie == token:
            return send
        cookie = (b"set-cookie", self._cookie_before + token.encode() + self._cookie_after)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                # A new list: a response may send the same list of static headers every time.
                message["headers"] = [*message.get("headers", ()), cookie]
            await send(message)

        return send_with_cookie


def csrf_handler_middleware(config: CSRFConfig) -> Callable[[ASGIApp, BaseRouteHandler[Any]], ASGIApp]:
    """What wraps one handler in the CSRF check, deciding its ``opt`` opt-out once, at start-up."""

    def wrap(app: ASGIApp, handler: BaseRouteHandler[Any]) -> ASGIApp:
        if isinstance(handler, WebsocketRouteHandler):  # browsers send no CSRF token on websockets
            return app
        middleware = CSRFMiddleware(app=app, config=config)
        middleware.excluded_by_opt = bool(handler.opt.get(config.exclude_from_csrf_key))
        return middleware

    return wrap
