"""Values an integration keeps on a connection, and the serializer a connection's responses use."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from starlite.constants import SCOPE_STATE_NAMESPACE
from starlite.utils.serialization import default_serializer

__all__ = ("get_serializer_from_scope", "get_starlite_scope_state", "set_starlite_scope_state")


def get_serializer_from_scope(scope: Any) -> Callable[[Any], Any] | None:
    """Return the function that turns values JSON cannot hold into ones it can, for this connection.

    It is the serializer of the response class of the connection's route handler (the closest
    layer's), with the handler's type encoders; ``None`` when no layer sets a response class.

    Args:
        scope: The connection's scope, with ``app`` and ``route_handler`` set.
    """
    handler = scope["route_handler"]
    app = scope["app"]
    resolve_response_class = getattr(handler, "resolve_response_class", None)
    response_class = resolve_response_class() if resolve_response_class is not None else app.response_class
    if response_class is None:
        return None
    resolve_type_encoders = getattr(handler, "resolve_type_encoders", None)
    type_encoders = resolve_type_encoders() if resolve_type_encoders is not None else app.type_encoders
    get_serializer = getattr(response_class, "get_serializer", None)
    if get_serializer is not None:
        return get_serializer(type_encoders)  # type: ignore[no-any-return]
    if any("serializer" in vars(cls) for cls in response_class.__mro__):
        # A subclass that overrides 1.5x's ``serializer`` hook: its hook is the serializer.
        return response_class.serializer  # type: ignore[no-any-return]
    if type_encoders:
        return functools.partial(default_serializer, type_encoders=type_encoders)
    return default_serializer


def get_starlite_scope_state(scope: Any, key: str, default: Any = None, pop: bool = False) -> Any:
    """Read a value from the framework's namespace of ``scope["state"]``.

    Args:
        scope: The connection's scope.
        key: The key of the value.
        default: What to return when the key is not set (it is not stored).
        pop: Remove the value from the namespace as well.
    """
    namespace = scope["state"].setdefault(SCOPE_STATE_NAMESPACE, {})
    return namespace.pop(key, default) if pop else namespace.get(key, default)


def set_starlite_scope_state(scope: Any, key: str, value: Any) -> None:
    """Store a value in the framework's namespace of ``scope["state"]``.

    Args:
        scope: The connection's scope.
        key: The key of the value.
        value: The value.
    """
    scope["state"].setdefault(SCOPE_STATE_NAMESPACE, {})[key] = value
