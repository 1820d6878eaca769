"""``RequestFactory``: build ``Request`` objects for unit tests, without a server or a test client.

A factory request looks like one the router hands to a handler: the app, the route handler and its
path parameters, session, user, auth and state are in the scope, and the body arrives through the
ASGI ``receive`` callable, so ``body()``, ``stream()``, ``json()`` and ``form()`` read it as usual.

The request is the one a test client would send: httpx quotes its URL and writes its forms, and its
scope is built by the function that builds the test transport's scopes.
"""

from __future__ import annotations

import inspect
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from http.cookies import SimpleCookie
from typing import IO, TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeAlias, cast
from urllib.parse import urlencode

import httpx

from starlite._connection_state import ConnectionState
from starlite.app import Starlite
from starlite.asgi.asgi_router import RouteResolution
from starlite.connection import Request
from starlite.datastructures.cookie import Cookie
from starlite.enums import HttpMethod, RequestEncodingType
from starlite.exceptions import MethodNotAllowedException, NotFoundException
from starlite.handlers.base import BaseRouteHandler
from starlite.handlers.http import route
from starlite.testing._scope import build_scope
from starlite.utils.serialization import decode_json, encode_json, encode_msgpack

if TYPE_CHECKING:
    from starlite.types import Message, Receive

__all__ = ("RequestFactory",)

HeadersInput: TypeAlias = "Mapping[str, str] | Iterable[tuple[str, str]]"
CookiesInput: TypeAlias = "Iterable[Cookie] | Mapping[str, str] | str"
QueryInput: TypeAlias = "Mapping[str, Any] | Iterable[tuple[str, Any]]"
FileContent: TypeAlias = "bytes | str | IO[bytes]"
FileInput: TypeAlias = (
    "FileContent | tuple[str | None, FileContent] | tuple[str | None, FileContent, str | None]"
    " | tuple[str | None, FileContent, str | None, Mapping[str, str]]"
)
"""One file as httpx's ``files=`` takes it: content, or ``(filename, content[, content_type[, headers]])``."""
FilesInput: TypeAlias = "Mapping[str, FileInput] | Sequence[tuple[str, FileInput]]"

P = ParamSpec("P")

_DEFAULT_PORTS = {"http": 80, "https": 443}


# --- the HTTP verbs ------------------------------------------------------------------------------------
# Each verb is ``request`` with its method filled in. The two functions below only declare the verbs'
# signatures (Starlite 1.51's argument order, for positional callers); ``RequestFactory.request``
# documents every argument.


def _verb_arguments(
    path: str = "/",
    headers: HeadersInput | None = None,
    cookies: CookiesInput | None = None,
    session: dict[str, Any] | None = None,
    user: Any = None,
    auth: Any = None,
    query_params: QueryInput | None = None,
    state: dict[str, Any] | None = None,
    path_params: dict[str, Any] | None = None,
    http_version: str | None = "1.1",
    route_handler: BaseRouteHandler[Any] | None = None,
    *,
    request_media_type: RequestEncodingType | str = RequestEncodingType.JSON,
    data: Any = None,
    files: FilesInput | None = None,
    content: bytes | str | Iterable[bytes] | None = None,
    client: tuple[str, int] | None = None,
) -> None: ...


def _verb_with_body_arguments(
    path: str = "/",
    headers: HeadersInput | None = None,
    cookies: CookiesInput | None = None,
    session: dict[str, Any] | None = None,
    user: Any = None,
    auth: Any = None,
    request_media_type: RequestEncodingType | str = RequestEncodingType.JSON,
    data: Any = None,
    query_params: QueryInput | None = None,
    state: dict[str, Any] | None = None,
    path_params: dict[str, Any] | None = None,
    http_version: str | None = "1.1",
    route_handler: BaseRouteHandler[Any] | None = None,
    *,
    files: FilesInput | None = None,
    content: bytes | str | Iterable[bytes] | None = None,
    client: tuple[str, int] | None = None,
) -> None: ...


