"""What a client sees when its request does not fit the handler: one 400 listing every problem."""

from pydantic import BaseModel, Field

from starlite import Parameter, Starlite, post
from starlite.testing import TestClient


class Address(BaseModel):
    city: str
    postcode: str = Field(pattern=r"^\d{5}$")


class Customer(BaseModel):
    name: str
    email: str
    address: Address


@post("/shops/{shop_id:int}/customers")
def create_customer(
    shop_id: int,
    data: Customer,
    notify: bool = False,
    api_key: str = Parameter(header="x-api-key"),
    session: str = Parameter(cookie="session", min_length=8),
) -> Customer:
    return data


app = Starlite(route_handlers=[create_customer])

VALID = {"name": "Ada", "email": "ada@example.com", "address": {"city": "Paris", "postcode": "75001"}}


def test_every_invalid_parameter_in_one_response() -> None:
    with TestClient(app=app, cookies={"session": "short"}) as client:
        response = client.post("/shops/1/customers?notify=maybe", json=VALID)
    assert response.status_code == 400
    assert response.json() == {
        "status_code": 400,
        # A missing parameter is named in the detail (the first one, as Starlite 1.5x did).
        "detail": "Missing required parameter x-api-key for url "
        "http://testserver.local/shops/1/customers?notify=maybe",
        "extra": [
            {"key": "notify", "message": "Expected `bool`", "source": "query"},
            {"key": "x-api-key", "message": "Missing required parameter", "source": "header"},
            {"key": "session", "message": "Expected `str` of length >= 8", "source": "cookie"},
        ],
    }


def test_body_errors_name_the_field() -> None:
    invalid = {"name": "Ada", "address": {"city": "Paris", "postcode": "750"}}
    with TestClient(app=app, cookies={"session": "0123456789"}) as client:
        response = client.post("/shops/1/customers", json=invalid, headers={"x-api-key": "k"})
    assert response.status_code == 400
    # Nested fields are joined with dots.
    assert response.json()["extra"] == [
        {"key": "email", "message": "Field required", "source": "body"},
        {"key": "address.postcode", "message": "String should match pattern '^\\d{5}$'", "source": "body"},
    ]


def test_invalid_values_only() -> None:
    with TestClient(app=app, cookies={"session": "short"}) as client:
        response = client.post("/shops/1/customers", json=VALID, headers={"x-api-key": "k"})
    assert response.json()["detail"] == "Validation failed for POST http://testserver.local/shops/1/customers"


def test_parameter_and_body_errors_come_in_one_response() -> None:
    with TestClient(app=app) as client:
        response = client.post("/shops/1/customers", json={})
    # One round trip tells the client everything: the missing header and cookie, and the bad body.
    assert {error["source"] for error in response.json()["extra"]} == {"header", "cookie", "body"}


def test_malformed_json() -> None:
    with TestClient(app=app, cookies={"session": "0123456789"}) as client:
        response = client.post(
            "/shops/1/customers",
            content=b'{"name": "Ada",',
            headers={"x-api-key": "k", "content-type": "application/json"},
        )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Malformed JSON request body")


def test_a_missing_body() -> None:
    with TestClient(app=app, cookies={"session": "0123456789"}) as client:
        response = client.post("/shops/1/customers", headers={"x-api-key": "k"})
    assert response.status_code == 400
    assert response.json()["extra"] == [
        {"key": "data", "message": "A request body is required", "source": "body"}
    ]


def test_wrong_content_type() -> None:
    with TestClient(app=app, cookies={"session": "0123456789"}) as client:
        response = client.post("/shops/1/customers", data={"name": "Ada"}, headers={"x-api-key": "k"})
    assert response.status_code == 400
    assert response.json() == {
        "status_code": 400,
        "detail": "Unsupported content type 'application/x-www-form-urlencoded': "
        "this endpoint expects application/json",
    }


def test_a_path_value_of_the_wrong_type_is_not_found() -> None:
    with TestClient(app=app) as client:
        response = client.post("/shops/first/customers", json=VALID)
    # The route's path type does not match, so no handler is found: a 404, not a 400.
    assert response.status_code == 404
