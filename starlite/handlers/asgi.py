"""``asgi``: a route handler that is a plain ASGI application (or mounts one)."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from starlite.connection.base import ASGIConnection
from starlite.exceptions import ImproperlyConfiguredException
from starlite.handlers.base import BaseRouteHandler
from starlite.utils.exception import ResponseStartTracker, answer_exception

if TYPE_CHECKING:
    from starlite.types.asgi_types import ASGIApp, Receive, Scope, Send
    from starlite.utils.exception import ExceptionHandlersMap

__all__ = ("ASGIRouteHandler", "asgi")


class ASGIRouteHandler(BaseRouteHandler["ASGIRouteHandler"]):
    """A handler that is called as an ASGI app: ``async def fn(scope, receive, send) -> None``.

    With ``is_mount=True`` it answers every path under its own, and the app it calls sees the rest of
    the path in ``scope["path"]`` with the mount point added to ``scope["root_path"]``, so any ASGI
    application (Starlette, a static file server, another Starlite app) can be mounted.

    Args:
        path: A path, a list of paths, or ``None`` for ``/``.
        exception_handlers: Exception handlers keyed by exception class or status code.
        guards: Guards called before the handler.
        name: A unique name, for ``route_reverse`` and ``url_for``.
        opt: Arbitrary options, available to guards and middleware.
        is_mount: Answer every path below ``path`` too.
        is_static: Serve static files (implies ``is_mount``).
        **kwargs: Merged into ``opt``.
    """

    def __init__(
        self,
        path: str | Sequence[str] | None = None,
        *,
        exception_handlers: ExceptionHandlersMap | None = None,
        guards: Sequence[Callable[..., Any]] | None = None,
        name: str | None = None,
        opt: Mapping[str, Any] | None = None,
        is_mount: bool = False,
        is_static: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            path, exception_handlers=exception_handlers, guards=guards, name=name, opt=opt, **kwargs
        )
        self.is_mount = is_mount or is_static
        self.is_static = is_static

    def _validate_handler_function(self) -> None:
        super()._validate_handler_function()
        assert self.fn is not None
        fn = self.fn.value
        target = fn if inspect.isfunction(fn) else getattr(fn, "__call__", fn)  # noqa: B004
        parameters = inspect.signature(target).parameters
        if inspect.isfunction(fn) and not {"scope", "receive", "send"} <= set(parameters):
            raise ImproperlyConfiguredException(
                f"ASGI handler {self.handler_name} must declare 'scope', 'receive' and 'send' parameters"
            )
        if not inspect.iscoroutinefunction(target):
            raise ImproperlyConfiguredException(f"ASGI handler {self.handler_name} must be an async callable")
        returns = inspect.signature(target).return_annotation
        if returns not in (inspect.Signature.empty, None, "None", type(None)):
            raise ImproperlyConfiguredException(f"ASGI handler {self.handler_name} must return None")

    def on_registration(self, path_parameters: set[str]) -> ASGIApp:
        """Resolve layered options and make the coroutine that serves connections.

        Args:
            path_parameters: The names of the route's path parameters.

        Returns:
            The ASGI app serving this handler: the guards (which see an ``ASGIConnection``), then the
            ASGI function; an exception is answered by ``answer_exception`` with the handler's
            exception handlers, unless the function had started its response.
        """
        self.resolve_opts()
        self._prepare_guards()
        fn = self.bound_fn
        guards = self.authorize_connection if self.has_guards else None
        exception_handlers = self.resolve_exception_handlers()
        debug = self.resolve_debug()

        async def serve(scope: Scope, receive: Receive, send: Send) -> None:
            tracker = ResponseStartTracker(send)
            try:
                if guards is not None:
                    await guards(ASGIConnection(scope, receive, send))
                await fn(scope=scope, receive=receive, send=tracker)
            except Exception as exc:
                await answer_exception(exc, scope, receive, send, exception_handlers, debug, tracker.started)

        return serve


asgi = ASGIRouteHandler
"""``@asgi(path, is_mount=False, ...)``: decorate an ASGI function."""