def _verb(
    method: str, arguments: Callable[P, None]
) -> Callable[Concatenate[RequestFactory, P], Request[Any, Any]]:
    """A ``RequestFactory`` method calling ``request(method, ...)``, with the signature of ``arguments``."""
    signature = inspect.signature(arguments)

    def build(factory: RequestFactory, /, *args: P.args, **kwargs: P.kwargs) -> Request[Any, Any]:
        return factory.request(method, **signature.bind(*args, **kwargs).arguments)

    build.__name__ = method.lower()
    build.__qualname__ = f"RequestFactory.{build.__name__}"
    build.__doc__ = f"Build a {method} request; ``request`` describes the arguments."
    self_parameter = inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY)
    build.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[self_parameter, *signature.parameters.values()],
        return_annotation="Request[Any, Any]",
    )
    return build


class RequestFactory:
    """Build ``Request`` objects for unit tests of handlers, guards, dependencies and middleware.

    Args:
        app: The application the requests belong to (``request.app``); a bare
            ``Starlite(route_handlers=[])`` when ``None``.
        server: The server's host name.
        port: The server's port.
        root_path: The ASGI ``root_path``: the prefix the app is mounted under.
        scheme: The URL scheme, ``http`` or ``https``.

    Every request method (``get``, ``post``, ``put``, ``patch``, ``delete``, ``head``, ``options``,
    ``trace``) calls ``request`` with its HTTP method. ``get``, ``delete``, ``head``, ``options`` and
    ``trace`` take the arguments in the order of ``request``; ``post``, ``put`` and ``patch`` take
    ``request_media_type`` and ``data`` right after ``auth``, as in Starlite 1.51.

    Example:
        >>> factory = RequestFactory()
        >>> str(factory.get("/items", query_params={"page": 2}).url)
        'http://test.org:3000/items?page=2'
    """

    def __init__(
        self,
        app: Starlite | None = None,
        server: str = "test.org",
        port: int = 3000,
        root_path: str = "",
        scheme: str = "http",
    ) -> None:
        self.app = app if app is not None else Starlite(route_handlers=[])
        self.server = server
        self.port = port
        self.root_path = root_path
        self.scheme = scheme

    def request(
        self,
        method: str,
        path: str = "/",
        headers: HeadersInput | None = None,
        cookies: CookiesInput | None = None,
        session: dict[str, Any] | None = None,
        user: Any = None,
        auth: Any = None,
        query_params: QueryInput | None = None,
        state: dict[str, Any] | None = None,
        path_params: dict[str, Any] | None = None,
        http_version: str | None = "1.1",
        route_handler: BaseRouteHandler[Any] | None = None,
        *,
        request_media_type: RequestEncodingType | str = RequestEncodingType.JSON,
        data: Any = None,
        files: FilesInput | None = None,
        content: bytes | str | Iterable[bytes] | None = None,
        client: tuple[str, int] | None = None,
    ) -> Request[Any, Any]:
        """Build a request with any HTTP method.

        Args:
            method: The HTTP method, e.g. ``"GET"``.
            path: The path below ``root_path``; a query string written here (``/items?page=2``) is kept
                and ``query_params`` are added after it.
            headers: Request headers, a mapping or ``(name, value)`` pairs (to repeat a header).
            cookies: Cookies sent in the ``Cookie`` header: ``Cookie`` instances, a mapping of names to
                values, or the header's value as a string.
            session: The session data (``request.session``); an empty dict when ``None``.
            user: ``request.user``, as an authentication middleware would set it.
            auth: ``request.auth``, as an authentication middleware would set it.
            query_params: Query parameters; a list or tuple value repeats its key.
            state: The connection state (``request.state``).
            path_params: The path parameters; when ``None``, those of the app's route matching ``path``.
            http_version: The HTTP version, ``"1.1"`` by default.
            route_handler: ``request.route_handler``; when ``None``, the app's handler for this method and
                path, or else a placeholder handler for ``path``.
            request_media_type: How ``data`` is encoded: JSON, url-encoded form, multipart form or
                MessagePack. ``files`` always make a multipart form.
            data: The body's data: a mapping, a pydantic model, a dataclass, a msgspec ``Struct``; for
                JSON and MessagePack, any value they can encode.
            files: Files for a multipart form, as httpx's ``files=`` takes them, e.g.
                ``{"upload": ("notes.txt", b"...", "text/plain")}``; they come back as ``UploadFile``.
            content: A raw body, sent as it is, without a ``Content-Type`` unless ``headers`` give one;
                an iterable of bytes arrives in that many chunks.
            client: The client's ``(host, port)``; ``(server, port)`` when ``None``, as in Starlite 1.51.

        Returns:
            The request. Headers the body needs (``Content-Type``, ``Content-Length``) are added unless
            ``headers`` already hold them; there is no ``Host`` header unless ``headers`` give one.

        Raises:
            ValueError: For both ``content`` and ``data`` or ``files``, ``files`` with a media type that is
                not multipart, or form data that is not a mapping.
        """
        method = method.upper()
        path, _, query = path.partition("#")[0].partition("?")
        if not path.startswith("/"):
            path = f"/{path}"  # without it, the path would run into the port
        # Added after the query written in the path (httpx's ``params=`` would replace its keys).
        query = "&".join(part for part in (query, urlencode(_form_pairs(query_params or ()))) if part)
        url = f"{self.scheme}://{self._host()}{path}{'?' if query else ''}{query}"
        raw_headers = _encode_headers(headers)
        cookie_header = _cookie_header(cookies) if cookies else None
        if cookie_header:
            raw_headers.append((b"cookie", cookie_header.encode("latin-1")))
        # httpx quotes the URL and encodes the body as it does for the test clients' requests, and
        # the scope is built as theirs is: a handler sees the same request either way.
        http_request, chunks = _encode_request(
            method, url, raw_headers, request_media_type, data, files, content
        )

        root_path = self.root_path.rstrip("/")
        scope = build_scope(
            http_request,
            "http",
            root_path,
            client if client is not None else (self.server, self.port),
            state,  # copied: a request changing its state must not change the caller's dict
            http_version or "1.1",
        )
        if not any(name.lower() == b"host" for name, _ in raw_headers):
            # As in 1.5x, a factory request carries the headers the test gives and those its body
            # needs, and no others: the URL comes from the factory's server and port.
            scope["headers"] = [(name, value) for name, value in scope["headers"] if name != b"host"]
        found = self._find_route(method, scope["path"])
        if found is not None and found.mount_prefix is not None and route_handler is None:
            # A mounted ASGI app sees the path below its mount point, which joins root_path (as routed).
            scope["path"] = found.mount_path or "/"
            scope["root_path"] = root_path + found.mount_prefix
        scope.update(
            app=self.app,
            route_handler=route_handler or (found.handler if found else None) or _placeholder_handler(method),
            path_params=path_params if path_params is not None else (found.path_params if found else {}),
            # A copy, as for the state.
            session=dict(session) if session is not None else {},
            user=user,
            auth=auth,
        )
        # The router applies the route's ``request_max_body_size`` to the connection; so does the
        # factory (a handler given here brings its own; the app's limit for a request no route matches).
        resolve_limit = getattr(route_handler, "resolve_request_max_body_size", None)
        if resolve_limit is not None:
            limit = resolve_limit()
        elif found is not None and route_handler is None:
            limit = found.max_body_size
        else:
            limit = _app_body_limit(self.app)
        ConnectionState.from_scope(scope).max_body_size = limit
        return Request(scope, receive=_receive_chunks(chunks))

    get = _verb("GET", _verb_arguments)
    post = _verb("POST", _verb_with_body_arguments)
    put = _verb("PUT", _verb_with_body_arguments)
    patch = _verb("PATCH", _verb_with_body_arguments)
    delete = _verb("DELETE", _verb_arguments)
    head = _verb("HEAD", _verb_arguments)
    options = _verb("OPTIONS", _verb_arguments)
    trace = _verb("TRACE", _verb_arguments)

    def _host(self) -> str:
        server = f"[{self.server}]" if ":" in self.server else self.server  # an IPv6 address
        if _DEFAULT_PORTS.get(self.scheme) == self.port:
            return server
        return f"{server}:{self.port}"

    def _find_route(self, method: str, path: str) -> RouteResolution | None:
        """What the router would send this request to, or ``None`` when it would answer 404 or 405."""
        try:
            return self.app.asgi_router.resolve(method, path)
        except (NotFoundException, MethodNotAllowedException):
            return None


