"""What an integration (a logger, an error tracker) reads from a connection and from a response.

``ConnectionDataExtractor`` turns a request or websocket into a dict of its parts (the body as an
awaitable, read only if awaited); ``ResponseDataExtractor`` does the same for the two ASGI messages
of a response. Both can mask header and cookie values (``obfuscate``).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, TypedDict, cast

from starlite.connection.base import parse_cookie_string
from starlite.connection.request import Request
from starlite.datastructures.upload_file import UploadFile
from starlite.enums import RequestEncodingType

if TYPE_CHECKING:
    from starlite.connection.base import ASGIConnection
    from starlite.types.asgi_types import Message

__all__ = (
    "ConnectionDataExtractor",
    "ExtractedRequestData",
    "ExtractedResponseData",
    "RequestExtractorField",
    "ResponseDataExtractor",
    "ResponseExtractorField",
    "obfuscate",
)

RequestExtractorField: TypeAlias = Literal[
    "path", "method", "content_type", "headers", "cookies", "query", "path_params", "body", "scheme", "client"
]
"""A part of a connection that ``ConnectionDataExtractor`` extracts."""
ResponseExtractorField: TypeAlias = Literal["status_code", "headers", "body", "cookies"]
"""A part of a response that ``ResponseDataExtractor`` extracts."""

_MASK = "*****"


def obfuscate(values: Mapping[str, Any], fields_to_obfuscate: set[str]) -> dict[str, Any]:
    """Return ``values`` with the value of each key named in ``fields_to_obfuscate`` masked.

    Args:
        values: Header or cookie values by name.
        fields_to_obfuscate: The names to mask, in lower case (names match case-insensitively).
    """
    return {key: _MASK if key.lower() in fields_to_obfuscate else value for key, value in values.items()}


def _mask_cookie_header(value: str, names: set[str]) -> str:
    """A ``Cookie`` header with the value of each cookie named in ``names`` (lower case) masked."""
    pairs = []
    for pair in value.split(";"):
        name, separator, _ = pair.partition("=")
        pairs.append(f"{name}={_MASK}" if separator and name.strip().lower() in names else pair)
    return ";".join(pairs)


class ExtractedRequestData(TypedDict, total=False):
    """What ``ConnectionDataExtractor`` returns; the body only for requests."""

    body: Coroutine[Any, Any, Any]
    client: tuple[str, int]
    content_type: tuple[str, dict[str, str]]
    cookies: dict[str, str]
    headers: dict[str, str]
    method: str
    path: str
    path_params: dict[str, Any]
    query: bytes | dict[str, Any]
    scheme: str


class ExtractedResponseData(TypedDict, total=False):
    """What ``ResponseDataExtractor`` returns."""

    body: bytes
    status_code: int
    headers: dict[str, str]
    cookies: dict[str, str]


def _lower_set(names: Iterable[str] | None) -> set[str]:
    return {name.lower() for name in names or ()}


class ConnectionDataExtractor:
    """Extract the parts of a connection into a dict, each part on or off by its ``extract_*`` flag.

    Called with a ``Request`` it also gives ``method``, ``content_type`` and ``body``; with a
    ``WebSocket`` (or another ``ASGIConnection``) only the parts every connection has. ``body`` is
    a coroutine: await it to read the body (or close it to skip reading).

    Args:
        extract_body: Extract the body (a coroutine).
        extract_client: Extract the client's ``(host, port)``.
        extract_content_type: Extract the content type and its parameters.
        extract_cookies: Extract the cookies.
        extract_headers: Extract the headers.
        extract_method: Extract the method.
        extract_path: Extract the path.
        extract_path_params: Extract the path parameters.
        extract_query: Extract the query (the raw query string unless ``parse_query``).
        extract_scheme: Extract the scheme.
        obfuscate_cookies: Cookie names whose values are masked.
        obfuscate_headers: Header names whose values are masked.
        parse_body: Decode the body (JSON, or the form's fields) instead of giving its bytes.
        parse_query: Give the query as a dict of lists instead of the raw query string.
    """

    __slots__ = (
        "connection_fields",
        "request_fields",
        "parse_body",
        "parse_query",
        "obfuscate_headers",
        "obfuscate_cookies",
    )

    def __init__(
        self,
        extract_body: bool = True,
        extract_client: bool = True,
        extract_content_type: bool = True,
        extract_cookies: bool = True,
        extract_headers: bool = True,
        extract_method: bool = True,
        extract_path: bool = True,
        extract_path_params: bool = True,
        extract_query: bool = True,
        extract_scheme: bool = True,
        obfuscate_cookies: set[str] | None = None,
        obfuscate_headers: set[str] | None = None,
        parse_body: bool = False,
        parse_query: bool = False,
    ) -> None:
        self.parse_body = parse_body
        self.parse_query = parse_query
        self.obfuscate_headers = _lower_set(obfuscate_headers)
        self.obfuscate_cookies = _lower_set(obfuscate_cookies)
        wanted_on_every_connection = {
            "scheme": extract_scheme,
            "client": extract_client,
            "path": extract_path,
            "headers": extract_headers,
            "cookies": extract_cookies,
            "query": extract_query,
            "path_params": extract_path_params,
        }
        wanted_on_requests = {
            "method": extract_method,
            "content_type": extract_content_type,
            "body": extract_body,
        }
        self.connection_fields = tuple(name for name, wanted in wanted_on_every_connection.items() if wanted)
        self.request_fields = tuple(name for name, wanted in wanted_on_requests.items() if wanted)

    def __call__(self, connection: ASGIConnection[Any, Any, Any]) -> ExtractedRequestData:
        """Return the wanted parts of ``connection``."""
        fields = self.connection_fields
        if isinstance(connection, Request):
            fields = fields + self.request_fields
        extracted = {name: getattr(self, f"extract_{name}")(connection) for name in fields}
        return cast("ExtractedRequestData", extracted)

    @staticmethod
    def extract_scheme(connection: ASGIConnection[Any, Any, Any]) -> str:
        """The scheme: ``http``, ``https``, ``ws`` or ``wss``."""
        return cast("str", connection.scope["scheme"])

    @staticmethod
    def extract_client(connection: ASGIConnection[Any, Any, Any]) -> tuple[str, int]:
        """The client's ``(host, port)``; ``("", 0)`` when the server does not know it."""
        return cast("tuple[str, int]", connection.scope.get("client") or ("", 0))

    @staticmethod
    def extract_path(connection: ASGIConnection[Any, Any, Any]) -> str:
        """The path."""
        return cast("str", connection.scope["path"])

    def extract_headers(self, connection: ASGIConnection[Any, Any, Any]) -> dict[str, str]:
        """The headers (the last value of a repeated one), masked as configured.

        The cookies masked in ``cookies`` are masked in the ``Cookie`` header too (1.5x logged the
        header as it came, session cookie included).
        """
        headers = {
            name.decode("latin-1"): value.decode("latin-1") for name, value in connection.scope["headers"]
        }
        if self.obfuscate_cookies and "cookie" in headers:
            headers["cookie"] = _mask_cookie_header(headers["cookie"], self.obfuscate_cookies)
        return obfuscate(headers, self.obfuscate_headers) if self.obfuscate_headers else headers

    def extract_cookies(self, connection: ASGIConnection[Any, Any, Any]) -> dict[str, str]:
        """The cookies, masked as configured."""
        cookies = dict(connection.cookies)
        return obfuscate(cookies, self.obfuscate_cookies) if self.obfuscate_cookies else cookies

    def extract_query(self, connection: ASGIConnection[Any, Any, Any]) -> Any:
        """The raw query string, or a dict of lists of values with ``parse_query``."""
        if self.parse_query:
            return connection.query_params.dict()
        return connection.scope.get("query_string", b"")

    @staticmethod
    def extract_path_params(connection: ASGIConnection[Any, Any, Any]) -> dict[str, Any]:
        """The path parameters."""
        return dict(connection.path_params)

    @staticmethod
    def extract_method(request: Request[Any, Any]) -> str:
        """The request method."""
        return request.method

    @staticmethod
    def extract_content_type(request: Request[Any, Any]) -> tuple[str, dict[str, str]]:
        """The media type and its parameters."""
        return request.content_type

    async def extract_body(self, request: Request[Any, Any]) -> Any:
        """Read the body: ``None`` for a ``GET``; bytes, or decoded with ``parse_body``.

        Decoded, a JSON body is its value, a URL-encoded form a dict, and a multipart form a dict
        whose uploaded files are given by their ``repr`` (their content is not read).
        """
        if request.method == "GET":
            return None
        if not self.parse_body:
            return await request.body()
        media_type = request.content_type[0]
        if media_type == RequestEncodingType.JSON:
            return await request.json()
        form = await request.form()
        if media_type == RequestEncodingType.URL_ENCODED:
            return dict(form)
        return {
            key: repr(value) if isinstance(value, UploadFile) else value for key, value in form.multi_items()
        }


_Messages: TypeAlias = "tuple[Message, Message]"


class ResponseDataExtractor:
    """Extract the parts of a response from its two ASGI messages (start and body) into a dict.

    Args:
        extract_body: Extract the body.
        extract_cookies: Extract the cookies the response sets.
        extract_headers: Extract the headers (``Set-Cookie`` left out).
        extract_status_code: Extract the status code.
        obfuscate_cookies: Cookie names whose values are masked.
        obfuscate_headers: Header names whose values are masked.
    """

    __slots__ = ("fields", "obfuscate_headers", "obfuscate_cookies")

    def __init__(
        self,
        extract_body: bool = True,
        extract_cookies: bool = True,
        extract_headers: bool = True,
        extract_status_code: bool = True,
        obfuscate_cookies: set[str] | None = None,
        obfuscate_headers: set[str] | None = None,
    ) -> None:
        self.obfuscate_headers = _lower_set(obfuscate_headers)
        self.obfuscate_cookies = _lower_set(obfuscate_cookies)
        extractors: dict[str, tuple[bool, Callable[[_Messages], Any]]] = {
            "body": (extract_body, self.extract_response_body),
            "status_code": (extract_status_code, self.extract_status_code),
            "headers": (extract_headers, self.extract_headers),
            "cookies": (extract_cookies, self.extract_cookies),
        }
        self.fields = tuple((name, extractor) for name, (wanted, extractor) in extractors.items() if wanted)

    def __call__(self, messages: _Messages) -> ExtractedResponseData:
        """Return the wanted parts of the response sent as ``messages``."""
        return cast("ExtractedResponseData", {name: extractor(messages) for name, extractor in self.fields})

    @staticmethod
    def extract_response_body(messages: _Messages) -> bytes:
        """The body (of the body message)."""
        return cast("bytes", messages[1]["body"])

    @staticmethod
    def extract_status_code(messages: _Messages) -> int:
        """The status code."""
        return cast("int", messages[0]["status"])

    def extract_headers(self, messages: _Messages) -> dict[str, str]:
        """The headers, ``Set-Cookie`` left out, masked as configured."""
        headers = {
            name.decode("latin-1"): value.decode("latin-1")
            for name, value in messages[0]["headers"]
            if name.lower() != b"set-cookie"
        }
        return obfuscate(headers, self.obfuscate_headers) if self.obfuscate_headers else headers

    def extract_cookies(self, messages: _Messages) -> dict[str, str]:
        """The cookies the ``Set-Cookie`` headers set, with their attributes, masked as configured."""
        cookie_string = ";".join(
            value.decode("latin-1") for name, value in messages[0]["headers"] if name.lower() == b"set-cookie"
        )
        cookies = parse_cookie_string(cookie_string) if cookie_string else {}
        return obfuscate(cookies, self.obfuscate_cookies) if self.obfuscate_cookies else cookies
