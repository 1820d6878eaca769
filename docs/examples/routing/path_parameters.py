"""Path parameters are declared as ``{name:type}`` and arrive already converted."""

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from starlite import Starlite, get
from starlite.testing import TestClient


@get("/orders/{order_id:int}")
def get_order(order_id: int) -> dict[str, Any]:
    return {"order_id": order_id, "type": type(order_id).__name__}


@get("/customers/{customer_id:uuid}/orders/{day:date}")
def orders_of_the_day(customer_id: UUID, day: date) -> dict[str, str]:
    return {"customer": customer_id.hex, "weekday": day.strftime("%A")}


@get("/prices/{amount:decimal}")
def with_tax(amount: Decimal) -> str:
    return str(amount * Decimal("1.2"))


@get("/files/{file_path:path}")
def file_location(file_path: str) -> str:
    # A ``path`` parameter takes the rest of the URL, slashes included.
    return file_path


app = Starlite(route_handlers=[get_order, orders_of_the_day, with_tax, file_location])


def test_int_parameter() -> None:
    with TestClient(app=app) as client:
        response = client.get("/orders/42")
    assert response.json() == {"order_id": 42, "type": "int"}


def test_uuid_and_date_parameters() -> None:
    customer = UUID("12345678-1234-5678-1234-567812345678")
    with TestClient(app=app) as client:
        response = client.get(f"/customers/{customer}/orders/2024-02-29")
    assert response.json() == {"customer": customer.hex, "weekday": "Thursday"}


def test_decimal_parameter() -> None:
    with TestClient(app=app) as client:
        assert client.get("/prices/10.00").text == "12.000"


def test_path_parameter() -> None:
    with TestClient(app=app) as client:
        assert client.get("/files/reports/2024/summary.txt").text == "/reports/2024/summary.txt"


def test_a_value_that_does_not_convert_is_not_found() -> None:
    with TestClient(app=app) as client:
        response = client.get("/orders/forty-two")
    # The path does not match any route, so the client gets a 404 rather than a validation error.
    assert response.status_code == 404
    assert response.json() == {"status_code": 404, "detail": "Not Found"}
