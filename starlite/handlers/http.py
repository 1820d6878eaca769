"""HTTP route handlers: ``HTTPRouteHandler`` (alias ``route``) and the verb decorators.

Every option is declared once, on ``HTTPRouteHandler.__init__``; ``get``, ``post``, ``put``, ``patch``,
``delete`` and ``head`` only fix the HTTP method.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Mapping, Sequence
from copy import copy
from functools import partial
from typing import TYPE_CHECKING, Any, TypeAlias, cast

from anyio import CancelScope

from starlite._connection_state import DEFAULT_MAX_BODY_SIZE
from starlite._kwargs.dependencies import DependencyCleanup
from starlite.datastructures.cookie import Cookie
from starlite.datastructures.headers import CacheControlHeader, ETag
from starlite.datastructures.response_containers import File, Redirect, ResponseContainer
from starlite.datastructures.response_header import ResponseHeader
from starlite.enums import HttpMethod, MediaType
from starlite.exceptions import ImproperlyConfiguredException
from starlite.handlers.base import BaseRouteHandler
from starlite.response import FileResponse, Response
from starlite.response.redirect import REDIRECT_STATUS_CODES
from starlite.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT
from starlite.types.empty import Empty
from starlite.utils.sync import AsyncCallable

if TYPE_CHECKING:
    from starlite._kwargs import KwargsPlan
    from starlite.connection import Request
    from starlite.datastructures.background_tasks import BackgroundTask, BackgroundTasks
    from starlite.types.asgi_types import ASGIApp, Receive, Scope, Send
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
AfterResponseHookHandler: TypeAlias = "Callable[[Request[Any, Any, Any]], SyncOrAsyncUnion[None]]"
"""``after_response`` hook: called with the request once its response was sent."""
BeforeRequestHookHandler: TypeAlias = "Callable[[Request[Any, Any, Any]], SyncOrAsyncUnion[Any]]"
"""``before_request`` hook: a value it returns is sent instead of calling the handler."""


def _is_subclass(annotation: Any, classes: Any) -> bool:
    # Python 3.10 reports ``list[int]`` as a class, yet ``issubclass`` rejects it: exclude generics.
    return (
        typing.get_origin(annotation) is None
        and inspect.isclass(annotation)
        and issubclass(annotation, classes)
    )


def _normalize_methods(http_method: Any) -> set[str]:
    methods = http_method if isinstance(http_method, list | tuple | set | frozenset) else [http_method]
    normalized = set()
    for method in methods:
        value = method.value if isinstance(method, HttpMethod) else str(method).upper()
        if value not in HttpMethod.__members__:
            raise ImproperlyConfiguredException(f"{method!r} is not a supported HTTP method")
        normalized.add(value)
    if not normalized:
        raise ImproperlyConfiguredException("An http_method kwarg is required")
    return normalized


def _normalize_headers(headers: Any) -> dict[str, str | None]:
    """Turn ``response_headers`` (a mapping or a list of ``ResponseHeader``) into name -> value.

    A documentation-only header maps to ``None``: it still hides an outer layer's header of that name.
    """
    if not headers:
        return {}
    items = headers.items() if isinstance(headers, Mapping) else ((h.name, h) for h in headers)
    result: dict[str, str | None] = {}
    for name, header in items:
        if isinstance(header, ResponseHeader):
            header = None if header.documentation_only else header.value
        result[str(name).lower()] = None if header is None else str(header)
    return result


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
        responses: Mapping[int, Any] | None = None,
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
        if status_code is None:
            if "POST" in self.http_methods:
                status_code = HTTP_201_CREATED
            elif "DELETE" in self.http_methods:
                status_code = HTTP_204_NO_CONTENT
            else:
                status_code = HTTP_200_OK
        self.status_code = status_code
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
        # Filled in when the handler is registered on an app (see ``on_registration``).
        self.kwargs_plan: KwargsPlan | None = None
        self._resolved: _ResolvedResponse | None = None
        self._call: AsyncCallable[..., Any] | None = None

    @property
    def http_method(self) -> str | list[str]:
        """The method answered, or the sorted list of them."""
        methods = sorted(self.http_methods)
        return methods[0] if len(methods) == 1 else methods

    @property
    def return_annotation(self) -> Any:
        """The handler function's resolved return annotation."""
        assert self.fn is not None
        try:
            return typing.get_type_hints(self.fn).get("return", inspect.Signature.empty)
        except Exception:
            return inspect.signature(self.fn).return_annotation

    def _validate_handler_function(self) -> None:
        super()._validate_handler_function()
        assert self.fn is not None
        signature = inspect.signature(self.fn)
        if signature.return_annotation is inspect.Signature.empty:
            raise ImproperlyConfiguredException(
                f"A return value of a route handler function should be type annotated: {self.handler_name}. "
                "If your function doesn't return a value, annotate it as returning 'None'."
            )
        return_annotation = self.return_annotation
        returns_none = return_annotation in (None, type(None), "None")
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
            raise ImproperlyConfiguredException(
                f"{self} returns a Redirect, so its status_code must be one of "
                f"{sorted(REDIRECT_STATUS_CODES)}"
            )
        if self.media_type is None:
            is_text = _is_subclass(return_annotation, str | bytes | Redirect | File)
            self.media_type = MediaType.TEXT if is_text else MediaType.JSON

    # --- start-up: resolve layered settings once --------------------------------------------------

    def on_registration(self, path_parameters: set[str]) -> ASGIApp:
        """Resolve layered settings and build the kwargs plan; called when the app registers a route.

        Returns:
            The ASGI app serving this handler on that route. A handler with several paths is
            registered once per path, and each path may declare different path parameters, so each
            route gets its own kwargs plan.
        """
        from starlite._kwargs import KwargsPlan

        self.resolve_opts()
        self._prepare_guards()
        self.kwargs_plan = KwargsPlan.create(self, self.bound_fn, path_parameters)
        self._check_data_usage(self.kwargs_plan)
        self._call = AsyncCallable(self.bound_fn, sync_to_thread=self.sync_to_thread)
        self._resolved = _ResolvedResponse(self)
        return partial(self.handle, kwargs_plan=self.kwargs_plan)

    def _check_data_usage(self, plan: KwargsPlan) -> None:
        # A dependency may read the body too: a GET handler cannot receive one (as the handler's own
        # ``data`` is refused at decoration time).
        if plan.body is not None and plan.body[0] == "data" and self.http_methods == {"GET"}:
            raise ImproperlyConfiguredException(
                f"'data' kwarg is unsupported for 'GET' request handlers: {self}"
            )

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

    def resolve_response_headers(self) -> dict[str, str]:
        """The headers of every layer merged, the closest layer winning."""
        headers: dict[str, str | None] = {}
        for layer in self.ownership_layers:
            headers.update(_normalize_headers(getattr(layer, "response_headers", None)))
            # A layer's typed headers beat its own response_headers, and lose to any closer layer.
            for typed_header in (getattr(layer, "cache_control", None), getattr(layer, "etag", None)):
                if typed_header is not None:
                    headers[typed_header.HEADER_NAME] = (
                        None if typed_header.documentation_only else typed_header.to_header()
                    )
        return {name: value for name, value in headers.items() if value is not None}

    def resolve_response_cookies(self) -> list[Cookie]:
        """The cookies of every layer merged by name, path and domain, the closest layer winning."""
        cookies: dict[Cookie, Cookie] = {}
        for layer in self.ownership_layers:
            for cookie in getattr(layer, "response_cookies", None) or []:
                cookies.pop(cookie, None)
                cookies[cookie] = cookie
        return [c for c in cookies.values() if not c.documentation_only]

    def resolve_request_class(self) -> type[Request[Any, Any, Any]]:
        """The closest layer's ``request_class``, ``Request`` by default."""
        from starlite.connection import Request

        return self._resolve_layered("request_class") or Request

    def resolve_type_encoders(self) -> dict[Any, Callable[[Any], Any]] | None:
        """The type encoders of every layer merged, the closest layer winning."""
        merged: dict[Any, Callable[[Any], Any]] = {}
        for layer in self.ownership_layers:
            merged.update(getattr(layer, "type_encoders", None) or {})
        return merged or None

    # --- per request ---------------------------------------------------------------------------------

    async def handle(
        self, scope: Scope, receive: Receive, send: Send, kwargs_plan: KwargsPlan | None = None
    ) -> None:
        """Run the handler for one request.

        In order: the guards, ``before_request`` (a truthy result replaces the handler's), the kwargs
        plan (parameters, body, dependencies), the handler, the response dispatcher,
        ``after_request``, the cleanup of generator dependencies, sending the response, and last
        ``after_response``.
        """
        resolved = self._resolved
        plan = kwargs_plan or self.kwargs_plan
        assert resolved is not None and self._call is not None and plan is not None
        request = resolved.request_class(scope, receive, send)
        state = request._connection_state
        cleanup = DependencyCleanup() if plan.dependencies else None
        try:
            try:
                if self._guards:
                    await self.authorize_connection(request)
                # As in 1.5x, a falsy result (None, {}, "") lets the request through to the handler.
                data = await resolved.before_request(request) if resolved.before_request is not None else None
                if not data:
                    data = await (
                        self._call(**(await plan.resolve(request, cleanup)))
                        if not plan.is_empty
                        else self._call()
                    )
                response = resolved.to_response(data, request)
                if resolved.after_request is not None:
                    response = await resolved.after_request(response)
            except BaseException as exc:
                if cleanup is not None:
                    with CancelScope(shield=True):
                        await cleanup.close(exc)
                raise
            if cleanup is not None:
                # Before sending, as 1.5x does: a cleanup that fails (a commit, say) gives the client
                # an error response instead of a success for work that did not happen.
                await cleanup.close()
            await response(scope, receive, send)
        finally:
            # Uploaded files live only as long as the request: release their spooled storage.
            if state.form is not Empty:
                await state.form.close()
        if resolved.after_response is not None:
            await resolved.after_response(request)


