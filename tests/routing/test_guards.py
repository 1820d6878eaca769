"""Guards on every layer: app, router, controller and handler, for HTTP, websocket and ASGI handlers.

A guard is ``guard(connection, route_handler) -> None`` (sync or async) and denies by raising. The guards
of every layer run, app first, before the handler is called.
"""

from __future__ import annotations

from typing import Any

import anyio
import pytest

from starlite import (
    ASGIConnection,
    BaseRouteHandler,
    Controller,
    NotAuthorizedException,
    PermissionDeniedException,
    Request,
    Response,
    Router,
    WebSocket,
    asgi,
    get,
    post,
    websocket,
)
from starlite.datastructures import BackgroundTask
from starlite.exceptions import WebSocketDisconnect
from starlite.testing import create_async_test_client, create_test_client
from starlite.types import Receive, Scope, Send


def deny(connection: ASGIConnection[Any, Any, Any], route_handler: BaseRouteHandler[Any]) -> None:
    raise PermissionDeniedException("denied by guard")


async def deny_async(connection: ASGIConnection[Any, Any, Any], route_handler: BaseRouteHandler[Any]) -> None:
    await anyio.sleep(0)
    raise PermissionDeniedException("denied by async guard")


def allow(connection: ASGIConnection[Any, Any, Any], route_handler: BaseRouteHandler[Any]) -> None:
    return None


def require_admin_role(
    connection: ASGIConnection[Any, Any, Any], route_handler: BaseRouteHandler[Any]
) -> None:
    """Compare the caller's ``x-role`` header with the role the handler's ``opt`` asks for."""
    required = route_handler.opt.get("role")
    if required is not None and connection.headers.get("x-role") != required:
        raise PermissionDeniedException(f"requires role {required}")


# --- denial responses -------------------------------------------------------------------------------


def test_permission_denied_guard_gives_403_json_body() -> None:
    @get("/secret", guards=[deny])
    def secret() -> str:
        return "the secret"

    with create_test_client([secret]) as client:
        response = client.get("/secret")

    assert response.status_code == 403
    assert response.json() == {"status_code": 403, "detail": "denied by guard"}
    assert "the secret" not in response.text


def test_not_authorized_guard_gives_401_with_its_headers() -> None:
    def require_token(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler[Any]) -> None:
        if "authorization" not in connection.headers:
            raise NotAuthorizedException("missing token", headers={"www-authenticate": "Bearer"})

    @get("/me", guards=[require_token])
    def me() -> dict[str, str]:
        return {"name": "ada"}

    with create_test_client([me]) as client:
        anonymous = client.get("/me")
        authorized = client.get("/me", headers={"Authorization": "Bearer abc"})

    assert anonymous.status_code == 401
    assert anonymous.json() == {"status_code": 401, "detail": "missing token"}
    assert anonymous.headers["www-authenticate"] == "Bearer"
    assert authorized.status_code == 200
    assert authorized.json() == {"name": "ada"}


def test_guard_raising_a_plain_exception_gives_500() -> None:
    def broken_guard(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler[Any]) -> None:
        raise RuntimeError("the guard itself is broken: db password is hunter2")

    @get("/", guards=[broken_guard])
    def handler() -> str:
        return "never"

    with create_test_client([handler], raise_server_exceptions=False) as client:
        response = client.get("/")

    assert response.status_code == 500
    assert response.json() == {"status_code": 500, "detail": "Internal Server Error"}
    assert "hunter2" not in response.text


def test_guard_raising_a_plain_exception_reaches_the_test_when_asked() -> None:
    def broken_guard(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler[Any]) -> None:
        raise RuntimeError("broken guard")

    @get("/", guards=[broken_guard])
    def handler() -> str:
        return "never"

    with create_test_client([handler]) as client, pytest.raises(RuntimeError, match="broken guard"):
        client.get("/")


def test_guard_returning_false_does_not_deny() -> None:
    # A guard denies by raising; its return value is ignored, so ``return False`` lets the request in.
    def returns_false(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler[Any]) -> bool:
        return False

    @get("/", guards=[returns_false])
    def handler() -> str:
        return "in"

    with create_test_client([handler]) as client:
        response = client.get("/")

    assert response.status_code == 200
    assert response.text == "in"


