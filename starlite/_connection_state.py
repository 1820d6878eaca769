"""Per-connection values cached in the scope, so every ``Request`` built for it shares them."""

from __future__ import annotations

from typing import Any

_EMPTY: Any = object()
SCOPE_KEY = "_starlite_connection_state"
DEFAULT_MAX_BODY_SIZE = 10 * 1024 * 1024
"""The request body limit when no layer sets ``request_max_body_size``: 10 MiB."""


class ConnectionState:
    """Typed, slotted storage for what the framework caches on one connection."""

    __slots__ = (
        "body",
        "json",
        "form",
        "cookies",
        "query",
        "raise_server_exceptions",
        "response_started",
        "max_body_size",
        "reported_exception",
        "body_consumed",
        "session_id",
        "session_snapshot",
        "session_cleared",
        "session_renew",
        "session_accessed",
        "server_exception",
    )

    def __init__(self) -> None:
        self.body: bytes | Any = _EMPTY
        self.json: Any = _EMPTY
        self.form: Any = _EMPTY
        self.cookies: dict[str, str] | Any = _EMPTY
        self.query: Any = _EMPTY
        # Set by the test transport: re-raise unhandled exceptions after the 500 response is sent.
        self.raise_server_exceptions = False
        self.response_started = False
        # An unhandled exception answered with a 500, kept for the test client to re-raise once the
        # app returns: raising it through the middleware would make them answer it a second time.
        self.server_exception: BaseException | None = None
        # The most request body bytes read before a 413; the route handler sets its own limit.
        self.max_body_size: int | None = DEFAULT_MAX_BODY_SIZE
        # The exception the app's ``after_exception`` hooks last saw: two layers of the exception
        # middleware may catch one exception (a route's re-raises it), and the hooks run once.
        self.reported_exception: BaseException | None = None
        # Set once anything starts reading the body from ``receive``: a second reader (another
        # ``Request`` of the same connection) must fail at once, not wait for messages that never come.
        self.body_consumed = False
        # Sessions: the server-side id the session was loaded under, its serialized form at the start
        # of the request (unchanged sessions are not written back), and whether it was cleared.
        self.session_id: str | None = None
        self.session_snapshot: bytes | None = None
        self.session_cleared = False
        # Past half its life: written again even if unchanged, so an active session does not expire.
        self.session_renew = False
        # Whether anything read ``request.session``: only a session in use is renewed.
        self.session_accessed = False

    @classmethod
    def from_scope(cls, scope: Any) -> ConnectionState:
        """Return the state stored in ``scope``, creating it on first use."""
        try:
            return scope[SCOPE_KEY]  # type: ignore[no-any-return]
        except KeyError:
            state = scope[SCOPE_KEY] = cls()
            return state


EMPTY = _EMPTY
