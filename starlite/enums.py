"""Enumerations used across the public API."""

from enum import Enum

__all__ = (
    "HttpMethod",
    "MediaType",
    "OpenAPIMediaType",
    "RequestEncodingType",
    "ScopeType",
    "ParamType",
    "CompressionEncoding",
)


class HttpMethod(str, Enum):
    """The HTTP methods a route handler can answer."""

    GET = "GET"
    POST = "POST"
    DELETE = "DELETE"
    PATCH = "PATCH"
    PUT = "PUT"
    HEAD = "HEAD"
    OPTIONS = "OPTIONS"


class MediaType(str, Enum):
    """Media types the framework knows how to produce."""

    JSON = "application/json"
    MESSAGEPACK = "application/x-msgpack"
    HTML = "text/html"
    TEXT = "text/plain"
    CSS = "text/css"
    XML = "application/xml"


class OpenAPIMediaType(str, Enum):
    """Media types of the OpenAPI schema documents."""

    OPENAPI_YAML = "application/vnd.oai.openapi"
    OPENAPI_JSON = "application/vnd.oai.openapi+json"


class RequestEncodingType(str, Enum):
    """Encodings of a request body."""

    JSON = "application/json"
    MESSAGEPACK = "application/x-msgpack"
    MULTI_PART = "multipart/form-data"
    URL_ENCODED = "application/x-www-form-urlencoded"


class ScopeType(str, Enum):
    """The ``type`` of an ASGI scope."""

    HTTP = "http"
    WEBSOCKET = "websocket"
    ASGI = "asgi"


class ParamType(str, Enum):
    """Where a handler parameter is read from."""

    PATH = "path"
    QUERY = "query"
    COOKIE = "cookie"
    HEADER = "header"


class CompressionEncoding(str, Enum):
    """Content encodings the compression middleware can apply."""

    GZIP = "gzip"
    BROTLI = "br"
