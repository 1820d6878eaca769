"""Every exception the framework raises, importable from one place."""

from starlite.exceptions.base_exceptions import (
    MissingDependencyException as MissingDependencyException,
    SerializationException as SerializationException,
    StarliteException as StarliteException,
)
from starlite.exceptions.http_exceptions import (
    ClientException as ClientException,
    HTTPException as HTTPException,
    ImproperlyConfiguredException as ImproperlyConfiguredException,
    InternalServerException as InternalServerException,
    MethodNotAllowedException as MethodNotAllowedException,
    NoRouteMatchFoundException as NoRouteMatchFoundException,
    NotAuthorizedException as NotAuthorizedException,
    NotFoundException as NotFoundException,
    PermissionDeniedException as PermissionDeniedException,
    RequestEntityTooLarge as RequestEntityTooLarge,
    ServiceUnavailableException as ServiceUnavailableException,
    TemplateNotFoundException as TemplateNotFoundException,
    TooManyRequestsException as TooManyRequestsException,
    ValidationException as ValidationException,
)
from starlite.exceptions.websocket_exceptions import (
    WebSocketDisconnect as WebSocketDisconnect,
    WebSocketException as WebSocketException,
)

StarLiteException = StarliteException
"""Alias kept for code written against early 1.x releases."""

__all__ = (
    "ClientException",
    "HTTPException",
    "ImproperlyConfiguredException",
    "InternalServerException",
    "MethodNotAllowedException",
    "MissingDependencyException",
    "NoRouteMatchFoundException",
    "NotAuthorizedException",
    "NotFoundException",
    "PermissionDeniedException",
    "RequestEntityTooLarge",
    "SerializationException",
    "ServiceUnavailableException",
    "StarLiteException",
    "StarliteException",
    "TemplateNotFoundException",
    "TooManyRequestsException",
    "ValidationException",
    "WebSocketDisconnect",
    "WebSocketException",
)
