"""Everything about the incoming request, through the reserved ``request`` argument."""

from typing import Any

from starlite import Request, Starlite, UploadFile, get, post
from starlite.testing import TestClient


@get("/inspect/{item_id:int}")
def inspect_request(request: Request) -> dict[str, Any]:
    return {
        "method": request.method,
        "url": str(request.url),
        "path": request.url.path,
        "path_params": request.path_params,
        "query": request.query_params.getall("tag"),
        "user_agent": request.headers["user-agent"],
        "cookies": request.cookies,
        "client_host": request.client.host if request.client else None,
        "handler": request.route_handler.handler_name,
    }


@post("/raw")
async def raw_body(request: Request) -> dict[str, Any]:
    # The body is read once and cached, so ``body()`` and ``json()`` may both be used.
    body = await request.body()
    return {"length": len(body), "content_type": request.content_type[0], "json": await request.json()}


@post("/signup")
async def signup(request: Request) -> dict[str, Any]:
    # ``form()`` parses url-encoded and multipart bodies alike.
    form = await request.form()
    avatar = form.get("avatar")
    content = (await avatar.read()).decode() if isinstance(avatar, UploadFile) else None
    # Uploaded files are spooled to temporary files; closing the form releases them.
    await form.close()
    return {"name": form["name"], "avatar": content}


app = Starlite(route_handlers=[inspect_request, raw_body, signup])


def test_request_properties() -> None:
    with TestClient(app=app, cookies={"session": "xyz"}) as client:
        response = client.get("/inspect/3?tag=a&tag=b")
    assert response.json() == {
        "method": "GET",
        "url": "http://testserver.local/inspect/3?tag=a&tag=b",
        "path": "/inspect/3",
        "path_params": {"item_id": 3},
        "query": ["a", "b"],
        "user_agent": "testclient",
        "cookies": {"session": "xyz"},
        "client_host": "testclient",
        "handler": "inspect_request",
    }


def test_json_body() -> None:
    with TestClient(app=app) as client:
        response = client.post("/raw", json={"x": 1})
    # The length of the bytes httpx sent (its JSON spacing differs between releases).
    sent = len(response.request.content)
    assert response.json() == {"length": sent, "content_type": "application/json", "json": {"x": 1}}


def test_forms() -> None:
    with TestClient(app=app) as client:
        url_encoded = client.post("/signup", data={"name": "ada"})
        multipart = client.post("/signup", data={"name": "ada"}, files={"avatar": ("me.txt", b"(-_-)")})
    assert url_encoded.json() == {"name": "ada", "avatar": None}
    assert multipart.json() == {"name": "ada", "avatar": "(-_-)"}
