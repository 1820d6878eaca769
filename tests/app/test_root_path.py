"""An app served under a root path, by servers that put it in front of ``scope["path"]`` and by those that do not."""

from __future__ import annotations

import json

import anyio
import pytest

from starlite import Request, Starlite, get
from tests.asgi_calls import call_asgi, http_scope


@get("/items/{item_id:int}")
def item(request: Request, item_id: int) -> dict[str, object]:
    return {"id": item_id, "url": str(request.url), "base": str(request.base_url)}


@pytest.mark.parametrize(
    "path", ["/api/items/3", "/items/3"], ids=["path-holds-root-path", "path-below-root-path"]
)
def test_the_app_routes_the_path_below_the_root_path(path: str) -> None:
    app = Starlite([item], openapi_config=None)
    scope = {**http_scope(path=path), "root_path": "/api"}
    messages = anyio.run(call_asgi, app, scope)
    assert messages[0]["status"] == 200
    body = json.loads(b"".join(m.get("body", b"") for m in messages[1:]))
    assert body == {"id": 3, "url": "http://testserver/api/items/3", "base": "http://testserver/api/"}


def test_a_path_that_only_shares_a_prefix_with_the_root_path_is_not_cut() -> None:
    @get("/apiary/items/{item_id:int}")
    def apiary(item_id: int) -> int:
        return item_id

    app = Starlite([apiary], openapi_config=None)
    scope = {**http_scope(path="/apiary/items/4"), "root_path": "/api"}
    messages = anyio.run(call_asgi, app, scope)
    assert messages[0]["status"] == 200
