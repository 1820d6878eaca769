"""What the sync and async test clients share: settings, cookies and the blocking portal."""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from collections.abc import Generator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

import httpx
from anyio.from_thread import BlockingPortal, start_blocking_portal

from starlite.testing._defaults import DEFAULT_BASE_URL as DEFAULT_BASE_URL
from starlite.testing._defaults import DEFAULT_LIFESPAN_TIMEOUT as DEFAULT_LIFESPAN_TIMEOUT
from starlite.testing.transport import AsyncTestClientTransport
from starlite.testing.websocket_test_session import handshake_request

# ``starlite.app`` and the session helpers (``starlite.testing._sessions``) are imported where they
# are used: both load the framework, which a client of a plain ASGI app never needs.
if TYPE_CHECKING:
    from starlite.middleware.session.base import BaseSessionBackend
    from starlite.types import ASGIApp

__all__ = ("BaseTestClient", "LifespanNotRunWarning")

T = TypeVar("T", bound="ASGIApp")


class LifespanNotRunWarning(UserWarning):
    """Requests were sent through a test client whose context was never entered.

    The app's startup handlers did not run (and its shutdown handlers will not): enter the client
    with ``with`` (``async with`` for ``AsyncTestClient``) to run them.
    """


def _caller_stacklevel() -> int:
    """The ``stacklevel`` of the first frame outside httpx and this package: the test's own line."""
    internal = (
        os.path.dirname(httpx.__file__),
        os.path.dirname(os.path.dirname(__file__)),
        contextlib.__file__,  # client.stream(...) is a context manager
    )
    frame, level = sys._getframe(2), 2  # the caller of warnings.warn's caller
    while frame is not None and frame.f_code.co_filename.startswith(internal):
        frame, level = frame.f_back, level + 1  # type: ignore[assignment]
    return level


def _has_lifespan_work(app: Any) -> bool:
    """Whether skipping the lifespan skips something: a Starlite app's hooks, or any other app."""
    from starlite.app import Starlite

    if not isinstance(app, Starlite):
        return True  # an unknown ASGI app may well do work at startup
    hooks = (
        "on_startup",
        "on_shutdown",
        "before_startup",
        "after_startup",
        "before_shutdown",
        "after_shutdown",
    )
    return any(getattr(app, name, None) for name in hooks)


def _warn_if_host_has_no_dot(base_url: Any) -> None:
    """Warn, as 1.5x did, about a base URL whose host name has no dot (``http://testserver``).

    ``http.cookiejar``, which keeps the client's cookies, files such a host under ``<host>.local``:
    a cookie the app sets with a ``Domain`` is then never sent back.
    """
    host = httpx.URL(str(base_url)).host
    if host and "." not in host and ":" not in host:  # an IPv6 address is not a host name
        warnings.warn(
            f"The test client's base_url {str(base_url)!r} has a host name without a dot: cookies "
            f"set with a Domain will not be sent back. Use a name such as '{host}.local' instead.",
            UserWarning,
            stacklevel=_caller_stacklevel(),
        )


class _TestClientCookies(httpx.Cookies):
    """The client's cookie jar: a response without ``Set-Cookie`` is not handed to the jar.

    httpx gives every response to ``http.cookiejar``, which builds a ``urllib`` request for it
    and parses its headers even when there is no cookie in them: about 11 µs per response, most of
    a test request's time after httpx's own.
    """

    def extract_cookies(self, response: httpx.Response) -> None:
        """Store the cookies ``response`` sets, if it sets any."""
        if "set-cookie" in response.headers:
            super().extract_cookies(response)


_MERGED_URLS_KEPT = 256


