"""Decoding the request body into the type a handler's ``data`` parameter declares."""

from __future__ import annotations

import inspect
import typing
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec

from starlite.exceptions import ValidationException


def _body_error(
    connection: Any, message: str, errors: list[dict[str, str]] | None = None
) -> ValidationException:
    return ValidationException(
        detail=f"Validation failed for {connection.scope.get('method')} {connection.url}: {message}",
        extra=errors or [],
    )


def create_body_decoder(name: str, annotation: Any) -> Callable[[Any], Awaitable[Any]]:
    """Return an async function decoding a request's body for a parameter called ``name``.

    ``body`` gets the raw bytes. ``data`` gets the JSON body: as decoded when untyped, validated by
    msgspec for ``msgspec.Struct`` types and by pydantic for everything else (models, dataclasses,
    TypedDicts, containers).
    """
    if name == "body":

        async def raw_body(connection: Any) -> bytes:
            return await connection.body()  # type: ignore[no-any-return]

        return raw_body

    if annotation in (inspect.Parameter.empty, Any):

        async def untyped(connection: Any) -> Any:
            return await connection.json()

        return untyped

    if (
        typing.get_origin(annotation) is None
        and isinstance(annotation, type)
        and issubclass(annotation, msgspec.Struct)
    ):
        decoder = msgspec.json.Decoder(annotation)

        async def struct(connection: Any) -> Any:
            try:
                return decoder.decode(await connection.body())
            except msgspec.ValidationError as exc:
                raise _body_error(
                    connection, "invalid body", [{"key": "data", "message": str(exc), "source": "body"}]
                ) from exc
            except msgspec.DecodeError as exc:
                raise _body_error(connection, f"malformed JSON: {exc}") from exc

        return struct

    from pydantic import TypeAdapter, ValidationError

    adapter: TypeAdapter[Any] = TypeAdapter(annotation)

    async def validated(connection: Any) -> Any:
        raw = await connection.body()
        try:
            return adapter.validate_json(raw or b"null")
        except ValidationError as exc:
            errors = []
            for error in exc.errors(include_url=False):
                if error["type"] == "json_invalid":
                    raise _body_error(connection, f"malformed JSON: {error['msg']}") from exc
                location = ".".join(str(part) for part in error["loc"]) or "data"
                errors.append({"key": location, "message": error["msg"], "source": "body"})
            raise _body_error(connection, "invalid body", errors) from exc

    return validated
