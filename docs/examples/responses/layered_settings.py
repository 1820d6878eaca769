"""Response headers, cookies, ``Cache-Control`` and ``ETag`` set once on a layer, for every handler below it.

The app, a router, a controller and a handler can each set ``response_headers``, ``response_cookies``,
``cache_control``, ``etag`` and ``response_class``. Headers and cookies are merged by name; for each name,
and for the other settings, the layer closest to the handler wins.
"""

from starlite import Controller, Cookie, Response, ResponseHeader, Router, Starlite, get
from starlite.datastructures import CacheControlHeader, ETag
from starlite.testing import TestClient


class ProductController(Controller):
    path = "/products"
    # Product pages may be cached by browsers and shared caches for an hour.
    cache_control = CacheControlHeader(max_age=3600, public=True)
    response_headers = {"x-served-by": ResponseHeader(value="catalogue")}

    @get()
    def list_products(self) -> list[str]:
        return ["kettle", "teapot"]

    # The handler's settings override the controller's.
    @get("/prices", cache_control=CacheControlHeader(no_cache=True), etag=ETag(value="prices-2024-06"))
    def prices(self) -> dict[str, float]:
        return {"kettle": 25.0, "teapot": 12.5}

    @get("/featured")
    def featured(self) -> Response[str]:
        # A returned ``Response`` keeps what it sets itself and gains the layered settings it does not set.
        return Response("teapot", media_type="text/plain", headers={"x-served-by": "featured"})


shop_router = Router(
    path="/shop",
    route_handlers=[ProductController],
    response_cookies=[Cookie(key="shop-region", value="eu", max_age=86400)],
)


@get("/account")
def account() -> dict[str, str]:
    return {"name": "ada"}


app = Starlite(
    route_handlers=[shop_router, account],
    # Outermost layer: applies everywhere unless a closer layer says otherwise.
    cache_control=CacheControlHeader.prevent_storing(),
    response_headers=[
        ResponseHeader(name="x-api-version", value="1.5"),
        ResponseHeader(name="x-served-by", value="app"),
        # Documentation only: described in the schema, never sent by the framework.
        ResponseHeader(name="x-request-id", documentation_only=True, description="Set by the proxy"),
    ],
)


def test_app_settings_apply_everywhere() -> None:
    with TestClient(app=app) as client:
        response = client.get("/account")
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-api-version"] == "1.5"
    assert response.headers["x-served-by"] == "app"
    assert "x-request-id" not in response.headers
    assert "set-cookie" not in response.headers


def test_controller_and_router_settings() -> None:
    with TestClient(app=app) as client:
        response = client.get("/shop/products")
    assert response.json() == ["kettle", "teapot"]
    assert response.headers["cache-control"] == "max-age=3600, public"
    assert response.headers["x-served-by"] == "catalogue"
    assert response.headers["x-api-version"] == "1.5"
    assert response.cookies["shop-region"] == "eu"


def test_handler_settings_win() -> None:
    with TestClient(app=app) as client:
        response = client.get("/shop/products/prices")
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["etag"] == '"prices-2024-06"'
    assert response.headers["x-served-by"] == "catalogue"


def test_returned_response_keeps_its_own_headers() -> None:
    with TestClient(app=app) as client:
        response = client.get("/shop/products/featured")
    assert response.text == "teapot"
    assert response.headers["x-served-by"] == "featured"
    assert response.headers["cache-control"] == "max-age=3600, public"
    assert response.cookies["shop-region"] == "eu"