def test_layer_exception_handler_shapes_the_guard_denial() -> None:
    def on_denied(request: Request[Any, Any], exc: PermissionDeniedException) -> Response[dict[str, str]]:
        return Response({"error": "go away", "path": request.url.path}, status_code=403)

    class Admin(Controller):
        path = "/admin"
        guards = [deny]
        exception_handlers = {PermissionDeniedException: on_denied}

        @get("/panel")
        def panel(self) -> str:
            return "panel"

    @get("/public", guards=[deny])
    def public() -> str:
        return "public"

    with create_test_client([Admin, public]) as client:
        admin = client.get("/admin/panel")
        other = client.get("/public")

    assert admin.status_code == 403
    assert admin.json() == {"error": "go away", "path": "/admin/panel"}
    # The controller's exception handler does not reach handlers outside it.
    assert other.json() == {"status_code": 403, "detail": "denied by guard"}


# --- each layer ---------------------------------------------------------------------------------------


def _layered_app(layer: str, guard: Any) -> dict[str, Any]:
    """One guarded handler at ``/r/c/guarded`` with ``guard`` on ``layer``, and unguarded neighbours."""
    on = {name: [guard] if name == layer else None for name in ("app", "router", "controller", "handler")}

    class Guarded(Controller):
        path = "/c"
        guards = on["controller"]

        @get("/guarded", guards=on["handler"])
        def guarded(self) -> str:
            return "guarded"

        @get("/sibling")
        def sibling(self) -> str:
            return "sibling"

    @get("/beside")
    def beside_controller() -> str:
        return "beside"

    @get("/outside")
    def outside_router() -> str:
        return "outside"

    router = Router("/r", route_handlers=[Guarded, beside_controller], guards=on["router"])
    return {"route_handlers": [router, outside_router], "guards": on["app"]}


# Which of the four paths each layer's guard covers.
_COVERED = {
    "app": {"/r/c/guarded", "/r/c/sibling", "/r/beside", "/outside"},
    "router": {"/r/c/guarded", "/r/c/sibling", "/r/beside"},
    "controller": {"/r/c/guarded", "/r/c/sibling"},
    "handler": {"/r/c/guarded"},
}


@pytest.mark.parametrize("layer", ["app", "router", "controller", "handler"])
@pytest.mark.parametrize("guard", [deny, deny_async], ids=["sync", "async"])
def test_a_guard_on_one_layer_covers_exactly_the_handlers_below_it(layer: str, guard: Any) -> None:
    with create_test_client(**_layered_app(layer, guard)) as client:
        statuses = {path: client.get(path).status_code for path in _COVERED["app"]}

    assert statuses == {path: 403 if path in _COVERED[layer] else 200 for path in _COVERED["app"]}


def test_guards_of_all_layers_run_app_first() -> None:
    calls: list[str] = []

    def record(name: str) -> Any:
        def guard(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler[Any]) -> None:
            calls.append(name)

        return guard

    def record_async(name: str) -> Any:
        async def guard(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler[Any]) -> None:
            await anyio.sleep(0)
            calls.append(name)

        return guard

    class Layered(Controller):
        path = "/c"
        guards = [record("controller-1"), record_async("controller-2")]

        @get("/h", guards=[record_async("handler-1"), record("handler-2")])
        def handler(self) -> str:
            calls.append("handler")
            return "ok"

    router = Router("/r", route_handlers=[Layered], guards=[record("router")])

    with create_test_client([router], guards=[record_async("app-1"), record("app-2")]) as client:
        response = client.get("/r/c/h")

    assert response.text == "ok"
    assert calls == [
        "app-1",
        "app-2",
        "router",
        "controller-1",
        "controller-2",
        "handler-1",
        "handler-2",
        "handler",
    ]


def test_nested_routers_each_add_their_guards_outermost_first() -> None:
    calls: list[str] = []

    def record(name: str) -> Any:
        def guard(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler[Any]) -> None:
            calls.append(name)

        return guard

    @get("/h")
    def handler() -> None:
        calls.append("handler")

    inner = Router("/inner", route_handlers=[handler], guards=[record("inner")])
    outer = Router("/outer", route_handlers=[inner], guards=[record("outer")])

    with create_test_client([outer]) as client:
        assert client.get("/outer/inner/h").status_code == 200

    assert calls == ["outer", "inner", "handler"]


