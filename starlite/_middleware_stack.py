"""The application's middleware stack: which middleware wraps what, and in which order.

This module is the one place the order is decided. From the outside in, a connection meets:

1. ``CORSMiddleware`` (``cors_config``): every answer carries the CORS headers, refusals included;
2. ``AllowedHostsMiddleware`` (``allowed_hosts``): another ``Host`` is refused before any routing;
3. the ``ASGIRouter``: not found, method not allowed and ``OPTIONS`` (preflights) are answered here;
4. per handler, ``ExceptionHandlerMiddleware`` with the handler's layered exception handlers;
5. per handler, the ``middleware=`` of every layer, the app's outermost and the handler's innermost
   (sessions, authentication, rate limits and request logging are added there by the user);
6. per handler, the app's built-in handler middleware returned by ``handler_middleware`` (innermost,
   as in 1.5x), each of which may leave a handler it does not apply to unwrapped:

   a. ``CompressionMiddleware`` (``compression_config``), around every HTTP and ASGI handler but those
      whose ``opt`` holds a truthy ``exclude_opt_key`` (decided here, once); websocket handlers are
      never wrapped. It sits inside the user's middleware, which therefore sees the response
      compressed (the logging middleware leaves such a body out unless ``include_compressed_body``),
      and outside ``route.handle``, so the handler's error responses are compressed too;
   b. ``CSRFMiddleware`` (``csrf_config``), innermost as in 1.5x, around every HTTP and ASGI handler
      (websocket handlers are left unwrapped); a handler whose ``opt`` holds the config's
      ``exclude_from_csrf_key`` is known at start-up, and still gets the token cookie, unchecked.
      Its ``PermissionDeniedException`` rises through the user's middleware (layer 5) to layer 4,
      which answers it (a 403) with the handler's exception handlers; a token sent in a form is
      read here, before the handler runs, and the body read is handed on to it;
7. ``route.handle``, which calls the handler and answers its errors itself.

Layers 1 and 2 are built by ``build_app_stack``; layers 4 to 6 by the router, for each handler, from
the list ``handler_middleware`` returns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any, TypeAlias

from starlite.exceptions import ImproperlyConfiguredException
from starlite.handlers.websocket import WebsocketRouteHandler
from starlite.utils._config import as_config

# The built-in middleware modules are imported when their config is set: their configs are pydantic
# models, which an app without them never loads.
if TYPE_CHECKING:
    from starlite.handlers.base import BaseRouteHandler
    from starlite.middleware.allowed_hosts import AllowedHostsConfig
    from starlite.middleware.compression import CompressionConfig
    from starlite.middleware.cors import CORSConfig
    from starlite.middleware.csrf import CSRFConfig
    from starlite.types.asgi_types import ASGIApp

HandlerMiddleware: TypeAlias = "Callable[[ASGIApp, BaseRouteHandler[Any]], ASGIApp]"
"""Wraps one handler's app in a built-in middleware (or returns it as it is when it does not apply)."""


def as_allowed_hosts_config(value: Any) -> AllowedHostsConfig | None:
    """The app's ``AllowedHostsConfig``: a list of host names is read as one, as in 1.5x."""
    if value is None or (isinstance(value, list | tuple) and not value):
        return None
    from starlite.middleware.allowed_hosts import AllowedHostsConfig

    if isinstance(value, list | tuple) and all(isinstance(host, str) for host in value):
        return AllowedHostsConfig(allowed_hosts=list(value))
    if value is None or isinstance(value, AllowedHostsConfig | Mapping):
        return as_config(value, AllowedHostsConfig, "allowed_hosts")
    raise ImproperlyConfiguredException(
        f"allowed_hosts must be a list of host names or an AllowedHostsConfig, not {type(value).__name__}"
    )


def as_cors_config(value: Any) -> CORSConfig | None:
    """The app's ``CORSConfig`` (a mapping of its fields is read as one)."""
    if value is None:
        return None
    from starlite.middleware.cors import CORSConfig

    return as_config(value, CORSConfig, "cors_config")


def cors_preflight_answer(cors: CORSConfig | None) -> Callable[..., Any] | None:
    """What answers the app's CORS preflight requests: ``preflight_answer`` bound to ``cors``."""
    if cors is None:
        return None
    from starlite.middleware.cors import preflight_answer

    return partial(preflight_answer, cors)


def as_csrf_config(value: Any) -> CSRFConfig | None:
    """The app's ``CSRFConfig`` (a mapping of its fields is read as one)."""
    if value is None:
        return None
    from starlite.middleware.csrf import CSRFConfig

    return as_config(value, CSRFConfig, "csrf_config")


def as_compression_config(value: Any) -> CompressionConfig | None:
    """The app's ``CompressionConfig``, its backend checked at start-up.

    Raises:
        MissingDependencyException: When the config asks for brotli and it is not installed.
    """
    if value is None:
        return None
    from starlite.middleware.compression import CompressionConfig, load_brotli

    config = as_config(value, CompressionConfig, "compression_config")
    if config is not None and config.backend == "brotli":
        load_brotli()
    return config


def build_app_stack(
    router: ASGIApp, allowed_hosts: AllowedHostsConfig | None, cors: CORSConfig | None
) -> ASGIApp:
    """Wrap the app's router in the app-wide middleware (layers 1 and 2 of the module's list)."""
    handler = router
    if allowed_hosts is not None:
        from starlite.middleware.allowed_hosts import AllowedHostsMiddleware

        handler = AllowedHostsMiddleware(app=handler, config=allowed_hosts)
    if cors is not None:
        from starlite.middleware.cors import CORSMiddleware

        handler = CORSMiddleware(app=handler, config=cors)
    return handler


def _compression(config: CompressionConfig) -> HandlerMiddleware:
    def wrap(app: ASGIApp, handler: BaseRouteHandler[Any]) -> ASGIApp:
        if isinstance(handler, WebsocketRouteHandler):
            return app
        if config.exclude_opt_key and handler.opt.get(config.exclude_opt_key):
            return app
        return config.middleware_class(app=app, config=config)

    return wrap


def handler_middleware(
    *, compression: CompressionConfig | None = None, csrf: CSRFConfig | None = None
) -> list[HandlerMiddleware]:
    """The built-in middleware wrapped around every handler (layer 6), outermost first."""
    wrappers: list[HandlerMiddleware] = []
    if compression is not None:  # outside CSRF, as in 1.5x
        wrappers.append(_compression(compression))
    if csrf is not None:  # innermost
        from starlite.middleware.csrf import csrf_handler_middleware

        wrappers.append(csrf_handler_middleware(csrf))
    return wrappers
