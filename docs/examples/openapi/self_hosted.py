"""Pages that load their JavaScript and CSS from your own server instead of the public CDNs."""

from starlite import OpenAPIConfig, Starlite, get
from starlite.openapi.controller import OpenAPIController
from starlite.testing import TestClient


class DocsController(OpenAPIController):
    path = "/docs"  # the pages at /docs, /docs/redoc ... and the documents at /docs/openapi.json
    favicon_url = "/static/favicon.ico"
    # Files from the npm packages redoc, swagger-ui-dist and @stoplight/elements, served by you.
    redoc_js_url = "/static/redoc.standalone.js"
    redoc_google_fonts = False  # no request to fonts.googleapis.com either
    swagger_css_url = "/static/swagger-ui.css"
    swagger_ui_bundle_js_url = "/static/swagger-ui-bundle.js"
    swagger_ui_standalone_preset_js_url = "/static/swagger-ui-standalone-preset.js"
    stoplight_elements_css_url = "/static/elements/styles.min.css"
    stoplight_elements_js_url = "/static/elements/web-components.min.js"


@get("/books")
def list_books() -> list[str]:
    return ["Dune"]


app = Starlite(
    route_handlers=[list_books],
    openapi_config=OpenAPIConfig(title="Library", version="1.0.0", openapi_controller=DocsController),
)


def test_the_pages_point_at_the_local_files() -> None:
    with TestClient(app=app) as client:
        redoc = client.get("/docs").text
        swagger = client.get("/docs/swagger").text
        elements = client.get("/docs/elements").text
        assert client.get("/docs/openapi.json").json()["info"]["title"] == "Library"
        assert client.get("/schema").status_code == 404
    assert '<script src="/static/redoc.standalone.js" crossorigin></script>' in redoc
    assert "<link rel='icon' type='image/x-icon' href='/static/favicon.ico'>" in redoc
    assert '<link href="/static/swagger-ui.css" rel="stylesheet">' in swagger
    assert 'apiDescriptionUrl="/docs/openapi.json"' in elements
    assert not [page for page in (redoc, swagger, elements) if "https://" in page]
