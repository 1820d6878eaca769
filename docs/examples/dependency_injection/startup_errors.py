"""Mistakes in handler signatures and dependencies are reported when the app is created."""

import pytest

from starlite import ImproperlyConfiguredException, Parameter, Provide, Starlite, get
from starlite.testing import TestClient


class Session:
    pass


def create_session(settings: dict[str, str]) -> Session:
    return Session()


def load_settings(session: Session) -> dict[str, str]:
    # Settings read from the database need a session, and the session needs settings: a cycle.
    return {}


@get("/users", dependencies={"session": Provide(create_session), "settings": Provide(load_settings)})
def list_users(session: Session) -> list[str]:
    return []


@get("/orders")
def list_orders(session: Session) -> list[str]:
    # No layer provides ``session``, so it is a query parameter (as in Starlite 1.5x): the app starts,
    # and every request is refused, since no text is a Session.
    return []


def bearer_token(token: str = Parameter(header="authorization")) -> str:
    return token.removeprefix("Bearer ")


@get("/profile", dependencies={"bearer": Provide(bearer_token)})
def profile(bearer: str, token: str = Parameter(cookie="authorization")) -> str:
    # The dependency reads ``token`` from a header and the handler from a cookie: which one is it?
    return bearer


@get("/", dependencies={"request": Provide(dict)})
def index() -> str:
    return ""


def test_a_dependency_cycle() -> None:
    with pytest.raises(ImproperlyConfiguredException) as error:
        Starlite(route_handlers=[list_users])
    assert error.value.detail == "Handler list_users: dependency cycle session -> settings -> session"


def test_a_parameter_nothing_can_supply_is_not_a_startup_error() -> None:
    with TestClient(app=Starlite(route_handlers=[list_orders])) as client:
        response = client.get("/orders")
    assert response.status_code == 400
    assert (
        response.json()["detail"]
        == "Missing required parameter session for url http://testserver.local/orders"
    )


def test_a_parameter_declared_two_ways() -> None:
    with pytest.raises(ImproperlyConfiguredException) as error:
        Starlite(route_handlers=[profile])
    message = error.value.detail
    assert message.startswith("Handler profile, parameter 'token' of the handler:")
    assert "declared differently by the handler and its dependencies" in message
    assert "header 'authorization'" in message
    assert "cookie 'authorization'" in message


def test_a_reserved_name_as_a_dependency_key() -> None:
    with pytest.raises(ImproperlyConfiguredException, match="'request' is a reserved kwarg"):
        Starlite(route_handlers=[index])
