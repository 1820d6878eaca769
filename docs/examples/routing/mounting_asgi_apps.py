"""Mounting another ASGI application under a path prefix."""

from starlite import Starlite, asgi
from starlite.testing import TestClient
from starlite.types import Receive, Scope, Send


@asgi("/legacy", is_mount=True)
async def legacy_app(scope: Scope, receive: Receive, send: Send) -> None:
    # The mounted app sees the rest of the path; the mount point moves into ``root_path``, so
    # the app can still build correct absolute URLs.
    body = f"root_path={scope['root_path']} path={scope['path']}".encode()
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"text/plain; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": body})


@asgi("/exact")
async def exact_app(scope: Scope, receive: Receive, send: Send) -> None:
    # Without ``is_mount`` an ASGI handler answers its own path only.
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})


app = Starlite(route_handlers=[legacy_app, exact_app])


def test_mounted_app_receives_every_sub_path() -> None:
    with TestClient(app=app) as client:
        assert client.get("/legacy").text == "root_path=/legacy path=/"
        assert client.get("/legacy/users/7").text == "root_path=/legacy path=/users/7"


def test_unmounted_app_matches_exactly() -> None:
    with TestClient(app=app) as client:
        assert client.get("/exact").status_code == 204
        assert client.get("/exact/more").status_code == 404
