"""Rate limiting: at most so many requests from one client per second, minute, hour or day.

``RateLimitConfig(rate_limit=("minute", 10)).middleware`` goes into the ``middleware=`` of any layer.
Counts live in the application's cache (``app.cache``), so with a Redis or memcached cache every
process of the application shares them. Time is cut into fixed windows (a minute limit counts from
one whole minute of the clock to the next) and each window of each client has its own counter,
raised by the cache's atomic ``increment``: concurrent requests in any number of processes never
lose a count, and no request reads a count that another is about to write back.

A fixed window lets a client that waited for the end of one window send its whole quota again at
the start of the next: up to twice the limit in a short burst across the boundary. That is the price
of a count that is one atomic operation on any store.

When the cache cannot be reached the request is served uncounted (the limit fails open) and a
warning is logged: an outage of the store must not take the application down with it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from time import time
from typing import TYPE_CHECKING, Any, Literal, cast

from pydantic import BaseModel, field_validator

from starlite._connection_state import ConnectionState
from starlite.connection import Request
from starlite.enums import ScopeType
from starlite.exceptions import TooManyRequestsException
from starlite.middleware.base import AbstractMiddleware, DefineMiddleware
from starlite.utils.sync import AsyncCallable

if TYPE_CHECKING:
    from starlite.types.asgi_types import ASGIApp, Message, Receive, Scope, Send

__all__ = ("DURATION_VALUES", "CacheObject", "DurationUnit", "RateLimitConfig", "RateLimitMiddleware")

DurationUnit = Literal["second", "minute", "hour", "day"]
"""The length of a rate limit's window."""

DURATION_VALUES: dict[DurationUnit, int] = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
"""The seconds in each ``DurationUnit``."""

logger = logging.getLogger("starlite")

# While the store stays down, one warning per this many seconds (per middleware) says so: a line per
# request would bury the log under the very traffic the limit is there to hold back.
_WARNING_INTERVAL = 10.0


def _client_host(scope: Scope) -> str:
    # The address the ASGI server reports (request.client.host); clients it cannot name share one.
    client = scope.get("client")
    return str(client[0]) if client else "anonymous"


@dataclass
class CacheObject:
    """One client's current window, as a request counted in it saw it.

    Attributes:
        count: The requests counted in the window so far, this one included.
        reset: The whole seconds until the window ends (at least 1), counted from that request.
    """

    __slots__ = ("count", "reset")

    count: int
    reset: int


