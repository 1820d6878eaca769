"""Building the ``Response`` yourself, and setting headers, cookies and background work on a handler."""

from starlite import BackgroundTask, Cookie, MediaType, Response, ResponseHeader, Starlite, get
from starlite.testing import TestClient

AUDIT_LOG: list[str] = []


def write_audit_entry(message: str) -> None:
    AUDIT_LOG.append(message)


@get("/teapot")
def teapot() -> Response[dict[str, str]]:
    # A returned ``Response`` is sent as it is: status, media type, headers and cookies included.
    response = Response(
        content={"brew": "earl grey"},
        status_code=418,
        media_type=MediaType.JSON,
        headers={"x-kettle": "on"},
    )
    response.set_cookie("last-brew", "assam", httponly=True)
    return response


@get(
    "/settings",
    # Declared on the handler (or on a router, controller or the app for all their handlers).
    response_headers={"x-api-version": ResponseHeader(value="1.5")},
    response_cookies=[Cookie(key="theme", value="dark", max_age=3600)],
)
def settings() -> dict[str, str]:
    return {"theme": "dark"}


@get("/order", background=BackgroundTask(write_audit_entry, "order viewed"))
def order() -> str:
    # The background task runs after the response has been sent.
    return "order 7"


@get("/order-with-task")
def order_with_task() -> Response[str]:
    return Response(
        "order 8",
        media_type=MediaType.TEXT,
        background=BackgroundTask(write_audit_entry, message="order 8 viewed"),
    )


app = Starlite(route_handlers=[teapot, settings, order, order_with_task])


def test_response_object() -> None:
    with TestClient(app=app) as client:
        response = client.get("/teapot")
    assert response.status_code == 418
    assert response.json() == {"brew": "earl grey"}
    assert response.headers["x-kettle"] == "on"
    assert "HttpOnly" in response.headers["set-cookie"]
    assert response.cookies["last-brew"] == "assam"


def test_handler_headers_and_cookies() -> None:
    with TestClient(app=app) as client:
        response = client.get("/settings")
    assert response.headers["x-api-version"] == "1.5"
    assert response.cookies["theme"] == "dark"
    assert "Max-Age=3600" in response.headers["set-cookie"]


def test_background_tasks() -> None:
    AUDIT_LOG.clear()
    with TestClient(app=app) as client:
        assert client.get("/order").text == "order 7"
        assert client.get("/order-with-task").text == "order 8"
    assert AUDIT_LOG == ["order viewed", "order 8 viewed"]
