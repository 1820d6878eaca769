"""``OpenAPIConfig``: every option as a reader of the schema sees it, and the refusals."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from openapi_pydantic.v3.v3_1 import (
    Components,
    Contact,
    ExternalDocumentation,
    Header,
    License,
    PathItem,
    Server,
    Tag,
)
from pydantic import AnyUrl, BaseModel, Field

from starlite import (
    Controller,
    ImproperlyConfiguredException,
    OpenAPIConfig,
    OpenAPIController,
    Starlite,
    get,
    post,
)
from starlite.app import DEFAULT_OPENAPI_CONFIG
from starlite.config.app import AppConfig
from starlite.testing import TestClient
from tests.openapi.documents import rendered_schema as document


@get("/items")
def get_item(q: str = "x") -> dict[str, str]:
    """Read the items.

    They are filtered by ``q``.
    """
    return {"q": q}


def make(**options: Any) -> Starlite:
    return Starlite([get_item], openapi_config=OpenAPIConfig(title="Shop", version="2.1", **options))


def test_the_default_document() -> None:
    rendered = document(Starlite([get_item]))
    assert rendered["openapi"] == "3.1.0"
    assert rendered["info"] == {"title": "Starlite API", "version": "1.0.0"}
    assert rendered["servers"] == [{"url": "/"}]
    assert list(rendered["paths"]) == ["/items"]  # not the controller's own routes
    assert "security" not in rendered and "tags" not in rendered


def test_the_info_options_with_models() -> None:
    app = make(
        summary="Things for sale",
        description="The **shop** API.",
        contact=Contact(name="Ops", email="ops@example.com", url="https://example.com/ops"),
        license=License(name="MIT", identifier="MIT"),
        terms_of_service="https://example.com/terms",
        external_docs=ExternalDocumentation(url="https://example.com/docs", description="Guide"),
        servers=[Server(url="https://api.example.com", description="production")],
        tags=[Tag(name="items", description="What we sell")],
    )
    rendered = document(app)
    assert rendered["info"] == {
        "title": "Shop",
        "summary": "Things for sale",
        "description": "The **shop** API.",
        "termsOfService": "https://example.com/terms",
        "contact": {"name": "Ops", "url": "https://example.com/ops", "email": "ops@example.com"},
        "license": {"name": "MIT", "identifier": "MIT"},
        "version": "2.1",
    }
    assert rendered["servers"] == [{"url": "https://api.example.com", "description": "production"}]
    assert rendered["externalDocs"] == {"description": "Guide", "url": "https://example.com/docs"}
    assert rendered["tags"] == [{"name": "items", "description": "What we sell"}]


def test_the_options_take_mappings_of_the_same_shape() -> None:
    app = make(
        contact={"name": "Ops"},
        license={"name": "MIT"},
        external_docs={"url": "https://example.com/docs"},
        servers=[{"url": "/v2"}],
        tags=[{"name": "items"}],
        webhooks={"itemSold": {"post": {"responses": {"200": {"description": "Acknowledged"}}}}},
    )
    rendered = document(app)
    assert rendered["info"]["contact"] == {"name": "Ops"}
    assert rendered["info"]["license"] == {"name": "MIT"}
    assert rendered["servers"] == [{"url": "/v2"}]
    assert rendered["webhooks"]["itemSold"]["post"]["responses"] == {"200": {"description": "Acknowledged"}}


def test_terms_of_service_may_be_a_pydantic_url_as_1_5x_typed_it() -> None:
    config = OpenAPIConfig(title="t", version="1", terms_of_service=AnyUrl("https://example.com/terms"))  # type: ignore[arg-type]
    assert config.terms_of_service == "https://example.com/terms"


def test_webhooks_as_models() -> None:
    hook = PathItem.model_validate({"post": {"responses": {"204": {"description": "Seen"}}}})
    rendered = document(make(webhooks={"itemSold": hook}))
    assert rendered["webhooks"]["itemSold"]["post"]["responses"] == {"204": {"description": "Seen"}}


def test_components_one_or_a_list_merged_later_entries_winning() -> None:
    integer = {"type": "integer"}
    first = Components(headers={"X-Rate": Header.model_validate({"description": "first", "schema": integer})})
    second = Components.model_validate(
        {
            "headers": {
                "X-Rate": {"description": "second", "schema": integer},
                "X-Id": {"description": "id", "schema": integer},
            },
            "securitySchemes": {"basic": {"type": "http", "scheme": "basic"}},
        }
    )
    rendered = document(make(components=[first, second]))
    headers = rendered["components"]["headers"]
    assert (headers["X-Rate"]["description"], headers["X-Id"]["description"]) == ("second", "id")
    assert rendered["components"]["securitySchemes"] == {"basic": {"type": "http", "scheme": "basic"}}
    assert document(make(components=first))["components"]["headers"]["X-Rate"]["description"] == "first"


class Order(BaseModel):
    item_id: int


@post("/orders")
def create_order(data: Order) -> None:
    return None


class Renamed(BaseModel):
    first: str = Field(alias="second")


@post("/renamed")
def create_renamed(data: Renamed) -> None:
    return None


def test_given_components_join_the_generated_model_schemas() -> None:
    app = Starlite(
        [create_order],
        openapi_config=OpenAPIConfig(
            title="Shop",
            version="1",
            components={"schemas": {"Money": {"type": "string"}}, "examples": {"one": {"value": 1}}},
        ),
    )
    components = app.openapi_schema.components  # type: ignore[union-attr]
    assert components is not None and components.schemas is not None
    assert sorted(components.schemas) == ["Money", "Order"]
    assert document(app)["components"]["examples"] == {"one": {"value": 1}}


def test_top_level_security() -> None:
    rendered = document(
        make(
            components={"securitySchemes": {"apiKey": {"type": "apiKey", "name": "X-Key", "in": "header"}}},
            security=[{"apiKey": []}],
        )
    )
    assert rendered["security"] == [{"apiKey": []}]


def test_use_handler_docstrings() -> None:
    assert "description" not in document(make())["paths"]["/items"]["get"]
    operation = document(make(use_handler_docstrings=True))["paths"]["/items"]["get"]
    assert operation["description"] == "Read the items.\n\nThey are filtered by ``q``."


def test_by_alias_names_model_properties_by_their_aliases_or_attributes() -> None:
    for by_alias, name in ((True, "second"), (False, "first")):
        app = Starlite(
            [create_renamed], openapi_config=OpenAPIConfig(title="t", version="1", by_alias=by_alias)
        )
        schema = document(app)["components"]["schemas"]["Renamed"]
        assert list(schema["properties"]) == [name]
        assert schema["required"] == [name]


def test_create_examples_puts_generated_examples_in_the_schema() -> None:
    @get("/pages")
    def pages(page: int = 1) -> str:
        return ""

    for create_examples in (False, True):
        app = Starlite(
            [pages], openapi_config=OpenAPIConfig(title="t", version="1", create_examples=create_examples)
        )
        (parameter,) = document(app)["paths"]["/pages"]["get"]["parameters"]
        assert ("examples" in parameter["schema"]) is create_examples
        if create_examples:
            assert all(isinstance(value, int) for value in parameter["schema"]["examples"])


def test_the_schema_reads_as_1_5x_models() -> None:
    schema = make().openapi_schema
    assert schema is not None
    operation = schema.paths["/items"].get  # type: ignore[index]
    assert operation is not None and operation.parameters is not None
    assert [parameter.name for parameter in operation.parameters] == ["q"]  # type: ignore[union-attr]
    assert schema.info.title == "Shop"


def test_to_openapi_schema_is_the_document_without_paths() -> None:
    config = OpenAPIConfig(
        title="Shop", version="3", components=[{"headers": {"a": {}}}, {"headers": {"b": {}}}]
    )
    schema = config.to_openapi_schema()
    assert schema.paths == {}
    assert schema.components is not None and sorted(schema.components.headers or {}) == ["a", "b"]
    assert config.components == [{"headers": {"a": {}}}, {"headers": {"b": {}}}]  # left as given


# --- serving ----------------------------------------------------------------------------------------


def test_enabled_endpoints_serve_only_the_documents_listed() -> None:
    app = make(enabled_endpoints={"openapi.json"})
    with TestClient(app) as client:
        assert client.get("/schema/openapi.json").json()["info"]["title"] == "Shop"
        assert client.get("/schema/openapi.yaml").status_code == 404


def test_openapi_controller_serves_at_its_own_path() -> None:
    class Docs(OpenAPIController):
        path = "/docs"

    with TestClient(make(openapi_controller=Docs)) as client:
        assert client.get("/docs/openapi.json").status_code == 200
        assert client.get("/schema/openapi.json").status_code == 404


def test_openapi_config_none_turns_the_schema_and_its_pages_off() -> None:
    app = Starlite([get_item], openapi_config=None)
    assert app.openapi_schema is None
    with TestClient(app) as client:
        assert client.get("/schema/openapi.json").status_code == 404
        assert client.get("/schema").status_code == 404


def test_an_on_app_init_hook_may_change_the_config() -> None:
    def rename(config: AppConfig) -> AppConfig:
        config.openapi_config = OpenAPIConfig(title="Renamed", version="9")
        return config

    def turn_off(config: AppConfig) -> AppConfig:
        config.openapi_config = None
        return config

    assert document(Starlite([get_item], on_app_init=[rename]))["info"]["title"] == "Renamed"
    assert Starlite([get_item], on_app_init=[turn_off]).openapi_schema is None


def test_a_mapping_is_read_as_a_config() -> None:
    app = Starlite([get_item], openapi_config={"title": "Mapped", "version": "1"})  # type: ignore[arg-type]
    assert document(app)["info"]["title"] == "Mapped"


# --- later registrations ------------------------------------------------------------------------------


def test_register_adds_to_the_schema_only_when_asked() -> None:
    @get("/later")
    def later() -> None:
        return None

    @get("/asked")
    def asked() -> None:
        return None

    app = Starlite([get_item])
    paths = app.openapi_schema.paths  # type: ignore[union-attr]
    assert paths is not None
    app.register(later)
    assert "/later" not in paths
    app.register(asked, add_to_openapi_schema=True)
    # As in 1.5x: every route registered so far, into the paths already read.
    assert sorted(paths) == ["/asked", "/items", "/later"]
    document(app)  # and the rebuilt document is valid


def test_update_openapi_schema_adds_the_later_routes() -> None:
    @get("/later")
    def later() -> None:
        return None

    app = Starlite([get_item])
    app.register(later)
    assert "/later" not in document(app)["paths"]
    app.update_openapi_schema()
    assert "/later" in document(app)["paths"]


def test_without_a_config_the_schema_cannot_be_updated() -> None:
    app = Starlite([get_item], openapi_config=None)
    with pytest.raises(ImproperlyConfiguredException, match="OpenAPIConfig"):
        app.update_openapi_schema()


# --- refusals --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"title": None}, "OpenAPIConfig.title must be a string"),
        ({"version": 2}, "OpenAPIConfig.version must be a string"),
        ({"description": ["x"]}, "OpenAPIConfig.description"),
        ({"root_schema_site": "rapidoc"}, "OpenAPIConfig.root_schema_site"),
        ({"openapi_controller": Controller}, "subclass of OpenAPIController"),
        ({"enabled_endpoints": "redoc"}, "OpenAPIConfig.enabled_endpoints"),
        ({"enabled_endpoints": {1}}, "OpenAPIConfig.enabled_endpoints"),
        ({"tags": ["items"]}, "OpenAPIConfig.tags"),
        ({"servers": "https://api.example.com"}, "OpenAPIConfig.servers"),
        ({"security": [{"BearerToken": "read"}]}, "OpenAPIConfig.security"),
        ({"security": {"BearerToken": []}}, "OpenAPIConfig.security"),
        ({"components": "schemes"}, "OpenAPIConfig.components"),
        ({"contact": "ops@example.com"}, "OpenAPIConfig.contact"),
        ({"webhooks": ["itemSold"]}, "OpenAPIConfig.webhooks"),
        ({"by_alias": "yes"}, "OpenAPIConfig.by_alias"),
        ({"create_examples": 1}, "OpenAPIConfig.create_examples"),
    ],
)
def test_wrong_option_values_are_refused_when_the_config_is_made(
    options: dict[str, Any], message: str
) -> None:
    values = {"title": "Shop", "version": "1", **options}
    with pytest.raises(ImproperlyConfiguredException, match=message):
        OpenAPIConfig(**values)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"license": {"url": "https://example.com"}},
            r"OpenAPIConfig.license: .* License: name: Field required",
        ),
        ({"servers": [{"description": "no url"}]}, r"OpenAPIConfig.servers: .* Server: url: Field required"),
        ({"components": [{"securitySchemes": {"x": {"scheme": "basic"}}}]}, "OpenAPIConfig.components"),
    ],
)
def test_mappings_that_are_not_openapi_objects_are_refused_naming_the_option(
    options: dict[str, Any], message: str
) -> None:
    app = make(**options)  # checked when the schema is built: creating the app loads no models
    with pytest.raises(ImproperlyConfiguredException, match=message):
        _ = app.openapi_schema


def test_the_default_config_is_never_changed_by_an_app() -> None:
    before = (DEFAULT_OPENAPI_CONFIG.components, DEFAULT_OPENAPI_CONFIG.security)
    document(Starlite([get_item]))
    assert (DEFAULT_OPENAPI_CONFIG.components, DEFAULT_OPENAPI_CONFIG.security) == before == (None, None)


def test_creating_an_app_loads_no_openapi_models() -> None:
    code = (
        "import sys\n"
        "from typing import Any\n"
        "from starlite import Starlite, get\n"
        "from starlite.contrib.jwt import JWTAuth\n"
        "from starlite.security.session_auth import SessionAuth\n"
        "from starlite.middleware.session.memory_backend import MemoryBackendConfig\n"
        "jwt = JWTAuth[Any](token_secret='s' * 32, retrieve_user_handler=lambda t, c: None)\n"
        "session = SessionAuth[Any](retrieve_user_handler=lambda s, c: None,"
        " session_backend_config=MemoryBackendConfig())\n"
        "@get('/')\n"
        "def index() -> None: ...\n"
        "app = Starlite([index], on_app_init=[jwt.on_app_init, session.on_app_init])\n"
        "jwt.format_auth_header(jwt.create_token('1'))\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('openapi_pydantic', 'yaml')))\n"
        "assert not loaded, loaded\n"
        "assert app.openapi_schema is not None and 'openapi_pydantic' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
