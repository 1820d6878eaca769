"""Parameters declared once on the app, a router or a controller, for every handler below it."""

from typing import Any

from starlite import Controller, Parameter, Router, Starlite, get
from starlite.testing import TestClient


class ReportController(Controller):
    path = "/reports"
    # In a ``parameters`` mapping there is no annotation to read, so the type comes first.
    parameters = {"page_size": Parameter(int, query="pageSize", ge=1, le=100, default=25)}

    @get()
    def list_reports(self, page_size: int, tenant: str) -> dict[str, Any]:
        # Both arguments take where they are read and their default from a layer above; their type
        # comes from the annotation here, and the layers' limits are documentation (as in 1.5x).
        return {"tenant": tenant, "page_size": page_size}

    @get("/count")
    def count_reports(self) -> int:
        # This handler takes neither ``tenant`` nor ``page_size``, yet both are still validated.
        return 12

    @get("/export")
    def export_reports(self, page_size: int = Parameter(query="limit", le=5000, default=1000)) -> int:
        # A handler's own declaration replaces the one of its layers.
        return page_size


# ``tenant`` comes from the ``X-Tenant`` header for everything under /api.
api = Router(
    path="/api",
    route_handlers=[ReportController],
    parameters={"tenant": Parameter(str, header="X-Tenant", min_length=3)},
)


@get("/health")
def health() -> str:
    return "ok"


# App-wide: an optional two-letter language code.
app = Starlite(
    route_handlers=[api, health],
    parameters={"language": Parameter(str, query="lang", regex="[a-z]{2}$", required=False)},
)


def test_a_handler_inherits_the_declarations() -> None:
    with TestClient(app=app) as client:
        default = client.get("/api/reports", headers={"x-tenant": "acme"})
        explicit = client.get("/api/reports?pageSize=10", headers={"x-tenant": "acme"})
    assert default.json() == {"tenant": "acme", "page_size": 25}
    assert explicit.json() == {"tenant": "acme", "page_size": 10}


def test_an_argument_the_handler_annotates_is_checked_against_its_annotation() -> None:
    with TestClient(app=app) as client:
        # ``le=100`` of the controller and ``min_length=3`` of the router are not applied here ...
        beyond_limits = client.get("/api/reports?pageSize=500", headers={"x-tenant": "ab"})
        # ... but the annotation is: ``page_size: int``.
        not_a_number = client.get("/api/reports?pageSize=many", headers={"x-tenant": "acme"})
    assert beyond_limits.json() == {"tenant": "ab", "page_size": 500}
    assert not_a_number.status_code == 400


def test_declarations_are_validated_even_when_unused() -> None:
    with TestClient(app=app) as client:
        ok = client.get("/api/reports/count", headers={"x-tenant": "acme"})
        # The handler never reads the tenant, but the router requires it of every request.
        missing_tenant = client.get("/api/reports/count")
        bad_values = client.get("/api/reports/count?pageSize=500&lang=english", headers={"x-tenant": "ab"})
    assert ok.text == "12"
    assert missing_tenant.status_code == 400
    assert missing_tenant.json()["extra"] == [
        {"key": "x-tenant", "message": "Missing required parameter", "source": "header"}
    ]
    assert bad_values.status_code == 400
    assert {error["key"] for error in bad_values.json()["extra"]} == {"lang", "x-tenant", "pageSize"}


def test_a_handler_declaration_wins() -> None:
    with TestClient(app=app) as client:
        default = client.get("/api/reports/export", headers={"x-tenant": "acme"})
        explicit = client.get("/api/reports/export?limit=2500", headers={"x-tenant": "acme"})
    assert (default.text, explicit.text) == ("1000", "2500")


def test_layers_apply_only_below_them() -> None:
    with TestClient(app=app) as client:
        # /health is outside the router: no tenant needed, but the app-wide ``lang`` still applies.
        assert client.get("/health").text == "ok"
        assert client.get("/health?lang=en").text == "ok"
        assert client.get("/health?lang=EN").status_code == 400
