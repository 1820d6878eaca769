"""Decoding the request body into the type a handler's ``data`` parameter declares.

``create_body_extractor`` runs once at start-up and picks, for one annotation and ``Body(...)``
declaration, the decoder (JSON, MessagePack, url-encoded or multipart form) and the validator:
msgspec for ``msgspec.Struct`` types, pydantic v2 for everything else (models, dataclasses,
TypedDicts, containers). Per request only the chosen closure runs.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import inspect
import typing
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
import typing_extensions

from starlite._kwargs.parameters import ParameterError, strip_optional
from starlite._kwargs.pydantic_v1 import V1ValidationErrors, V1Validator, uses_pydantic_v1, v1_field_types
from starlite.connection.base import raw_header
from starlite.datastructures.upload_file import UploadFile
from starlite.enums import RequestEncodingType
from starlite.exceptions import ImproperlyConfiguredException, ValidationException
from starlite.params import BodyKwarg
from starlite.plugins.base import plugin_data_annotation
from starlite.types.empty import Empty

BodyExtractor = Callable[[Any], Awaitable[Any]]

_FORM_TYPES = frozenset({RequestEncodingType.URL_ENCODED.value, RequestEncodingType.MULTI_PART.value})
_UNTYPED = (inspect.Parameter.empty, Empty, Any, object)


def _body_validation_error(connection: Any, errors: list[dict[str, str]]) -> ValidationException:
    return ValidationException(
        detail=f"Validation failed for {connection.scope.get('method')} {connection.url}", extra=errors
    )


def _is_struct(annotation: Any) -> bool:
    return (
        isinstance(annotation, type)
        and typing.get_origin(annotation) is None
        and issubclass(annotation, msgspec.Struct)
    )


def _msgspec_fields(annotation: Any) -> list[tuple[str, Any, bool]] | None:
    """``(name, type, required)`` of a Struct or TypedDict: the types msgspec validates here."""
    if _is_struct(annotation):
        return [(f.encode_name, f.type, f.required) for f in msgspec.structs.fields(annotation)]
    if typing.is_typeddict(annotation) or typing_extensions.is_typeddict(annotation):
        # pydantic refuses ``typing.TypedDict`` before Python 3.12; msgspec takes both kinds.
        hints = typing.get_type_hints(annotation)
        return [(name, hint, name in annotation.__required_keys__) for name, hint in hints.items()]
    return None


def _refuse_extension(code: int, data: memoryview) -> Any:
    raise ValueError(f"extension type {code} is not accepted")


# A body is decoded into plain data, which handlers often send back: MessagePack values that have no
# JSON form would decode, then fail as a 500 when the answer is encoded. Extension types (no app
# registers any) and map keys that are nil, booleans or arrays are refused as a malformed body.
_msgpack_body_decoder = msgspec.msgpack.Decoder(ext_hook=_refuse_extension)


def _refuse_keys_without_json_form(value: Any) -> None:
    pending = [value]
    while pending:  # a loop, not recursion: the decoder allows deeper nesting than Python's stack
        item = pending.pop()
        if isinstance(item, dict):
            for key in item:
                if key is None or isinstance(key, bool | tuple):
                    raise ValueError(f"map key {key!r} is not a string, a number or bytes")
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)


def _location(parts: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in parts) or "data"


class _Validator:
    """Turns decoded data (``dict``/``list``/scalars) into the declared type, listing every error."""

    __slots__ = ("annotation", "fields", "from_json", "from_python")

    def __init__(self, annotation: Any, where: str) -> None:
        self.annotation = annotation
        self.fields = _msgspec_fields(annotation)
        if annotation in _UNTYPED:
            self.from_json: Callable[[bytes], Any] = msgspec.json.decode
            self.from_python: Callable[[Any], Any] = _identity
            return
        if uses_pydantic_v1(annotation):
            validate_v1 = V1Validator(annotation)
            self.from_json = lambda raw: self._v1_errors(validate_v1, msgspec.json.decode(raw))
            self.from_python = lambda value: self._v1_errors(validate_v1, value)
            return
        adapter = None if self.fields is not None else _pydantic_adapter(annotation)
        if adapter is None:
            # Structs and TypedDicts, and what pydantic refuses but msgspec takes (a list of
            # ``typing.TypedDict`` before Python 3.12).
            try:
                decoder = msgspec.json.Decoder(annotation, dec_hook=_keep_uploads)
            except TypeError as exc:
                raise ImproperlyConfiguredException(
                    f"{where}: cannot decode a body into {annotation!r}: {exc}"
                ) from exc
            self.from_json = lambda raw: self._struct_errors(decoder.decode, raw, json=True)
            self.from_python = lambda value: self._struct_errors(
                lambda v: msgspec.convert(v, annotation, strict=False, dec_hook=_keep_uploads),
                value,
                json=False,
            )
        else:
            self.from_json = lambda raw: self._pydantic_errors(adapter.validate_json, raw)
            self.from_python = lambda value: self._pydantic_errors(adapter.validate_python, value)

    @staticmethod
    def _pydantic_errors(validate: Callable[[Any], Any], value: Any) -> Any:
        from pydantic import ValidationError

        try:
            return validate(value)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            for error in errors:
                if error["type"] == "json_invalid":
                    raise ValidationException(f"Malformed JSON request body: {error['msg']}") from exc
            raise _BodyErrors([_entry(_location(e["loc"]), e["msg"]) for e in errors]) from exc

    @staticmethod
    def _v1_errors(validate: Callable[[Any], Any], value: Any) -> Any:
        try:
            return validate(value)
        except V1ValidationErrors as exc:
            raise _BodyErrors(
                [_entry(_location(location), message) for location, message in exc.errors]
            ) from exc

    def _struct_errors(self, decode: Callable[[Any], Any], value: Any, json: bool) -> Any:
        try:
            return decode(value)
        except (msgspec.DecodeError, RecursionError) as exc:
            if isinstance(exc, msgspec.ValidationError):
                raise _BodyErrors(self._every_struct_error(value, json, exc)) from exc
            raise ValidationException(f"Malformed JSON request body: {exc}") from exc

    def _every_struct_error(
        self, value: Any, json: bool, first: msgspec.ValidationError
    ) -> list[dict[str, str]]:
        """Check the fields one by one to report every error (msgspec stops at the first)."""
        try:
            data = msgspec.json.decode(value) if json else value
        except msgspec.DecodeError:
            data = None
        if not isinstance(data, dict):
            return [_entry("data", str(first))]
        errors = []
        for name, field_type, required in self.fields or []:
            if name not in data:
                if required:
                    errors.append(_entry(name, "Field required"))
                continue
            try:
                msgspec.convert(data[name], field_type, strict=json, dec_hook=_keep_uploads)
            except msgspec.ValidationError as exc:
                errors.append(_entry(name, str(exc)))
        return errors or [_entry("data", str(first))]


def _pydantic_adapter(annotation: Any) -> Any:
    """A pydantic ``TypeAdapter`` for ``annotation``, or ``None`` when pydantic refuses the type."""
    from pydantic import PydanticUserError, TypeAdapter

    try:
        return TypeAdapter(annotation)
    except PydanticUserError:
        return None


class _BodyErrors(Exception):
    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def _entry(key: str, message: str) -> dict[str, str]:
    return ParameterError(key, "body", message).as_dict()


def _identity(value: Any) -> Any:
    return value


def _keep_uploads(type_: type, value: Any) -> Any:
    if isinstance(value, type_):
        return value
    raise NotImplementedError


def _field_annotations(annotation: Any) -> dict[str, Any] | None:
    """The field types of a model, dataclass, TypedDict or Struct; ``None`` for other types."""
    native = _msgspec_fields(annotation)
    if native is not None:
        return {name: field_type for name, field_type, _ in native}
    v1_fields = v1_field_types(annotation)
    if v1_fields is not None:
        return v1_fields
    model_fields = getattr(annotation, "model_fields", None)
    if isinstance(model_fields, dict):
        return {(info.alias or name): info.annotation for name, info in model_fields.items()}
    if dataclasses.is_dataclass(annotation):
        try:
            return typing.get_type_hints(annotation)
        except Exception:
            return None
    return None


def _is_many(annotation: Any) -> bool:
    annotation, _ = strip_optional(annotation)
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    origin = typing.get_origin(annotation) or annotation
    return origin in (list, set, frozenset, tuple) or origin in (
        typing.List,  # noqa: UP006
        typing.Sequence,  # noqa: UP006
    )


def _form_to_python(annotation: Any) -> Callable[[Any], Any]:
    """Build the mapping a form is validated as: repeated keys give lists where the type wants one."""
    target, _ = strip_optional(annotation)
    if target is UploadFile:

        def single_file(form: Any) -> Any:
            files = [value for _, value in form.multi_items() if isinstance(value, UploadFile)]
            if not files:
                raise _BodyErrors([_entry("data", "Expected a file upload")])
            return files[0]

        return single_file
    if _is_many(target):

        def file_list(form: Any) -> Any:
            return [value for _, value in form.multi_items() if isinstance(value, UploadFile)]

        return file_list
    fields = _field_annotations(target) or {}
    many = {key for key, field_type in fields.items() if _is_many(field_type)}
    structured = {key for key, field_type in fields.items() if _is_structured(field_type)}

    def mapping(form: Any) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key in form:
            values = form.getall(key)
            if key in structured:
                values = [_json_or_text(value) for value in values]
            if key in many:
                # One part holding a JSON array fills a list field as well as repeated parts do.
                single_list = len(values) == 1 and isinstance(values[0], list)
                result[key] = values[0] if single_list else values
            elif key in fields:
                result[key] = values[0]
            else:
                result[key] = values if len(values) > 1 else values[0]
        return result

    return mapping


def _is_structured(annotation: Any) -> bool:
    """Whether a form field of this type is sent as JSON text: a model, a mapping, a list of them.

    A form part carries text; 1.5x decoded every part as JSON where it could. Here only fields whose
    type is not plain text are, so that a ``str`` field keeps ``"123"`` (or ``"[1]"``) as sent.
    """
    target, _ = strip_optional(annotation)
    if typing.get_origin(target) is typing.Annotated:
        target = typing.get_args(target)[0]
    if _is_many(target):
        items = typing.get_args(target)
        target = strip_optional(items[0])[0] if items else Any
    origin = typing.get_origin(target) or target
    return (
        _field_annotations(target) is not None
        or origin in (dict, list, tuple, set, frozenset)
        or (isinstance(origin, type) and issubclass(origin, collections.abc.Mapping))
    )


def _json_or_text(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return msgspec.json.decode(value)
        except msgspec.DecodeError:
            return value
    return value


def _media_type(connection: Any) -> str:
    """The request's media type, lower-case, without parameters ("" when absent)."""
    value = raw_header(connection.scope, b"content-type")
    if not value:
        return ""
    return value.split(b";", 1)[0].strip().lower().decode("latin-1")


