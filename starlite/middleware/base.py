"""Middleware building blocks: ``DefineMiddleware``, ``AbstractMiddleware`` and ``MiddlewareProtocol``."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from starlite.enums import ScopeType
from starlite.middleware.utils import build_exclude_path_pattern, should_bypass_middleware
from starlite.types.protocols import MiddlewareProtocol

if TYPE_CHECKING:
    from starlite.types.asgi_types import ASGIApp, Receive, Scope, Send

__all__ = ("AbstractMiddleware", "DefineMiddleware", "MiddlewareProtocol")


class DefineMiddleware:
    """A middleware class (or factory) with the arguments to build it with.

    ``DefineMiddleware(MyMiddleware, 1, flag=True)`` builds ``MyMiddleware(1, app=next_app, flag=True)``
    when the middleware stack is assembled.

    Args:
        middleware: The middleware class or factory.
        *args: Positional arguments for it.
        **kwargs: Keyword arguments for it.
    """

    __slots__ = ("middleware", "args", "kwargs")

    def __init__(self, middleware: Any, *args: Any, **kwargs: Any) -> None:
        self.middleware = middleware
        self.args = args
        self.kwargs = kwargs

    def __call__(self, app: ASGIApp) -> ASGIApp:
        """Build the middleware around ``app``."""
        return self.middleware(*self.args, app=app, **self.kwargs)  # type: ignore[no-any-return]


class AbstractMiddleware:
    """Base for middleware that can be skipped by scope type, path pattern or a handler ``opt`` key.

    Subclasses implement ``__call__``; it is only called for connections the middleware applies to.

    Args:
        app: The next ASGI app.
        exclude: A regex or list of regexes; matching paths skip the middleware.
        exclude_opt_key: A handler ``opt`` key; handlers with a truthy value skip the middleware.
        scopes: The scope types handled (``http`` and ``websocket`` by default).
    """

    scopes: set[ScopeType] = {ScopeType.HTTP, ScopeType.WEBSOCKET}  # noqa: RUF012
    exclude: str | list[str] | None = None
    exclude_opt_key: str | None = None

    def __init__(
        self,
        app: ASGIApp,
        exclude: str | list[str] | None = None,
        exclude_opt_key: str | None = None,
        scopes: Iterable[ScopeType] | None = None,
    ) -> None:
        self.app = app
        self.scopes = set(scopes) if scopes is not None else set(type(self).scopes)
        self.exclude_opt_key = exclude_opt_key if exclude_opt_key is not None else type(self).exclude_opt_key
        self.exclude_pattern = build_exclude_path_pattern(
            exclude=exclude if exclude is not None else type(self).exclude
        )

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own_call = cls.__dict__.get("__call__")
        if own_call is None or getattr(own_call, "_skips_excluded", False):
            return

        async def wrapped(self: AbstractMiddleware, scope: Scope, receive: Receive, send: Send) -> None:
            if self.should_skip(scope):
                await self.app(scope, receive, send)
            else:
                await own_call(self, scope, receive, send)

        wrapped._skips_excluded = True  # type: ignore[attr-defined]
        wrapped.__doc__ = own_call.__doc__
        cls.__call__ = wrapped  # type: ignore[method-assign]

    def should_skip(self, scope: Scope) -> bool:
        """Tell whether this connection bypasses the middleware (see ``should_bypass_middleware``)."""
        return should_bypass_middleware(
            scope=scope,
            scopes=self.scopes,
            exclude_opt_key=self.exclude_opt_key,
            exclude_path_pattern=self.exclude_pattern,
        )

    @abstractmethod
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle a connection."""
