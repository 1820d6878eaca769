"""``before_request``, ``after_request`` and ``after_response``: hooks around a handler, on any layer."""

from typing import Any

import pytest

from starlite import Controller, Request, Response, Starlite, get, post
from starlite.testing import TestClient

FORECASTS: dict[str, dict[str, Any]] = {}
FORECAST_CALLS: list[str] = []
ACCESS_LOG: list[str] = []


def maintenance_switch(request: Request) -> Response[dict[str, str]] | None:
    # Returning something other than ``None`` skips the handler: the value is sent instead.
    if request.app.state.get("maintenance"):
        return Response({"detail": "Down for maintenance"}, status_code=503)
    return None


async def add_server_header(response: Response) -> Response:
    # ``after_request`` gets the response before it is sent, and returns the one to send.
    response.headers["x-served-by"] = "shop-1"
    return response


def log_access(request: Request) -> None:
    # ``after_response`` runs once the response has been sent: too late to change it.
    ACCESS_LOG.append(f"{request.method} {request.url.path}")


def cached_forecast(request: Request) -> dict[str, Any] | None:
    # A returned value is treated like the handler's own return value (status code, media type...).
    return FORECASTS.get(request.path_params["city"])


@get("/forecast/{city:str}", before_request=cached_forecast)
def forecast(city: str) -> dict[str, Any]:
    # Closest layer wins: this handler's ``before_request`` replaces the app's maintenance switch.
    FORECAST_CALLS.append(city)
    FORECASTS[city] = {"city": city, "sky": "sunny"}
    return FORECASTS[city]


@post("/orders")
def create_order() -> dict[str, int]:
    return {"order_id": 1}


def as_envelope(response: Response) -> Response:
    return Response({"data": response.content, "version": 2}, status_code=response.status_code)


class V2Controller(Controller):
    path = "/v2"
    after_request = as_envelope  # replaces the app's after_request for this controller's handlers

    @get("/orders")
    def list_orders(self) -> list[int]:
        return [1, 2]


app = Starlite(
    route_handlers=[forecast, create_order, V2Controller],
    before_request=maintenance_switch,
    after_request=add_server_header,
    after_response=log_access,
)


@pytest.fixture(autouse=True)
def reset() -> None:
    app.state.maintenance = False
    FORECASTS.clear()
    FORECAST_CALLS.clear()
    ACCESS_LOG.clear()


def test_before_request_short_circuits() -> None:
    with TestClient(app=app) as client:
        first = client.get("/forecast/oslo")
        second = client.get("/forecast/oslo")
    assert first.json() == second.json() == {"city": "oslo", "sky": "sunny"}
    # The second answer came from the cache: the handler ran once.
    assert FORECAST_CALLS == ["oslo"]


def test_maintenance_switch() -> None:
    with TestClient(app=app) as client:
        assert client.post("/orders").status_code == 201
        app.state.maintenance = True
        response = client.post("/orders")
        # The forecast handler has its own before_request, so the switch does not reach it.
        forecast = client.get("/forecast/oslo")
    assert response.status_code == 503
    assert response.json() == {"detail": "Down for maintenance"}
    assert forecast.status_code == 200


def test_after_request_augments_the_response() -> None:
    with TestClient(app=app) as client:
        response = client.post("/orders")
    assert response.headers["x-served-by"] == "shop-1"


def test_after_request_replaces_the_response() -> None:
    with TestClient(app=app) as client:
        response = client.get("/v2/orders")
    assert response.json() == {"data": [1, 2], "version": 2}
    # The controller's hook replaced the app's, so the header is not added.
    assert "x-served-by" not in response.headers


def test_after_response_records() -> None:
    with TestClient(app=app) as client:
        client.get("/forecast/oslo")
        client.post("/orders")
    assert ACCESS_LOG == ["GET /forecast/oslo", "POST /orders"]
