"""``OpenAPIController``: serves the app's schema (JSON and YAML) and the pages that display it.

Registered by the app at ``OpenAPIConfig.openapi_controller.path`` (``/schema``) when the app has an
``openapi_config``. Subclass it to move it (``path``), to load the pages' JavaScript and CSS from
elsewhere than the public CDNs (the ``*_url`` attributes), or to change a page (the ``render_*``
methods).

Every document is rendered once per schema: the JSON and YAML bodies, and the script-safe copies the
pages embed, are kept until the app's schema changes (``register(..., add_to_openapi_schema=True)`` or
``update_openapi_schema()`` give it a new schema object).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from starlite.controller import Controller
from starlite.enums import MediaType, OpenAPIMediaType
from starlite.exceptions import ImproperlyConfiguredException, NotFoundException
from starlite.handlers.http import get
from starlite.response import Response
from starlite.status_codes import HTTP_404_NOT_FOUND
from starlite.utils.serialization import encode_json

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import OpenAPI

    from starlite.connection import Request

__all__ = ("MSG_OPENAPI_NOT_INITIALIZED", "OpenAPIController", "OpenAPISchemaResponse")

MSG_OPENAPI_NOT_INITIALIZED = "Starlite has not been instantiated with OpenAPIConfig"

SchemaSite = Literal["redoc", "swagger", "elements"]

# What a JSON text must not carry inside an HTML <script>: "<" (which would let "</script>" or "<!--"
# out of the string), ">" and "&" for good measure, and the two line separators older engines
# refused in string literals. Each is replaced by its JSON escape, which parses to the same value.
_SCRIPT_UNSAFE = ((b"<", b"\\u003c"), (b">", b"\\u003e"), (b"&", b"\\u0026"))
_SCRIPT_UNSAFE_SEPARATORS = (("\u2028".encode(), b"\\u2028"), ("\u2029".encode(), b"\\u2029"))

# Swagger UI 4 refuses a document whose ``openapi`` is 3.1; 1.5x labelled the copy it gave Swagger UI
# as 3.0.3 (the rest of the document is unchanged), and so does this controller.
SWAGGER_OPENAPI_VERSION = "3.0.3"


# The default asset URLs by the version attribute they are made from. A subclass that sets a version
# and not the URLs gets URLs of that version (1.5x's URLs kept the base class's version).
_CDN_URLS = {
    "redoc_version": {
        "redoc_js_url": "https://cdn.jsdelivr.net/npm/redoc@{}/bundles/redoc.standalone.js",
    },
    "swagger_ui_version": {
        "swagger_css_url": "https://cdn.jsdelivr.net/npm/swagger-ui-dist@{}/swagger-ui.css",
        "swagger_ui_bundle_js_url": "https://cdn.jsdelivr.net/npm/swagger-ui-dist@{}/swagger-ui-bundle.js",
        "swagger_ui_standalone_preset_js_url": (
            "https://cdn.jsdelivr.net/npm/swagger-ui-dist@{}/swagger-ui-standalone-preset.js"
        ),
    },
    "stoplight_elements_version": {
        "stoplight_elements_css_url": "https://unpkg.com/@stoplight/elements@{}/styles.min.css",
        "stoplight_elements_js_url": "https://unpkg.com/@stoplight/elements@{}/web-components.min.js",
    },
}


def _script_safe(json_text: bytes) -> str:
    for unsafe, escaped in _SCRIPT_UNSAFE + _SCRIPT_UNSAFE_SEPARATORS:
        json_text = json_text.replace(unsafe, escaped)
    return json_text.decode()


def _attribute(value: str) -> str:
    """``value`` escaped for a double- or single-quoted HTML attribute."""
    return html.escape(value, quote=True)


def dump_yaml(document: dict[str, Any]) -> bytes:
    """``document`` (JSON values) as a YAML document, keys in their order, as ``openapi.yaml`` serves it.

    Args:
        document: The schema as JSON values (``dump_document``).
    """
    import yaml

    # The C dumper when PyYAML was built with libyaml: several times faster on a large schema. The
    # document holds JSON values only, so the safe dumpers suffice.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    rendered: str = yaml.dump(
        document, Dumper=dumper, default_flow_style=False, sort_keys=False, allow_unicode=True
    )
    return rendered.encode()


def dump_document(schema: OpenAPI) -> dict[str, Any]:
    """``schema`` as the JSON values of the document the app serves.

    Args:
        schema: The app's schema.
    """
    # Always by alias: the aliases are OpenAPI's own spellings ("in", "$ref", "schema"). The config's
    # ``by_alias`` is about the app's models (their fields' aliases in the component schemas), as in
    # 1.5x, whose documents were always rendered by alias too.
    document: dict[str, Any] = schema.model_dump(mode="json", by_alias=True, exclude_none=True)
    return document


class OpenAPISchemaResponse(Response[Any]):
    """A response rendering an ``OpenAPI`` schema as YAML or JSON, by its media type.

    The controller's own handlers send bodies it rendered once and kept; this class is for handlers
    that send a schema object themselves.
    """

    def render(self, content: Any) -> bytes:
        """Render ``content``, an ``openapi_pydantic`` ``OpenAPI``, as YAML or JSON.

        Args:
            content: The schema (``bytes`` are sent as they are).

        Returns:
            The rendered document.
        """
        if isinstance(content, bytes):
            return content
        document = dump_document(content)
        if self.media_type == OpenAPIMediaType.OPENAPI_YAML.value:
            return dump_yaml(document)
        return encode_json(document)


class OpenAPIController(Controller):
    """The controller serving the OpenAPI schema and the pages that display it.

    The pages load their JavaScript and CSS from the URLs below (public CDNs by default); override them
    on a subclass to serve the files yourself (an intranet, no internet access), and pass the subclass
    as ``OpenAPIConfig(openapi_controller=...)``.

    Attributes:
        path: Where the schema and its pages are served (``/schema``).
        style: CSS added to every page.
        redoc_version: The Redoc version of the default ``redoc_js_url``.
        swagger_ui_version: The Swagger UI version of the default Swagger UI URLs.
        stoplight_elements_version: The Stoplight Elements version of the default Elements URLs.
        favicon_url: A favicon for the pages (none when empty).
        redoc_google_fonts: Load Redoc's fonts from Google Fonts (set it to ``False`` when not using a
            CDN).
        redoc_js_url: Redoc's standalone bundle.
        swagger_css_url: Swagger UI's CSS.
        swagger_ui_bundle_js_url: Swagger UI's bundle.
        swagger_ui_standalone_preset_js_url: Swagger UI's standalone preset.
        stoplight_elements_css_url: Stoplight Elements' CSS.
        stoplight_elements_js_url: Stoplight Elements' web components.
    """

    path: str = "/schema"
    style: str = "body { margin: 0; padding: 0 }"
    redoc_version: str = "next"
    swagger_ui_version: str = "4.15.5"
    stoplight_elements_version: str = "7.7.5"
    favicon_url: str = ""
    redoc_google_fonts: bool = True
    redoc_js_url: str = f"https://cdn.jsdelivr.net/npm/redoc@{redoc_version}/bundles/redoc.standalone.js"
    swagger_css_url: str = f"https://cdn.jsdelivr.net/npm/swagger-ui-dist@{swagger_ui_version}/swagger-ui.css"
    swagger_ui_bundle_js_url: str = (
        f"https://cdn.jsdelivr.net/npm/swagger-ui-dist@{swagger_ui_version}/swagger-ui-bundle.js"
    )
    swagger_ui_standalone_preset_js_url: str = (
        f"https://cdn.jsdelivr.net/npm/swagger-ui-dist@{swagger_ui_version}/swagger-ui-standalone-preset.js"
    )
    stoplight_elements_css_url: str = (
        f"https://unpkg.com/@stoplight/elements@{stoplight_elements_version}/styles.min.css"
    )
    stoplight_elements_js_url: str = (
        f"https://unpkg.com/@stoplight/elements@{stoplight_elements_version}/web-components.min.js"
    )

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for version_attribute, urls in _CDN_URLS.items():
            if version_attribute not in cls.__dict__:
                continue
            for url_attribute, template in urls.items():
                # Only a URL still on a CDN default follows the version; one set anywhere is kept.
                current = getattr(cls, url_attribute)
                defaults = {template.format(getattr(base, version_attribute, "")) for base in cls.__mro__[1:]}
                if url_attribute not in cls.__dict__ and current in defaults:
                    setattr(cls, url_attribute, template.format(getattr(cls, version_attribute)))

    def __init__(self, owner: Any) -> None:
        super().__init__(owner)
        # Rendered documents by kind ("json", "yaml", "redoc", "swagger"...), each with the schema object it
        # was rendered from: a new schema object (the app's schema changed) renders them again.
        self._rendered: dict[str, tuple[OpenAPI, Any]] = {}

    @staticmethod
    def get_schema_from_request(request: Request[Any, Any]) -> OpenAPI:
        """The schema of the app serving ``request``.

        Args:
            request: The request.

        Returns:
            The app's ``openapi_pydantic`` ``OpenAPI``.

        Raises:
            ImproperlyConfiguredException: When the app has no ``openapi_config``.
        """
        schema = request.app.openapi_schema
        if schema is None:
            raise ImproperlyConfiguredException(MSG_OPENAPI_NOT_INITIALIZED)
        return schema  # type: ignore[no-any-return]

    def should_serve_endpoint(self, request: Request[Any, Any]) -> bool:
        """Whether the page or document ``request`` asks for is among the config's ``enabled_endpoints``.

        The controller's root stands for ``OpenAPIConfig.root_schema_site``; ``openapi.yml`` is served
        when ``openapi.yaml`` (or ``openapi.yml`` itself) is enabled.

        Args:
            request: The request.

        Returns:
            Whether to serve it (else the handler answers 404).

        Raises:
            ImproperlyConfiguredException: When the app has no ``openapi_config``.
        """
        config = request.app.openapi_config
        if config is None:
            raise ImproperlyConfiguredException(MSG_OPENAPI_NOT_INITIALIZED)
        prefix = "/" + self.path.strip("/")
        path = request.scope.get("path", "")
        root_path = request.scope.get("root_path", "").rstrip("/")
        # Servers that follow the current ASGI text put root_path in path too; others leave it out.
        if root_path and path.startswith(root_path + "/"):
            path = path[len(root_path) :]
        name = path[len(prefix) :].strip("/") if path.startswith(prefix) else path.strip("/")
        if not name:
            name = config.root_schema_site
        if name == "openapi.yml" and name not in config.enabled_endpoints:
            name = "openapi.yaml"
        return name in config.enabled_endpoints

    @property
    def favicon(self) -> str:
        """The pages' favicon ``<link>`` (a bare ``<meta/>`` when ``favicon_url`` is empty)."""
        if not self.favicon_url:
            return "<meta/>"
        return f"<link rel='icon' type='image/x-icon' href='{_attribute(self.favicon_url)}'>"

    @cached_property
    def render_methods_map(self) -> dict[SchemaSite, Callable[[Request[Any, Any]], str]]:
        """The page renderers by ``root_schema_site`` name."""
        return {
            "redoc": self.render_redoc,
            "swagger": self.render_swagger_ui,
            "elements": self.render_stoplight_elements,
        }

    # The rendered documents, each made once per schema.

    def _cached(self, request: Request[Any, Any], kind: str) -> Any:
        schema = self.get_schema_from_request(request)
        cached = self._rendered.get(kind)
        if cached is not None and cached[0] is schema:
            return cached[1]
        value: Any
        if kind == "document":
            value = dump_document(schema)
        elif kind == "json":
            value = encode_json(self._cached(request, "document"))
        elif kind == "yaml":
            value = dump_yaml(self._cached(request, "document"))
        elif kind == "redoc":
            value = _script_safe(self._cached(request, "json"))
        elif kind == "elements":
            value = _attribute(self._cached(request, "json").decode())
        else:  # "swagger"
            document = {**self._cached(request, "document"), "openapi": SWAGGER_OPENAPI_VERSION}
            value = _script_safe(encode_json(document))
        self._rendered[kind] = (schema, value)
        return value

    def _document(self, request: Request[Any, Any], kind: str, media_type: str) -> Response[bytes]:
        if not self.should_serve_endpoint(request):
            raise NotFoundException(detail=f"{request.url.path} is not among the enabled OpenAPI endpoints")
        return Response(content=self._cached(request, kind), media_type=media_type)

    def _page(self, request: Request[Any, Any], site: SchemaSite) -> Response[str]:
        if not self.should_serve_endpoint(request):
            return Response(
                content=self.render_404_page(), status_code=HTTP_404_NOT_FOUND, media_type=MediaType.HTML
            )
        return Response(content=self.render_methods_map[site](request), media_type=MediaType.HTML)

    # The handlers.

    @get(
        path=["/openapi.yaml", "/openapi.yml"],
        media_type=OpenAPIMediaType.OPENAPI_YAML,
        include_in_schema=False,
    )
    def retrieve_schema_yaml(self, request: Request[Any, Any]) -> Response[bytes]:
        """The schema as YAML (``application/vnd.oai.openapi``)."""
        return self._document(request, "yaml", OpenAPIMediaType.OPENAPI_YAML.value)

    @get(path="/openapi.json", media_type=OpenAPIMediaType.OPENAPI_JSON, include_in_schema=False)
    def retrieve_schema_json(self, request: Request[Any, Any]) -> Response[bytes]:
        """The schema as JSON (``application/vnd.oai.openapi+json``)."""
        return self._document(request, "json", OpenAPIMediaType.OPENAPI_JSON.value)

    @get(path="/", media_type=MediaType.HTML, include_in_schema=False)
    def root(self, request: Request[Any, Any]) -> Response[str]:
        """The page ``OpenAPIConfig.root_schema_site`` names (Redoc by default)."""
        return self._page(request, request.app.openapi_config.root_schema_site)

    @get(path="/swagger", media_type=MediaType.HTML, include_in_schema=False)
    def swagger_ui(self, request: Request[Any, Any]) -> Response[str]:
        """The Swagger UI page."""
        return self._page(request, "swagger")

    @get(path="/elements", media_type=MediaType.HTML, include_in_schema=False)
    def stoplight_elements(self, request: Request[Any, Any]) -> Response[str]:
        """The Stoplight Elements page."""
        return self._page(request, "elements")

    @get(path="/redoc", media_type=MediaType.HTML, include_in_schema=False)
    def redoc(self, request: Request[Any, Any]) -> Response[str]:
        """The Redoc page."""
        return self._page(request, "redoc")

    # The pages. Override one to change its template; what comes from the schema or from the
    # attributes above is escaped for where it goes.

    def _head(self, request: Request[Any, Any], links: str) -> str:
        title = html.escape(self.get_schema_from_request(request).info.title)
        # "</" would close the <style> element early; "<\/" means the same to a CSS parser.
        style = self.style.replace("</", "<\\/")
        return (
            "<head>\n"
            f"<title>{title}</title>\n"
            f"{self.favicon}\n"
            '<meta charset="utf-8"/>\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"{links}"
            f"<style>{style}</style>\n"
            "</head>\n"
        )

    def render_swagger_ui(self, request: Request[Any, Any]) -> str:
        """The Swagger UI page, with the schema embedded.

        Args:
            request: The request.

        Returns:
            The page's HTML.
        """
        links = (
            f'<link href="{_attribute(self.swagger_css_url)}" rel="stylesheet">\n'
            f'<script src="{_attribute(self.swagger_ui_bundle_js_url)}" crossorigin></script>\n'
            f'<script src="{_attribute(self.swagger_ui_standalone_preset_js_url)}" crossorigin></script>\n'
        )
        spec = self._cached(request, "swagger")
        return (
            "<!DOCTYPE html>\n<html>\n"
            f"{self._head(request, links)}"
            "<body>\n"
            "<div id='swagger-container'></div>\n"
            '<script type="text/javascript">\n'
            "const ui = SwaggerUIBundle({\n"
            f"  spec: {spec},\n"
            "  dom_id: '#swagger-container',\n"
            "  deepLinking: true,\n"
            "  showExtensions: true,\n"
            "  showCommonExtensions: true,\n"
            "  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],\n"
            "})\n"
            "</script>\n"
            "</body>\n</html>\n"
        )

    def render_stoplight_elements(self, request: Request[Any, Any]) -> str:
        """The Stoplight Elements page.

        Elements reads the schema from the controller's ``openapi.json`` (under the ASGI ``root_path``);
        when that document is not among the enabled endpoints, the page holds the schema itself.

        Args:
            request: The request.

        Returns:
            The page's HTML.
        """
        links = (
            f'<link rel="stylesheet" href="{_attribute(self.stoplight_elements_css_url)}">\n'
            f'<script src="{_attribute(self.stoplight_elements_js_url)}" crossorigin></script>\n'
        )
        if "openapi.json" in request.app.openapi_config.enabled_endpoints:
            root_path = request.scope.get("root_path", "").rstrip("/")
            document_url = f"{root_path}/{self.path.strip('/')}/openapi.json".replace("//", "/")
            source = f'apiDescriptionUrl="{_attribute(document_url)}"'
        else:
            source = f'apiDescriptionDocument="{self._cached(request, "elements")}"'
        return (
            "<!DOCTYPE html>\n<html>\n"
            f"{self._head(request, links)}"
            "<body>\n"
            f'<elements-api {source} router="hash" layout="sidebar"></elements-api>\n'
            "</body>\n</html>\n"
        )

    def render_redoc(self, request: Request[Any, Any]) -> str:
        """The Redoc page, with the schema embedded.

        Args:
            request: The request.

        Returns:
            The page's HTML.
        """
        links = ""
        if self.redoc_google_fonts:
            links += (
                '<link href="https://fonts.googleapis.com/css?family=Montserrat:300,400,700|Roboto:300,400,700"'
                ' rel="stylesheet">\n'
            )
        links += f'<script src="{_attribute(self.redoc_js_url)}" crossorigin></script>\n'
        spec = self._cached(request, "redoc")
        return (
            "<!DOCTYPE html>\n<html>\n"
            f"{self._head(request, links)}"
            "<body>\n"
            "<div id='redoc-container'></div>\n"
            '<script type="text/javascript">\n'
            f"Redoc.init({spec}, undefined, document.getElementById('redoc-container'))\n"
            "</script>\n"
            "</body>\n</html>\n"
        )

    def render_404_page(self) -> str:
        """The HTML page of a page that is not among the config's ``enabled_endpoints``.

        Returns:
            The page's HTML.
        """
        style = self.style.replace("</", "<\\/")
        return (
            "<!DOCTYPE html>\n<html>\n<head>\n"
            "<title>404 Not found</title>\n"
            f"{self.favicon}\n"
            '<meta charset="utf-8"/>\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<style>{style}</style>\n"
            "</head>\n<body>\n<h1>Error 404</h1>\n</body>\n</html>\n"
        )
