"""The JSON schema ``type`` and ``format`` values that OpenAPI schemas use."""

from __future__ import annotations

from enum import Enum

__all__ = ("OpenAPIFormat", "OpenAPIType")


class OpenAPIFormat(str, Enum):
    """The ``format`` keywords of JSON schema (and OpenAPI) for string values."""

    DATE = "date"
    DATE_TIME = "date-time"
    TIME = "time"
    DURATION = "duration"
    URL = "url"
    EMAIL = "email"
    IDN_EMAIL = "idn-email"
    HOST_NAME = "hostname"
    IDN_HOST_NAME = "idn-hostname"
    IPV4 = "ipv4"
    IPV6 = "ipv6"
    URI = "uri"
    URI_REFERENCE = "uri-reference"
    URI_TEMPLATE = "uri-template"
    JSON_POINTER = "json-pointer"
    RELATIVE_JSON_POINTER = "relative-json-pointer"
    IRI = "iri-reference"
    IRI_REFERENCE = "iri-reference"  # the same value as IRI, as in 1.5x
    UUID = "uuid"
    REGEX = "regex"


class OpenAPIType(str, Enum):
    """The ``type`` keywords of JSON schema."""

    ARRAY = "array"
    BOOLEAN = "boolean"
    INTEGER = "integer"
    NULL = "null"
    NUMBER = "number"
    OBJECT = "object"
    STRING = "string"
