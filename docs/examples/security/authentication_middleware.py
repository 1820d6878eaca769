"""A custom authentication middleware: who is calling, decided once, before any handler runs."""

from typing import Any

from starlite import (
    AbstractAuthenticationMiddleware,
    ASGIConnection,
    AuthenticationResult,
    DefineMiddleware,
    NotAuthorizedException,
    Request,
    Starlite,
    get,
)
from starlite.testing import TestClient

API_KEYS = {"key-of-ada": "ada", "key-of-bob": "bob"}


class APIKeyMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(self, connection: ASGIConnection[Any, Any, Any]) -> AuthenticationResult:
        api_key = connection.headers.get("x-api-key")
        if api_key not in API_KEYS:
            # Becomes a 401 response (a websocket is closed with 4401).
            raise NotAuthorizedException("A valid X-API-Key header is required")
        # ``user`` becomes ``request.user``, ``auth`` becomes ``request.auth``.
        return AuthenticationResult(user=API_KEYS[api_key], auth=api_key)


@get("/whoami")
def whoami(request: Request[str, str]) -> str:
    return request.user


@get("/health")
def health() -> str:
    return "ok"


@get("/version", exclude_from_auth=True)
def version() -> str:
    # A handler opts out of authentication with the ``exclude_from_auth`` option.
    return "1.0"


app = Starlite(
    route_handlers=[whoami, health, version],
    # ``exclude`` takes a path regex, or a list of them: those paths are not authenticated.
    middleware=[DefineMiddleware(APIKeyMiddleware, exclude=["^/health$"])],
)


def test_api_keys() -> None:
    with TestClient(app=app) as client:
        assert client.get("/whoami", headers={"x-api-key": "key-of-bob"}).text == "bob"
        assert client.get("/whoami").status_code == 401
        assert client.get("/health").text == "ok"
        assert client.get("/version").text == "1.0"