def _app_body_limit(app: Any) -> int | None:
    limit = getattr(app, "request_max_body_size", None)
    return limit if isinstance(limit, int) else None


def _placeholder_handler(method: str) -> BaseRouteHandler[Any]:
    """A handler at ``/`` for a request that matches no route of the app, as Starlite 1.51 made up."""

    def placeholder() -> None:
        return None

    # ``HttpMethod`` lacks some methods (TRACE): the placeholder then answers GET.
    known = method if method in HttpMethod.__members__ else HttpMethod.GET
    return cast("BaseRouteHandler[Any]", route("/", http_method=known)(placeholder))


def _receive_chunks(chunks: list[bytes]) -> Receive:
    """An ASGI ``receive`` that delivers ``chunks`` as the body, then reports the client gone."""
    pending = deque(chunks or [b""])

    async def receive() -> Message:
        if pending:
            chunk = pending.popleft()
            return {"type": "http.request", "body": chunk, "more_body": bool(pending)}
        # Nothing more will come and no response will be sent: a real client would hang up now.
        return {"type": "http.disconnect"}

    return receive


def _encode_headers(headers: HeadersInput | None) -> list[tuple[bytes, bytes]]:
    pairs = headers.items() if isinstance(headers, Mapping) else headers or ()
    # Latin-1, as an HTTP/1.1 server decodes header values; httpx would take only ASCII from a ``str``.
    return [(name.encode("latin-1"), value.encode("latin-1")) for name, value in pairs]


