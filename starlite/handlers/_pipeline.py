"""The request pipeline of an HTTP handler: the one coroutine that answers its requests on a route.

``build_http_app`` makes it when the route is registered, specialised for what the handler uses: no
request object when nothing reads one, no hook calls without hooks, no dependency machinery without
dependencies, and, for the common handler that returns data, its headers and cookies encoded once and
the body rendered straight into two ASGI messages. The handler's errors are answered inside it, with
its layered exception handlers, so route middleware sees the error responses.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Mapping, Sequence
from copy import copy
from typing import TYPE_CHECKING, Any

from anyio import CancelScope

from starlite._kwargs.dependencies import DependencyCleanup
from starlite.datastructures.response_containers import ResponseContainer
from starlite.enums import MediaType
from starlite.handlers._response_cache import caches_responses, with_response_cache
from starlite.handlers._return_data import return_data_converters
from starlite.response.base import Response, render_content, status_allows_body
from starlite.response.template import TemplateResponse
from starlite.types.asgi_types import ASGIApp
from starlite.types.empty import Empty
from starlite.utils.exception import ResponseStartTracker, answer_exception
from starlite.utils.sync import AsyncCallable

if TYPE_CHECKING:
    from starlite._kwargs.plan import KwargsPlan
    from starlite.connection.request import Request
    from starlite.datastructures.cookie import Cookie
    from starlite.types.asgi_types import Receive, Scope, Send

__all__ = ("ResolvedResponse", "build_http_app")


class ResolvedResponse:
    """The response settings of one handler, resolved across its layers once, and its dispatcher.

    ``to_response`` is the single dispatcher from a handler's return value to a response object:

    1. a ``Response`` is sent as it is, with the layered headers and cookies it does not set itself;
    2. a ``ResponseContainer`` (``File``, ``Redirect``, ``Stream``) builds its own response;
    3. when the return annotation promises an ASGI app (``ASGIApp``, or a class whose instances are
       async callables, such as a Starlette response), the returned app is sent as it is, given the
       layered cookies if it has ``set_cookie``, as 1.5x did;
    4. anything else is the content of a new ``response_class`` response with the handler's status
       code, media type, layered headers and cookies and background task.

    Args:
        handler: The ``HTTPRouteHandler``, registered on its owners.
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
        "returns_asgi_app",
    )

    def __init__(self, handler: Any) -> None:
        self.request_class = handler.resolve_request_class()
        self.response_class = handler.resolve_response_class()
        self.headers: dict[str, str] = {
            name: str(header.value)
            for name, header in handler.resolve_response_headers().items()
            if not header.documentation_only
        }
        self.cookies: list[Cookie] = handler.resolve_response_cookies()
        self.status_code: int = handler.status_code
        self.media_type: str = handler.media_type or MediaType.JSON
        self.background = handler.background
        self.type_encoders = handler.resolve_type_encoders()
        self.before_request = _as_hook(handler.resolve_before_request())
        self.after_request = _as_hook(handler.resolve_after_request())
        self.after_response = _as_hook(handler.resolve_after_response())
        self.returns_asgi_app = returns_asgi_app(handler.return_annotation)

    def to_response(self, data: Any, request: Request[Any, Any]) -> Any:
        """Turn a handler's return value into the response to send."""
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
        if self.returns_asgi_app and callable(data):
            set_cookie = getattr(data, "set_cookie", None)
            if set_cookie is not None:
                for cookie in self.cookies:
                    set_cookie(**cookie.dict)
            return data
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


def returns_asgi_app(annotation: Any) -> bool:
    """Tell whether a handler's return annotation promises an ASGI app rather than data.

    1.5x's rule: ``ASGIApp`` (or its name, when the annotation cannot be resolved), or a class whose
    instances are async callables other than the framework's responses, such as Starlette's.
    """
    if annotation == ASGIApp or annotation == "ASGIApp":
        return True
    return (
        inspect.isclass(annotation)
        # Python 3.10 reports ``list[int]`` as a class, yet ``issubclass`` refuses it: leave generics out.
        and typing.get_origin(annotation) is None
        and not issubclass(annotation, Response | ResponseContainer)
        and inspect.iscoroutinefunction(inspect.getattr_static(annotation, "__call__", None))
    )


