"""How a session is turned into bytes: MessagePack, with the route's own encoders for other types.

A session holds what handlers put in it, so the types that responses can carry (through a response
class's ``serializer`` or the layered ``type_encoders``) are encoded in sessions the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import msgspec

from starlite.response.base import Response
from starlite.utils.serialization import default_serializer

if TYPE_CHECKING:
    from starlite.types.asgi_types import Scope

__all__ = ("decoder", "encoder_for")

_encoder = msgspec.msgpack.Encoder(enc_hook=default_serializer)
decoder = msgspec.msgpack.Decoder()

# The session encoder of each route handler (the serializer of its response class, its type
# encoders), worked out on its first session, with the handler kept alongside so that its id is not
# reused while the entry exists.
_encoders: dict[int, tuple[Any, msgspec.msgpack.Encoder]] = {}


def encoder_for(scope: Scope | None) -> msgspec.msgpack.Encoder:
    """The encoder of the route handler in ``scope`` (the default one outside a route)."""
    handler = scope.get("route_handler") if scope is not None else None
    if handler is None:
        return _encoder
    entry = _encoders.get(id(handler))
    if entry is None or entry[0] is not handler:
        enc_hook = _enc_hook_of(handler, scope.get("app"))  # type: ignore[union-attr]
        entry = (handler, _encoder if enc_hook is None else msgspec.msgpack.Encoder(enc_hook=enc_hook))
        if len(_encoders) < 1024:
            _encoders[id(handler)] = entry
    return entry[1]


def _enc_hook_of(handler: Any, app: Any) -> Callable[[Any], Any] | None:
    """What encodes the types msgspec does not know in a session, as 1.5x did it.

    A response class that defines its own ``serializer`` (the 1.5x way of teaching responses a type)
    serializes sessions too; otherwise the handler's layered type encoders do. Handlers without a
    response class of their own (websockets) use the app's.
    """
    resolve_class = getattr(handler, "resolve_response_class", None)
    response_class = resolve_class() if resolve_class is not None else getattr(app, "response_class", None)
    for klass in getattr(response_class, "__mro__", ()):
        if klass is Response:
            break
        if "serializer" in klass.__dict__:
            return response_class.serializer  # type: ignore[union-attr,no-any-return]
    resolve_encoders = getattr(handler, "resolve_type_encoders", None)
    type_encoders = (
        resolve_encoders() if resolve_encoders is not None else getattr(app, "type_encoders", None)
    )
    if type_encoders:
        return lambda value: default_serializer(value, type_encoders)
    return None
