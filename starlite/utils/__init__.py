"""Helpers of the public API, as Starlite 1.5x offered them in ``starlite.utils``.

This package only re-exports. The helpers that everything uses load with it; the others load from
their modules on first use (PEP 562), so that ``import starlite.utils`` stays light and never
imports the layers above it (the connection data extractors and the exception helpers need the
request and the response).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlite.utils._lazy import lazy_exports
from starlite.utils.helpers import Ref as Ref
from starlite.utils.helpers import get_enum_string_value as get_enum_string_value
from starlite.utils.helpers import get_name as get_name
from starlite.utils.path import join_paths as join_paths
from starlite.utils.path import normalize_path as normalize_path
from starlite.utils.sync import AsyncCallable as AsyncCallable
from starlite.utils.sync import AsyncIteratorWrapper as AsyncIteratorWrapper
from starlite.utils.sync import as_async_callable_list as as_async_callable_list
from starlite.utils.sync import async_partial as async_partial
from starlite.utils.sync import is_async_callable as is_async_callable

if TYPE_CHECKING:
    from starlite.utils.csrf import generate_csrf_hash as generate_csrf_hash
    from starlite.utils.csrf import generate_csrf_token as generate_csrf_token
    from starlite.utils.deprecation import deprecated as deprecated
    from starlite.utils.deprecation import warn_deprecation as warn_deprecation
    from starlite.utils.exception import ExceptionResponseContent as ExceptionResponseContent
    from starlite.utils.exception import create_exception_response as create_exception_response
    from starlite.utils.exception import get_exception_handler as get_exception_handler
    from starlite.utils.extractors import ConnectionDataExtractor as ConnectionDataExtractor
    from starlite.utils.extractors import ResponseDataExtractor as ResponseDataExtractor
    from starlite.utils.extractors import obfuscate as obfuscate
    from starlite.utils.model import convert_dataclass_to_model as convert_dataclass_to_model
    from starlite.utils.model import convert_typeddict_to_model as convert_typeddict_to_model
    from starlite.utils.model import create_parsed_model_field as create_parsed_model_field
    from starlite.utils.predicates import is_any as is_any
    from starlite.utils.predicates import is_class_and_subclass as is_class_and_subclass
    from starlite.utils.predicates import is_dataclass_class as is_dataclass_class
    from starlite.utils.predicates import is_dataclass_class_or_instance as is_dataclass_class_or_instance
    from starlite.utils.predicates import is_mapping as is_mapping
    from starlite.utils.predicates import is_optional_union as is_optional_union
    from starlite.utils.predicates import is_typed_dict as is_typed_dict
    from starlite.utils.predicates import is_union as is_union
    from starlite.utils.scope import get_serializer_from_scope as get_serializer_from_scope
    from starlite.utils.scope import get_starlite_scope_state as get_starlite_scope_state
    from starlite.utils.scope import set_starlite_scope_state as set_starlite_scope_state
    from starlite.utils.sequence import find_index as find_index
    from starlite.utils.sequence import unique as unique
    from starlite.utils.serialization import decode_json as decode_json
    from starlite.utils.serialization import decode_msgpack as decode_msgpack
    from starlite.utils.serialization import default_serializer as default_serializer
    from starlite.utils.serialization import encode_json as encode_json
    from starlite.utils.serialization import encode_msgpack as encode_msgpack
    from starlite.utils.types import annotation_is_iterable_of_type as annotation_is_iterable_of_type
    from starlite.utils.types import make_non_optional_union as make_non_optional_union

# The names that load on first use, by the module that defines them.
_LAZY: dict[str, str] = {
    "ConnectionDataExtractor": "starlite.utils.extractors",
    "ExceptionResponseContent": "starlite.utils.exception",
    "ResponseDataExtractor": "starlite.utils.extractors",
    "annotation_is_iterable_of_type": "starlite.utils.types",
    "convert_dataclass_to_model": "starlite.utils.model",
    "convert_typeddict_to_model": "starlite.utils.model",
    "create_exception_response": "starlite.utils.exception",
    "create_parsed_model_field": "starlite.utils.model",
    "decode_json": "starlite.utils.serialization",
    "decode_msgpack": "starlite.utils.serialization",
    "default_serializer": "starlite.utils.serialization",
    "deprecated": "starlite.utils.deprecation",
    "encode_json": "starlite.utils.serialization",
    "encode_msgpack": "starlite.utils.serialization",
    "find_index": "starlite.utils.sequence",
    "generate_csrf_hash": "starlite.utils.csrf",
    "generate_csrf_token": "starlite.utils.csrf",
    "get_exception_handler": "starlite.utils.exception",
    "get_serializer_from_scope": "starlite.utils.scope",
    "get_starlite_scope_state": "starlite.utils.scope",
    "is_any": "starlite.utils.predicates",
    "is_class_and_subclass": "starlite.utils.predicates",
    "is_dataclass_class": "starlite.utils.predicates",
    "is_dataclass_class_or_instance": "starlite.utils.predicates",
    "is_mapping": "starlite.utils.predicates",
    "is_optional_union": "starlite.utils.predicates",
    "is_typed_dict": "starlite.utils.predicates",
    "is_union": "starlite.utils.predicates",
    "make_non_optional_union": "starlite.utils.types",
    "obfuscate": "starlite.utils.extractors",
    "set_starlite_scope_state": "starlite.utils.scope",
    "unique": "starlite.utils.sequence",
    "warn_deprecation": "starlite.utils.deprecation",
}

__all__ = (
    "AsyncCallable",
    "AsyncIteratorWrapper",
    "ConnectionDataExtractor",
    "ExceptionResponseContent",
    "Ref",
    "ResponseDataExtractor",
    "annotation_is_iterable_of_type",
    "as_async_callable_list",
    "async_partial",
    "convert_dataclass_to_model",
    "convert_typeddict_to_model",
    "create_exception_response",
    "create_parsed_model_field",
    "decode_json",
    "decode_msgpack",
    "default_serializer",
    "deprecated",
    "encode_json",
    "encode_msgpack",
    "find_index",
    "generate_csrf_hash",
    "generate_csrf_token",
    "get_enum_string_value",
    "get_exception_handler",
    "get_name",
    "get_serializer_from_scope",
    "get_starlite_scope_state",
    "is_any",
    "is_async_callable",
    "is_class_and_subclass",
    "is_dataclass_class",
    "is_dataclass_class_or_instance",
    "is_mapping",
    "is_optional_union",
    "is_typed_dict",
    "is_union",
    "join_paths",
    "make_non_optional_union",
    "normalize_path",
    "obfuscate",
    "set_starlite_scope_state",
    "unique",
    "warn_deprecation",
)


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)