def test_first_denying_guard_stops_the_later_ones() -> None:
    calls: list[str] = []

    def router_guard(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler[Any]) -> None:
        calls.append("router")
        raise PermissionDeniedException("router says no")

    def handler_guard(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler[Any]) -> None:
        calls.append("handler guard")

    @get("/h", guards=[handler_guard])
    def handler() -> None:
        calls.append("handler")

    with create_test_client([Router("/r", route_handlers=[handler], guards=[router_guard])]) as client:
        response = client.get("/r/h")

    assert response.json()["detail"] == "router says no"
    assert calls == ["router"]


def test_a_guard_on_two_layers_runs_twice() -> None:
    calls: list[str] = []

    def count(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler[Any]) -> None:
        calls.append("guard")

    @get("/", guards=[count])
    def handler() -> None: ...

    with create_test_client([handler], guards=[count]) as client:
        client.get("/")

    assert calls == ["guard", "guard"]


def test_app_guard_does_not_turn_a_404_or_405_into_a_403() -> None:
    @get("/only-get")
    def only_get() -> None: ...

    with create_test_client([only_get], guards=[deny]) as client:
        assert client.get("/missing").status_code == 404
        assert client.post("/only-get").status_code == 405
        assert client.get("/only-get").status_code == 403


# --- what the handler does not do when a guard denies --------------------------------------------------


def test_denied_request_has_no_side_effects() -> None:
    side_effects: list[str] = []

    @post("/orders", guards=[deny_async], background=BackgroundTask(side_effects.append, "background"))
    async def create_order(data: dict[str, Any]) -> dict[str, Any]:
        side_effects.append("created")
        return data

    @get("/orders", guards=[deny])
    def list_orders() -> list[str]:
        side_effects.append("listed")
        return []

    with create_test_client([create_order, list_orders]) as client:
        created = client.post("/orders", json={"item": "tea"})
        listed = client.get("/orders")

    assert created.status_code == 403
    assert listed.status_code == 403
    assert side_effects == []


def test_guard_runs_before_the_request_body_is_validated() -> None:
    # A denied caller learns nothing about what the endpoint expects: no 400 validation details.
    @post("/items", guards=[deny])
    def create_item(data: dict[str, int]) -> dict[str, int]:
        return data

    with create_test_client([create_item]) as client:
        response = client.post("/items", content=b"not json", headers={"content-type": "application/json"})

    assert response.status_code == 403


def test_guard_can_read_the_body_and_the_handler_still_gets_it() -> None:
    async def limit_amount(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler[Any]) -> None:
        assert isinstance(connection, Request)
        body = await connection.json()
        if body["amount"] > 100:
            raise PermissionDeniedException("amount over your limit")

    @post("/transfers", guards=[limit_amount])
    def transfer(data: dict[str, int]) -> dict[str, int]:
        return data

    with create_test_client([transfer]) as client:
        small = client.post("/transfers", json={"amount": 5})
        large = client.post("/transfers", json={"amount": 500})

    assert small.status_code == 201
    assert small.json() == {"amount": 5}
    assert large.status_code == 403
    assert large.json()["detail"] == "amount over your limit"


# --- guards reading the connection ---------------------------------------------------------------------


def test_guard_deciding_on_a_header() -> None:
    def api_key(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler[Any]) -> None:
        if connection.headers.get("x-api-key") != "let-me-in":
            raise NotAuthorizedException("bad api key")

    @get("/data")
    def data() -> dict[str, int]:
        return {"value": 1}

    with create_test_client([Router("/api", route_handlers=[data], guards=[api_key])]) as client:
        assert client.get("/api/data").status_code == 401
        assert client.get("/api/data", headers={"X-Api-Key": "wrong"}).status_code == 401
        allowed = client.get("/api/data", headers={"X-Api-Key": "let-me-in"})

    assert allowed.status_code == 200
    assert allowed.json() == {"value": 1}


