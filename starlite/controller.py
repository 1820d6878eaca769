"""``Controller``: a class grouping handlers under one path, with shared settings."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from starlite.handlers.base import BaseRouteHandler
from starlite.types.empty import Empty
from starlite.utils.path import normalize_path

if TYPE_CHECKING:
    from starlite.datastructures.cookie import Cookie
    from starlite.datastructures.headers import CacheControlHeader, ETag
    from starlite.response import Response
    from starlite.types.composite_types import Middleware
    from starlite.utils.exception import ExceptionHandlersMap

__all__ = ("Controller",)

_HOOKS = ("after_request", "after_response", "before_request", "cache_key_builder")


class Controller:
    """Group route handlers as methods of a class; subclass it and set the class attributes.

    Every attribute below is optional and applies to all the controller's handlers, overriding the
    router and app settings and overridden by the handler's own.

    Attributes:
        path: The path prefix of every handler of the controller (``/`` by default).
        after_request: Hook receiving each ``Response``.
        after_response: Hook called after each response is sent.
        before_request: Hook called before each handler.
        cache_control: ``Cache-Control`` header of the responses.
        cache_key_builder: Builds the response cache key of the handlers that cache their
            responses, unless a handler sets its own (not in 1.5x, which had it on handlers and
            ``CacheConfig`` only).
        dependencies: Dependencies of the handlers.
        etag: ``ETag`` header of the responses.
        exception_handlers: Exception handlers keyed by class or status code.
        guards: Guards of the handlers.
        middleware: Middleware wrapping the handlers.
        opt: Options merged into each handler's ``opt``.
        parameters: Shared parameter declarations.
        response_class: The response class of the handlers.
        response_cookies: Cookies set on the responses.
        response_headers: Headers set on the responses.
        request_max_body_size: The most request body bytes read before a 413 (``None``: no limit).
        security: OpenAPI security requirements.
        tags: OpenAPI tags.
        type_encoders: Encoders for types msgspec cannot serialize.

    Args:
        owner: The router the controller is registered on.
    """

    path: str = "/"
    after_request: Callable[..., Any] | None = None
    after_response: Callable[..., Any] | None = None
    before_request: Callable[..., Any] | None = None
    cache_control: CacheControlHeader | None = None
    cache_key_builder: Callable[[Any], str] | None = None
    dependencies: Mapping[str, Any] | None = None
    etag: ETag | None = None
    exception_handlers: ExceptionHandlersMap | None = None
    guards: Sequence[Callable[..., Any]] | None = None
    middleware: Sequence[Middleware] | None = None
    opt: Mapping[str, Any] | None = None
    parameters: Mapping[str, Any] | None = None
    response_class: type[Response[Any]] | None = None
    response_cookies: Sequence[Cookie] | None = None
    response_headers: Mapping[str, Any] | Sequence[Any] | None = None
    request_max_body_size: int | None | type[Empty] = Empty
    security: Sequence[Mapping[str, Any]] | None = None
    tags: Sequence[str] | None = None
    type_encoders: Mapping[Any, Callable[[Any], Any]] | None = None

    def __init__(self, owner: Any) -> None:
        self.owner = owner
        self.path = normalize_path(type(self).path or "/")
        for hook in _HOOKS:
            # Hooks are plain functions on the class; read them from the class so they stay unbound.
            value = inspect.getattr_static(type(self), hook, None)
            if isinstance(value, staticmethod):
                value = value.__func__
            setattr(self, hook, value)

    def get_route_handlers(self) -> list[BaseRouteHandler[Any]]:
        """Return a copy of each handler declared on the class, owned by this instance."""
        handlers = []
        for name in dir(type(self)):
            value = inspect.getattr_static(type(self), name, None)
            if isinstance(value, BaseRouteHandler):
                handler = value.copy_for(self)
                handler.instance = self  # its function is a method of this controller
                handlers.append(handler)
        return handlers