class _ResolvedResponse:
    """The response pipeline of one handler, resolved across its layers once at start-up.

    ``to_response`` is the single dispatcher from a handler's return value to an ASGI response:

    1. a ``Response`` is sent as it is, with the layered headers and cookies it does not set itself;
    2. a ``ResponseContainer`` (``File``, ``Redirect``, ``Stream``) builds its own response;
    3. anything else is the content of a new ``response_class`` response with the handler's status
       code, media type, layered headers and cookies and background task.
    """

    __slots__ = (
        "request_class",
        "response_class",
        "headers",
        "cookies",
        "status_code",
        "media_type",
        "background",
        "type_encoders",
        "before_request",
        "after_request",
        "after_response",
    )

    def __init__(self, handler: HTTPRouteHandler) -> None:
        self.request_class = handler.resolve_request_class()
        self.response_class = handler.resolve_response_class()
        headers = handler.resolve_response_headers()
        self.headers = headers
        self.cookies = handler.resolve_response_cookies()
        self.status_code = handler.status_code
        self.media_type = handler.media_type or MediaType.JSON
        self.background = handler.background
        self.type_encoders = handler.resolve_type_encoders()
        self.before_request = _as_hook(handler.resolve_before_request())
        self.after_request = _as_hook(handler.resolve_after_request())
        self.after_response = _as_hook(handler.resolve_after_response())

    def to_response(self, data: Any, request: Request[Any, Any, Any]) -> Any:
        if isinstance(data, Response):
            # Send a copy: a handler may return one Response object (a constant) from several routes,
            # and one route's layered settings must not stick to it.
            response = copy(data)
            if request.scope["method"] == "HEAD":
                response.is_head_response = True
            names = {key.lower() for key in data.headers}
            response.headers = {**data.headers, **{k: v for k, v in self.headers.items() if k not in names}}
            own_cookies = set(data.cookies)
            response.cookies = [*data.cookies, *(c for c in self.cookies if c not in own_cookies)]
            return response
        if isinstance(data, ResponseContainer):
            response = data.to_response(
                dict(self.headers), self.media_type, self.status_code, request.app, request
            )
            cookies = set(response.cookies)
            response.cookies.extend(c for c in self.cookies if c not in cookies)
            return response
        return self.response_class(
            data,
            status_code=self.status_code,
            media_type=self.media_type,
            headers=dict(self.headers) if self.headers else None,
            cookies=list(self.cookies) if self.cookies else None,
            background=self.background,
            is_head_response=request.scope["method"] == "HEAD",
            type_encoders=self.type_encoders,
        )


