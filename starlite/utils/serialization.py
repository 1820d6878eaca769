"""JSON and MessagePack encoding and decoding (msgspec), with support for pydantic models."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import PurePath
from typing import Any, Final

import msgspec

from starlite.exceptions import SerializationException

__all__ = ("default_serializer", "encode_json", "decode_json", "encode_msgpack", "decode_msgpack")


def default_serializer(value: Any, type_encoders: Mapping[Any, Callable[[Any], Any]] | None = None) -> Any:
    """Turn a value msgspec cannot encode natively into one it can.

    Handles pydantic models (via ``model_dump(mode="json")``), pydantic 1 models (``pydantic.v1``, via
    ``.dict()``), paths, and anything with an entry in ``type_encoders`` (a type, or a base class of
    the value's type).

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
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, set | frozenset):
        return list(value)
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


def encode_json(value: Any, type_encoders: Mapping[Any, Callable[[Any], Any]] | None = None) -> bytes:
    """Encode ``value`` as JSON bytes.

    Raises:
        SerializationException: When the value cannot be encoded.
    """
    try:
        if type_encoders:
            return _encoders_for(type_encoders)[0].encode(value)
        return _json_encoder.encode(value)
    except (TypeError, msgspec.EncodeError) as exc:
        raise SerializationException(str(exc)) from exc


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
