"""Middleware: the building blocks and the built-in middleware."""

from starlite.middleware.allowed_hosts import AllowedHostsMiddleware as AllowedHostsMiddleware
from starlite.middleware.authentication import (
    AbstractAuthenticationMiddleware as AbstractAuthenticationMiddleware,
)
from starlite.middleware.authentication import (
    AuthenticationResult as AuthenticationResult,
)
from starlite.middleware.base import (
    AbstractMiddleware as AbstractMiddleware,
)
from starlite.middleware.base import (
    DefineMiddleware as DefineMiddleware,
)
from starlite.middleware.base import (
    MiddlewareProtocol as MiddlewareProtocol,
)
from starlite.middleware.compression import CompressionMiddleware as CompressionMiddleware
from starlite.middleware.cors import CORSMiddleware as CORSMiddleware
from starlite.middleware.csrf import CSRFMiddleware as CSRFMiddleware
from starlite.middleware.exceptions import ExceptionHandlerMiddleware as ExceptionHandlerMiddleware
from starlite.middleware.logging import LoggingMiddleware as LoggingMiddleware
from starlite.middleware.logging import LoggingMiddlewareConfig as LoggingMiddlewareConfig
from starlite.middleware.rate_limit import RateLimitConfig as RateLimitConfig
from starlite.middleware.rate_limit import RateLimitMiddleware as RateLimitMiddleware

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