def _cookie_header(cookies: CookiesInput) -> str:
    if isinstance(cookies, str):
        return cookies
    if isinstance(cookies, Mapping):
        pairs: Iterable[tuple[str, str]] = cookies.items()
    else:
        pairs = ((cookie.key, cookie.value or "") for cookie in cookies)
    jar: SimpleCookie = SimpleCookie()
    for key, value in pairs:
        jar[key] = value
    # ``coded_value`` is quoted where RFC 6265 needs it; the request's cookie parser unquotes it.
    return "; ".join(f"{morsel.key}={morsel.coded_value}" for morsel in jar.values())


def _as_text(value: Any) -> str:
    """A query or form value as text.

    Booleans become ``true``/``false`` and ``None`` an empty string, as httpx sends them; anything else is
    written as the JSON encoder writes it (dates, UUIDs, models), nested data as a JSON document.
    """
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    encoded = encode_json(value)
    plain = decode_json(encoded)
    return plain if isinstance(plain, str) else encoded.decode("utf-8")


def _form_pairs(data: Any) -> list[tuple[str, str]]:
    """``(key, text)`` pairs of form data or query parameters; a list or tuple value repeats its key.

    ``data`` is a mapping, ``(key, value)`` pairs, or an object that encodes as a JSON object (a
    pydantic model, a dataclass, a msgspec ``Struct``).
    """
    multi_items = getattr(data, "multi_items", None)
    if callable(multi_items):  # a MultiDict: every value of a repeated key
        items: Iterable[Any] = multi_items()
    elif isinstance(data, Mapping):
        items = data.items()
    elif isinstance(data, list | tuple):
        items = data
    else:
        items = decode_json(encode_json(data))
        if not isinstance(items, dict):
            raise ValueError(f"Form data must be a mapping or (key, value) pairs, not {type(data).__name__}")
        items = items.items()
    pairs = []
    for key, value in items:
        for item in value if isinstance(value, list | tuple) else [value]:
            pairs.append((str(key), _as_text(item)))
    return pairs


