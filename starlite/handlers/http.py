"""HTTP route handlers: ``HTTPRouteHandler`` (alias ``route``) and the verb decorators.

Every option is declared once, on ``HTTPRouteHandler.__init__``; ``get``, ``post``, ``put``, ``patch``,
``delete`` and ``head`` only fix the HTTP method.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Mapping, Sequence
from importlib import import_module
from typing import TYPE_CHECKING, Any, TypeAlias, cast, get_origin

from starlite._connection_state import DEFAULT_MAX_BODY_SIZE
from starlite._kwargs.plan import KwargsPlan
from starlite.connection.request import Request
from starlite.datastructures._validation import validation_error
from starlite.datastructures.cookie import Cookie
from starlite.datastructures.headers import CacheControlHeader, ETag
from starlite.datastructures.response_containers import File, Redirect
from starlite.datastructures.response_header import ResponseHeader
from starlite.enums import HttpMethod, MediaType
from starlite.exceptions import HTTPException, ImproperlyConfiguredException, ValidationException
from starlite.handlers._pipeline import ResolvedResponse, build_http_app
from starlite.handlers._return_data import dto_return_converter, refuse_unresolved_dto
from starlite.handlers.base import BaseRouteHandler
from starlite.openapi.datastructures import ResponseSpec
from starlite.plugins.base import mentions_plugin_type, to_plain_data
from starlite.response.base import Response
from starlite.response.file import FileResponse
from starlite.response.redirect import REDIRECT_STATUS_CODES
from starlite.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT, HTTP_400_BAD_REQUEST
from starlite.types.empty import Empty
from starlite.utils._annotations import resolved_return_annotation

if TYPE_CHECKING:
    from starlite.datastructures.background_tasks import BackgroundTask, BackgroundTasks
    from starlite.dto import DTO as DTO
    from starlite.types.asgi_types import ASGIApp
    from starlite.types.composite_types import Middleware
    from starlite.types.helper_types import SyncOrAsyncUnion
    from starlite.utils.exception import ExceptionHandlersMap

__all__ = (
    "AfterRequestHookHandler",
    "AfterResponseHookHandler",
    "BeforeRequestHookHandler",
    "HTTPRouteHandler",
    "delete",
    "get",
    "head",
    "patch",
    "post",
    "put",
    "route",
)

AfterRequestHookHandler: TypeAlias = "Callable[[Response[Any]], SyncOrAsyncUnion[Response[Any]]]"
"""``after_request`` hook: receives the response a handler produced and returns the one to send."""
AfterResponseHookHandler: TypeAlias = "Callable[[Request[Any, Any]], SyncOrAsyncUnion[None]]"
"""``after_response`` hook: called with the request once its response was sent."""
BeforeRequestHookHandler: TypeAlias = "Callable[[Request[Any, Any]], SyncOrAsyncUnion[Any]]"
"""``before_request`` hook: a value it returns is sent instead of calling the handler."""


def _is_subclass(annotation: Any, classes: Any) -> bool:
    # Python 3.10 reports ``list[int]`` as a class, yet ``issubclass`` rejects it: exclude generics.
    return get_origin(annotation) is None and inspect.isclass(annotation) and issubclass(annotation, classes)


def _normalize_methods(http_method: Any) -> set[str]:
    methods = http_method if isinstance(http_method, list | tuple | set | frozenset) else [http_method]
    normalized = set()
    for method in methods:
        value = method.value if isinstance(method, HttpMethod) else str(method).upper()
        if value not in HttpMethod.__members__:
            # 1.5x validated the arguments with pydantic: code written for it catches its error.
            raise validation_error(
                "HTTPRouteHandler", "http_method", method, f"{method!r} is not a supported HTTP method"
            )
        normalized.add(value)
    if not normalized:
        raise ImproperlyConfiguredException("An http_method kwarg is required")
    return normalized


def _get_default_status_code(http_methods: set[str]) -> int:
    """The status of a handler that sets none: 201 when it answers POST, else 204 for DELETE, else 200."""
    if HttpMethod.POST in http_methods:
        return HTTP_201_CREATED
    if HttpMethod.DELETE in http_methods:
        return HTTP_204_NO_CONTENT
    return HTTP_200_OK


class _RedirectStatusError(ImproperlyConfiguredException, ValidationException):
    """A ``Redirect`` handler without a redirect status: 1.5x raised ``ValidationException`` here."""


def _normalize_headers(headers: Any) -> dict[str, ResponseHeader]:
    """Turn ``response_headers`` (a mapping or a list of ``ResponseHeader``) into name -> ``ResponseHeader``.

    Names are lower-cased, so that ``X-Id`` and ``x-id`` set on two layers are the same header; a
    mapping's plain values become ``ResponseHeader`` instances, ``None`` a documentation-only one
    (it still hides an outer layer's header of that name).
    """
    if not headers:
        return {}
    items = headers.items() if isinstance(headers, Mapping) else ((h.name, h) for h in headers)
    return {
        str(name).lower(): header
        if isinstance(header, ResponseHeader)
        else ResponseHeader(name=str(name), value=header, documentation_only=header is None)
        for name, header in items
    }


class HTTPRouteHandler(BaseRouteHandler["HTTPRouteHandler"]):
    """A handler for one or more HTTP methods on one or more paths; use it as a decorator.

    Args:
        path: A path, a list of paths, or ``None`` for ``/``.
        after_request: Hook receiving the ``Response``, returning it or a replacement.
        after_response: Hook called with the request after the response is sent.
        background: Work to run after the response is sent.
        before_request: Hook called with the request before the handler; a non-``None`` return value
            is sent instead of calling the handler.
        cache: Cache the response: ``True``, or a number of seconds.
        cache_control: A ``Cache-Control`` header for the response.
        cache_key_builder: Builds the cache key from the request.
        dependencies: Dependencies for this handler.
        etag: An ``ETag`` header for the response.
        exception_handlers: Exception handlers keyed by exception class or status code.
        guards: Guards called before the handler.
        http_method: The method or methods answered (``route`` only; the verb decorators set it).
        media_type: The response media type; inferred from the return annotation when unset.
        middleware: Middleware wrapping this handler.
        name: A unique name, for ``route_reverse`` and ``url_for``.
        opt: Arbitrary options, available to guards and middleware.
        response_class: The ``Response`` subclass used for the returned data.
        response_cookies: Cookies set on every response.
        response_headers: Headers set on every response.
        request_max_body_size: The most request body bytes read before answering 413; ``None`` for no
            limit. Layered: the closest layer that sets it wins; 10 MiB by default.
        status_code: The success status; 201 for POST, 204 for DELETE, 200 otherwise.
        sync_to_thread: Run a sync handler function in a worker thread (the default), so it cannot
            block the event loop.
        content_encoding: OpenAPI: the content encoding of a string response.
        content_media_type: OpenAPI: the media type of a string response.
        deprecated: OpenAPI: mark the operation deprecated.
        description: OpenAPI: a description of the operation.
        include_in_schema: OpenAPI: include the operation in the schema.
        operation_id: OpenAPI: the operation id.
        raises: OpenAPI: the exceptions the handler may raise.
        response_description: OpenAPI: a description of the response.
        responses: OpenAPI: additional responses.
        security: OpenAPI: security requirements.
        summary: OpenAPI: a summary of the operation.
        tags: OpenAPI: tags for the operation.
        type_encoders: Encoders for return types msgspec cannot serialize, keyed by type.
        **kwargs: Merged into ``opt``.
    """

    _fixed_method: str | None = None

    def __init__(
        self,
        path: str | Sequence[str] | None = None,
        *,
        after_request: Callable[..., Any] | None = None,
        after_response: Callable[..., Any] | None = None,
        background: BackgroundTask | BackgroundTasks | None = None,
        before_request: Callable[..., Any] | None = None,
        cache: bool | int = False,
        cache_control: CacheControlHeader | None = None,
        cache_key_builder: Callable[..., str] | None = None,
        dependencies: Mapping[str, Any] | None = None,
        etag: ETag | None = None,
        exception_handlers: ExceptionHandlersMap | None = None,
        guards: Sequence[Callable[..., Any]] | None = None,
        http_method: HttpMethod | str | Sequence[HttpMethod | str] | None = None,
        media_type: MediaType | str | None = None,
        middleware: Sequence[Middleware] | None = None,
        name: str | None = None,
        opt: Mapping[str, Any] | None = None,
        response_class: type[Response[Any]] | None = None,
        response_cookies: Sequence[Cookie] | None = None,
        response_headers: Mapping[str, Any] | Sequence[ResponseHeader] | None = None,
        request_max_body_size: int | None | type[Empty] = Empty,
        status_code: int | None = None,
        sync_to_thread: bool = True,
        content_encoding: str | None = None,
        content_media_type: str | None = None,
        deprecated: bool = False,
        description: str | None = None,
        include_in_schema: bool = True,
        operation_id: str | None = None,
        raises: Sequence[type[Exception]] | None = None,
        response_description: str | None = None,
        responses: Mapping[int, ResponseSpec] | None = None,
        security: Sequence[Mapping[str, Any]] | None = None,
        summary: str | None = None,
        tags: Sequence[str] | None = None,
        type_encoders: Mapping[Any, Callable[[Any], Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        if self._fixed_method is not None:
            if http_method is not None:
                raise ImproperlyConfiguredException("semantic route handlers cannot define http_method")
            http_method = self._fixed_method
        elif http_method is None:
            raise ImproperlyConfiguredException("An http_method kwarg is required")
        super().__init__(
            path,
            dependencies=dependencies,
            exception_handlers=exception_handlers,
            guards=guards,
            middleware=middleware,
            name=name,
            opt=opt,
            **kwargs,
        )
        self.http_methods = _normalize_methods(http_method)
        if response_class is not None and not _is_subclass(response_class, Response):
            raise validation_error(
                "HTTPRouteHandler", "response_class", response_class, "Expected a subclass of Response"
            )
        self.status_code = (
            status_code if status_code is not None else _get_default_status_code(self.http_methods)
        )
        self.after_request = after_request
        self.after_response = after_response
        self.background = background
        self.before_request = before_request
        self.cache = cache
        self.cache_control = cache_control
        self.cache_key_builder = cache_key_builder
        self.etag = etag
        self.media_type: MediaType | str | None = media_type
        self.response_class = response_class
        self.response_cookies = list(response_cookies) if response_cookies else None
        self.response_headers = response_headers
        self.request_max_body_size = request_max_body_size
        self.sync_to_thread = sync_to_thread
        self.content_encoding = content_encoding
        self.content_media_type = content_media_type
        self.deprecated = deprecated
        self.description = description
        self.include_in_schema = include_in_schema
        self.operation_id = operation_id
        self.raises = list(raises) if raises else None
        self.response_description = response_description
        self.responses = dict(responses) if responses else None
        self.security = list(security) if security else None
        self.summary = summary
        self.tags = list(tags) if tags else None
        self.type_encoders = dict(type_encoders) if type_encoders else None
        # The kwargs plan of the route the handler was last registered on (see ``on_registration``),
        # and its layered type encoders, resolved then.
        self.kwargs_plan: KwargsPlan | None = None
        self._type_encoders: Any = Empty

    @property
    def http_method(self) -> str | list[str]:
        """The method answered, or the sorted list of them."""
        methods = sorted(self.http_methods)
        return methods[0] if len(methods) == 1 else methods

    @property
    def return_annotation(self) -> Any:
        """The handler function's resolved return annotation."""
        assert self.fn is not None
        return resolved_return_annotation(self.fn.value)

    def _validate_handler_function(self) -> None:
        super()._validate_handler_function()
        assert self.fn is not None
        signature = inspect.signature(self.fn.value)
        if signature.return_annotation is inspect.Signature.empty:
            raise ImproperlyConfiguredException(
                f"A return value of a route handler function should be type annotated: {self.handler_name}. "
                "If your function doesn't return a value, annotate it as returning 'None'."
            )
        return_annotation = self.return_annotation
        returns_none = return_annotation in (None, type(None), "None")
        refuse_unresolved_dto(return_annotation, self.handler_name)
        if "socket" in signature.parameters:
            raise ImproperlyConfiguredException(
                f"The 'socket' kwarg is not supported with http handlers: {self}"
            )
        if "data" in signature.parameters and self.http_methods == {"GET"}:
            raise ImproperlyConfiguredException(
                f"'data' kwarg is unsupported for 'GET' request handlers: {self}"
            )
        if not (200 <= self.status_code and self.status_code not in (204, 304)) and not returns_none:
            raise ImproperlyConfiguredException(
                f"A status code of {self.status_code} cannot have a response body; {self} must return None"
            )
        is_file = _is_subclass(return_annotation, File | FileResponse)
        if self.http_methods == {"HEAD"} and not (returns_none or is_file):
            raise ImproperlyConfiguredException(
                f"A response to a head request should not have a body; {self} must return None or a File"
            )
        if return_annotation is Redirect and self.status_code not in REDIRECT_STATUS_CODES:
            raise _RedirectStatusError(
                f"{self} returns a Redirect, so its status_code must be one of "
                f"{sorted(REDIRECT_STATUS_CODES)}"
            )
        if self.media_type is None:
            is_text = return_annotation is typing.AnyStr or _is_subclass(
                return_annotation, str | bytes | Redirect | File
            )
            self.media_type = MediaType.TEXT if is_text else MediaType.JSON

    # --- start-up: resolve layered settings once --------------------------------------------------

    def on_registration(self, path_parameters: set[str]) -> ASGIApp:
        """Resolve layered settings, build the kwargs plan and the coroutine that answers requests.

        Called when a route of an application takes the handler. A handler with several paths is
        registered once per path, and each path may declare different path parameters, so each route
        gets its own kwargs plan and its own coroutine.

        Args:
            path_parameters: The names of the route's path parameters.

        Returns:
            The ASGI app answering this handler's requests on that route (see ``build_http_app``).
        """
        self.resolve_opts()
        self._prepare_guards()
        self._type_encoders = Empty
        self._type_encoders = self.resolve_type_encoders()
        self.kwargs_plan = KwargsPlan.create(self, self.bound_fn, path_parameters)
        self._check_data_usage(self.kwargs_plan)
        self._check_additional_responses(self.kwargs_plan)
        return build_http_app(self, self.kwargs_plan)

    def _check_additional_responses(self, plan: KwargsPlan) -> None:
        # As 1.5x refused when the app was created: ``responses=`` may not document a status code the
        # handler's own responses already have (its success, ``raises=``, and the validation 400 of a
        # handler that reads parameters or ``data``). Checked here, not when the schema is first built,
        # so that the mistake stops the app at start-up instead of breaking the /schema pages later.
        if not self.responses:
            return
        taken = {self.status_code} | {
            exc.status_code
            for exc in self.raises or []
            if isinstance(exc, type) and issubclass(exc, HTTPException)
        }
        if plan.parameters or (plan.body_definition is not None and plan.body_definition[0] == "data"):
            taken.add(HTTP_400_BAD_REQUEST)
        clashes = sorted(status for status in self.responses if status in taken)
        if clashes:
            raise ImproperlyConfiguredException(
                f"Handler {self}: responses= documents status code(s) {clashes} that the handler's own "
                "responses already document (its status code, raises= or the validation 400)"
            )

    def _check_data_usage(self, plan: KwargsPlan) -> None:
        # A dependency may read the body too: a GET handler cannot receive one (as the handler's own
        # ``data`` is refused at decoration time).
        if plan.body is not None and plan.body[0] == "data" and self.http_methods == {"GET"}:
            raise ImproperlyConfiguredException(
                f"'data' kwarg is unsupported for 'GET' request handlers: {self}"
            )

    async def to_response(self, app: Any, data: Any, plugins: Any, request: Request[Any, Any]) -> ASGIApp:
        """Turn a value the handler returned into the response it sends, as a request would.

        Args:
            app: The application (unused: the handler knows its layers).
            data: The handler's return value.
            plugins: The plugins that turn model instances in ``data`` into dicts (1.5x passed the
                app's); the app's when ``None`` or empty.
            request: The request being answered.
        """
        to_dto = dto_return_converter(self.return_annotation)
        if to_dto is not None:  # a DTO return annotation comes before plugins, as in 1.5x
            data = await to_dto(data)
        plugins = list(plugins or []) or self.resolve_plugins()
        if plugins and (to_dto is None or mentions_plugin_type(self.return_annotation, plugins)):
            data = await to_plain_data(data, plugins)
        return ResolvedResponse(self).to_response(data, request)  # type: ignore[no-any-return]

    def resolve_before_request(self) -> Callable[..., Any] | None:
        """The closest layer's ``before_request`` hook."""
        return self._resolve_layered("before_request")  # type: ignore[no-any-return]

    def resolve_after_request(self) -> Callable[..., Any] | None:
        """The closest layer's ``after_request`` hook."""
        return self._resolve_layered("after_request")  # type: ignore[no-any-return]

    def resolve_after_response(self) -> Callable[..., Any] | None:
        """The closest layer's ``after_response`` hook."""
        return self._resolve_layered("after_response")  # type: ignore[no-any-return]

    def resolve_request_max_body_size(self) -> int | None:
        """The closest layer's ``request_max_body_size`` (``None``: no limit), 10 MiB by default."""
        for layer in reversed(self.ownership_layers):
            value = getattr(layer, "request_max_body_size", Empty)
            if value is not Empty:
                return cast("int | None", value)
        return DEFAULT_MAX_BODY_SIZE

    def resolve_response_class(self) -> type[Response[Any]]:
        """The closest layer's ``response_class``, ``Response`` by default."""
        return self._resolve_layered("response_class") or Response

    def resolve_response_headers(self) -> dict[str, ResponseHeader]:
        """The headers of every layer merged by (lower-case) name, the closest layer winning.

        A layer's ``cache_control`` and ``etag`` become ``ResponseHeader`` instances too: they beat the
        layer's own ``response_headers`` of the same name, and lose to any closer layer. A
        documentation-only header is kept, marked so: it hides an outer layer's header of its name.
        """
        headers: dict[str, ResponseHeader] = {}
        for layer in self.ownership_layers:
            headers.update(_normalize_headers(getattr(layer, "response_headers", None)))
            for typed_header in (getattr(layer, "cache_control", None), getattr(layer, "etag", None)):
                if typed_header is not None:
                    headers[typed_header.HEADER_NAME] = ResponseHeader(
                        name=typed_header.HEADER_NAME,
                        value=typed_header.to_header(),
                        documentation_only=typed_header.documentation_only,
                    )
        return headers

    def resolve_response_cookies(self) -> list[Cookie]:
        """The cookies of every layer merged by name, path and domain, the closest layer winning."""
        cookies: dict[Cookie, Cookie] = {}
        for layer in self.ownership_layers:
            for cookie in getattr(layer, "response_cookies", None) or []:
                cookies.pop(cookie, None)
                cookies[cookie] = cookie
        return [c for c in cookies.values() if not c.documentation_only]

    def resolve_request_class(self) -> type[Request[Any, Any]]:
        """The closest layer's ``request_class``, ``Request`` by default."""
        return self._resolve_layered("request_class") or Request

    def resolve_type_encoders(self) -> dict[Any, Callable[[Any], Any]] | None:
        """The type encoders of every layer merged, the closest layer winning.

        Worked out once the handler is registered (middleware that serializes, such as sessions, asks
        on every request); before that, on every call.
        """
        if self._type_encoders is not Empty:
            return cast("dict[Any, Callable[[Any], Any]] | None", self._type_encoders)
        merged: dict[Any, Callable[[Any], Any]] = {}
        for layer in self.ownership_layers:
            merged.update(getattr(layer, "type_encoders", None) or {})
        return merged or None


route = HTTPRouteHandler
"""``route(path, http_method=[...], ...)``: a handler for any set of methods."""


class get(HTTPRouteHandler):  # noqa: N801 - lower-case like the 1.5x API
    """``@get(path, ...)``: a ``GET`` handler; takes every ``HTTPRouteHandler`` option but ``http_method``."""

    _fixed_method = HttpMethod.GET


class post(HTTPRouteHandler):  # noqa: N801
    """``@post(path, ...)``: a ``POST`` handler (201 by default)."""

    _fixed_method = HttpMethod.POST


class put(HTTPRouteHandler):  # noqa: N801
    """``@put(path, ...)``: a ``PUT`` handler."""

    _fixed_method = HttpMethod.PUT


class patch(HTTPRouteHandler):  # noqa: N801
    """``@patch(path, ...)``: a ``PATCH`` handler."""

    _fixed_method = HttpMethod.PATCH


class delete(HTTPRouteHandler):  # noqa: N801
    """``@delete(path, ...)``: a ``DELETE`` handler (204 by default)."""

    _fixed_method = HttpMethod.DELETE


class head(HTTPRouteHandler):  # noqa: N801
    """``@head(path, ...)``: a ``HEAD`` handler; it must return ``None`` or a ``File``."""

    _fixed_method = HttpMethod.HEAD


def __getattr__(name: str) -> Any:  # ``DTO``, importable from here in 1.5x, needs pydantic: loaded on use
    if name == "DTO":
        return import_module("starlite.dto").DTO
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
