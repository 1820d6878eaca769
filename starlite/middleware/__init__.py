"""Middleware: the building blocks and the built-in middleware.

The names are loaded on first use (PEP 562), so that importing one config or middleware module does not
import all of them: several need pydantic, which an app that does not use them never loads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlite.utils._lazy import lazy_exports

if TYPE_CHECKING:
    from starlite.middleware.allowed_hosts import AllowedHostsMiddleware as AllowedHostsMiddleware
    from starlite.middleware.authentication import (
        AbstractAuthenticationMiddleware as AbstractAuthenticationMiddleware,
    )
    from starlite.middleware.authentication import AuthenticationResult as AuthenticationResult
    from starlite.middleware.base import AbstractMiddleware as AbstractMiddleware
    from starlite.middleware.base import DefineMiddleware as DefineMiddleware
    from starlite.middleware.base import MiddlewareProtocol as MiddlewareProtocol
    from starlite.middleware.compression import CompressionMiddleware as CompressionMiddleware
    from starlite.middleware.cors import CORSMiddleware as CORSMiddleware
    from starlite.middleware.csrf import CSRFMiddleware as CSRFMiddleware
    from starlite.middleware.exceptions import ExceptionHandlerMiddleware as ExceptionHandlerMiddleware
    from starlite.middleware.logging import LoggingMiddleware as LoggingMiddleware
    from starlite.middleware.logging import LoggingMiddlewareConfig as LoggingMiddlewareConfig
    from starlite.middleware.rate_limit import RateLimitConfig as RateLimitConfig
    from starlite.middleware.rate_limit import RateLimitMiddleware as RateLimitMiddleware

_EXPORTS: dict[str, str] = {
    "AllowedHostsMiddleware": "starlite.middleware.allowed_hosts",
    "AbstractAuthenticationMiddleware": "starlite.middleware.authentication",
    "AuthenticationResult": "starlite.middleware.authentication",
    "AbstractMiddleware": "starlite.middleware.base",
    "DefineMiddleware": "starlite.middleware.base",
    "MiddlewareProtocol": "starlite.middleware.base",
    "CompressionMiddleware": "starlite.middleware.compression",
    "CORSMiddleware": "starlite.middleware.cors",
    "CSRFMiddleware": "starlite.middleware.csrf",
    "ExceptionHandlerMiddleware": "starlite.middleware.exceptions",
    "LoggingMiddleware": "starlite.middleware.logging",
    "LoggingMiddlewareConfig": "starlite.middleware.logging",
    "RateLimitConfig": "starlite.middleware.rate_limit",
    "RateLimitMiddleware": "starlite.middleware.rate_limit",
}

__all__ = (
    "AbstractAuthenticationMiddleware",
    "AbstractMiddleware",
    "AllowedHostsMiddleware",
    "AuthenticationResult",
    "CORSMiddleware",
    "CSRFMiddleware",
    "CompressionMiddleware",
    "DefineMiddleware",
    "ExceptionHandlerMiddleware",
    "LoggingMiddleware",
    "LoggingMiddlewareConfig",
    "MiddlewareProtocol",
    "RateLimitConfig",
    "RateLimitMiddleware",
)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