def test_guard_deciding_on_query_and_path_parameters() -> None:
    def owner_only(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler[Any]) -> None:
        if connection.query_params.get("as_user") != str(connection.path_params["user_id"]):
            raise PermissionDeniedException("not your account")

    @get("/users/{user_id:int}/account", guards=[owner_only])
    def account(user_id: int) -> dict[str, int]:
        return {"user_id": user_id}

    with create_test_client([account]) as client:
        own = client.get("/users/7/account", params={"as_user": "7"})
        foreign = client.get("/users/7/account", params={"as_user": "8"})
        anonymous = client.get("/users/7/account")

    assert own.json() == {"user_id": 7}
    assert foreign.status_code == 403
    assert anonymous.status_code == 403


def test_guard_receives_the_request_and_the_route_handler() -> None:
    seen: dict[str, Any] = {}

    def inspect_arguments(
        connection: ASGIConnection[Any, Any, Any], route_handler: BaseRouteHandler[Any]
    ) -> None:
        seen["connection_type"] = type(connection)
        seen["method"] = connection.scope["method"]
        seen["handler_name"] = route_handler.name
        seen["handler_paths"] = route_handler.paths

    @post("/things", name="create-thing", guards=[inspect_arguments])
    def create_thing() -> None: ...

    with create_test_client([create_thing]) as client:
        client.post("/things")

    assert issubclass(seen["connection_type"], Request)
    assert seen["method"] == "POST"
    assert seen["handler_name"] == "create-thing"
    assert seen["handler_paths"] == {"/things"}


def test_guard_sees_the_custom_request_class() -> None:
    class TenantRequest(Request[Any, Any]):
        @property
        def tenant(self) -> str:
            return self.headers.get("x-tenant", "")

    def known_tenant(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler[Any]) -> None:
        assert isinstance(connection, TenantRequest)
        if connection.tenant != "acme":
            raise PermissionDeniedException("unknown tenant")

    @get("/")
    def handler() -> str:
        return "hello acme"

    with create_test_client([handler], guards=[known_tenant], request_class=TenantRequest) as client:
        assert client.get("/", headers={"x-tenant": "acme"}).text == "hello acme"
        assert client.get("/", headers={"x-tenant": "other"}).status_code == 403


# --- guards reading opt ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role_header", "expected_status"),
    [("admin", 200), ("viewer", 403), (None, 403)],
)
def test_role_guard_reads_handler_opt(role_header: str | None, expected_status: int) -> None:
    @get("/admin", guards=[require_admin_role], opt={"role": "admin"})
    def admin_only() -> str:
        return "admin area"

    headers = {"x-role": role_header} if role_header else {}
    with create_test_client([admin_only]) as client:
        response = client.get("/admin", headers=headers)

    assert response.status_code == expected_status
    if expected_status == 403:
        assert response.json()["detail"] == "requires role admin"
    else:
        assert response.text == "admin area"


def test_extra_decorator_kwargs_land_in_opt() -> None:
    @get("/admin", guards=[require_admin_role], role="admin")
    def admin_only() -> str:
        return "admin area"

    assert admin_only.opt == {"role": "admin"}
    with create_test_client([admin_only]) as client:
        assert client.get("/admin", headers={"x-role": "admin"}).status_code == 200
        assert client.get("/admin", headers={"x-role": "guest"}).status_code == 403


def test_opt_is_merged_across_layers_the_handler_winning() -> None:
    seen: dict[str, dict[str, Any]] = {}

    def remember_opt(connection: ASGIConnection[Any, Any, Any], route_handler: BaseRouteHandler[Any]) -> None:
        seen[connection.url.path] = dict(route_handler.opt)

    class Reports(Controller):
        path = "/reports"
        opt = {"role": "analyst", "controller": True}

        @get("/summary")
        def summary(self) -> None: ...

        @get("/raw", role="admin", opt={"handler": True})
        def raw(self) -> None: ...

    router = Router("/r", route_handlers=[Reports], opt={"role": "staff", "router": True})

    with create_test_client([router], guards=[remember_opt], opt={"role": "anyone", "app": True}) as client:
        client.get("/r/reports/summary")
        client.get("/r/reports/raw")

    assert seen["/r/reports/summary"] == {"role": "analyst", "app": True, "router": True, "controller": True}
    assert seen["/r/reports/raw"] == {
        "role": "admin",
        "app": True,
        "router": True,
        "controller": True,
        "handler": True,
    }


