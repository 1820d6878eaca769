"""JSON and MessagePack encoding and decoding (msgspec), with support for pydantic models."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import PurePath
from typing import Any

import msgspec

from starlite.exceptions import SerializationException

__all__ = ("default_serializer", "encode_json", "decode_json", "encode_msgpack", "decode_msgpack")


def default_serializer(value: Any, type_encoders: Mapping[Any, Callable[[Any], Any]] | None = None) -> Any:
    """Turn a value msgspec cannot encode natively into one it can.

    Handles pydantic models (via ``model_dump(mode="json")``), paths, and anything with an entry in
    ``type_encoders`` (a type, or a base class of the value's type).

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
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, set | frozenset):
        return list(value)
    raise TypeError(f"Unsupported type: {type(value)!r}")


# Decimals encode as JSON numbers, as Starlite 1.x (via pydantic v1's encoders) did.
_json_encoder = msgspec.json.Encoder(enc_hook=default_serializer, decimal_format="number")
_msgpack_encoder = msgspec.msgpack.Encoder(enc_hook=default_serializer, decimal_format="number")
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
            msgspec.json.Encoder(enc_hook=hook, decimal_format="number"),
            msgspec.msgpack.Encoder(enc_hook=hook, decimal_format="number"),
        )
        if len(_encoders_by_mapping) < 1024:  # bounded: mappings made per call would not be reused
            _encoders_by_mapping[id(type_encoders)] = entry
    return entry[1], entry[2]


def encode_json(value: Any, type_encoders: Mapping[Any, Callable[[Any], Any]] | None = None) -> bytes:
    """Encode ``value`` as JSON bytes.

    Raises:
        SerializationException: When the value cannot be encoded.
    """
    try:
        encoder = _encoders_for(type_encoders)[0] if type_encoders else _json_encoder
        encoded = encoder.encode(value)
        # msgspec writes a non-finite Decimal as a bare NaN/Infinity token, which is not JSON. Those
        # letters are rare in output, so only then is the output checked, and the value re-encoded with
        # such decimals as null (what JSON encoders do with NaN floats).
        if (b"NaN" in encoded or b"Infinity" in encoded) and not _is_json(encoded):
            encoded = encoder.encode(
                _without_non_finite_decimals(
                    msgspec.to_builtins(value, builtin_types=(Decimal,), enc_hook=encoder.enc_hook)
                )
            )
        return encoded
    except (TypeError, msgspec.EncodeError) as exc:
        raise SerializationException(str(exc)) from exc


def _is_json(encoded: bytes) -> bool:
    try:
        _json_decoder.decode(encoded)
    except msgspec.DecodeError:
        return False
    return True


def _without_non_finite_decimals(value: Any) -> Any:
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, dict):
        return {key: _without_non_finite_decimals(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_non_finite_decimals(item) for item in value]
    return value


def decode_json(raw: bytes | str) -> Any:
    """Decode JSON into Python objects.

    Raises:
        SerializationException: When the input is not valid JSON.
    """
    try:
        return _json_decoder.decode(raw)
    except (msgspec.DecodeError, RecursionError) as exc:
        raise SerializationException(str(exc)) from exc


def encode_msgpack(value: Any, type_encoders: Mapping[Any, Callable[[Any], Any]] | None = None) -> bytes:
    """Encode ``value`` as MessagePack bytes.

    Raises:
        SerializationException: When the value cannot be encoded.
    """
    try:
        if type_encoders:
            return _encoders_for(type_encoders)[1].encode(value)
        return _msgpack_encoder.encode(value)
    except (TypeError, msgspec.EncodeError) as exc:
        raise SerializationException(str(exc)) from exc


def decode_msgpack(raw: bytes) -> Any:
    """Decode MessagePack into Python objects.

    Raises:
        SerializationException: When the input is not valid MessagePack.
    """
    try:
        return _msgpack_decoder.decode(raw)
    except (msgspec.DecodeError, RecursionError) as exc:
        raise SerializationException(str(exc)) from exc
