"""Read the session a request left behind, from a (sync) test."""

from starlite import Request, post
from starlite.middleware.session.memory_backend import MemoryBackendConfig
from starlite.testing import create_test_client


@post(path="/login/{user:str}")
def login(request: Request, user: str) -> None:
    request.set_session({"user": user, "roles": ["reader"]})


def test_the_test_sees_the_session_the_app_wrote() -> None:
    with create_test_client(route_handlers=[login], session_config=MemoryBackendConfig()) as client:
        client.post("/login/ada")
        assert client.get_session_data() == {"user": "ada", "roles": ["reader"]}
