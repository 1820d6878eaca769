"""The exception handling middleware."""

from starlite.middleware.exceptions.middleware import ExceptionHandlerMiddleware as ExceptionHandlerMiddleware

__all__ = ("ExceptionHandlerMiddleware",)