def test_controller_guard_with_per_handler_roles() -> None:
    class Documents(Controller):
        path = "/documents"
        guards = [require_admin_role]
        opt = {"role": "editor"}

        @get("/")
        def list_documents(self) -> list[str]:
            return ["a.txt"]

        @post("/purge", role="admin", status_code=200)
        def purge(self) -> str:
            return "purged"

    with create_test_client([Documents]) as client:
        assert client.get("/documents", headers={"x-role": "editor"}).json() == ["a.txt"]
        assert client.get("/documents", headers={"x-role": "admin"}).status_code == 403
        assert client.post("/documents/purge", headers={"x-role": "editor"}).status_code == 403
        assert client.post("/documents/purge", headers={"x-role": "admin"}).text == "purged"


# --- one handler under two routers ----------------------------------------------------------------------


def test_handler_under_two_routers_gets_each_routers_guards() -> None:
    calls: list[str] = []

    def handler_guard(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler[Any]) -> None:
        calls.append(f"handler guard {connection.url.path}")

    @get("/status", guards=[handler_guard])
    def status() -> str:
        return "up"

    public = Router("/public", route_handlers=[status])
    private = Router("/private", route_handlers=[status], guards=[deny])

    with create_test_client([public, private]) as client:
        assert client.get("/public/status").text == "up"
        assert client.get("/private/status").status_code == 403
        assert client.get("/public/status").text == "up"

    # The handler's own guard runs under both routers; under /private the router denied first.
    assert calls == ["handler guard /public/status", "handler guard /public/status"]
    # Registering did not leak the private router's guard onto the original handler.
    assert status.guards == [handler_guard]


def test_handler_under_two_routers_sees_each_routers_opt() -> None:
    @get("/report", guards=[require_admin_role])
    def report() -> str:
        return "report"

    staff = Router("/staff", route_handlers=[report], opt={"role": "staff"})
    admin = Router("/admin", route_handlers=[report], opt={"role": "admin"})

    with create_test_client([staff, admin]) as client:
        assert client.get("/staff/report", headers={"x-role": "staff"}).status_code == 200
        assert client.get("/admin/report", headers={"x-role": "staff"}).status_code == 403
        assert client.get("/admin/report", headers={"x-role": "admin"}).status_code == 200


def test_controller_under_two_routers_gets_each_routers_guards() -> None:
    class Health(Controller):
        path = "/health"

        @get()
        def health(self) -> str:
            return "ok"

    open_router = Router("/open", route_handlers=[Health])
    closed_router = Router("/closed", route_handlers=[Health], guards=[deny])

    with create_test_client([open_router, closed_router]) as client:
        assert client.get("/open/health").text == "ok"
        assert client.get("/closed/health").status_code == 403


# --- websockets --------------------------------------------------------------------------------------


def test_denied_websocket_is_closed_with_4000_plus_status() -> None:
    accepted: list[bool] = []

    @websocket("/ws", guards=[deny])
    async def handler(socket: WebSocket[Any, Any]) -> None:
        accepted.append(True)
        await socket.accept()
        await socket.send_text("secret")
        await socket.close()

    with create_test_client([handler]) as client:
        with pytest.raises(WebSocketDisconnect) as exc_info, client.websocket_connect("/ws"):
            pass

    assert exc_info.value.code == 4403
    assert exc_info.value.detail == "denied by guard"
    assert accepted == []


def test_websocket_not_authorized_guard_closes_with_4401() -> None:
    def require_token(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler[Any]) -> None:
        if connection.query_params.get("token") != "t0k3n":
            raise NotAuthorizedException("token required")

    @websocket("/ws", guards=[require_token])
    async def handler(socket: WebSocket[Any, Any]) -> None:
        await socket.accept()
        await socket.send_text("welcome")
        await socket.close()

    with create_test_client([handler]) as client:
        with pytest.raises(WebSocketDisconnect) as exc_info, client.websocket_connect("/ws"):
            pass
        with client.websocket_connect("/ws?token=t0k3n") as session:
            assert session.receive_text() == "welcome"

    assert exc_info.value.code == 4401