def _encode_static_headers(
    headers: Mapping[str, str], cookies: Sequence[Cookie], status_code: int, media_type: str
) -> list[tuple[bytes, bytes]] | None:
    """The ASGI headers of every response of a handler, but its length: ``Response.encode_headers``'.

    ``None`` when ``encode_headers`` would refuse them (a header or a cookie that cannot be encoded),
    when the handler sets its own ``Content-Length``, or when a cookie has an ``expires`` (which counts
    from each response): such a handler keeps the full path, which renders them per response and
    reports the error when it answers.
    """
    if any(cookie.expires is not None for cookie in cookies):
        return None
    response = Response(
        b"", status_code=status_code, media_type=media_type, headers=dict(headers), cookies=list(cookies)
    )
    try:
        encoded = response.encode_headers()
    except Exception:  # noqa: BLE001 - an unencodable header or an illegal cookie: the full path reports it
        return None
    if any(name == b"content-length" for name, _ in encoded):
        return None  # the handler's own length wins; the direct lane would add a second one
    return encoded


def build_direct_app(
    handler: HTTPRouteHandler,
    plan: KwargsPlan,
    route_app: Any,
    max_body_size: int | None,
    inner: bool = False,
) -> ASGIApp | None:
    """The handler's app for the router's direct lane, or ``None`` when the handler needs the full one.

    A handler without ``before_request`` or ``after_request`` hooks, whose response class is
    ``Response`` and whose route has no middleware, is answered by one coroutine: its guards, the
    kwargs plan (dependencies included), the handler, the body rendered as ``Response`` would render
    it, and the two ASGI messages with headers (and layered cookies) encoded at start-up; then its
    background task and ``after_response`` hook. It is called with the server's own ``send``: what
    the app's send wrapper would track, it knows itself. Errors go to the route's exception
    middleware and, when that fails, to the app's, as in the full path. A handler that returns a
    ``Response`` or a response container has it sent through the full path's dispatcher.

    On a route with middleware (``inner``), the same coroutine takes the place of the innermost
    exception middleware and the handler: it is called by the middleware, with the send the app
    wrapped, and what its exception middleware raises goes back out through the middleware.

    Args:
        handler: The registered handler (``on_registration`` has run).
        plan: The handler's kwargs plan on this route.
        route_app: The ``ExceptionHandlerMiddleware`` around the handler (the route's app, or with
            ``inner`` the one inside the middleware, which the direct app replaces).
        max_body_size: The route's request body limit.
        inner: Whether the route has middleware.
    """
    from starlite._connection_state import ConnectionState
    from starlite.middleware.exceptions.middleware import ExceptionHandlerMiddleware
    from starlite.response.base import render_content, status_allows_body

    resolved = handler._resolved
    assert resolved is not None and handler._call is not None
    cls = type(handler)
    if (
        not isinstance(route_app, ExceptionHandlerMiddleware)
        # A subclass that changes how a request is handled keeps the full path, which calls it.
        or cls.handle is not HTTPRouteHandler.handle
        or cls.on_registration is not HTTPRouteHandler.on_registration
        or resolved.before_request is not None
        or resolved.after_request is not None
        or resolved.response_class is not Response
        or handler.cache  # response caching (a later issue) wraps the handler: the full path keeps it
        or not status_allows_body(resolved.status_code)
    ):
        return None
    media_type = (
        resolved.media_type.value if isinstance(resolved.media_type, MediaType) else resolved.media_type
    )
    static_headers = _encode_static_headers(
        resolved.headers, resolved.cookies, resolved.status_code, media_type
    )
    if static_headers is None:
        return None
    status_code = resolved.status_code
    type_encoders = resolved.type_encoders
    request_class = resolved.request_class
    guarded = bool(handler._guards)
    background = resolved.background
    after_response = resolved.after_response
    needs_request = not plan.is_empty or guarded or after_response is not None
    resolve = plan.resolve
    call = handler._call
    fn = call.ref if call.is_async else None
    set_body_limit = max_body_size != DEFAULT_MAX_BODY_SIZE
    specials = (Response, ResponseContainer)
    has_dependencies = bool(plan.dependencies)

    async def fail(
        exc: Exception, scope: Scope, receive: Receive, send: Send, request: Request[Any, Any, Any] | None
    ) -> None:
        if request is not None:
            # Uploads are released before the exception handlers answer, as on the full path.
            await _close_form(request)
        if inner:
            await route_app.handle(exc, scope, receive, send)
            return
        # The route's exception middleware answers; an error it raises is the app's to answer, as
        # when the app's exception middleware wraps the router.
        app = scope["app"]
        wrapped = app._wrap_send(scope, send)
        try:
            await route_app.handle(exc, scope, receive, wrapped)
        except Exception as error:
            await app.asgi_handler.handle(error, scope, receive, wrapped)

    async def send_response(
        response: Any, scope: Scope, receive: Receive, send: Send, request: Request[Any, Any, Any]
    ) -> bool:
        # A ``Response`` the handler returned, sent as the full path sends it; whether it went out.
        wrapped = send if inner else scope["app"]._wrap_send(scope, send)
        try:
            await response(scope, receive, wrapped)
        except Exception as exc:
            await fail(exc, scope, receive, send, request)
            return False
        return True

    async def answer(scope: Scope, receive: Receive, send: Send) -> Request[Any, Any, Any] | None:
        # The request, when one was made, if the response went out; ``None`` otherwise.
        request = None
        try:
            try:
                # Generator dependencies are finished before anything is sent, as ``handle`` does.
                cleanup = DependencyCleanup() if has_dependencies else None
                try:
                    if needs_request:
                        request = request_class(scope, receive, send)
                        if set_body_limit:
                            request._connection_state.max_body_size = max_body_size
                        if guarded:
                            await handler.authorize_connection(request)
                        kwargs = await resolve(request, cleanup) if not plan.is_empty else {}
                        data = await (fn(**kwargs) if fn is not None else call(**kwargs))
                    else:
                        data = await (fn() if fn is not None else call())
                    if isinstance(data, specials):
                        if request is None:
                            request = request_class(scope, receive, send)
                        response = resolved.to_response(data, request)
                    else:
                        response = None
                        body = render_content(data, media_type, "utf-8", type_encoders)
                except BaseException as exc:
                    if cleanup is not None:
                        with CancelScope(shield=True):
                            await cleanup.close(exc)
                    raise
                if cleanup is not None:
                    await cleanup.close()
            except Exception as exc:
                await fail(exc, scope, receive, send, request)
                return None
            if response is not None:
                assert request is not None
                return request if await send_response(response, scope, receive, send, request) else None
            try:
                await send(
                    {
                        "type": "http.response.start",
                        "status": status_code,
                        "headers": [*static_headers, (b"content-length", str(len(body)).encode())],
                    }
                )
                await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})  # type: ignore[typeddict-item]
                if background is not None:
                    await background()  # as Response does, once the body is sent
            except Exception as exc:
                if not inner:
                    # As the app's send wrapper would have flagged it: re-raised, not answered. Inside
                    # middleware the app's wrapper does flag it, once the message got that far; a
                    # middleware refusing the message (a session store down) gets it answered.
                    ConnectionState.from_scope(scope).response_started = True
                await fail(exc, scope, receive, send, request)
                return None
            return request
        finally:
            # Uploaded files live only as long as the request: release their spooled storage (closing
            # them again after ``fail`` closed them does nothing).
            if request is not None:
                await _close_form(request)

    if after_response is None:
        return answer  # type: ignore[return-value]  # an ASGI app; its result is for the hook below

    async def direct_app_with_hook(scope: Scope, receive: Receive, send: Send) -> None:
        request = await answer(scope, receive, send)
        if request is None:
            return
        try:
            await after_response(request)
        except Exception as exc:
            # Raised after the response went out, as from ``handle``: reported, then re-raised.
            if not inner:
                ConnectionState.from_scope(scope).response_started = True
            await fail(exc, scope, receive, send, None)

    return direct_app_with_hook


async def _close_form(request: Request[Any, Any, Any]) -> None:
    state = request._connection_state
    if state.form is not Empty:
        await state.form.close()


def _as_hook(hook: Callable[..., Any] | None) -> AsyncCallable[..., Any] | None:
    # Hooks are short: sync ones run on the event loop, as in 1.5x.
    return AsyncCallable(hook, sync_to_thread=False) if hook is not None else None


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
