"""The 1.5x import paths and top-level names that exist so far, locked."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import starlite

# Starlite 1.51.16's top-level ``__all__``.
STARLITE_1_51_ALL = {
    "ASGIConnection", "ASGIRoute", "ASGIRouteHandler", "AbstractAsyncClassicPaginator",
    "AbstractAsyncCursorPaginator", "AbstractAsyncOffsetPaginator", "AbstractAuthenticationMiddleware",
    "AbstractMiddleware", "AbstractSecurityConfig", "AbstractSyncClassicPaginator", "AbstractSyncCursorPaginator",
    "AbstractSyncOffsetPaginator", "AllowedHostsConfig", "AuthenticationResult", "BackgroundTask",
    "BackgroundTasks", "BaseLoggingConfig", "BaseRoute", "BaseRouteHandler", "Body", "CORSConfig", "CSRFConfig",
    "CacheConfig", "ClassicPagination", "CompressionConfig", "Controller", "Cookie", "CursorPagination",
    "DTOFactory", "DefineMiddleware", "Dependency", "File", "FormMultiDict", "HTTPException", "HTTPRoute",
    "HTTPRouteHandler", "HttpMethod", "ImmutableState", "ImproperlyConfiguredException", "InternalServerException",
    "LoggingConfig", "MediaType", "MiddlewareProtocol", "MissingDependencyException", "NoRouteMatchFoundException",
    "NotAuthorizedException", "NotFoundException", "OffsetPagination", "OpenAPIConfig", "OpenAPIController",
    "OpenAPIMediaType", "Parameter", "Partial", "PermissionDeniedException", "PluginProtocol", "Provide",
    "Redirect", "Request", "RequestEncodingType", "Response", "ResponseContainer", "ResponseHeader",
    "ResponseSpec", "Router", "ScopeType", "ServiceUnavailableException", "StarLiteException", "Starlite",
    "State", "StaticFilesConfig", "Stream", "StructLoggingConfig", "Template", "TemplateConfig", "TestClient",
    "AsyncTestClient", "TooManyRequestsException", "UploadFile", "ValidationException", "WebSocket",
    "WebSocketException", "WebSocketRoute", "WebsocketRouteHandler", "asgi", "create_test_client", "delete",
    "get", "head", "patch", "post", "put", "route", "websocket",
}  # fmt: skip

# Names that later issues bring (see ROADMAP.md); everything else must already be exported.
LATER = {"DTOFactory"}


def test_all_exports_the_1_5x_names_that_exist_so_far() -> None:
    assert set(starlite.__all__) == STARLITE_1_51_ALL - LATER


@pytest.mark.parametrize("name", sorted(STARLITE_1_51_ALL - LATER))
def test_every_exported_name_resolves(name: str) -> None:
    assert getattr(starlite, name) is not None


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError):
        starlite.NoSuchThing  # noqa: B018


@pytest.mark.parametrize(
    ("module", "names"),
    [
        ("starlite.status_codes", ["HTTP_200_OK", "HTTP_404_NOT_FOUND", "WS_1000_NORMAL_CLOSURE"]),
        (
            "starlite.testing",
            [
                "TestClient",
                "AsyncTestClient",
                "create_test_client",
                "create_async_test_client",
                "RequestFactory",
                "BaseTestClient",
                "TestClientTransport",
                "ConnectionUpgradeException",
                "SendReceiveContext",
            ],
        ),
        ("starlite.testing.request_factory", ["RequestFactory"]),
        ("starlite.testing.client.sync_client", ["TestClient"]),
        ("starlite.testing.client.async_client", ["AsyncTestClient"]),
        ("starlite.testing.websocket_test_session", ["WebSocketTestSession"]),
        ("starlite.enums", ["MediaType", "HttpMethod", "ScopeType", "RequestEncodingType"]),
        ("starlite.exceptions", ["HTTPException", "WebSocketDisconnect", "MethodNotAllowedException"]),
        (
            "starlite.datastructures",
            ["State", "ImmutableState", "Cookie", "File", "Stream", "Redirect", "ETag"],
        ),
        ("starlite.datastructures.state", ["State", "ImmutableState"]),
        ("starlite.response", ["Response", "FileResponse", "RedirectResponse", "StreamingResponse"]),
        (
            "starlite.handlers",
            ["get", "post", "put", "patch", "delete", "head", "route", "websocket", "asgi"],
        ),
        ("starlite.handlers.http", ["HTTPRouteHandler"]),
        ("starlite.controller", ["Controller"]),
        ("starlite.router", ["Router"]),
        ("starlite.routes", ["HTTPRoute", "WebSocketRoute", "ASGIRoute"]),
        ("starlite.connection", ["Request", "WebSocket", "ASGIConnection", "empty_receive", "empty_send"]),
        ("starlite.middleware", ["DefineMiddleware", "AbstractMiddleware", "MiddlewareProtocol"]),
        ("starlite.app", ["Starlite"]),
        ("starlite.types", ["Scope", "Receive", "Send", "ASGIApp"]),
    ],
)
def test_1_5x_import_paths(module: str, names: list[str]) -> None:
    imported = importlib.import_module(module)
    for name in names:
        assert hasattr(imported, name), f"{module}.{name}"


def test_import_starlite_does_not_load_the_test_clients() -> None:
    code = "import sys, starlite; print('httpx' in sys.modules, 'starlite.testing' in sys.modules)"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.split() == ["False", "False"]