class BaseTestClient(Generic[T]):
    """Settings and helpers shared by ``TestClient`` and ``AsyncTestClient``.

    Args:
        app: The application under test.
        base_url: The URL requests are relative to.
        raise_server_exceptions: Re-raise exceptions the app did not handle in the test.
        root_path: The ASGI ``root_path``.
        backend: The anyio backend of the sync client's event loop thread.
        backend_options: Options for that backend.
        session_config: The app's session configuration. Kept for 1.5x compatibility: the session
            helpers find the backend of the app's own ``SessionMiddleware``.
        cookies: Initial cookies.
        timeout: The httpx timeout of every request (a request's own ``timeout=`` wins); httpx's
            default (5 seconds) when not given. A request whose app sends nothing for that long
            fails with ``httpx.ReadTimeout`` naming its method and path.
        client: The ``(host, port)`` the app sees as the client's address.
        lifespan_timeout: Seconds the app's startup and its shutdown may each take; ``None`` for no
            limit.
    """

    __test__ = False  # not a pytest test class

    blocking_portal: BlockingPortal | None

    def __init__(
        self,
        app: T,
        base_url: str = DEFAULT_BASE_URL,
        raise_server_exceptions: bool = True,
        root_path: str = "",
        backend: Literal["asyncio", "trio"] = "asyncio",
        backend_options: Mapping[str, Any] | None = None,
        session_config: Any = None,
        cookies: Any = None,
        timeout: Any = httpx.USE_CLIENT_DEFAULT,
        client: tuple[str, int] = ("testclient", 50000),
        lifespan_timeout: float | None = DEFAULT_LIFESPAN_TIMEOUT,
    ) -> None:
        _warn_if_host_has_no_dot(base_url)
        self.app = app
        self.raise_server_exceptions = raise_server_exceptions
        self.root_path = root_path
        self.backend = backend
        self.backend_options = dict(backend_options or {})
        self.session_config = session_config
        self.blocking_portal = None
        self.lifespan_timeout = lifespan_timeout
        self.async_transport = AsyncTestClientTransport(
            app, raise_server_exceptions=raise_server_exceptions, root_path=root_path, client=client
        )
        # Whether the client's context was ever entered (so lifespan ran), and whether requests
        # sent without it were already warned about.
        self._lifespan_entered = False
        self._lifespan_warned = False
        # ``_merge_url``'s joined URLs, under the base URL they were joined to (key ``None``).
        self._merged_urls: dict[str | None, Any] = {}
        # What both clients hand to httpx: 1.5x's defaults (user agent, redirects followed).
        self._httpx_options: dict[str, Any] = {
            "base_url": base_url,
            "headers": {"user-agent": "testclient"},
            "follow_redirects": True,
            "cookies": cookies,
        }
        if timeout is not httpx.USE_CLIENT_DEFAULT:
            self._httpx_options["timeout"] = timeout  # None: no timeout, as in httpx

    # --- httpx's per-request work, made cheaper ------------------------------------------------------

    @property
    def _cookies(self) -> httpx.Cookies:
        return self._cookie_jar

    @_cookies.setter
    def _cookies(self, cookies: httpx.Cookies) -> None:
        # httpx stores the jar here (at creation and when ``client.cookies`` is set): same jar,
        # with the cheaper ``extract_cookies``.
        cookies.__class__ = _TestClientCookies
        self._cookie_jar = cookies

    def _merge_url(self, url: httpx.URL | str) -> httpx.URL:
        # A test sends the same few URLs again and again; joining one to the base URL takes httpx
        # about 17 µs. Joined URLs are kept per base URL (an ``httpx.URL`` cannot change).
        if not isinstance(url, str):
            return super()._merge_url(url)  # type: ignore[misc, no-any-return]
        base_url = self._base_url  # type: ignore[attr-defined]
        cache = self._merged_urls
        if cache.get(None) is not base_url:
            cache.clear()
            cache[None] = base_url
        merged = cache.get(url)
        if merged is None:
            merged = super()._merge_url(url)  # type: ignore[misc]
            if len(cache) <= _MERGED_URLS_KEPT:
                cache[url] = merged
        return merged  # type: ignore[no-any-return]

    def _warn_if_lifespan_skipped(self) -> None:
        if self._lifespan_entered or self._lifespan_warned:
            return
        self._lifespan_warned = True
        if _has_lifespan_work(self.app):
            block = "async with" if type(self).__name__.startswith("Async") else "with"
            warnings.warn(
                LifespanNotRunWarning(
                    f"A request was sent through a {type(self).__name__} whose context was never entered, "
                    f"so the app's startup handlers did not run. Use the client in a `{block}` block."
                ),
                stacklevel=_caller_stacklevel(),
            )

    def _handshake(
        self,
        url: str,
        subprotocols: Sequence[str] | None,
        params: Any,
        headers: Any,
        cookies: Any,
        timeout: Any,
        extensions: Mapping[str, Any] | None,
    ) -> httpx.Request:
        """The websocket handshake request: the client's base URL, headers and cookies, and RFC 6455's."""
        self._warn_if_lifespan_skipped()
        build_request = self.build_request  # type: ignore[attr-defined]  # both clients are httpx clients
        request: httpx.Request = build_request(
            "GET",
            url,
            params=params,
            headers=headers,
            cookies=cookies,
            timeout=timeout,
            extensions=extensions,
        )
        return handshake_request(request, subprotocols)

    @property
    def session_backend(self) -> BaseSessionBackend[Any]:
        """The backend of the app's ``SessionMiddleware``: the one the session helpers use.

        Raises:
            ImproperlyConfiguredException: When the app has no session middleware.
        """
        from starlite.testing._sessions import find_session_backend

        return find_session_backend(self.app)

    @contextmanager
    def portal(self) -> Generator[BlockingPortal, None, None]:
        """Yield a blocking portal to run async code from sync code.

        On the sync ``TestClient`` this is the loop the app runs on. On the ``AsyncTestClient`` (as
        in 1.5x) it is a portal to a new loop in another thread, started for the ``with portal()``
        block: an async test awaits the app's coroutines directly instead.
        """
        if self.blocking_portal is not None:
            yield self.blocking_portal
        else:
            with start_blocking_portal(backend=self.backend, backend_options=self.backend_options) as portal:
                yield portal
