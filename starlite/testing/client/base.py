"""What the sync and async test clients share: settings, cookies and the blocking portal."""

from __future__ import annotations

from collections.abc import Generator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from anyio.from_thread import BlockingPortal, start_blocking_portal

from starlite.testing.transport import AsyncTestClientTransport

if TYPE_CHECKING:
    from starlite.middleware.session.base import BaseSessionBackend
    from starlite.types import ASGIApp

__all__ = ("BaseTestClient",)

T = TypeVar("T", bound="ASGIApp")

DEFAULT_BASE_URL = "http://testserver.local"


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
        timeout: The httpx timeout; httpx's default when ``None``.
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
        timeout: Any = None,
    ) -> None:
        self.app = app
        self.raise_server_exceptions = raise_server_exceptions
        self.root_path = root_path
        self.backend = backend
        self.backend_options = dict(backend_options or {})
        self.session_config = session_config
        self.blocking_portal = None
        self.async_transport = AsyncTestClientTransport(
            app, raise_server_exceptions=raise_server_exceptions, root_path=root_path
        )
        # What both clients hand to httpx: 1.5x's defaults (user agent, redirects followed).
        self._httpx_options: dict[str, Any] = {
            "base_url": base_url,
            "headers": {"user-agent": "testclient"},
            "follow_redirects": True,
            "cookies": cookies,
        }
        if timeout is not None:
            self._httpx_options["timeout"] = timeout

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

        Inside the client's ``with`` block this is the client's own portal (the app's event loop);
        outside it, a portal started for the duration of the ``with portal()`` block.
        """
        if self.blocking_portal is not None:
            yield self.blocking_portal
        else:
            with start_blocking_portal(backend=self.backend, backend_options=self.backend_options) as portal:
                yield portal
