"""Raising an ``HTTPException`` (or a subclass) to answer with an error status."""

from starlite import HTTPException, NotAuthorizedException, NotFoundException, Starlite, get
from starlite.testing import TestClient

USERS = {1: "ada"}


@get("/users/{user_id:int}")
def get_user(user_id: int) -> str:
    if user_id not in USERS:
        # The subclasses carry their status code: this one answers 404.
        raise NotFoundException(f"No user with id {user_id}")
    return USERS[user_id]


@get("/admin")
def admin() -> None:
    # ``headers`` become response headers; ``extra`` is added to the JSON body.
    raise NotAuthorizedException(
        "Log in first",
        headers={"www-authenticate": "Bearer"},
        extra={"login_url": "/login"},
    )


@get("/coffee")
def coffee() -> None:
    # Any status code can be given to the base class.
    raise HTTPException(status_code=418, detail="I only make tea")


@get("/crash")
def crash() -> None:
    # Any other exception becomes a 500.
    raise RuntimeError("something broke")


app = Starlite(route_handlers=[get_user, admin, coffee, crash])


def test_not_found() -> None:
    with TestClient(app=app) as client:
        assert client.get("/users/1").text == "ada"
        response = client.get("/users/2")
    assert response.status_code == 404
    assert response.json() == {"status_code": 404, "detail": "No user with id 2"}


def test_headers_and_extra() -> None:
    with TestClient(app=app) as client:
        response = client.get("/admin")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {"status_code": 401, "detail": "Log in first", "extra": {"login_url": "/login"}}


def test_custom_status_code() -> None:
    with TestClient(app=app) as client:
        response = client.get("/coffee")
    assert response.json() == {"status_code": 418, "detail": "I only make tea"}


def test_unexpected_errors_become_500() -> None:
    # By default the test client re-raises unexpected errors so the test shows them; turn that off
    # to see the response a real client would get.
    with TestClient(app=app, raise_server_exceptions=False) as client:
        response = client.get("/crash")
    assert response.status_code == 500
    # The message of an unexpected error is not sent to the client.
    assert response.json() == {"status_code": 500, "detail": "Internal Server Error"}
