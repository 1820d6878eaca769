"""Starlite: the Starlite 1.5x API on today's Python libraries.

Every public name is importable from here, as in Starlite 1.5x. Names load on first use (PEP 562),
so ``import starlite`` stays cheap and the test clients (which need httpx) load only when used.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from starlite.utils._lazy import lazy_exports

if TYPE_CHECKING:
    from starlite.app import Starlite as Starlite
    from starlite.config.allowed_hosts import AllowedHostsConfig as AllowedHostsConfig
    from starlite.config.cache import CacheConfig as CacheConfig
    from starlite.config.compression import CompressionConfig as CompressionConfig
    from starlite.config.cors import CORSConfig as CORSConfig
    from starlite.config.csrf import CSRFConfig as CSRFConfig
    from starlite.config.logging import BaseLoggingConfig as BaseLoggingConfig
    from starlite.config.logging import LoggingConfig as LoggingConfig
    from starlite.config.logging import StructLoggingConfig as StructLoggingConfig
    from starlite.config.openapi import OpenAPIConfig as OpenAPIConfig
    from starlite.config.static_files import StaticFilesConfig as StaticFilesConfig
    from starlite.config.template import TemplateConfig as TemplateConfig
    from starlite.connection import ASGIConnection as ASGIConnection
    from starlite.connection import Request as Request
    from starlite.connection import WebSocket as WebSocket
    from starlite.controller import Controller as Controller
    from starlite.datastructures import AbstractAsyncClassicPaginator as AbstractAsyncClassicPaginator
    from starlite.datastructures import AbstractAsyncCursorPaginator as AbstractAsyncCursorPaginator
    from starlite.datastructures import AbstractAsyncOffsetPaginator as AbstractAsyncOffsetPaginator
    from starlite.datastructures import AbstractSyncClassicPaginator as AbstractSyncClassicPaginator
    from starlite.datastructures import AbstractSyncCursorPaginator as AbstractSyncCursorPaginator
    from starlite.datastructures import AbstractSyncOffsetPaginator as AbstractSyncOffsetPaginator
    from starlite.datastructures import BackgroundTask as BackgroundTask
    from starlite.datastructures import BackgroundTasks as BackgroundTasks
    from starlite.datastructures import ClassicPagination as ClassicPagination
    from starlite.datastructures import Cookie as Cookie
    from starlite.datastructures import CursorPagination as CursorPagination
    from starlite.datastructures import File as File
    from starlite.datastructures import FormMultiDict as FormMultiDict
    from starlite.datastructures import ImmutableState as ImmutableState
    from starlite.datastructures import OffsetPagination as OffsetPagination
    from starlite.datastructures import Redirect as Redirect
    from starlite.datastructures import ResponseContainer as ResponseContainer
    from starlite.datastructures import ResponseHeader as ResponseHeader
    from starlite.datastructures import State as State
    from starlite.datastructures import Stream as Stream
    from starlite.datastructures import Template as Template
    from starlite.datastructures import UploadFile as UploadFile
    from starlite.dto import DTOFactory as DTOFactory
    from starlite.enums import HttpMethod as HttpMethod
    from starlite.enums import MediaType as MediaType
    from starlite.enums import OpenAPIMediaType as OpenAPIMediaType
    from starlite.enums import RequestEncodingType as RequestEncodingType
    from starlite.enums import ScopeType as ScopeType
    from starlite.exceptions import HTTPException as HTTPException
    from starlite.exceptions import ImproperlyConfiguredException as ImproperlyConfiguredException
    from starlite.exceptions import InternalServerException as InternalServerException
    from starlite.exceptions import MissingDependencyException as MissingDependencyException
    from starlite.exceptions import NoRouteMatchFoundException as NoRouteMatchFoundException
    from starlite.exceptions import NotAuthorizedException as NotAuthorizedException
    from starlite.exceptions import NotFoundException as NotFoundException
    from starlite.exceptions import PermissionDeniedException as PermissionDeniedException
    from starlite.exceptions import ServiceUnavailableException as ServiceUnavailableException
    from starlite.exceptions import StarLiteException as StarLiteException
    from starlite.exceptions import TooManyRequestsException as TooManyRequestsException
    from starlite.exceptions import ValidationException as ValidationException
    from starlite.exceptions import WebSocketException as WebSocketException
    from starlite.handlers import ASGIRouteHandler as ASGIRouteHandler
    from starlite.handlers import BaseRouteHandler as BaseRouteHandler
    from starlite.handlers import HTTPRouteHandler as HTTPRouteHandler
    from starlite.handlers import WebsocketRouteHandler as WebsocketRouteHandler
    from starlite.handlers import asgi as asgi
    from starlite.handlers import delete as delete
    from starlite.handlers import get as get
    from starlite.handlers import head as head
    from starlite.handlers import patch as patch
    from starlite.handlers import post as post
    from starlite.handlers import put as put
    from starlite.handlers import route as route
    from starlite.handlers import websocket as websocket
    from starlite.middleware import AbstractMiddleware as AbstractMiddleware
    from starlite.middleware import DefineMiddleware as DefineMiddleware
    from starlite.middleware import MiddlewareProtocol as MiddlewareProtocol
    from starlite.openapi.controller import OpenAPIController as OpenAPIController
    from starlite.openapi.datastructures import ResponseSpec as ResponseSpec
    from starlite.plugins import PluginProtocol as PluginProtocol
    from starlite.response import Response as Response
    from starlite.router import Router as Router
    from starlite.routes import ASGIRoute as ASGIRoute
    from starlite.routes import BaseRoute as BaseRoute
    from starlite.routes import HTTPRoute as HTTPRoute
    from starlite.routes import WebSocketRoute as WebSocketRoute
    from starlite.testing import AsyncTestClient as AsyncTestClient
    from starlite.testing import TestClient as TestClient
    from starlite.testing import create_test_client as create_test_client
    from starlite.types.partial import Partial as Partial

__version__ = "1.52.0.dev0"

_EXPORTS: dict[str, str] = {
    "AllowedHostsConfig": "starlite.config",
    "CORSConfig": "starlite.config",
    "CacheConfig": "starlite.config",
    "CSRFConfig": "starlite.config",
    "CompressionConfig": "starlite.config",
    "BaseLoggingConfig": "starlite.config",
    "LoggingConfig": "starlite.config",
    "StructLoggingConfig": "starlite.config",
    "ASGIConnection": "starlite.connection",
    "Request": "starlite.connection",
    "WebSocket": "starlite.connection",
    "ASGIRoute": "starlite.routes",
    "BaseRoute": "starlite.routes",
    "HTTPRoute": "starlite.routes",
    "WebSocketRoute": "starlite.routes",
    "ASGIRouteHandler": "starlite.handlers",
    "BaseRouteHandler": "starlite.handlers",
    "HTTPRouteHandler": "starlite.handlers",
    "WebsocketRouteHandler": "starlite.handlers",
    "asgi": "starlite.handlers",
    "delete": "starlite.handlers",
    "get": "starlite.handlers",
    "head": "starlite.handlers",
    "patch": "starlite.handlers",
    "post": "starlite.handlers",
    "put": "starlite.handlers",
    "route": "starlite.handlers",
    "websocket": "starlite.handlers",
    "AbstractMiddleware": "starlite.middleware",
    "AbstractAuthenticationMiddleware": "starlite.middleware.authentication",
    "AuthenticationResult": "starlite.middleware.authentication",
    "AbstractSecurityConfig": "starlite.security",
    "DefineMiddleware": "starlite.middleware",
    "MiddlewareProtocol": "starlite.middleware",
    "AbstractAsyncClassicPaginator": "starlite.datastructures",
    "AbstractAsyncCursorPaginator": "starlite.datastructures",
    "AbstractAsyncOffsetPaginator": "starlite.datastructures",
    "AbstractSyncClassicPaginator": "starlite.datastructures",
    "AbstractSyncCursorPaginator": "starlite.datastructures",
    "AbstractSyncOffsetPaginator": "starlite.datastructures",
    "ClassicPagination": "starlite.datastructures",
    "CursorPagination": "starlite.datastructures",
    "OffsetPagination": "starlite.datastructures",
    "BackgroundTask": "starlite.datastructures",
    "BackgroundTasks": "starlite.datastructures",
    "Cookie": "starlite.datastructures",
    "File": "starlite.datastructures",
    "FormMultiDict": "starlite.datastructures",
    "ImmutableState": "starlite.datastructures",
    "Redirect": "starlite.datastructures",
    "ResponseContainer": "starlite.datastructures",
    "ResponseHeader": "starlite.datastructures",
    "State": "starlite.datastructures",
    "Stream": "starlite.datastructures",
    "Template": "starlite.datastructures",
    "UploadFile": "starlite.datastructures",
    "Controller": "starlite.controller",
    "Provide": "starlite.datastructures",
    "Body": "starlite.params",
    "Dependency": "starlite.params",
    "Parameter": "starlite.params",
    "HTTPException": "starlite.exceptions",
    "ImproperlyConfiguredException": "starlite.exceptions",
    "InternalServerException": "starlite.exceptions",
    "MissingDependencyException": "starlite.exceptions",
    "NoRouteMatchFoundException": "starlite.exceptions",
    "NotAuthorizedException": "starlite.exceptions",
    "NotFoundException": "starlite.exceptions",
    "PermissionDeniedException": "starlite.exceptions",
    "ServiceUnavailableException": "starlite.exceptions",
    "StarLiteException": "starlite.exceptions",
    "TooManyRequestsException": "starlite.exceptions",
    "ValidationException": "starlite.exceptions",
    "WebSocketException": "starlite.exceptions",
    "HttpMethod": "starlite.enums",
    "MediaType": "starlite.enums",
    "OpenAPIConfig": "starlite.config.openapi",
    "StaticFilesConfig": "starlite.config.static_files",
    "TemplateConfig": "starlite.config.template",
    "OpenAPIController": "starlite.openapi.controller",
    "OpenAPIMediaType": "starlite.enums",
    "ResponseSpec": "starlite.openapi.datastructures",
    "RequestEncodingType": "starlite.enums",
    "ScopeType": "starlite.enums",
    "Response": "starlite.response",
    "Router": "starlite.router",
    "Starlite": "starlite.app",
    "Partial": "starlite.types.partial",
    "DTOFactory": "starlite.dto",
    "PluginProtocol": "starlite.plugins",
    "AsyncTestClient": "starlite.testing",
    "TestClient": "starlite.testing",
    "create_test_client": "starlite.testing",
}

__all__ = (
    "AbstractAuthenticationMiddleware",
    "AbstractAsyncClassicPaginator",
    "AbstractAsyncCursorPaginator",
    "AbstractAsyncOffsetPaginator",
    "AbstractMiddleware",
    "AbstractSecurityConfig",
    "AbstractSyncClassicPaginator",
    "AbstractSyncCursorPaginator",
    "AbstractSyncOffsetPaginator",
    "AllowedHostsConfig",
    "asgi",
    "ASGIConnection",
    "ASGIRoute",
    "ASGIRouteHandler",
    "AsyncTestClient",
    "AuthenticationResult",
    "BackgroundTask",
    "BackgroundTasks",
    "BaseLoggingConfig",
    "BaseRoute",
    "BaseRouteHandler",
    "Body",
    "CacheConfig",
    "ClassicPagination",
    "CompressionConfig",
    "Controller",
    "Cookie",
    "CORSConfig",
    "create_test_client",
    "CSRFConfig",
    "CursorPagination",
    "DefineMiddleware",
    "delete",
    "Dependency",
    "DTOFactory",
    "File",
    "FormMultiDict",
    "get",
    "head",
    "HTTPException",
    "HttpMethod",
    "HTTPRoute",
    "HTTPRouteHandler",
    "ImmutableState",
    "ImproperlyConfiguredException",
    "InternalServerException",
    "LoggingConfig",
    "MediaType",
    "MiddlewareProtocol",
    "MissingDependencyException",
    "NoRouteMatchFoundException",
    "NotAuthorizedException",
    "NotFoundException",
    "OffsetPagination",
    "OpenAPIConfig",
    "StaticFilesConfig",
    "TemplateConfig",
    "OpenAPIController",
    "OpenAPIMediaType",
    "ResponseSpec",
    "Parameter",
    "Partial",
    "patch",
    "PermissionDeniedException",
    "PluginProtocol",
    "post",
    "Provide",
    "put",
    "Redirect",
    "Request",
    "RequestEncodingType",
    "Response",
    "ResponseContainer",
    "ResponseHeader",
    "route",
    "Router",
    "ScopeType",
    "ServiceUnavailableException",
    "Starlite",
    "StarLiteException",
    "State",
    "StructLoggingConfig",
    "Stream",
    "Template",
    "TestClient",
    "TooManyRequestsException",
    "UploadFile",
    "ValidationException",
    "WebSocket",
    "websocket",
    "WebSocketException",
    "WebSocketRoute",
    "WebsocketRouteHandler",
)


# ``starlite.asgi`` is both a subpackage (the ASGI router, as in 1.5x) and the name of the ``asgi``
# handler decorator. Importing the subpackage binds the module to ``starlite.asgi``; import it now and
# drop that binding, so ``from starlite import asgi`` always gives the decorator.
import_module("starlite.asgi")
globals().pop("asgi", None)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
