"""Security in the schema: the JWT scheme, and which operations need it."""

import os
from typing import Any

from starlite import ASGIConnection, Starlite, get
from starlite.contrib.jwt import JWTAuth, Token
from starlite.testing import TestClient


async def retrieve_user(token: Token, connection: ASGIConnection[Any, Any, Any]) -> dict[str, str]:
    return {"id": token.sub}


jwt_auth = JWTAuth[dict[str, str]](
    retrieve_user_handler=retrieve_user,
    token_secret=os.environ.get("JWT_SECRET", "dev-only-secret-0123456789abcdefghijklmnop"),
    # The schema and its pages stay readable without a token, and so does the health check.
    exclude=["^/schema", "^/health$"],
)


@get("/me")
def me() -> None:
    return None


# The middleware lets this through (``exclude``); ``security=[{}]`` tells the schema's readers that
# it needs no credentials: without it, the whole API's requirement applies to it too.
@get("/health", security=[{}])
def health() -> None:
    return None


# The admin operation asks for the scopes of an OAuth2 scheme declared elsewhere, say: a layer's
# ``security`` is added to the operations under it.
@get("/admin/report", security=[{"BearerToken": ["admin"]}])
def report() -> None:
    return None


# on_app_init installs the middleware and adds the scheme to (a copy of) the app's OpenAPIConfig.
app = Starlite(route_handlers=[me, health, report], on_app_init=[jwt_auth.on_app_init])


def test_the_scheme_and_the_requirements() -> None:
    with TestClient(app=app) as client:
        document = client.get("/schema/openapi.json").json()
        assert client.get("/me").status_code == 401
    assert document["components"]["securitySchemes"] == {
        "BearerToken": {
            "type": "http",
            "description": "JWT api-key authentication and authorization.",
            "scheme": "Bearer",
            "bearerFormat": "JWT",
        }
    }
    assert document["security"] == [{"BearerToken": []}]  # every operation, unless it says otherwise
    assert "security" not in document["paths"]["/me"]["get"]
    assert document["paths"]["/health"]["get"]["security"] == [{}]
    assert document["paths"]["/admin/report"]["get"]["security"] == [{"BearerToken": ["admin"]}]
