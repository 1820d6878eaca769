"""A provider's own arguments are resolved like a handler's: parameters, reserved names, dependencies."""

from dataclasses import dataclass
from typing import Any

from starlite import NotAuthorizedException, Parameter, Provide, Request, Starlite, State, get
from starlite.testing import TestClient


@dataclass
class Pagination:
    offset: int
    limit: int


@dataclass
class User:
    name: str


def paginate(
    page: int = Parameter(ge=1, default=1), per_page: int = Parameter(query="perPage", le=50, default=10)
) -> Pagination:
    # ``page`` and ``perPage`` are query parameters of every handler that uses this dependency.
    return Pagination(offset=(page - 1) * per_page, limit=per_page)


def authenticate(state: State, token: str = Parameter(header="authorization")) -> User:
    # ``state`` is the application state; the header is validated before the provider is called.
    user = state.users.get(token)
    if user is None:
        raise NotAuthorizedException("Unknown token")
    return user


async def audit_entry(request: Request, user: User) -> str:
    # A provider may take the request, and other dependencies by their key.
    return f"{user.name} {request.method} {request.url.path}"


@get(
    "/orders",
    dependencies={
        "pagination": Provide(paginate),
        "user": Provide(authenticate),
        "audit": Provide(audit_entry),
    },
)
def list_orders(pagination: Pagination, audit: str, status: str = "open") -> dict[str, Any]:
    # The handler only names what it needs: ``user`` is resolved because ``audit`` asks for it.
    return {"offset": pagination.offset, "limit": pagination.limit, "status": status, "audit": audit}


app = Starlite(route_handlers=[list_orders], state={"users": {"secret": User("ada")}})


def test_dependency_parameters_come_from_the_request() -> None:
    with TestClient(app=app) as client:
        response = client.get("/orders?page=3&perPage=20&status=shipped", headers={"authorization": "secret"})
    assert response.json() == {"offset": 40, "limit": 20, "status": "shipped", "audit": "ada GET /orders"}


def test_dependency_parameters_are_validated_with_the_handler_parameters() -> None:
    with TestClient(app=app) as client:
        response = client.get("/orders?page=0&perPage=100")
    assert response.status_code == 400
    assert response.json()["extra"] == [
        {"key": "page", "message": "Expected `int` >= 1", "source": "query"},
        {"key": "perPage", "message": "Expected `int` <= 50", "source": "query"},
        {"key": "authorization", "message": "Missing required parameter", "source": "header"},
    ]


def test_a_provider_may_raise() -> None:
    with TestClient(app=app) as client:
        response = client.get("/orders", headers={"authorization": "guess"})
    assert response.status_code == 401
    assert response.json()["detail"] == "Unknown token"
