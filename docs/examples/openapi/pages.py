"""The schema and its documentation pages, at /schema by default."""

from starlite import OpenAPIConfig, Starlite, get
from starlite.testing import TestClient


@get("/books", summary="List the books")
def list_books() -> list[str]:
    return ["Dune"]


app = Starlite(
    route_handlers=[list_books],
    openapi_config=OpenAPIConfig(
        title="Library",
        version="1.0.0",
        # /schema itself shows Swagger UI rather than Redoc.
        root_schema_site="swagger",
        # No Stoplight Elements page: /schema/elements answers 404.
        enabled_endpoints={"redoc", "swagger", "openapi.json", "openapi.yaml"},
    ),
)


def test_the_pages_and_the_documents() -> None:
    with TestClient(app=app) as client:
        root = client.get("/schema")
        assert root.headers["content-type"] == "text/html; charset=utf-8"
        assert "<title>Library</title>" in root.text and "SwaggerUIBundle" in root.text
        assert "Redoc.init(" in client.get("/schema/redoc").text
        assert client.get("/schema/elements").status_code == 404

        document = client.get("/schema/openapi.json")
        assert document.headers["content-type"] == "application/vnd.oai.openapi+json"
        assert document.json()["paths"]["/books"]["get"]["summary"] == "List the books"
        assert client.get("/schema/openapi.yaml").text.startswith("openapi: 3.1.0\n")
