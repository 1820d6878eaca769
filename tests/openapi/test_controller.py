"""``OpenAPIController``: the schema documents and the pages at ``/schema``, as a user reaches them."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

import starlite.openapi.controller as controller_module
from starlite import OpenAPIConfig, Starlite, get
from starlite.connection import Request
from starlite.enums import OpenAPIMediaType
from starlite.openapi.controller import OpenAPIController, OpenAPISchemaResponse
from starlite.testing import TestClient, create_test_client


@get("/pets", summary="List the pets")
def get_pet() -> list[str]:
    """The pets."""
    return ["Rex"]


def config(**options: Any) -> OpenAPIConfig:
    return OpenAPIConfig(title="Pet shop", version="1.0.0", **options)


def client_for(**options: Any) -> TestClient[Starlite]:
    root_path = options.pop("root_path", "")
    return create_test_client([get_pet], openapi_config=config(**options), root_path=root_path)


def embedded_spec(page: str, before: str) -> dict[str, Any]:
    """The schema a page embeds as a JavaScript object literal, right after ``before``."""
    start = page.index(before) + len(before)
    spec, _ = json.JSONDecoder().raw_decode(page[start:].lstrip())
    assert isinstance(spec, dict)
    return spec


def test_documents_json_and_yaml() -> None:
    with client_for() as client:
        response = client.get("/schema/openapi.json")
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/vnd.oai.openapi+json"
        document = response.json()
        validate(document)
        assert document["info"] == {"title": "Pet shop", "version": "1.0.0"}
        assert document["openapi"] == "3.1.0"
        assert document["paths"]["/pets"]["get"]["summary"] == "List the pets"
        # The controller documents nothing of its own.
        assert not [path for path in document["paths"] if path.startswith("/schema")]
        for path in ("/schema/openapi.yaml", "/schema/openapi.yml"):
            response = client.get(path)
            assert response.status_code == 200
            assert response.headers["content-type"] == "application/vnd.oai.openapi"
            assert response.text.startswith("openapi: 3.1.0\ninfo:\n  title: Pet shop\n")
            assert yaml.safe_load(response.text) == document


@pytest.mark.parametrize(
    ("page", "marker"),
    [
        ("redoc", "Redoc.init("),
        ("swagger", "SwaggerUIBundle({"),
        ("elements", "<elements-api "),
    ],
)
def test_each_page_and_the_root(page: str, marker: str) -> None:
    with client_for(root_schema_site=page) as client:
        for path in (f"/schema/{page}", f"/schema/{page}/", "/schema", "/schema/"):
            response = client.get(path)
            assert response.status_code == 200, path
            assert response.headers["content-type"] == "text/html; charset=utf-8"
            assert marker in response.text, path
            assert "<title>Pet shop</title>" in response.text


def test_redoc_is_the_default_root_page() -> None:
    with client_for() as client:
        assert "Redoc.init(" in client.get("/schema").text


def test_pages_embed_the_schema_swagger_ui_as_3_0_3() -> None:
    with client_for() as client:
        redoc = embedded_spec(client.get("/schema/redoc").text, "Redoc.init(")
        swagger = embedded_spec(client.get("/schema/swagger").text, "spec:")
        document = client.get("/schema/openapi.json").json()
    assert redoc == document
    # Swagger UI 4 refuses 3.1 documents: its copy says 3.0.3, as in 1.5x, and is otherwise the same.
    assert swagger == {**document, "openapi": "3.0.3"}
    validate(document)


def test_elements_reads_the_json_document_under_root_path() -> None:
    with client_for() as client:
        assert 'apiDescriptionUrl="/schema/openapi.json"' in client.get("/schema/elements").text
    for root_path in ("/part1", "/part1/part2/"):
        with client_for(root_path=root_path) as client:
            for page in ("", "/redoc", "/swagger", "/elements"):
                assert client.get(f"/schema{page}").status_code == 200, (root_path, page)
            expected = f'apiDescriptionUrl="{root_path.rstrip("/")}/schema/openapi.json"'
            assert expected in client.get("/schema/elements").text


def test_elements_holds_the_schema_when_openapi_json_is_disabled() -> None:
    with client_for(enabled_endpoints={"elements"}) as client:
        page = client.get("/schema/elements").text
        assert client.get("/schema/openapi.json").status_code == 404
    assert "apiDescriptionUrl" not in page
    found = re.search(r'<elements-api apiDescriptionDocument="([^"]*)" router="hash" layout="sidebar">', page)
    assert found is not None
    document = json.loads(html.unescape(found.group(1)))
    validate(document)
    assert document["paths"]["/pets"]["get"]["summary"] == "List the pets"


def test_should_serve_endpoint_with_root_path_in_the_path() -> None:
    # Servers following the current ASGI text (uvicorn 0.26 and later) put root_path in path too.
    app = Starlite([get_pet], openapi_config=config(enabled_endpoints={"swagger", "openapi.json"}))
    controller = OpenAPIController(owner=app)
    for path, served in [
        ("/api/schema/swagger", True),
        ("/api/schema/openapi.json", True),
        ("/api/schema", False),  # redoc, the root page, is not enabled
        ("/api/schema/redoc", False),
        ("/schema/swagger", True),
    ]:
        for root_path in ("/api", "/api/"):
            scope = {"type": "http", "path": path, "root_path": root_path, "app": app}
            request: Request[Any, Any] = Request(scope)
            assert controller.should_serve_endpoint(request) is served, (path, root_path)


@pytest.mark.parametrize("page", ["redoc", "swagger", "elements"])
def test_a_disabled_page_answers_the_404_page(page: str) -> None:
    enabled = {"redoc", "swagger", "elements", "openapi.json", "openapi.yaml"} - {page}
    with client_for(enabled_endpoints=enabled, root_schema_site=page) as client:
        for path in (f"/schema/{page}", "/schema"):
            response = client.get(path)
            assert response.status_code == 404, path
            assert response.headers["content-type"] == "text/html; charset=utf-8"
            assert "<h1>Error 404</h1>" in response.text
        others = sorted(enabled - {"openapi.json", "openapi.yaml"})
        assert [client.get(f"/schema/{other}").status_code for other in others] == [200, 200]


def test_a_disabled_document_answers_404_naming_it() -> None:
    with client_for(enabled_endpoints={"redoc"}) as client:
        for path in ("/schema/openapi.json", "/schema/openapi.yaml", "/schema/openapi.yml"):
            response = client.get(path)
            assert response.status_code == 404
            assert response.json() == {
                "status_code": 404,
                "detail": f"{path} is not among the enabled OpenAPI endpoints",
            }
        assert client.get("/schema/redoc").status_code == 200
    with client_for(enabled_endpoints={"openapi.yml"}) as client:
        assert client.get("/schema/openapi.yml").status_code == 200
        assert client.get("/schema/openapi.yaml").status_code == 404


@get("/pets/search")
def find_pet(name: str) -> str:
    """A pet by name."""
    return name


@pytest.mark.parametrize("by_alias", [True, False])
def test_documents_use_openapi_spellings_whatever_by_alias(by_alias: bool) -> None:
    # by_alias is about the app's models (their fields' aliases), not about OpenAPI's own names.
    app = Starlite([find_pet], openapi_config=config(by_alias=by_alias))
    with TestClient(app) as client:
        document = client.get("/schema/openapi.json").json()
        as_yaml = yaml.safe_load(client.get("/schema/openapi.yaml").text)
    validate(document)
    parameter = document["paths"]["/pets/search"]["get"]["parameters"][0]
    assert (parameter["name"], parameter["in"], parameter["schema"]) == ("name", "query", {"type": "string"})
    assert "param_in" not in parameter and "param_schema" not in parameter
    assert as_yaml == document


def test_no_openapi_config_no_schema_routes() -> None:
    with create_test_client([get_pet]) as client:
        assert client.get("/schema").status_code == 404
        assert client.get("/schema/openapi.json").status_code == 404


def test_documents_rendered_once_per_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    dumps: list[int] = []
    dump = controller_module.dump_document

    def counting(schema: Any) -> dict[str, Any]:
        dumps.append(1)
        return dump(schema)

    monkeypatch.setattr(controller_module, "dump_document", counting)
    with client_for() as client:
        for _ in range(3):
            for path in ("openapi.json", "openapi.yaml", "redoc", "swagger", "elements"):
                assert client.get(f"/schema/{path}").status_code == 200
        assert len(dumps) == 1
        first = client.get("/schema/openapi.json").content

        @get("/owners")
        def list_owners() -> list[str]:
            return []

        client.app.register(list_owners, add_to_openapi_schema=True)
        document = client.get("/schema/openapi.json").json()
        assert len(dumps) == 2
        assert sorted(document["paths"]) == ["/owners", "/pets"]
        assert "/owners" in client.get("/schema/redoc").text
        assert "/owners" not in first.decode()
        validate(document)


def test_default_asset_urls_are_1_5x_cdns() -> None:
    with client_for() as client:
        redoc = client.get("/schema/redoc").text
        swagger = client.get("/schema/swagger").text
        elements = client.get("/schema/elements").text
    assert (
        '<script src="https://cdn.jsdelivr.net/npm/redoc@next/bundles/redoc.standalone.js" crossorigin>'
        in redoc
    )
    assert "https://fonts.googleapis.com/css?family=Montserrat:300,400,700|Roboto:300,400,700" in redoc
    for asset in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"):
        assert f"https://cdn.jsdelivr.net/npm/swagger-ui-dist@4.15.5/{asset}" in swagger
    for asset in ("styles.min.css", "web-components.min.js"):
        assert f"https://unpkg.com/@stoplight/elements@7.7.5/{asset}" in elements
    assert "<meta/>" in redoc  # no favicon


def test_a_subclass_setting_a_version_gets_its_cdn_urls() -> None:
    class Swagger5(OpenAPIController):
        swagger_ui_version = "5.17.14"

    class OwnRedoc(Swagger5):
        redoc_version = "2.1.5"
        redoc_js_url = "/static/redoc.js"  # set explicitly: kept

    assert Swagger5.swagger_css_url == "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.17.14/swagger-ui.css"
    assert Swagger5.swagger_ui_bundle_js_url.endswith("swagger-ui-dist@5.17.14/swagger-ui-bundle.js")
    assert Swagger5.swagger_ui_standalone_preset_js_url.endswith("@5.17.14/swagger-ui-standalone-preset.js")
    assert Swagger5.redoc_js_url == OpenAPIController.redoc_js_url
    assert OwnRedoc.redoc_js_url == "/static/redoc.js"
    assert OwnRedoc.swagger_css_url == Swagger5.swagger_css_url
    assert OpenAPIController.swagger_css_url.endswith("swagger-ui-dist@4.15.5/swagger-ui.css")
    with client_for(openapi_controller=Swagger5) as client:
        assert "swagger-ui-dist@5.17.14/swagger-ui-bundle.js" in client.get("/schema/swagger").text


class DocsController(OpenAPIController):
    path = "/docs"
    favicon_url = "/static/favicon.ico"
    redoc_google_fonts = False
    redoc_js_url = "/static/redoc.js"
    swagger_css_url = "/static/swagger.css"
    swagger_ui_bundle_js_url = "/static/swagger-bundle.js"
    swagger_ui_standalone_preset_js_url = "/static/swagger-preset.js"
    stoplight_elements_css_url = "/static/elements.css"
    stoplight_elements_js_url = "/static/elements.js"
    style = "body { margin: 1em }"


def test_a_subclass_at_another_path_with_its_own_assets() -> None:
    with client_for(openapi_controller=DocsController) as client:
        assert client.get("/schema").status_code == 404
        assert client.get("/schema/openapi.json").status_code == 404
        validate(client.get("/docs/openapi.json").json())
        pages = {page: client.get(f"/docs/{page}").text for page in ("redoc", "swagger", "elements")}
        assert client.get("/docs").text == pages["redoc"]
    assert "<link rel='icon' type='image/x-icon' href='/static/favicon.ico'>" in pages["redoc"]
    assert '<script src="/static/redoc.js" crossorigin></script>' in pages["redoc"]
    assert "fonts.googleapis.com" not in pages["redoc"]
    assert '<link href="/static/swagger.css" rel="stylesheet">' in pages["swagger"]
    assert '<script src="/static/swagger-bundle.js" crossorigin></script>' in pages["swagger"]
    assert '<script src="/static/swagger-preset.js" crossorigin></script>' in pages["swagger"]
    assert '<link rel="stylesheet" href="/static/elements.css">' in pages["elements"]
    assert '<script src="/static/elements.js" crossorigin></script>' in pages["elements"]
    assert 'apiDescriptionUrl="/docs/openapi.json"' in pages["elements"]
    assert all("<style>body { margin: 1em }</style>" in page for page in pages.values())
    assert not [page for page in pages.values() if "cdn.jsdelivr.net" in page or "unpkg.com" in page]


HOSTILE = "</script><script>alert(1)</script>\"'&<!--"


class HostileController(OpenAPIController):
    favicon_url = "x' onerror='alert(1)"
    redoc_js_url = '/r.js"></script><script>alert(1)</script>'
    style = "</style><script>alert(1)</script>"


def test_what_users_control_is_escaped() -> None:
    with create_test_client(
        [get_pet],
        openapi_config=OpenAPIConfig(
            title=HOSTILE, version="1.0.0", description=HOSTILE, openapi_controller=HostileController
        ),
    ) as client:
        document = client.get("/schema/openapi.json").json()
        pages = {page: client.get(f"/schema/{page}").text for page in ("redoc", "swagger", "elements")}
    assert document["info"]["title"] == HOSTILE
    for name, page in pages.items():
        assert (
            "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#x27;&amp;&lt;!--</title>"
            in page
        )
        # The style cannot close its <style> element: what the parser takes as the element is all of it.
        styles = re.findall(r"<style>(.*?)</style>", page, flags=re.DOTALL)
        assert styles == ["<\\/style><script>alert(1)<\\/script>"]
        outside_style = re.sub(r"<style>.*?</style>", "", page, flags=re.DOTALL)
        # Every <script> the page opens is one of its own, closed once; the hostile texts opened none.
        opened = outside_style.count("<script")
        assert opened == outside_style.count("</script>") == {"redoc": 2, "swagger": 3, "elements": 1}[name]
        assert "alert(1)</script>" not in outside_style and "<!--" not in page
        assert "href='x&#x27; onerror=&#x27;alert(1)'" in page
    assert 'src="/r.js&quot;&gt;&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in pages["redoc"]
    # The embedded schemas still hold the texts, JSON-escaped.
    assert embedded_spec(pages["redoc"], "Redoc.init(") == document
    assert embedded_spec(pages["swagger"], "spec:")["info"]["description"] == HOSTILE
    assert re.search(r'"title":"\\u003c/script\\u003e', pages["swagger"])


def test_render_methods_map_and_schema_response() -> None:
    app = Starlite([get_pet], openapi_config=config())
    controller = OpenAPIController(owner=app)
    assert controller.render_methods_map == {
        "redoc": controller.render_redoc,
        "swagger": controller.render_swagger_ui,
        "elements": controller.render_stoplight_elements,
    }
    schema = app.openapi_schema
    as_json = OpenAPISchemaResponse(content=schema, media_type=OpenAPIMediaType.OPENAPI_JSON)
    as_yaml = OpenAPISchemaResponse(content=schema, media_type=OpenAPIMediaType.OPENAPI_YAML)
    assert json.loads(as_json.body) == yaml.safe_load(as_yaml.body)
    assert json.loads(as_json.body)["paths"]["/pets"]["get"]["operationId"] == "PetsGetPet"
    assert as_yaml.content_type == "application/vnd.oai.openapi"
