"""JSON and MessagePack encoding and decoding (msgspec), with support for pydantic models."""

from __future__ import annotations

import ipaddress
import re
import sys
from collections import deque
from collections.abc import Callable, Mapping
from pathlib import PurePath
from typing import Any, Final

import msgspec

from starlite.exceptions import SerializationException
from starlite.types.empty import Empty

__all__ = (
    "DEFAULT_TYPE_ENCODERS",
    "dec_hook",
    "decode_json",
    "decode_msgpack",
    "default_serializer",
    "encode_json",
    "encode_msgpack",
)

# What the encoders' second argument may be: a mapping of type encoders, or (as in 1.5x) an ``enc_hook``.
_EncoderOption = Mapping[Any, Callable[[Any], Any]] | Callable[[Any], Any] | None


DEFAULT_TYPE_ENCODERS: Mapping[Any, Callable[[Any], Any]] = {
    PurePath: str,
    ipaddress.IPv4Address: str,
    ipaddress.IPv4Interface: str,
    ipaddress.IPv4Network: str,
    ipaddress.IPv6Address: str,
    ipaddress.IPv6Interface: str,
    ipaddress.IPv6Network: str,
    deque: list,
    set: list,
    frozenset: list,
    re.Pattern: lambda pattern: pattern.pattern,
    # Subclasses of these (pydantic's ByteSize is an int), which msgspec refuses, as their base type.
    str: str,
    int: int,
    float: float,
}
"""The encoders ``default_serializer`` applies after a layer's own ``type_encoders``, by type (a value's
class or any of its bases): what 1.5x's default type encoders covered that msgspec does not."""


def default_serializer(value: Any, type_encoders: Mapping[Any, Callable[[Any], Any]] | None = None) -> Any:
    """Turn a value msgspec cannot encode natively into one it can.

    Handles anything with an entry in ``type_encoders`` (a type, or a base class of the value's
    type), pydantic models (via ``model_dump(mode="json")``), pydantic 1 models (``pydantic.v1``, via
    ``.dict()``), and what 1.5x's default encoders handled: paths, IP addresses, interfaces and
    networks (as strings), sets and deques (as lists), regular expressions (their pattern), pydantic's
    secret types (masked, as ``str()`` shows them) and subclasses of ``str``, ``int`` and ``float``.

    Raises:
        TypeError: When the value has no known encoding.
    """
    if type_encoders:
        for base in type(value).__mro__:
            encoder = type_encoders.get(base)
            if encoder is not None:
                return encoder(value)
    model_dump = getattr(value, "model_dump", None)
    if model_dump is not None and hasattr(type(value), "model_fields"):
        return model_dump(mode="json")
    if type(value).__module__.startswith("pydantic.v1") or _is_pydantic_v1_model(value):
        # A 1.5x application's models: ``.dict()``, as 1.5x encoded them; pydantic 1's own types
        # (a secret, a colour, a name and e-mail) as the text they print.
        return value.dict() if _is_pydantic_v1_model(value) else str(value)
    get_secret_value = getattr(value, "get_secret_value", None)
    if get_secret_value is not None:  # pydantic's SecretStr and SecretBytes: masked, as 1.5x wrote them
        return "**********" if get_secret_value() else ""
    for base in type(value).__mro__:
        encoder = DEFAULT_TYPE_ENCODERS.get(base)
        if encoder is not None:
            return encoder(value)
    raise TypeError(f"Unsupported type: {type(value)!r}")


def _is_pydantic_v1_model(value: Any) -> bool:
    # pydantic.v1 is only looked up, never imported: without it loaded, no value can be one of its models.
    v1 = sys.modules.get("pydantic.v1")
    return v1 is not None and isinstance(value, v1.BaseModel)


# A Decimal is written as a string ("10.25", "NaN", "-Infinity"), in JSON and in MessagePack alike: what
# Starlite 1.51.16 answers (its msgspec encoders kept msgspec's default, so pydantic v1's decimal encoder
# was never reached), what pydantic 2 writes for models, and lossless, which a JSON number read as a float
# is not. It is also the one format every msgspec release accepts for every Decimal: with "number",
# msgspec 0.18-0.22 wrote a non-finite value as a bare NaN token (not JSON) and 0.23 refuses it.
_DECIMAL_FORMAT: Final = "string"
_json_encoder = msgspec.json.Encoder(enc_hook=default_serializer, decimal_format=_DECIMAL_FORMAT)
_msgpack_encoder = msgspec.msgpack.Encoder(enc_hook=default_serializer, decimal_format=_DECIMAL_FORMAT)
_json_decoder = msgspec.json.Decoder()
_msgpack_decoder = msgspec.msgpack.Decoder()


# Encoders built for a mapping of type encoders, reused for every response of the handler that owns
# the mapping (a handler resolves its mapping once, at start-up). The mapping is kept alongside its
# encoders so that its id cannot be reused by another object while the entry exists.
_encoders_by_mapping: dict[int, tuple[Mapping[Any, Any], msgspec.json.Encoder, msgspec.msgpack.Encoder]] = {}