def _check_content_type(connection: Any, expected: str, accepted: Callable[[str], bool]) -> None:
    media_type = _media_type(connection)
    if media_type and not accepted(media_type):
        raise ValidationException(
            f"Unsupported content type {media_type!r}: this endpoint expects {expected}"
        )


def _is_json(media_type: str) -> bool:
    return media_type == "application/json" or media_type.endswith("+json")


def create_body_extractor(
    name: str, annotation: Any, body_kwarg: BodyKwarg | None, where: str, plugins: Any = ()
) -> BodyExtractor:
    """Return the async function producing ``data`` (or ``body``) for one handler parameter.

    ``data`` of a plugin's model class (``plugins``: the app's) is validated against the pydantic
    model the plugin builds, then converted into the model class by the plugin.

    Raises:
        ValueError: When ``Body`` names a media type that is not a ``RequestEncodingType``.
    """
    from_plugin = plugin_data_annotation(annotation, plugins) if name != "body" else None
    if from_plugin is None:
        return _create_body_extractor(name, annotation, body_kwarg, where)
    validated, mapping = from_plugin
    extract = _create_body_extractor(name, validated, body_kwarg, where)
    to_model = mapping.get_model_instance_for_value
    settled = False

    async def plugin_data(connection: Any) -> Any:
        nonlocal extract, settled
        if not settled:
            # A plugin's model may be complete only once the app's start-up hooks have run: Tortoise
            # learns a model's foreign key columns when it is initialised there, after registration.
            # Asked again at the first request, the plugin gives the model the schema documents.
            settled = True
            now = plugin_data_annotation(annotation, plugins)
            if now is not None and now[0] != validated:
                extract = _create_body_extractor(name, now[0], body_kwarg, where)
        value = await extract(connection)
        return None if value is None else to_model(value)

    return plugin_data