def _encode_static_headers(
    headers: Mapping[str, str], cookies: Sequence[Cookie], status_code: int, media_type: str
) -> list[tuple[bytes, bytes]] | None:
    """The ASGI headers every response of a handler starts with (its length aside), encoded once.

    ``None`` when they are not the same for every response: a cookie with an ``expires`` (counted
    from each response), a handler that sets its own ``Content-Length``, or a header or cookie that
    cannot be encoded (each response then reports the error, as ``Response.encode_headers`` does).
    """
    if any(cookie.expires is not None for cookie in cookies):
        return None
    response = Response(
        b"", status_code=status_code, media_type=media_type, headers=dict(headers), cookies=list(cookies)
    )
    try:
        encoded = response.encode_headers()
    except Exception:  # noqa: BLE001 - an unencodable header or an illegal cookie: reported per response
        return None
    if any(name == b"content-length" for name, _ in encoded):
        return None
    return encoded


def build_http_app(handler: Any, plan: KwargsPlan) -> ASGIApp:
    """Make the coroutine that answers one registered HTTP handler's requests on one route.

    Per request, in order: the guards, ``before_request`` (a truthy result replaces the handler's),
    the kwargs plan (parameters, body, dependencies), the handler, the response dispatcher and
    ``after_request``; then the cleanup of generator dependencies, before anything is sent (a failed
    commit is an error response, not a success); then sending the response and its background task;
    uploaded files are closed; last ``after_response``. An exception is answered by
    ``answer_exception`` with the handler's layered exception handlers, once uploads are closed.

    A handler that returns data (not a ``Response`` or a response container), whose response class
    is ``Response``, without ``after_request`` and with a status that allows a body, sends two ASGI
    messages with the headers encoded here; anything else goes through its response object.

    Args:
        handler: The ``HTTPRouteHandler``, registered on its owners (its ``on_registration`` calls this).
        plan: The handler's kwargs plan on this route.
    """
    resolved = ResolvedResponse(handler)
    call = AsyncCallable(handler.bound_fn, sync_to_thread=handler.sync_to_thread)
    # Model instances of the app's plugins become dicts; None when the handler cannot return any.
    in_thread, convert = return_data_converters(handler, not call.is_async and handler.sync_to_thread)
    if in_thread is not None:
        # The plugin reads the returned instances in the handler's worker thread, not on the loop.
        bound_fn = handler.bound_fn
        call = AsyncCallable(lambda **kwargs: in_thread(bound_fn(**kwargs)), sync_to_thread=True)
    fn = call.ref if call.is_async else None  # an async function is awaited directly
    exception_handlers = handler.resolve_exception_handlers()
    debug = bool(handler.resolve_debug())
    # Inside route middleware, a response start that the middleware's send refused (a session store
    # that is down) has not started anything: the error is still answered, through the middleware.
    early_start = not handler.resolve_middleware()
    # With response caching, its wrapper runs the guards (before it looks in the cache).
    caching = caches_responses(handler)
    guards = handler.authorize_connection if handler.has_guards and not caching else None
    request_class = resolved.request_class
    before_request = resolved.before_request
    after_request = resolved.after_request
    after_response = resolved.after_response
    background = resolved.background
    status_code = resolved.status_code
    media_type = (
        resolved.media_type.value if isinstance(resolved.media_type, MediaType) else resolved.media_type
    )
    type_encoders = resolved.type_encoders
    to_response = resolved.to_response
    static_headers = None
    if (
        resolved.response_class is Response
        and after_request is None
        and not resolved.returns_asgi_app
        and status_allows_body(status_code)
    ):
        static_headers = _encode_static_headers(resolved.headers, resolved.cookies, status_code, media_type)
    sends_data = static_headers is not None
    has_kwargs = not plan.is_empty
    has_dependencies = bool(plan.dependencies)
    resolve = plan.resolve
    needs_request = has_kwargs or guards is not None or before_request is not None or not sends_data
    needs_request = needs_request or after_response is not None
    response_types = (Response, ResponseContainer)

    async def answer(scope: Scope, receive: Receive, send: Send) -> Request[Any, Any] | None:
        # The request (when one was made) if the response went out, ``None`` if an error was answered.
        request = None
        tracker = None
        started = False
        try:
            cleanup = DependencyCleanup() if has_dependencies else None
            try:
                if needs_request:
                    request = request_class(scope, receive, send)
                    if guards is not None:
                        await guards(request)
                    # As in 1.5x, a falsy result (None, {}, "") lets the request through to the handler.
                    data = await before_request(request) if before_request is not None else None
                    if not data:
                        kwargs = await resolve(request, cleanup) if has_kwargs else {}
                        data = await (fn(**kwargs) if fn is not None else call(**kwargs))
                else:
                    data = await (fn() if fn is not None else call())
                if convert is not None:
                    data = await convert(data)
                if sends_data and not isinstance(data, response_types):
                    response = None
                    body = render_content(data, media_type, "utf-8", type_encoders)
                else:
                    if request is None:
                        request = request_class(scope, receive, send)
                    response = to_response(data, request)
                    if isinstance(response, TemplateResponse) and response.is_pending:
                        # Rendered off the loop here, while the dependencies it may read are open.
                        await response.render_pending()
                    if after_request is not None:
                        response = await after_request(response)
            except BaseException as exc:
                if cleanup is not None:
                    with CancelScope(shield=True):
                        await cleanup.close(exc)
                raise
            if cleanup is not None:
                await cleanup.close()
            if response is not None:
                tracker = ResponseStartTracker(send, early_start)
                await response(scope, receive, tracker)
            else:
                assert static_headers is not None
                started = early_start
                await send(
                    {
                        "type": "http.response.start",
                        "status": status_code,
                        # As Response does: no Content-Length for an empty body.
                        "headers": [*static_headers, (b"content-length", str(len(body)).encode())]
                        if body
                        else static_headers,
                    }
                )
                started = True
                await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})  # type: ignore[typeddict-item]
                if background is not None:
                    await background()  # as Response does, once the body is sent
        except Exception as exc:
            if request is not None:
                await _close_uploads(request)  # before the exception handlers answer
            if tracker is not None:
                started = tracker.started
            await answer_exception(exc, scope, receive, send, exception_handlers, debug, started)
            return None
        finally:
            # Uploaded files live only as long as the request: release their spooled storage (closing
            # them again after an error closed them does nothing).
            if request is not None:
                await _close_uploads(request)
        return request

    app: Any = answer
    if caching:
        app = with_response_cache(answer, handler, request_class, exception_handlers, debug)
    if after_response is None:
        return app  # type: ignore[no-any-return]  # an ASGI app; its result is for the hook below

    async def answer_then_hook(scope: Scope, receive: Receive, send: Send) -> None:
        request = await app(scope, receive, send)
        if request is None:
            return
        try:
            await after_response(request)
        except Exception as exc:
            # The response went out: reported to the hooks, then raised.
            await answer_exception(exc, scope, receive, send, exception_handlers, debug, True)

    return answer_then_hook


async def _close_uploads(request: Request[Any, Any]) -> None:
    form = request._connection_state.form
    if form is not Empty:
        await form.close()


def _as_hook(hook: Any) -> AsyncCallable[..., Any] | None:
    # Hooks are short: sync ones run on the event loop, as in 1.5x.
    return AsyncCallable(hook, sync_to_thread=False) if hook is not None else None
