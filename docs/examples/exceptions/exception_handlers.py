"""Turning exceptions into responses of your own, by exception class or by status code."""

from starlite import MediaType, NotFoundException, Request, Response, Starlite, get
from starlite.status_codes import HTTP_404_NOT_FOUND, HTTP_500_INTERNAL_SERVER_ERROR
from starlite.testing import TestClient


class OutOfStockError(Exception):
    def __init__(self, item: str) -> None:
        super().__init__(item)
        self.item = item


def out_of_stock_handler(request: Request, exc: OutOfStockError) -> Response[dict[str, str]]:
    # An exception handler receives the request and the exception, and returns a response.
    return Response({"error": f"{exc.item} is sold out", "path": request.url.path}, status_code=409)


def not_found_handler(request: Request, exc: Exception) -> Response[str]:
    return Response("Nothing here.", status_code=HTTP_404_NOT_FOUND, media_type=MediaType.TEXT)


def server_error_handler(request: Request, exc: Exception) -> Response[str]:
    # Registered for 500, it also catches exceptions that carry no status code at all.
    return Response("Sorry, that went wrong.", status_code=500, media_type=MediaType.TEXT)


def teapot_handler(request: Request, exc: OutOfStockError) -> Response[str]:
    return Response(f"No {exc.item}, but there is tea.", status_code=418, media_type=MediaType.TEXT)


@get("/buy/{item:str}")
def buy(item: str) -> str:
    raise OutOfStockError(item)


@get("/buy-at-the-cafe/{item:str}", exception_handlers={OutOfStockError: teapot_handler})
def buy_at_the_cafe(item: str) -> str:
    # A handler's own exception handlers win over the app's.
    raise OutOfStockError(item)


@get("/missing")
def missing() -> None:
    raise NotFoundException()


@get("/broken")
def broken() -> None:
    raise KeyError("config")


app = Starlite(
    route_handlers=[buy, buy_at_the_cafe, missing, broken],
    exception_handlers={
        OutOfStockError: out_of_stock_handler,
        HTTP_404_NOT_FOUND: not_found_handler,
        HTTP_500_INTERNAL_SERVER_ERROR: server_error_handler,
    },
)


def test_handler_by_class() -> None:
    with TestClient(app=app) as client:
        response = client.get("/buy/umbrella")
    assert response.status_code == 409
    assert response.json() == {"error": "umbrella is sold out", "path": "/buy/umbrella"}


def test_handler_layer_wins() -> None:
    with TestClient(app=app) as client:
        response = client.get("/buy-at-the-cafe/scone")
    assert (response.status_code, response.text) == (418, "No scone, but there is tea.")


def test_handler_by_status_code() -> None:
    with TestClient(app=app) as client:
        raised = client.get("/missing")
        # The router raises the same exception for unknown paths, so the handler covers them too.
        unknown = client.get("/no/such/page")
    assert (raised.status_code, raised.text) == (404, "Nothing here.")
    assert (unknown.status_code, unknown.text) == (404, "Nothing here.")


def test_500_handler_catches_other_exceptions() -> None:
    with TestClient(app=app) as client:
        response = client.get("/broken")
    assert (response.status_code, response.text) == (500, "Sorry, that went wrong.")
