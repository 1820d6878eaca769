"""A ``before_send`` hook that stamps every response with a header."""

from starlite import Starlite, State, get
from starlite.datastructures import MutableScopeHeaders
from starlite.testing import TestClient
from starlite.types import Message, Scope


@get("/hello")
def hello() -> str:
    return "hello"


def add_app_name(message: Message, state: State) -> None:
    # Every ASGI message the app sends passes here first; only the response start carries headers.
    if message["type"] == "http.response.start":
        headers = MutableScopeHeaders.from_message(message)
        headers["X-App"] = state.app_name


async def add_request_path(message: Message, state: State, scope: Scope) -> None:
    # A hook that takes a third argument also receives the connection's scope; hooks may be async.
    if message["type"] == "http.response.start":
        MutableScopeHeaders.from_message(message)["X-Path"] = scope["path"]


app = Starlite(
    route_handlers=[hello],
    initial_state={"app_name": "greeter"},
    before_send=[add_app_name, add_request_path],
)


def test_every_response_gets_the_headers() -> None:
    with TestClient(app=app) as client:
        response = client.get("/hello")
        assert response.text == "hello"
        assert response.headers["x-app"] == "greeter"
        assert response.headers["x-path"] == "/hello"
        # Error responses, here a 404 from the router, pass through the hooks too.
        assert client.get("/nowhere").headers["x-app"] == "greeter"