def _create_body_extractor(
    name: str, annotation: Any, body_kwarg: BodyKwarg | None, where: str
) -> BodyExtractor:
    if name == "body":

        async def raw_body(connection: Any) -> bytes:
            return await connection.body()  # type: ignore[no-any-return]

        return raw_body

    kwarg = body_kwarg or BodyKwarg()
    media_type = RequestEncodingType(kwarg.media_type) if kwarg.media_type else RequestEncodingType.JSON
    _, optional = strip_optional(annotation)
    default = kwarg.default if kwarg.default is not Empty else (None if optional else Empty)
    validator = _Validator(annotation, where)
    min_items, max_items = kwarg.min_items, kwarg.max_items

    def finish(connection: Any, value: Any) -> Any:
        if isinstance(value, list) and (min_items is not None or max_items is not None):
            if min_items is not None and len(value) < min_items:
                raise _BodyErrors([_entry("data", f"Expected at least {min_items} items")])
            if max_items is not None and len(value) > max_items:
                raise _BodyErrors([_entry("data", f"Expected at most {max_items} items")])
        return value

    if media_type in (RequestEncodingType.URL_ENCODED, RequestEncodingType.MULTI_PART):
        to_python = _form_to_python(annotation)
        part_limit = kwarg.multipart_form_part_limit

        async def form_data(connection: Any) -> Any:
            _check_content_type(connection, "a form (url-encoded or multipart)", _FORM_TYPES.__contains__)
            form = await connection._form(part_limit)
            if not form and default is not Empty:
                return default
            try:
                return finish(connection, validator.from_python(to_python(form)))
            except _BodyErrors as exc:
                raise _body_validation_error(connection, exc.errors) from None

        return form_data

    if media_type is RequestEncodingType.MESSAGEPACK:

        async def msgpack_data(connection: Any) -> Any:
            raw = await connection.body()
            if not raw and default is not Empty:
                return default
            try:
                decoded = _msgpack_body_decoder.decode(raw)
                _refuse_keys_without_json_form(decoded)
            except (msgspec.DecodeError, RecursionError, ValueError) as exc:
                raise ValidationException(f"Malformed MessagePack request body: {exc}") from exc
            try:
                return finish(connection, validator.from_python(decoded))
            except _BodyErrors as exc:
                raise _body_validation_error(connection, exc.errors) from None

        return msgpack_data

    from_json = validator.from_json

    async def json_data(connection: Any) -> Any:
        _check_content_type(connection, "application/json", _is_json)
        raw = await connection.body()
        if not raw:
            if default is not Empty:
                return default
            raise _body_validation_error(connection, [_entry("data", "A request body is required")])
        try:
            return finish(connection, from_json(raw))
        except _BodyErrors as exc:
            raise _body_validation_error(connection, exc.errors) from None
        except (msgspec.DecodeError, RecursionError) as exc:  # the untyped path: plain msgspec decoding
            raise ValidationException(f"Malformed JSON request body: {exc}") from exc

    return json_data
