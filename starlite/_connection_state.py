"""Per-connection values cached in the scope, so every ``Request`` built for it shares them."""

from __future__ import annotations

from typing import Any

from starlite.types.empty import Empty

SCOPE_KEY = "_starlite_connection_state"
DEFAULT_MAX_BODY_SIZE = 10 * 1024 * 1024
"""The request body limit when no layer sets ``request_max_body_size``: 10 MiB."""


class ConnectionState:
    """What the framework caches on one connection, shared by every ``Request`` built for it.

    The defaults are class attributes: a new state is an empty object, and each request pays only
    for what it sets.
    """

    body: bytes | Any = Empty
    json: Any = Empty
    form: Any = Empty
    cookies: dict[str, str] | Any = Empty
    query: Any = Empty
    # Set by the test transport: re-raise unhandled exceptions after the 500 response is sent.
    raise_server_exceptions = False
    # An exception the exception handling raised again instead of answering it (the response had
    # started, or the test client wants it): the layers outside let it through.
    escaping_exception: BaseException | None = None
    # An unhandled exception answered with a 500, kept for the test client to re-raise once the
    # app returns: raising it through the middleware would make them answer it a second time.
    server_exception: BaseException | None = None
    # The most request body bytes read before a 413; the route handler sets its own limit.
    max_body_size: int | None = DEFAULT_MAX_BODY_SIZE
    # The exception the exception handling last answered: two layers of the exception middleware
    # may catch one exception (a route's re-raises it), and the ``after_exception`` hooks run once;
    # the OpenTelemetry middleware records it on the span of a 5xx answer.
    reported_exception: BaseException | None = None
    # Set once anything starts reading the body from ``receive``: a second reader (another
    # ``Request`` of the same connection) must fail at once, not wait for messages that never come.
    body_consumed = False
    # Sessions: the server-side id the session was loaded under, its serialized form at the start
    # of the request (unchanged sessions are not written back), and whether it was cleared.
    session_id: str | None = None
    session_snapshot: bytes | None = None
    session_cleared = False
    # Past half its life: written again even if unchanged, so an active session does not expire.
    session_renew = False
    # Whether anything read ``request.session``: only a session in use is renewed.
    session_accessed = False
    # The 503 raised when the session store could not be read: kept until something uses the
    # session (reading ``request.session`` or writing it raises it), so a handler that never does
    # still answers while the store is down.
    session_unavailable: Exception | None = None
    # The rate-limit counters this request already raised: the same limit on two layers (an app's
    # and a router's "10 a minute") counts it, and answers with its headers, once.
    rate_limit_counters: frozenset[str] = frozenset()

    @classmethod
    def from_scope(cls, scope: Any) -> ConnectionState:
        """Return the state stored in ``scope``, creating it on first use."""
        try:
            return scope[SCOPE_KEY]  # type: ignore[no-any-return]
        except KeyError:
            state = scope[SCOPE_KEY] = cls()
            return state


EMPTY = Empty
