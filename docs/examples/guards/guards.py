"""Guards: refuse a connection before its handler runs, on any layer, reading the handler's ``opt``."""

from typing import Any

import pytest

from starlite import (
    ASGIConnection,
    BaseRouteHandler,
    Controller,
    NotAuthorizedException,
    PermissionDeniedException,
    Router,
    Starlite,
    WebSocket,
    delete,
    get,
    websocket,
)
from starlite.exceptions import WebSocketDisconnect
from starlite.testing import TestClient

# Who holds which token, and the roles each user has.
USERS_BY_TOKEN = {
    "ada-token": {"name": "ada", "roles": {"admin", "editor"}},
    "bob-token": {"name": "bob", "roles": {"editor"}},
}
ARTICLES = {1: "Guards in five minutes", 2: "Layers all the way down"}


def requires_login(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler[Any]) -> None:
    # A guard denies by raising; returning normally lets the connection through.
    if connection.headers.get("x-token") not in USERS_BY_TOKEN:
        raise NotAuthorizedException("Log in first")


async def requires_role(
    connection: ASGIConnection[Any, Any, Any], route_handler: BaseRouteHandler[Any]
) -> None:
    # Guards can be async. ``opt`` holds the options of the handler and of every layer above it.
    role = route_handler.opt.get("role")
    user = USERS_BY_TOKEN.get(connection.headers.get("x-token", ""))
    if role is not None and (user is None or role not in user["roles"]):
        raise PermissionDeniedException(f"Only {role}s may do that")


class ArticleController(Controller):
    path = "/articles"
    # Every handler of the controller is guarded; ``opt`` sets the role they need by default.
    guards = [requires_role]
    opt = {"role": "editor"}

    @get()
    def list_articles(self) -> dict[int, str]:
        return ARTICLES

    # Extra keyword arguments land in ``opt``: this handler asks for a stronger role.
    @delete("/{article_id:int}", role="admin")
    def remove_article(self, article_id: int) -> None:
        ARTICLES.pop(article_id, None)


@get("/audit-log", guards=[requires_role], opt={"role": "admin"})
def audit_log() -> list[str]:
    return ["ada logged in"]


@websocket("/live")
async def live_updates(socket: WebSocket[Any, Any]) -> None:
    await socket.accept()
    await socket.send_json({"articles": len(ARTICLES)})
    await socket.close()


@get("/health")
def health() -> str:
    # Outside the router: no login needed.
    return "ok"


# The router's guard runs first, for every handler below it, websockets included.
admin_router = Router(
    path="/admin", route_handlers=[ArticleController, audit_log, live_updates], guards=[requires_login]
)

app = Starlite(route_handlers=[admin_router, health])

ADA = {"x-token": "ada-token"}
BOB = {"x-token": "bob-token"}


def test_anonymous_users_are_asked_to_log_in() -> None:
    with TestClient(app=app) as client:
        response = client.get("/admin/articles")
        assert client.get("/health").text == "ok"
    assert response.status_code == 401
    assert response.json() == {"status_code": 401, "detail": "Log in first"}


def test_editors_can_read_but_not_delete() -> None:
    with TestClient(app=app) as client:
        assert client.get("/admin/articles", headers=BOB).json() == {"1": ARTICLES[1], "2": ARTICLES[2]}
        refused = client.delete("/admin/articles/2", headers=BOB)
        assert client.get("/admin/audit-log", headers=BOB).status_code == 403
    assert refused.status_code == 403
    assert refused.json() == {"status_code": 403, "detail": "Only admins may do that"}
    # The handler never ran: the article is still there.
    assert 2 in ARTICLES


def test_admins_can_do_everything() -> None:
    ARTICLES[3] = "To be removed"
    with TestClient(app=app) as client:
        assert client.delete("/admin/articles/3", headers=ADA).status_code == 204
        assert client.get("/admin/audit-log", headers=ADA).json() == ["ada logged in"]
    assert 3 not in ARTICLES


def test_guarded_websocket() -> None:
    with TestClient(app=app) as client:
        with client.websocket_connect("/admin/live", headers=BOB) as session:
            assert session.receive_json() == {"articles": len(ARTICLES)}
        # A refused websocket is closed with 4000 + the status code of the guard's exception.
        with pytest.raises(WebSocketDisconnect) as refused, client.websocket_connect("/admin/live"):
            pass
    assert refused.value.code == 4401
    assert refused.value.detail == "Log in first"