@pytest.mark.parametrize(
    ("role_header", "allowed"),
    [("admin", True), ("viewer", False)],
)
def test_websocket_guards_of_every_layer_and_opt(role_header: str, allowed: bool) -> None:
    calls: list[str] = []

    def record(name: str) -> Any:
        async def guard(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler[Any]) -> None:
            assert isinstance(connection, WebSocket)
            calls.append(name)

        return guard

    class Live(Controller):
        path = "/live"
        guards = [record("controller")]

        @websocket("/feed", guards=[record("handler"), require_admin_role], role="admin")
        async def feed(self, socket: WebSocket[Any, Any]) -> None:
            await socket.accept()
            await socket.send_json({"role": socket.scope["route_handler"].opt["role"]})
            await socket.close()

    router = Router("/r", route_handlers=[Live], guards=[record("router")])

    with create_test_client([router], guards=[record("app")]) as client:
        if allowed:
            with client.websocket_connect("/r/live/feed", headers={"x-role": role_header}) as session:
                assert session.receive_json() == {"role": "admin"}
        else:
            with (
                pytest.raises(WebSocketDisconnect) as exc_info,
                client.websocket_connect("/r/live/feed", headers={"x-role": role_header}),
            ):
                pass
            assert exc_info.value.code == 4403
            assert exc_info.value.detail == "requires role admin"

    assert calls == ["app", "router", "controller", "handler"]


def test_websocket_guard_raising_a_plain_exception_closes_with_4500() -> None:
    def broken_guard(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler[Any]) -> None:
        raise RuntimeError("broken guard")

    @websocket("/ws", guards=[broken_guard])
    async def handler(socket: WebSocket[Any, Any]) -> None:
        await socket.accept()
        await socket.close()

    with create_test_client([handler], raise_server_exceptions=False) as client:
        with pytest.raises(WebSocketDisconnect) as exc_info, client.websocket_connect("/ws"):
            pass

    assert exc_info.value.code == 4500


# --- ASGI handlers -----------------------------------------------------------------------------------


def test_asgi_handler_is_guarded_by_every_layer() -> None:
    calls: list[str] = []

    def record(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler[Any]) -> None:
        calls.append(connection.url.path)

    @asgi("/raw")
    async def raw(scope: Scope, receive: Receive, send: Send) -> None:
        calls.append("app called")
        await Response("raw", media_type="text/plain")(scope, receive, send)

    router = Router("/r", route_handlers=[raw], guards=[record])

    with create_test_client([router]) as client:
        assert client.get("/r/raw").text == "raw"
    with create_test_client([Router("/r", route_handlers=[raw], guards=[deny])]) as client:
        assert client.get("/r/raw").status_code == 403

    assert calls == ["/r/raw", "app called"]


# --- async client: guards on both event loops ---------------------------------------------------------


@pytest.mark.anyio
async def test_async_guards_on_every_layer_with_the_async_client() -> None:
    calls: list[str] = []

    def record(name: str) -> Any:
        async def guard(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler[Any]) -> None:
            await anyio.sleep(0)
            calls.append(name)

        return guard

    class Items(Controller):
        path = "/items"
        guards = [record("controller")]

        @get("/", guards=[record("handler"), require_admin_role], role="admin")
        async def list_items(self) -> list[str]:
            calls.append("list_items")
            return ["pen"]

    router = Router("/r", route_handlers=[Items], guards=[record("router")])

    async with create_async_test_client([router], guards=[record("app")]) as client:
        allowed = await client.get("/r/items", headers={"x-role": "admin"})
        denied = await client.get("/r/items", headers={"x-role": "guest"})

    assert allowed.json() == ["pen"]
    assert denied.status_code == 403
    assert denied.json() == {"status_code": 403, "detail": "requires role admin"}
    assert calls == [
        "app",
        "router",
        "controller",
        "handler",
        "list_items",
        "app",
        "router",
        "controller",
        "handler",
    ]
