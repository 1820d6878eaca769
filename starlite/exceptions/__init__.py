"""Every exception the framework raises, importable from one place."""

from starlite.exceptions.base_exceptions import (
    MissingDependencyException as MissingDependencyException,
)
from starlite.exceptions.base_exceptions import (
    SerializationException as SerializationException,
)
from starlite.exceptions.base_exceptions import (
    SessionTooLargeException as SessionTooLargeException,
)
from starlite.exceptions.base_exceptions import (
    StarLiteException as StarLiteException,
)
from starlite.exceptions.base_exceptions import (
    StarliteException as StarliteException,
)
from starlite.exceptions.http_exceptions import (
    ClientException as ClientException,
)
from starlite.exceptions.http_exceptions import (
    HTTPException as HTTPException,
)
from starlite.exceptions.http_exceptions import (
    ImproperlyConfiguredException as ImproperlyConfiguredException,
)
from starlite.exceptions.http_exceptions import (
    InternalServerException as InternalServerException,
)
from starlite.exceptions.http_exceptions import (
    MethodNotAllowedException as MethodNotAllowedException,
)
from starlite.exceptions.http_exceptions import (
    NoRouteMatchFoundException as NoRouteMatchFoundException,
)
from starlite.exceptions.http_exceptions import (
    NotAuthorizedException as NotAuthorizedException,
)
from starlite.exceptions.http_exceptions import (
    NotFoundException as NotFoundException,
)
from starlite.exceptions.http_exceptions import (
    PermissionDeniedException as PermissionDeniedException,
)
from starlite.exceptions.http_exceptions import (
    RequestEntityTooLarge as RequestEntityTooLarge,
)
from starlite.exceptions.http_exceptions import (
    ServiceUnavailableException as ServiceUnavailableException,
)
from starlite.exceptions.http_exceptions import (
    TemplateNotFoundException as TemplateNotFoundException,
)
from starlite.exceptions.http_exceptions import (
    TooManyRequestsException as TooManyRequestsException,
)
from starlite.exceptions.http_exceptions import (
    ValidationException as ValidationException,
)
from starlite.exceptions.websocket_exceptions import (
    WebSocketDisconnect as WebSocketDisconnect,
)
from starlite.exceptions.websocket_exceptions import (
    WebSocketException as WebSocketException,
)

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
    "SessionTooLargeException",
    "StarLiteException",
    "StarliteException",
    "TemplateNotFoundException",
    "TooManyRequestsException",
    "ValidationException",
    "WebSocketDisconnect",
    "WebSocketException",
)
