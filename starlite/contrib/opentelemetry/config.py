"""The configuration of the OpenTelemetry middleware."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias, cast

from starlite.contrib.opentelemetry.middleware import OpenTelemetryInstrumentationMiddleware
from starlite.contrib.opentelemetry.utils import get_route_details_from_scope
from starlite.datastructures._validation import validation_error
from starlite.enums import ScopeType
from starlite.exceptions import MissingDependencyException
from starlite.middleware.base import DefineMiddleware

try:
    from opentelemetry.metrics import Meter, MeterProvider
    from opentelemetry.trace import Span, TracerProvider
except ImportError as exc:  # pragma: no cover - the extra is installed for the tests
    raise MissingDependencyException(
        "opentelemetry", install_package="opentelemetry-instrumentation-asgi", extra="opentelemetry"
    ) from exc

if TYPE_CHECKING:
    from starlite.types import Scope, Scopes

__all__ = ("OpenTelemetryConfig", "OpenTelemetryHookHandler")

OpenTelemetryHookHandler: TypeAlias = Callable[[Span, dict[str, Any]], None]
"""A hook the instrumentation calls with a span and the scope (or the message sent or received)."""


@dataclass(kw_only=True)
class OpenTelemetryConfig:
    """How the app's requests are traced and measured (``pip install starlite[opentelemetry]``).

    The options are passed to OpenTelemetry's ASGI instrumentation (``OpenTelemetryMiddleware``), whose
    documentation describes the hooks. Add ``config.middleware`` to the app's ``middleware``.

    Attributes:
        scope_span_details_extractor: Takes the scope and returns the server span's name and extra
            attributes; by default the route template (``get_route_details_from_scope``).
        server_request_hook_handler: Called with the server span and the scope when a connection starts.
        client_request_hook_handler: Called with the span of each ``receive`` and the scope (a hook taking
            three arguments gets ``(span, scope, message)`` from the releases of the instrumentation that
            call hooks that way).
        client_response_hook_handler: Called with the span of each ``send`` and the message sent (or, taking
            three arguments, ``(span, scope, message)``).
        meter_provider: The meter provider; OpenTelemetry's global one when ``None``.
        tracer_provider: The tracer provider; OpenTelemetry's global one when ``None``.
        meter: The meter recording the request metrics; one from ``meter_provider`` when ``None``.
        exclude: A regex or list of regexes: matching paths are not traced.
        exclude_opt_key: A handler ``opt`` key: handlers with a truthy value there are not traced.
        exclude_urls_env_key: Names the environment variable listing more URLs not to trace (comma
            separated regexes, read by OpenTelemetry when the middleware is built):
            ``OTEL_PYTHON_<exclude_urls_env_key>_EXCLUDED_URLS``, so ``OTEL_PYTHON_STARLITE_EXCLUDED_URLS``
            by default; ``OTEL_PYTHON_EXCLUDED_URLS`` when that one is not set.
        scopes: The scope types traced: ``http`` and ``websocket`` when ``None``.
        middleware_class: The middleware ``middleware`` builds: ``OpenTelemetryInstrumentationMiddleware``
            or a subclass of it.

    Raises:
        pydantic.ValidationError: When an option has the wrong type (as 1.5x's pydantic model did).
    """

    scope_span_details_extractor: Callable[[Scope], tuple[str, dict[str, Any]]] = get_route_details_from_scope
    server_request_hook_handler: OpenTelemetryHookHandler | None = None
    client_request_hook_handler: OpenTelemetryHookHandler | None = None
    client_response_hook_handler: OpenTelemetryHookHandler | None = None
    meter_provider: MeterProvider | None = None
    tracer_provider: TracerProvider | None = None
    meter: Meter | None = None
    exclude: str | list[str] | None = None
    exclude_opt_key: str | None = None
    exclude_urls_env_key: str = "STARLITE"
    scopes: Scopes | None = None
    middleware_class: type[OpenTelemetryInstrumentationMiddleware] = OpenTelemetryInstrumentationMiddleware

    def __post_init__(self) -> None:
        def refuse(field: str, message: str) -> Exception:
            return validation_error("OpenTelemetryConfig", field, getattr(self, field), message)

        if not callable(self.scope_span_details_extractor):
            raise refuse("scope_span_details_extractor", "scope_span_details_extractor must be callable")
        for hook in (
            "server_request_hook_handler",
            "client_request_hook_handler",
            "client_response_hook_handler",
        ):
            if getattr(self, hook) is not None and not callable(getattr(self, hook)):
                raise refuse(hook, f"{hook} must be callable or None")
        for field, kind in (
            ("meter_provider", MeterProvider),
            ("tracer_provider", TracerProvider),
            ("meter", Meter),
        ):
            if getattr(self, field) is not None and not isinstance(getattr(self, field), kind):
                raise refuse(field, f"{field} must be a {kind.__module__}.{kind.__name__} or None")
        exclude = self.exclude
        if exclude is not None and not (
            isinstance(exclude, str)
            or (isinstance(exclude, list) and all(isinstance(p, str) for p in exclude))
        ):
            raise refuse("exclude", "exclude must be a regex or a list of regexes")
        if self.exclude_opt_key is not None and not isinstance(self.exclude_opt_key, str):
            raise refuse("exclude_opt_key", "exclude_opt_key must be a string or None")
        if not isinstance(self.exclude_urls_env_key, str):
            raise refuse("exclude_urls_env_key", "exclude_urls_env_key must be a string")
        if self.scopes is not None:
            try:
                self.scopes = cast("Scopes", {ScopeType(scope) for scope in self.scopes})
            except (TypeError, ValueError):
                raise refuse("scopes", "scopes must be a set of 'http' and 'websocket'") from None
        if not (
            isinstance(self.middleware_class, type)
            and issubclass(self.middleware_class, OpenTelemetryInstrumentationMiddleware)
        ):
            raise refuse(
                "middleware_class",
                "middleware_class must be OpenTelemetryInstrumentationMiddleware or a subclass",
            )

    @property
    def middleware(self) -> DefineMiddleware:
        """The middleware to add to the app's ``middleware``: ``middleware_class`` with this config."""
        return DefineMiddleware(self.middleware_class, config=self)
