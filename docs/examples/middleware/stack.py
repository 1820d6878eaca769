"""The built-in middleware together, and one of your own on a router."""

from typing import Any

import pytest

from starlite import (
    AbstractMiddleware,
    CompressionConfig,
    CORSConfig,
    CSRFConfig,
    DefineMiddleware,
    Router,
    Starlite,
    get,
)
from starlite.middleware import RateLimitConfig
from starlite.testing import TestClient
from starlite.types import Receive, Scope, Send

ORIGIN = "https://shop.example.com"


class ServedBy(AbstractMiddleware):
    """Adds a header naming the server to every answer of the layer it is put on."""

    def __init__(self, app: Any, name: str) -> None:
        super().__init__(app)
        self.header = (b"x-served-by", name.encode())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_header(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message["headers"], self.header]
            await send(message)

        await self.app(scope, receive, send_with_header)


@get("/products")
async def products() -> list[dict[str, Any]]:
    return [{"id": number, "name": f"product {number}"} for number in range(50)]


api = Router(
    path="/api",
    route_handlers=[products],
    middleware=[DefineMiddleware(ServedBy, name="api-1")],  # this router's handlers only
)

app = Starlite(
    route_handlers=[api],
    cors_config=CORSConfig(allow_origins=[ORIGIN]),
    allowed_hosts=["testserver.local", "shop.example.com"],
    compression_config=CompressionConfig(backend="gzip"),
    csrf_config=CSRFConfig(secret="change me: a secret of 32 bytes or more!!"),
    middleware=[RateLimitConfig(rate_limit=("minute", 2)).middleware],
)


# The tests share the app: each starts with nothing counted, on a clock that stands still.
pytestmark = pytest.mark.usefixtures("fresh_rate_limits")


def test_an_answer_passes_every_layer() -> None:
    with TestClient(app) as client:
        response = client.get("/api/products", headers={"origin": ORIGIN, "accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert response.headers["x-served-by"] == "api-1"
    assert response.headers["ratelimit-remaining"] == "1"
    assert "csrftoken" in response.cookies  # a safe request gets the CSRF cookie


def test_a_refusal_still_names_the_origin() -> None:
    with TestClient(app) as client:
        for _ in range(2):
            client.get("/api/products", headers={"origin": ORIGIN})
        refused = client.get("/api/products", headers={"origin": ORIGIN})
    assert refused.status_code == 429
    # CORS is outermost: the page that asked can read why it was refused.
    assert refused.headers["access-control-allow-origin"] == ORIGIN
    assert "retry-after" in refused.headers
