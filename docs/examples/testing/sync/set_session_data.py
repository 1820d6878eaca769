"""Put data into the session from a (sync) test, then let the app read it."""

from typing import Any

from starlite import Request, get
from starlite.middleware.session.memory_backend import MemoryBackendConfig
from starlite.testing import create_test_client


@get(path="/profile")
def profile(request: Request) -> dict[str, Any]:
    return {"user": request.session.get("user")}


def test_the_app_sees_the_session_a_test_wrote() -> None:
    # create_test_client adds the session middleware; the helper writes into that same backend.
    with create_test_client(route_handlers=[profile], session_config=MemoryBackendConfig()) as client:
        client.set_session_data({"user": "ada"})
        assert client.get("/profile").json() == {"user": "ada"}


def test_it_works_outside_the_with_block_too() -> None:
    client = create_test_client(route_handlers=[profile], session_config=MemoryBackendConfig())
    client.set_session_data({"user": "grace"})
    assert client.get("/profile").json() == {"user": "grace"}
