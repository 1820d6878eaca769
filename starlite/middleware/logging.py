"""``LoggingMiddleware``: one log record for each request and one for each response.

Added like any middleware, on any layer: ``middleware=[LoggingMiddlewareConfig().middleware]``. It logs
at INFO through ``app.get_logger(config.logger_name)``, so through the app's ``logging_config``; an
app without one gets ``logging.getLogger(config.logger_name)``, left as the program configured it.

What it reads, and what it keeps:

- the request body is read once and cached on the connection, so the handler reads the same bytes
  (``request.body()``, ``json()``, ``form()`` and ``stream()`` alike); reading it applies the route's
  ``request_max_body_size``, so a body past it is a 413 as the handler would have made it. A ``GET``
  body is not read (logged as ``None``);
- the response is logged once, as its last body message goes out. A response sent in one message is
  logged whole; of a streamed one, only the first 64 KiB are kept for the log (then ``...`` marks the
  cut), and every chunk is passed on as soon as it comes;
- a compressed body (the response has a ``Content-Encoding``) is left out, unless
  ``include_compressed_body``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any

import msgspec
from pydantic import BaseModel, ConfigDict, Field

from starlite.enums import RequestEncodingType, ScopeType
from starlite.exceptions import ImproperlyConfiguredException
from starlite.middleware.base import AbstractMiddleware, DefineMiddleware
from starlite.utils.extractors import (
    ConnectionDataExtractor,
    RequestExtractorField,
    ResponseDataExtractor,
    ResponseExtractorField,
)

if TYPE_CHECKING:
    from starlite.connection.request import Request
    from starlite.types.asgi_types import ASGIApp, Message, Receive, Scope, Send

__all__ = ("LoggingMiddleware", "LoggingMiddlewareConfig")

structlog_installed = find_spec("structlog") is not None
"""Whether structlog can be imported (as 1.5x exposed it here)."""

# Of a streamed response body, the most bytes kept for its log record.
STREAMED_BODY_LOG_LIMIT = 64 * 1024

# A standard logger's record is one line: mappings and lists as JSON, whatever they hold (an upload's
# repr, say); one encoder for every record.
_encode_json = msgspec.json.Encoder(enc_hook=repr).encode
_AS_JSON = (dict, list, tuple, set)


def _in_line(value: Any) -> Any:
    """A field's value as written in a line: containers as JSON, other values as they are.

    Text holding a line break or another control character (a path ``/x%0AHTTP Response: ...``, a
    body) is written JSON-quoted, so that a client cannot start a forged line of the log.
    """
    if isinstance(value, _AS_JSON) or (isinstance(value, str) and not value.isprintable()):
        return _encode_json(value).decode()
    return value


def _is_struct_logger(logger: Any) -> bool:
    # structlog's bound loggers (and its lazy proxy) bind context; the standard library's do not.
    return callable(getattr(logger, "bind", None)) and callable(getattr(logger, "new", None))


def _as_text(value: Any) -> Any:
    # A body is logged as text; bytes that are not UTF-8 (an upload, say) must not fail the request.
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes | bytearray) else value


class LoggingMiddleware(AbstractMiddleware):
    """Log each HTTP request and its response, with the fields ``LoggingMiddlewareConfig`` names.

    With a standard logger each record is one line, ``"HTTP Request: path=/, method=GET, ..."`` (mappings
    and lists as JSON); with a structlog logger the fields are the event's keys, as values.

    Args:
        app: The wrapped ASGI app.
        config: The middleware's configuration.
    """

    def __init__(self, app: ASGIApp, config: LoggingMiddlewareConfig) -> None:
        super().__init__(
            app=app, scopes={ScopeType.HTTP}, exclude=config.exclude, exclude_opt_key=config.exclude_opt_key
        )
        self.config = config
        self.logger: Any = None
        self.is_struct_logger = False
        self.request_fields = tuple(config.request_log_fields)
        self.response_fields = tuple(config.response_log_fields)
        request_fields, response_fields = set(self.request_fields), set(self.response_fields)
        self.request_extractor = ConnectionDataExtractor(
            **{f"extract_{name}": name in request_fields for name in _REQUEST_FIELDS if name != "body"},
            extract_body=False,  # read by the middleware itself (see _read_body)
            obfuscate_cookies=config.request_cookies_to_obfuscate,
            obfuscate_headers=config.request_headers_to_obfuscate,
            parse_body=True,
            parse_query=True,
        )
        self.response_extractor = ResponseDataExtractor(
            **{f"extract_{name}": name in response_fields for name in _RESPONSE_FIELDS},
            obfuscate_cookies=config.response_cookies_to_obfuscate,
            obfuscate_headers=config.response_headers_to_obfuscate,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Log the request, then run the app, logging its response as it goes out."""
        logger = self.logger
        if logger is None:
            logger = self.logger = self._get_logger(scope["app"])
        enabled = getattr(logger, "isEnabledFor", None)
        if enabled is not None and not enabled(logging.INFO):
            await self.app(scope, receive, send)  # nothing would be written: skip the work
            return
        if self.response_fields:
            send = self.create_send_wrapper(scope, send)
        if self.request_fields:
            await self.log_request(scope, receive)
        await self.app(scope, receive, send)

    def _get_logger(self, app: Any) -> Any:
        try:
            logger = app.get_logger(self.config.logger_name)
        except ImproperlyConfiguredException:  # the app has no logging_config
            logger = logging.getLogger(self.config.logger_name)
        self.is_struct_logger = _is_struct_logger(logger)
        return logger

    async def log_request(self, scope: Scope, receive: Receive) -> None:
        """Read the request's fields (its body cached for the handler) and log them."""
        request = scope["app"].request_class(scope, receive=receive)
        self.log_message(await self.extract_request_data(request))

    def log_response(self, start: Message, body: bytes, truncated: bool = False) -> None:
        """Log the response sent as ``start`` and ``body`` (``truncated``: only its beginning was kept)."""
        self.log_message(self.extract_response_data(start, body, truncated))

    def log_message(self, values: dict[str, Any]) -> None:
        """Log ``values`` at INFO: its ``message``, then the other fields in order."""
        message = values.pop("message")
        if self.is_struct_logger:
            self.logger.info(message, **values)
            return
        fields = ", ".join(f"{key}={_in_line(value)}" for key, value in values.items())
        self.logger.info(f"{message}: {fields}")

    async def extract_request_data(self, request: Request[Any, Any]) -> dict[str, Any]:
        """The request's fields to log, in the configured order, after the ``message``."""
        extracted: dict[str, Any] = dict(self.request_extractor(request))
        data: dict[str, Any] = {"message": self.config.request_log_message}
        for name in self.request_fields:
            if name == "body":
                data[name] = await self._read_body(request)
            else:
                data[name] = extracted.get(name)
        return data

    async def _read_body(self, request: Request[Any, Any]) -> Any:
        if request.method == "GET":
            return None
        # Read first: a body past the route's limit is the client's 413, as the handler would answer.
        raw = await request.body()
        if request.content_type[0] in _PARSED_MEDIA_TYPES:
            try:
                return await self.request_extractor.extract_body(request)
            except Exception:  # noqa: BLE001
                # A body that does not parse is the handler's to refuse (or to read as it likes); the
                # log shows it as it came, and the request goes on.
                pass
        return _as_text(raw)

    def extract_response_data(self, start: Message, body: bytes, truncated: bool = False) -> dict[str, Any]:
        """The response's fields to log, in the configured order, after the ``message``."""
        extracted: dict[str, Any] = dict(self.response_extractor((start, {"body": body})))
        compressed = any(name.lower() == b"content-encoding" for name, _ in start.get("headers", ()))
        data: dict[str, Any] = {"message": self.config.response_log_message}
        for name in self.response_fields:
            if name == "body":
                if compressed and not self.config.include_compressed_body:
                    continue
                value = body if compressed else _as_text(body)
                data[name] = value + "..." if truncated and isinstance(value, str) else value
            else:
                data[name] = extracted.get(name)
        return data

    def create_send_wrapper(self, scope: Scope, send: Send) -> Send:
        """A ``send`` that logs the response as its last body message goes out."""
        start: Message | None = None
        chunks: list[bytes] = []
        kept = 0
        truncated = False

        async def send_wrapper(message: Message) -> None:
            nonlocal start, kept, truncated
            kind = message["type"]
            if kind == "http.response.start":
                start = message
            elif kind == "http.response.body" and start is not None:
                chunk = message.get("body", b"")
                more = message.get("more_body", False)
                if not more and not chunks:
                    self.log_response(start, chunk)  # the usual case: the whole body in one message
                else:
                    if kept < STREAMED_BODY_LOG_LIMIT:
                        part = chunk[: STREAMED_BODY_LOG_LIMIT - kept]
                        chunks.append(part)
                        kept += len(part)
                        truncated = truncated or len(part) < len(chunk)
                    else:
                        truncated = truncated or bool(chunk)
                    if not more:
                        self.log_response(start, b"".join(chunks), truncated)
            elif kind == "http.response.pathsend" and start is not None:
                self.log_response(start, b"")  # a file the server sends itself: no body passes here
            await send(message)

        return send_wrapper