class RateLimitMiddleware(AbstractMiddleware):
    """Count each client's HTTP requests, and answer those past the limit with a 429.

    Subclass it and name the subclass as ``middleware_class`` to change how clients are told apart
    (``cache_key_from_request``) or which requests are counted (``should_check_request``).

    Args:
        app: The next ASGI app.
        config: The rate limit configuration.
    """

    def __init__(self, app: ASGIApp, config: RateLimitConfig) -> None:
        super().__init__(
            app=app, exclude=config.exclude, exclude_opt_key=config.exclude_opt_key, scopes={ScopeType.HTTP}
        )
        self.config = config
        self.unit: DurationUnit = config.rate_limit[0]
        self.max_requests: int = config.rate_limit[1]
        self.duration = DURATION_VALUES[self.unit]
        # The config's validator made it awaitable, whether it was given sync or async.
        self.check_throttle_handler = cast(
            "Callable[[Request[Any, Any]], Awaitable[bool]] | None", config.check_throttle_handler
        )
        # Worked out once: the header names, and the policy, which never changes.
        self._names = tuple(
            name.lower().encode("latin-1")
            for name in (
                config.rate_limit_policy_header_key,
                config.rate_limit_limit_header_key,
                config.rate_limit_remaining_header_key,
                config.rate_limit_reset_header_key,
            )
        )
        self._policy = f"{self.max_requests}; w={self.duration}"
        # Part of each counter's key: limits of another number or window on other layers (an app's
        # 100 a minute, a router's 10) keep counts of their own instead of each raising the other's.
        self._limit_name = f"{self.max_requests}/{self.unit}"
        self._static_headers = [
            (self._names[0], self._policy.encode()),
            (self._names[1], str(self.max_requests).encode()),
        ]
        self._last_warning = float("-inf")
        # A Request is built for each request only when code of the user's wants one: a check, a
        # key builder or a subclass's own way of telling clients apart. Otherwise the key comes
        # from the scope, as the default cache_key_from_request takes it.
        cls = type(self)
        self._builds_request = (
            config.check_throttle_handler is not None
            or config.cache_key_builder is not None
            or cls.cache_key_from_request is not RateLimitMiddleware.cache_key_from_request
            or cls.should_check_request is not RateLimitMiddleware.should_check_request
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Count the request; answer it with a 429 when it is over the limit, serve it otherwise."""
        if self._builds_request:
            request: Request[Any, Any] = scope["app"].request_class(scope)
            if not await self.should_check_request(request):
                await self.app(scope, receive, send)
                return
            key = self.cache_key_from_request(request)
        else:
            key = self._key_of(_client_host(scope), scope)
        state = ConnectionState.from_scope(scope)
        counter = f"{key}::{self._limit_name}"
        if counter in state.rate_limit_counters:  # an outer layer's same limit counted it already
            await self.app(scope, receive, send)
            return
        state.rate_limit_counters = state.rate_limit_counters | {counter}
        window = await self.count_request(key, scope)
        if window is not None:
            if window.count > self.max_requests:
                headers = self.create_response_headers(window) if self.config.set_rate_limit_headers else {}
                # RFC 6585 section 4: a 429 may say how long to wait before asking again.
                headers["Retry-After"] = str(window.reset)
                raise TooManyRequestsException(
                    detail=f"Rate limit exceeded: at most {self.max_requests} requests per {self.unit}",
                    headers=headers,
                )
            if self.config.set_rate_limit_headers:
                send = self.create_send_wrapper(send, window)
        await self.app(scope, receive, send)

    async def count_request(self, key: str, scope: Scope) -> CacheObject | None:
        """Count a request of the client ``key`` in the current window, in one atomic step.

        Args:
            key: The client's key (``cache_key_from_request``).
            scope: The connection's scope, whose ``app`` holds the cache.

        Returns:
            The window with the request counted, or ``None`` when the cache could not be reached
            (the request is then served uncounted, and a warning logged).
        """
        now = time()
        index = int(now // self.duration)
        # Whole seconds, rounded up (and so at least 1): a client that waits as long is in the next window.
        seconds_left = (index + 1) * self.duration - int(now)
        try:
            # The key names the window, so a counter is never reset or read back: the store's
            # increment is the whole transaction. Its time to live only clears old windows away.
            # (Any string is a valid key: the memcached backend hashes those it cannot store.)
            count = await scope["app"].cache.increment(f"{key}::{self._limit_name}::{index}", self.duration)
        except OSError as error:  # how every cache backend says that its store is down or too slow
            self._warn_store_down(error, now)
            return None
        return CacheObject(count=count, reset=seconds_left)

    def _warn_store_down(self, error: OSError, now: float) -> None:
        if now - self._last_warning < _WARNING_INTERVAL:
            return
        self._last_warning = now
        # The error's class and message, without a traceback or anything from the request.
        detail = error.args[0] if error.args and isinstance(error.args[0], str) else ""
        cause = f"{type(error).__name__}: {detail}" if detail else type(error).__name__
        logger.warning("Rate limit not applied: the cache is unavailable (%s)", cause)

    def cache_key_from_request(self, request: Request[Any, Any]) -> str:
        """The key that tells this request's client apart from the others.

        By default the client's address as the ASGI server reports it (behind a proxy, let the
        server take it from the proxy's headers, as ``uvicorn --proxy-headers`` does), or what the
        config's ``cache_key_builder`` returns. Mounted apps and static files are counted apart
        from the handlers.

        Args:
            request: The request.

        Returns:
            The key.
        """
        builder = self.config.cache_key_builder
        identifier = builder(request) if builder is not None else _client_host(request.scope)
        return self._key_of(identifier, request.scope)

    def _key_of(self, identifier: str, scope: Scope) -> str:
        route_handler = scope.get("route_handler")
        if getattr(route_handler, "is_mount", False):
            identifier += "::mount"
            if getattr(route_handler, "is_static", False):
                identifier += "::static"
        return f"{type(self).__name__}::{identifier}"

    async def should_check_request(self, request: Request[Any, Any]) -> bool:
        """Tell whether the request counts against the limit (``check_throttle_handler``; all by default).

        Args:
            request: The request.

        Returns:
            ``True`` when the request is counted.
        """
        if self.check_throttle_handler is None:
            return True
        return bool(await self.check_throttle_handler(request))

    def create_response_headers(self, cache_object: CacheObject) -> dict[str, str]:
        """The rate limit headers for a response in the window ``cache_object``.

        The names are the config's; the values follow the IETF draft "RateLimit header fields for
        HTTP" (draft-ietf-httpapi-ratelimit-headers): the policy (``10; w=60``), the limit, the
        requests left in the window and the seconds until it ends.

        Args:
            cache_object: The client's window.

        Returns:
            The headers, by name.
        """
        config = self.config
        return {
            config.rate_limit_policy_header_key: self._policy,
            config.rate_limit_limit_header_key: str(self.max_requests),
            config.rate_limit_remaining_header_key: str(max(self.max_requests - cache_object.count, 0)),
            config.rate_limit_reset_header_key: str(cache_object.reset),
        }

    def create_send_wrapper(self, send: Send, cache_object: CacheObject) -> Send:
        """Wrap ``send`` to add the rate limit headers to the response.

        Args:
            send: The ASGI send callable.
            cache_object: The client's window.

        Returns:
            The wrapped ``send``.
        """
        remaining = self.max_requests - cache_object.count
        added = [
            *self._static_headers,
            (self._names[2], b"%d" % (remaining if remaining > 0 else 0)),
            (self._names[3], b"%d" % cache_object.reset),
        ]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*(message.get("headers") or ()), *added]
            await send(message)

        return send_with_headers


class RateLimitConfig(BaseModel):
    """A rate limit for the layer whose ``middleware=`` holds its ``middleware``.

    Attributes:
        rate_limit: The window and the requests allowed in it, such as ``("minute", 10)``.
        exclude: A path pattern, or a list of them, that is not counted.
        exclude_opt_key: A handler ``opt`` key: handlers with a truthy value are not counted.
        check_throttle_handler: Called with each request (sync, run in a worker thread, or async);
            requests for which it returns ``False`` are not counted.
        middleware_class: The middleware class (a subclass of ``RateLimitMiddleware``).
        set_rate_limit_headers: Add the rate limit headers to each counted response.
        rate_limit_policy_header_key: The name of the policy header.
        rate_limit_remaining_header_key: The name of the header with the requests left.
        rate_limit_reset_header_key: The name of the header with the seconds until the window ends.
        rate_limit_limit_header_key: The name of the header with the limit.
        cache_key_builder: Called with each request, returns what identifies its client (its
            address by default), such as an API key or a user id.
    """

    rate_limit: tuple[DurationUnit, int]
    exclude: str | list[str] | None = None
    exclude_opt_key: str | None = None
    check_throttle_handler: Callable[[Request[Any, Any]], bool | Awaitable[bool]] | None = None
    middleware_class: type[RateLimitMiddleware] = RateLimitMiddleware
    set_rate_limit_headers: bool = True
    rate_limit_policy_header_key: str = "RateLimit-Policy"
    rate_limit_remaining_header_key: str = "RateLimit-Remaining"
    rate_limit_reset_header_key: str = "RateLimit-Reset"
    rate_limit_limit_header_key: str = "RateLimit-Limit"
    cache_key_builder: Callable[[Request[Any, Any]], str] | None = None

    @field_validator("rate_limit")
    @classmethod
    def validate_rate_limit(cls, value: tuple[DurationUnit, int]) -> tuple[DurationUnit, int]:
        """Refuse a limit under one request: it would refuse every request."""
        if value[1] < 1:
            raise ValueError(f"the rate limit must allow at least one request, not {value[1]}")
        return value

    @field_validator("check_throttle_handler")
    @classmethod
    def validate_check_throttle_handler(
        cls, value: Callable[[Request[Any, Any]], bool | Awaitable[bool]] | None
    ) -> Callable[[Request[Any, Any]], Awaitable[bool]] | None:
        """Wrap ``check_throttle_handler`` so that it is awaited, whether it is sync or async."""
        if value is None or isinstance(value, AsyncCallable):
            return value
        # A sync one runs in a worker thread, as in 1.5x: it may block (a database lookup).
        return cast("Callable[[Request[Any, Any]], Awaitable[bool]]", AsyncCallable(value))

    @property
    def middleware(self) -> DefineMiddleware:
        """The middleware to put in a layer's ``middleware=`` list, such as ``Starlite(middleware=[...])``."""
        return DefineMiddleware(self.middleware_class, config=self)
