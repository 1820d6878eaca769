"""Letting the pages of another site call the API from a browser."""

from starlite import CORSConfig, Starlite, get, post
from starlite.testing import TestClient

cors_config = CORSConfig(
    # The front end's origins: "*" inside one stands for any run of characters but "/".
    allow_origins=["https://shop.example.com", "https://*.preview.example.com"],
    allow_methods=["GET", "POST"],
    allow_headers=["X-Api-Key"],
    allow_credentials=True,  # the front end sends its cookies
    expose_headers=["X-Total-Count"],
)


@get("/orders", response_headers={"X-Total-Count": {"value": "1"}})
def list_orders() -> list[dict[str, int]]:
    return [{"id": 1}]


@post("/orders")
def place_order(data: dict[str, int]) -> dict[str, int]:
    return data


app = Starlite(route_handlers=[list_orders, place_order], cors_config=cors_config)


def test_the_front_end_may_read_the_answer() -> None:
    with TestClient(app=app) as client:
        response = client.get("/orders", headers={"Origin": "https://pr-42.preview.example.com"})
    assert response.json() == [{"id": 1}]
    assert response.headers["access-control-allow-origin"] == "https://pr-42.preview.example.com"
    assert response.headers["access-control-allow-credentials"] == "true"
    assert response.headers["access-control-expose-headers"] == "X-Total-Count"


def test_the_browser_asks_first_for_a_post_with_a_custom_header() -> None:
    asking = {
        "Origin": "https://shop.example.com",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, x-api-key",
    }
    with TestClient(app=app) as client:
        accepted = client.options("/orders", headers=asking)
        refused = client.options("/orders", headers={**asking, "Origin": "https://elsewhere.example.org"})
    assert accepted.status_code == 204
    assert accepted.headers["access-control-allow-methods"] == "GET, POST"
    assert accepted.headers["access-control-max-age"] == "600"
    assert refused.status_code == 400
    assert refused.json()["detail"] == "Disallowed CORS origin"
