"""Exceptions that turn into HTTP error responses."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from starlite.exceptions.base_exceptions import StarLiteException
from starlite.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_405_METHOD_NOT_ALLOWED,
    HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    HTTP_429_TOO_MANY_REQUESTS,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_503_SERVICE_UNAVAILABLE,
)

__all__ = (
    "HTTPException",
    "ClientException",
    "ImproperlyConfiguredException",
    "InternalServerException",
    "MethodNotAllowedException",
    "NoRouteMatchFoundException",
    "NotAuthorizedException",
    "NotFoundException",
    "PermissionDeniedException",
    "RequestEntityTooLarge",
    "ServiceUnavailableException",
    "TemplateNotFoundException",
    "TooManyRequestsException",
    "ValidationException",
)


class HTTPException(StarLiteException):
    """An error with an HTTP status code, rendered as a JSON error response.

    Args:
        *args: Positional arguments; the first becomes the ``detail`` when ``detail`` is not given.
        detail: Explanation sent to the client; defaults to the status code's reason phrase.
        status_code: Overrides the class's ``status_code``.
        headers: Headers added to the error response.
        extra: Extra data sent under the ``extra`` key of the response body.
    """

    status_code: int = HTTP_500_INTERNAL_SERVER_ERROR

    def __init__(
        self,
        *args: Any,
        detail: str = "",
        status_code: int | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | list[Any] | None = None,
    ) -> None:
        if status_code is not None:
            self.status_code = status_code
        if not detail:
            rest = [str(arg) for arg in args if arg]
            detail = rest.pop(0) if rest else HTTPStatus(self.status_code).phrase
            args = tuple(rest)
        # Skip StarLiteException.__init__: the status line replaces the detail among the args.
        Exception.__init__(self, f"{self.status_code}: {detail}", *args)
        self.detail = detail
        self.headers = headers
        self.extra = extra

    def __repr__(self) -> str:
        return f"{self.status_code} - {self.__class__.__name__} - {self.detail}"

    def __str__(self) -> str:
        return " ".join(str(arg) for arg in self.args).strip()


class ImproperlyConfiguredException(HTTPException, ValueError):
    """The application is set up wrongly; raised at start-up where possible."""


class ClientException(HTTPException):
    """A 4xx error caused by the request."""

    status_code = HTTP_400_BAD_REQUEST


class ValidationException(ClientException, ValueError):
    """The request's data is invalid (400)."""


class NotAuthorizedException(ClientException):
    """The request lacks valid authentication (401)."""

    status_code = HTTP_401_UNAUTHORIZED


class PermissionDeniedException(ClientException):
    """The request is not allowed to do this (403)."""

    status_code = HTTP_403_FORBIDDEN


class NotFoundException(ClientException, ValueError):
    """Nothing exists at this path (404)."""

    status_code = HTTP_404_NOT_FOUND


class MethodNotAllowedException(ClientException):
    """The path exists but not for this method (405)."""

    status_code = HTTP_405_METHOD_NOT_ALLOWED


class RequestEntityTooLarge(ClientException):
    """The request body is larger than allowed (413)."""

    status_code = HTTP_413_REQUEST_ENTITY_TOO_LARGE


class TooManyRequestsException(ClientException):
    """The client sent too many requests (429)."""

    status_code = HTTP_429_TOO_MANY_REQUESTS


class InternalServerException(HTTPException):
    """The server failed (500)."""

    status_code = HTTP_500_INTERNAL_SERVER_ERROR


class ServiceUnavailableException(InternalServerException):
    """The server cannot answer right now (503)."""

    status_code = HTTP_503_SERVICE_UNAVAILABLE


class NoRouteMatchFoundException(InternalServerException):
    """No route answers to the given name and parameters (raised by ``route_reverse``)."""


class TemplateNotFoundException(InternalServerException):
    """A template could not be found."""

    def __init__(self, *args: Any, template_name: str) -> None:
        super().__init__(*args, detail=f"Template {template_name} not found.")