def _encoders_for(
    type_encoders: Mapping[Any, Callable[[Any], Any]],
) -> tuple[msgspec.json.Encoder, msgspec.msgpack.Encoder]:
    entry = _encoders_by_mapping.get(id(type_encoders))
    if entry is None or entry[0] is not type_encoders:

        def hook(value: Any) -> Any:
            return default_serializer(value, type_encoders)

        entry = (
            type_encoders,
            msgspec.json.Encoder(enc_hook=hook, decimal_format=_DECIMAL_FORMAT),
            msgspec.msgpack.Encoder(enc_hook=hook, decimal_format=_DECIMAL_FORMAT),
        )
        if len(_encoders_by_mapping) < 1024:  # bounded: mappings made per call would not be reused
            _encoders_by_mapping[id(type_encoders)] = entry
    return entry[1], entry[2]


def dec_hook(type_: Any, value: Any) -> Any:
    """Build a value of a type msgspec cannot decode into natively: a pydantic model or a path.

    Raises:
        TypeError: For any other type.
    """
    if isinstance(type_, type) and hasattr(type_, "model_validate"):
        return type_.model_validate(value)
    if isinstance(type_, type) and issubclass(type_, PurePath):
        return type_(value)
    raise TypeError(f"Unsupported type: {type_!r}")


def _with_hook(encoder_class: Any, value: Any, hook: Callable[[Any], Any]) -> bytes:
    # An encoder for a one-off hook: 1.5x callers that pass their own function are rare.
    return encoder_class(enc_hook=hook, decimal_format=_DECIMAL_FORMAT).encode(value)  # type: ignore[no-any-return]


def encode_json(
    obj: Any, type_encoders: _EncoderOption = None, *, default: Callable[[Any], Any] | None = None
) -> bytes:
    """Encode ``obj`` as JSON bytes.

    Args:
        obj: The value.
        type_encoders: Encoders for types msgspec cannot encode, keyed by type; or, as 1.5x's
            ``default``, one function that turns such values into encodable ones.
        default: 1.5x's name for that function.

    Raises:
        SerializationException: When the value cannot be encoded.
    """
    try:
        if type_encoders is None and default is None:  # what most responses ask for: checked first
            return _json_encoder.encode(obj)
        hook = default if default is not None else type_encoders if callable(type_encoders) else None
        if hook is not None and hook is not default_serializer:
            return _with_hook(msgspec.json.Encoder, obj, hook)
        if type_encoders and not callable(type_encoders):
            return _encoders_for(type_encoders)[0].encode(obj)
        return _json_encoder.encode(obj)
    except (TypeError, msgspec.EncodeError) as exc:
        raise SerializationException(str(exc)) from exc


def decode_json(raw: bytes | str, type_: Any = Empty) -> Any:
    """Decode JSON into Python objects, or into ``type_`` when given.

    Raises:
        SerializationException: When the input is not valid JSON (or not a valid ``type_``).
    """
    try:
        if type_ is not Empty:
            return msgspec.json.decode(raw, type=type_, dec_hook=dec_hook)
        return _json_decoder.decode(raw)
    except (msgspec.DecodeError, RecursionError) as exc:
        raise SerializationException(str(exc)) from exc


def encode_msgpack(
    obj: Any, type_encoders: _EncoderOption = None, *, enc_hook: Callable[[Any], Any] | None = None
) -> bytes:
    """Encode ``obj`` as MessagePack bytes.

    Args:
        obj: The value.
        type_encoders: Encoders for types msgspec cannot encode, keyed by type; or, as 1.5x's
            ``enc_hook``, one function that turns such values into encodable ones.
        enc_hook: 1.5x's name for that function.

    Raises:
        SerializationException: When the value cannot be encoded.
    """
    try:
        if type_encoders is None and enc_hook is None:  # what most responses ask for: checked first
            return _msgpack_encoder.encode(obj)
        hook = enc_hook if enc_hook is not None else type_encoders if callable(type_encoders) else None
        if hook is not None and hook is not default_serializer:
            return _with_hook(msgspec.msgpack.Encoder, obj, hook)
        if type_encoders and not callable(type_encoders):
            return _encoders_for(type_encoders)[1].encode(obj)
        return _msgpack_encoder.encode(obj)
    except (TypeError, msgspec.EncodeError) as exc:
        raise SerializationException(str(exc)) from exc


def decode_msgpack(raw: bytes, type_: Any = Empty) -> Any:
    """Decode MessagePack into Python objects, or into ``type_`` when given.

    Raises:
        SerializationException: When the input is not valid MessagePack (or not a valid ``type_``).
    """
    try:
        if type_ is not Empty:
            return msgspec.msgpack.decode(raw, type=type_, dec_hook=dec_hook)
        return _msgpack_decoder.decode(raw)
    except (msgspec.DecodeError, RecursionError) as exc:
        raise SerializationException(str(exc)) from exc
