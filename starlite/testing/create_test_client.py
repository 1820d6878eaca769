"""``create_test_client`` and ``create_async_test_client``: an app and its test client in one call."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from starlite.testing._defaults import DEFAULT_BASE_URL as DEFAULT_BASE_URL
from starlite.testing._defaults import DEFAULT_LIFESPAN_TIMEOUT as DEFAULT_LIFESPAN_TIMEOUT

if TYPE_CHECKING:
    from starlite.app import Starlite
    from starlite.testing.client.async_client import AsyncTestClient
    from starlite.testing.client.sync_client import TestClient
    from starlite.types import ControllerRouterHandler

# The clients (httpx) and the app (the framework) are imported by the functions that use them, not
# here: ``starlite.testing`` imports this module eagerly (its functions share the module's name), and
# the pytest plugin imports ``starlite.testing`` in every pytest run.

# "the client's default timeout" without importing httpx for its own sentinel: ``None`` means no timeout.
_CLIENT_DEFAULT: Any = type("_ClientDefault", (), {"__repr__": lambda self: "<client default>"})()

__all__ = ("create_async_test_client", "create_test_client")


def _build_app(
    route_handlers: ControllerRouterHandler | Sequence[ControllerRouterHandler],
    app_options: dict[str, Any],
    session_config: Any = None,
) -> Starlite:
    from starlite.app import Starlite

    handlers = route_handlers if isinstance(route_handlers, list | tuple) else [route_handlers]
    # As in 1.5x, an app built for a test has no OpenAPI schema unless the test asks for one.
    app_options.setdefault("openapi_config", None)
    middleware = list(app_options.get("middleware") or [])
    if session_config is not None and not any(_is_session_middleware(item) for item in middleware):
        # Outermost, as 1.5x put it: every other middleware sees the session. Not twice, though:
        # 1.5x tests often pass ``middleware=[config.middleware]`` as well.
        app_options["middleware"] = [session_config.middleware, *middleware]
    return Starlite(route_handlers=list(handlers), **app_options)


def _is_session_middleware(item: Any) -> bool:
    from starlite.middleware.session.base import SessionMiddleware

    middleware = getattr(item, "middleware", item)
    return isinstance(middleware, type) and issubclass(middleware, SessionMiddleware)


def create_test_client(
    route_handlers: ControllerRouterHandler | Sequence[ControllerRouterHandler],
    *,
    backend: Literal["asyncio", "trio"] = "asyncio",
    backend_options: Mapping[str, Any] | None = None,
    base_url: str = DEFAULT_BASE_URL,
    raise_server_exceptions: bool = True,
    root_path: str = "",
    session_config: Any = None,
    timeout: Any = _CLIENT_DEFAULT,
    cookies: Any = None,
    client: tuple[str, int] = ("testclient", 50000),
    lifespan_timeout: float | None = DEFAULT_LIFESPAN_TIMEOUT,
    **app_options: Any,
) -> TestClient[Starlite]:
    """Build a ``Starlite`` app from ``route_handlers`` and the app options, and a ``TestClient`` for it.

    Args:
        route_handlers: A handler, controller or router, or a list of them.
        backend: The anyio backend of the client's event loop thread.
        backend_options: Options for that backend.
        base_url: The URL requests are relative to.
        raise_server_exceptions: Re-raise exceptions the app did not handle, in the test.
        root_path: The ASGI ``root_path``.
        session_config: A session backend configuration: its middleware is added to the app, first.
        timeout: The client's httpx timeout (httpx's 5 seconds by default; ``None`` for none).
        cookies: The client's initial cookies.
        client: The ``(host, port)`` the app sees as the client's address.
        lifespan_timeout: Seconds the app's startup and its shutdown may each take.
        **app_options: Any ``Starlite`` option (``on_startup``, ``middleware``, ``debug``, ...).

    Example:
        >>> from starlite import get
        >>> @get("/")
        ... def hello() -> str:
        ...     return "hi"
        >>> with create_test_client(hello) as client:
        ...     client.get("/").text
        'hi'
    """
    from starlite.testing.client.sync_client import TestClient

    return TestClient(
        app=_build_app(route_handlers, app_options, session_config),
        backend=backend,
        backend_options=backend_options,
        base_url=base_url,
        raise_server_exceptions=raise_server_exceptions,
        root_path=root_path,
        session_config=session_config,
        **({} if timeout is _CLIENT_DEFAULT else {"timeout": timeout}),
        cookies=cookies,
        client=client,
        lifespan_timeout=lifespan_timeout,
    )


def create_async_test_client(
    route_handlers: ControllerRouterHandler | Sequence[ControllerRouterHandler],
    *,
    base_url: str = DEFAULT_BASE_URL,
    raise_server_exceptions: bool = True,
    root_path: str = "",
    session_config: Any = None,
    timeout: Any = _CLIENT_DEFAULT,
    cookies: Any = None,
    client: tuple[str, int] = ("testclient", 50000),
    lifespan_timeout: float | None = DEFAULT_LIFESPAN_TIMEOUT,
    **app_options: Any,
) -> AsyncTestClient[Starlite]:
    """Build a ``Starlite`` app from ``route_handlers`` and the app options, and an ``AsyncTestClient``.

    Args:
        route_handlers: A handler, controller or router, or a list of them.
        base_url: The URL requests are relative to.
        raise_server_exceptions: Re-raise exceptions the app did not handle, in the test.
        root_path: The ASGI ``root_path``.
        session_config: A session backend configuration: its middleware is added to the app, first.
        timeout: The client's httpx timeout (httpx's 5 seconds by default; ``None`` for none).
        cookies: The client's initial cookies.
        client: The ``(host, port)`` the app sees as the client's address.
        lifespan_timeout: Seconds the app's startup and its shutdown may each take.
        **app_options: Any ``Starlite`` option.
    """
    from starlite.testing.client.async_client import AsyncTestClient

    return AsyncTestClient(
        app=_build_app(route_handlers, app_options, session_config),
        base_url=base_url,
        raise_server_exceptions=raise_server_exceptions,
        root_path=root_path,
        session_config=session_config,
        **({} if timeout is _CLIENT_DEFAULT else {"timeout": timeout}),
        cookies=cookies,
        client=client,
        lifespan_timeout=lifespan_timeout,
    )


def __getattr__(name: str) -> Any:
    # 1.5x's module imported the app's default cache config; here it loads with the app, on first use.
    if name == "DEFAULT_CACHE_CONFIG":
        from starlite.app import DEFAULT_CACHE_CONFIG

        return DEFAULT_CACHE_CONFIG
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