def _encode_request(
    method: str,
    url: str,
    headers: list[tuple[bytes, bytes]],
    media_type: RequestEncodingType | str,
    data: Any,
    files: FilesInput | None,
    content: bytes | str | Iterable[bytes] | None,
) -> tuple[httpx.Request, list[bytes]]:
    """The request as httpx encodes it, as a test client would send it, and its body's chunks.

    httpx writes the forms and the headers that describe the body (``Content-Type``, and
    ``Content-Length``, which a ``POST``, ``PUT`` or ``PATCH`` carries even when empty); headers the
    test gives win over them.
    """
    arguments: dict[str, Any] = {}
    chunks: list[bytes] | None = None
    content_type: str | None = None
    if content is not None:
        if data is not None or files:
            raise ValueError("Pass the body as either 'content' or 'data'/'files', not both")
        if isinstance(content, str | bytes):
            arguments["content"] = content
        elif isinstance(content, bytearray | memoryview):
            arguments["content"] = bytes(content)
        else:
            # httpx would send an iterable as a chunked body of unknown length; every chunk is known
            # here, so the body gets its Content-Length and still reaches the app chunk by chunk.
            chunks = [bytes(chunk) for chunk in content]
            arguments["content"] = b"".join(chunks)
    elif files:
        if media_type not in (RequestEncodingType.JSON, RequestEncodingType.MULTI_PART):
            raise ValueError(f"Files are sent as a multipart form, not as {media_type}")
        fields = _form_fields(data if data is not None else ())
        arguments["files"] = [*fields, *(files.items() if isinstance(files, Mapping) else files)]
    elif data is None:
        pass
    elif media_type == RequestEncodingType.JSON:
        # The app's own JSON encoder rather than httpx's ``json=``: it writes models, dataclasses,
        # Structs, dates and UUIDs as the app would, and compactly on every httpx (httpx before 0.28
        # writes ``{"a": 1}``, with spaces and ASCII escapes).
        arguments["content"], content_type = encode_json(data), RequestEncodingType.JSON.value
    elif media_type == RequestEncodingType.MESSAGEPACK:  # which httpx does not write
        arguments["content"], content_type = encode_msgpack(data), RequestEncodingType.MESSAGEPACK.value
    elif media_type == RequestEncodingType.URL_ENCODED:
        grouped: dict[str, list[str]] = {}
        for key, text in _form_pairs(data):
            grouped.setdefault(key, []).append(text)
        arguments["data"] = grouped
        content_type = RequestEncodingType.URL_ENCODED.value  # httpx gives an empty form none
    elif media_type == RequestEncodingType.MULTI_PART:
        arguments["files"] = _form_fields(data)
    else:
        raise ValueError(f"Unknown request media type {media_type!r}")

    request = httpx.Request(method, url, headers=headers, **arguments)
    if content_type is not None:
        request.headers.setdefault("Content-Type", content_type)
    body = request.read()
    return request, chunks if chunks is not None else [body]


def _form_fields(data: Any) -> list[tuple[str, tuple[None, str]]]:
    """Form data as multipart parts without a file name, which httpx writes as plain form fields.

    Parts rather than httpx's ``data=``: they keep the fields' order, and make a multipart body even
    when there are no files (``data=`` alone is url-encoded).
    """
    return [(key, (None, text)) for key, text in _form_pairs(data)]
