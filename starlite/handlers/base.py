"""``BaseRouteHandler``: what HTTP, websocket and ASGI handlers share."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from copy import copy
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar, cast

from starlite.datastructures.provide import Provide
from starlite.exceptions import ImproperlyConfiguredException
from starlite.utils.helpers import Ref
from starlite.utils.path import normalize_path
from starlite.utils.sync import AsyncCallable

if TYPE_CHECKING:
    from starlite.connection.base import ASGIConnection
    from starlite.types.composite_types import Middleware
    from starlite.types.helper_types import SyncOrAsyncUnion
    from starlite.utils.exception import ExceptionHandlersMap

__all__ = ("BaseRouteHandler", "Guard")

Guard: TypeAlias = "Callable[[ASGIConnection[Any, Any, Any], BaseRouteHandler[Any]], SyncOrAsyncUnion[None]]"
"""A guard: called with the connection and its route handler; denies access by raising."""

T = TypeVar("T", bound="BaseRouteHandler[Any]")


class BaseRouteHandler(Generic[T]):
    """Base class of route handlers: paths, name, ``opt`` and the options every layer can set.

    Args:
        path: A path, a list of paths, or ``None`` for ``/``.
        dependencies: ``Provide`` instances by the name they are injected under.
        exception_handlers: Exception handlers keyed by exception class or status code.
        guards: Guards called before the handler.
        middleware: Middleware wrapping this handler only.
        name: A unique name, for ``route_reverse`` and ``url_for``.
        opt: Arbitrary options, available to guards and middleware.
        **kwargs: Merged into ``opt``.
    """

    def __init__(
        self,
        path: str | Sequence[str] | None = None,
        *,
        dependencies: Mapping[str, Any] | None = None,
        exception_handlers: ExceptionHandlersMap | None = None,
        guards: Sequence[Callable[..., Any]] | None = None,
        middleware: Sequence[Middleware] | None = None,
        name: str | None = None,
        opt: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        if path is None:
            paths = ["/"]
        elif isinstance(path, str):
            paths = [path]
        else:
            paths = list(path) or ["/"]
        self.paths: set[str] = {normalize_path(p) for p in paths}
        self.dependencies = dict(dependencies) if dependencies else None
        self.exception_handlers = dict(exception_handlers) if exception_handlers else None
        self.guards = list(guards) if guards else None
        self.middleware = list(middleware) if middleware else None
        self.name = name
        self.opt: dict[str, Any] = {**(opt or {}), **kwargs}
        # The router or controller that registered this handler (set by it), and the object whose
        # method the function is (a controller instance, set by the controller).
        self.owner: Any = None
        self.instance: Any = None
        # The handler function, in a ``Ref`` as in 1.5x (``handler.fn.value``).
        self.fn: Ref[Callable[..., Any]] | None = None
        self._guards: list[Any] = []

    def __call__(self, fn: Callable[..., Any]) -> T:
        """Attach the handler function: this is what the decorator form does."""
        self.fn = Ref(fn)
        self._validate_handler_function()
        return cast("T", self)

    @property
    def handler_name(self) -> str:
        """The handler function's qualified name."""
        if self.fn is None:
            raise ImproperlyConfiguredException("a route handler must decorate a function before use")
        fn = self.fn.value
        return str(getattr(fn, "__qualname__", getattr(fn, "__name__", repr(fn))))

    def __str__(self) -> str:
        return self.handler_name if self.fn is not None else self.__class__.__name__

    def __repr__(self) -> str:
        return f"<{self.__class__.__name__} {self} paths={sorted(self.paths)}>"

    @property
    def bound_fn(self) -> Callable[..., Any]:
        """The handler function, bound to its controller instance when it is a controller method."""
        if self.fn is None:
            raise ImproperlyConfiguredException(f"{self.__class__.__name__} has no function attached")
        if self.instance is not None:
            return cast("Callable[..., Any]", self.fn.value.__get__(self.instance, type(self.instance)))
        return self.fn.value

    @property
    def signature(self) -> inspect.Signature:
        """The signature of the (bound) handler function."""
        return inspect.signature(self.bound_fn)

    @property
    def ownership_layers(self) -> list[Any]:
        """The layers that own this handler, from the app down to the handler itself."""
        layers: list[Any] = []
        current: Any = self
        while current is not None:
            layers.append(current)
            current = getattr(current, "owner", None)
        return list(reversed(layers))

    async def authorize_connection(self, connection: Any) -> None:
        """Call every guard of every layer with ``(connection, handler)``; a guard denies by raising."""
        for guard in self._guards:
            await guard(connection, self)

    def _prepare_guards(self) -> None:
        self._guards = [AsyncCallable(guard, sync_to_thread=False) for guard in self.resolve_guards()]

    @property
    def has_guards(self) -> bool:
        """Whether any layer guards this handler (known once it is registered)."""
        return bool(self._guards)

    def resolve_debug(self) -> bool:
        """Whether the application this handler is registered on runs in debug mode."""
        return bool(self._resolve_layered("debug"))

    def resolve_plugins(self) -> list[Any]:
        """The plugins of the application this handler is registered on (none before registration)."""
        return list(getattr(self.ownership_layers[0], "plugins", None) or [])

    def resolve_guards(self) -> list[Callable[..., Any]]:
        """Return the guards of every layer, app first."""
        return [guard for layer in self.ownership_layers for guard in (getattr(layer, "guards", None) or [])]

    def resolve_middleware(self) -> list[Middleware]:
        """Return the middleware of every layer, app first (outermost)."""
        return [m for layer in self.ownership_layers for m in (getattr(layer, "middleware", None) or [])]

    def resolve_exception_handlers(self) -> dict[int | type[Exception], Any]:
        """Return the exception handlers of every layer merged, the closest layer winning."""
        merged: dict[int | type[Exception], Any] = {}
        for layer in self.ownership_layers:
            merged.update(getattr(layer, "exception_handlers", None) or {})
        return merged

    def resolve_dependencies(self) -> dict[str, Provide]:
        """Return the dependencies of every layer merged, the closest layer winning.

        Raises:
            ImproperlyConfiguredException: When one provider is given under two keys (a provider is
                overridden by giving its key again, as in 1.5x).
        """
        merged: dict[str, Provide] = {}
        for layer in self.ownership_layers:
            for key, value in (getattr(layer, "dependencies", None) or {}).items():
                provide = value if isinstance(value, Provide) else Provide(value)
                for other_key, other in merged.items():
                    if other_key != key and other == provide:
                        raise ImproperlyConfiguredException(
                            f"Provider for key {key} is already defined under the different key "
                            f"{other_key}. If you wish to override a provider, it must have the same key."
                        )
                merged[key] = provide
        return merged

    @property
    def dependency_name_set(self) -> set[str]:
        """The keys of the dependencies every layer provides."""
        return {
            key for layer in self.ownership_layers for key in (getattr(layer, "dependencies", None) or {})
        }

    def resolve_parameters(self) -> dict[str, Any]:
        """Return the ``parameters`` declarations of every layer merged, the closest layer winning."""
        merged: dict[str, Any] = {}
        for layer in self.ownership_layers:
            merged.update(getattr(layer, "parameters", None) or {})
        return merged

    def resolve_layered_parameters(self) -> dict[str, Any]:
        """1.5x's name of ``resolve_parameters``: the ``Parameter(...)`` of each layered parameter by name.

        (1.5x wrapped each in a pydantic-based ``SignatureField``; these are the declarations themselves.)
        """
        return self.resolve_parameters()

    def resolve_opts(self) -> None:
        """Merge the ``opt`` of every layer into this handler's ``opt``, the handler's own values winning."""
        merged: dict[str, Any] = {}
        for layer in self.ownership_layers:
            merged.update(getattr(layer, "opt", None) or {})
        self.opt = merged

    def _resolve_layered(self, attribute: str) -> Any:
        """Return the closest layer's non-``None`` value of ``attribute``."""
        for layer in reversed(self.ownership_layers):
            value = getattr(layer, attribute, None)
            if value is not None:
                return value
        return None

    def _validate_handler_function(self) -> None:
        """Check the decorated function; subclasses add their own rules."""
        if self.fn is None or not callable(self.fn.value):
            raise ImproperlyConfiguredException(f"{self.__class__.__name__} must decorate a callable")

    def copy_for(self, owner: Any) -> T:
        """Return a copy of this handler owned by ``owner`` (a handler may sit under several routers)."""
        clone = copy(self)
        clone.owner = owner
        clone.opt = dict(self.opt)
        return cast("T", clone)
