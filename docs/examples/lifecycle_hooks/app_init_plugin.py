"""An ``on_app_init`` hook, the way a plugin adds its routes and middleware to any application."""

from starlite import Starlite, get
from starlite.config import AppConfig
from starlite.testing import TestClient
from starlite.types import ASGIApp, Message, Receive, Scope, Send


@get("/health", name="health")
def health_check() -> dict[str, str]:
    return {"status": "ok"}


class ServerTimingMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message["headers"], (b"server-timing", b"app;desc=demo")]
            await send(message)

        await self.app(scope, receive, send_with_header)


def health_plugin(app_config: AppConfig) -> AppConfig:
    # The hook receives every argument given to ``Starlite`` as one ``AppConfig`` and returns the config
    # the app is built from. Changing it in place and returning it is the usual way.
    app_config.route_handlers.append(health_check)
    app_config.middleware.append(ServerTimingMiddleware)
    return app_config


@get("/")
def index() -> str:
    return "home"


app = Starlite(route_handlers=[index], on_app_init=[health_plugin])


def test_the_plugin_added_a_route_and_middleware() -> None:
    with TestClient(app=app) as client:
        assert client.get("/health").json() == {"status": "ok"}
        response = client.get("/")
    assert response.text == "home"
    # The middleware wraps the app's own handlers too.
    assert response.headers["server-timing"] == "app;desc=demo"
    assert app.route_reverse("health") == "/health"
