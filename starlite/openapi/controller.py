"""``OpenAPIController``: serves the app's schema (JSON and YAML) and its documentation pages.

Registered by the app at ``OpenAPIConfig.openapi_controller.path`` (``/schema``) when the app has an
``openapi_config``. Subclass it to change the path, the pages' asset URLs or their look.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlite.controller import Controller
from starlite.enums import MediaType, OpenAPIMediaType
from starlite.exceptions import ImproperlyConfiguredException, NotFoundException
from starlite.handlers.http import get
from starlite.response import Response

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import OpenAPI

    from starlite.connection import Request

__all__ = ("MSG_OPENAPI_NOT_INITIALIZED", "OpenAPIController")

MSG_OPENAPI_NOT_INITIALIZED = "Starlite has not been instantiated with OpenAPIConfig"


class OpenAPIController(Controller):
    """The controller serving the OpenAPI schema and the pages that display it.

    Attributes:
        path: Where the schema and its pages are served (``/schema``).
    """

    path: str = "/schema"

    def __init__(self, owner: Any) -> None:
        super().__init__(owner)
        # The rendered documents, keyed by the schema object they were rendered from: an app that
        # changes its schema (``register(..., add_to_openapi_schema=True)``) gets them rendered again.
        self._rendered: dict[str, tuple[int, bytes]] = {}

    @staticmethod
    def get_schema_from_request(request: Request[Any, Any]) -> OpenAPI:
        """The schema of the app serving ``request``.

        Raises:
            ImproperlyConfiguredException: When the app has no ``openapi_config``.
        """
        schema = request.app.openapi_schema
        if schema is None:
            raise ImproperlyConfiguredException(MSG_OPENAPI_NOT_INITIALIZED)
        return schema  # type: ignore[no-any-return]

    def should_serve_endpoint(self, request: Request[Any, Any]) -> bool:
        """Whether the page or document ``request`` asks for is among the config's enabled endpoints."""
        config = request.app.openapi_config
        prefix = "/" + self.path.strip("/")
        path = request.scope.get("path", "")
        root_path = request.scope.get("root_path", "")
        if root_path and path.startswith(root_path):
            path = path[len(root_path) :]
        name = path[len(prefix) :].strip("/") if path.startswith(prefix) else path.strip("/")
        if not name:
            name = config.root_schema_site
        return name in config.enabled_endpoints or (
            name == "openapi.yml" and "openapi.yaml" in config.enabled_endpoints
        )

    def _render(self, request: Request[Any, Any], kind: str) -> bytes:
        schema = self.get_schema_from_request(request)
        cached = self._rendered.get(kind)
        if cached is not None and cached[0] == id(schema):
            return cached[1]
        document = schema.model_dump(
            mode="json", by_alias=request.app.openapi_config.by_alias, exclude_none=True
        )
        if kind == "json":
            from starlite.utils.serialization import encode_json

            rendered = encode_json(document)
        else:
            import yaml

            rendered = yaml.dump(
                document, default_flow_style=False, sort_keys=False, allow_unicode=True
            ).encode()
        self._rendered[kind] = (id(schema), rendered)
        return rendered

    def _document(self, request: Request[Any, Any], kind: str, media_type: str) -> Response[bytes]:
        if not self.should_serve_endpoint(request):
            raise NotFoundException()
        return Response(content=self._render(request, kind), media_type=media_type)

    @get(
        path=["/openapi.yaml", "/openapi.yml"],
        media_type=OpenAPIMediaType.OPENAPI_YAML,
        include_in_schema=False,
    )
    def retrieve_schema_yaml(self, request: Request[Any, Any]) -> Response[bytes]:
        """The schema as YAML."""
        return self._document(request, "yaml", OpenAPIMediaType.OPENAPI_YAML.value)

    @get(path="/openapi.json", media_type=OpenAPIMediaType.OPENAPI_JSON, include_in_schema=False)
    def retrieve_schema_json(self, request: Request[Any, Any]) -> Response[bytes]:
        """The schema as JSON."""
        return self._document(request, "json", OpenAPIMediaType.OPENAPI_JSON.value)

    @get(path="/", media_type=MediaType.HTML, include_in_schema=False)
    def root(self, request: Request[Any, Any]) -> Response[bytes]:
        """The root page (``OpenAPIConfig.root_schema_site``); the pages arrive with the controller's work."""
        raise NotFoundException()