_REQUEST_FIELDS = (
    "path",
    "method",
    "content_type",
    "headers",
    "cookies",
    "query",
    "path_params",
    "body",
    "scheme",
    "client",
)
_RESPONSE_FIELDS = ("status_code", "headers", "body", "cookies")
_PARSED_MEDIA_TYPES = frozenset(
    {RequestEncodingType.JSON, RequestEncodingType.URL_ENCODED, RequestEncodingType.MULTI_PART}
)


class LoggingMiddlewareConfig(BaseModel):
    """What ``LoggingMiddleware`` logs, and how.

    Attributes:
        exclude: A regex or regexes of paths not logged.
        exclude_opt_key: A handler ``opt`` key; handlers with a truthy value are not logged.
        include_compressed_body: Log the body of a compressed response too (as bytes).
        logger_name: The logger, as ``app.get_logger(logger_name)`` returns it.
        request_cookies_to_obfuscate: Request cookies logged as ``*****``.
        request_headers_to_obfuscate: Request headers logged as ``*****`` (names match without case).
        response_cookies_to_obfuscate: Response cookies logged as ``*****``.
        response_headers_to_obfuscate: Response headers logged as ``*****``.
        request_log_message: The message of a request's record.
        response_log_message: The message of a response's record.
        request_log_fields: The request's fields, in the order logged; empty: requests not logged.
        response_log_fields: The response's fields, in the order logged; empty: responses not logged.
        middleware_class: The middleware class ``middleware`` builds (a ``LoggingMiddleware`` subclass).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    exclude: str | list[str] | None = None
    exclude_opt_key: str | None = None
    include_compressed_body: bool = False
    logger_name: str = "starlite"
    request_cookies_to_obfuscate: set[str] = Field(default_factory=lambda: {"session", "token"})
    request_headers_to_obfuscate: set[str] = Field(default_factory=lambda: {"Authorization", "X-API-KEY"})
    response_cookies_to_obfuscate: set[str] = Field(default_factory=lambda: {"session", "token"})
    response_headers_to_obfuscate: set[str] = Field(default_factory=lambda: {"Authorization", "X-API-KEY"})
    request_log_message: str = "HTTP Request"
    response_log_message: str = "HTTP Response"
    request_log_fields: Sequence[RequestExtractorField] = (
        "path",
        "method",
        "content_type",
        "headers",
        "cookies",
        "query",
        "path_params",
        "body",
    )
    response_log_fields: Sequence[ResponseExtractorField] = ("status_code", "cookies", "headers", "body")
    middleware_class: type[LoggingMiddleware] = LoggingMiddleware

    @property
    def middleware(self) -> DefineMiddleware:
        """The middleware to put in a layer's ``middleware=`` list."""
        return DefineMiddleware(self.middleware_class, config=self)


def __getattr__(name: str) -> Any:
    """The ``BindableLogger`` type of structlog, as 1.5x re-exported it here; ``Any`` without it."""
    if name == "BindableLogger":
        try:
            from structlog.types import BindableLogger
        except ImportError:
            return Any
        return BindableLogger
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
