"""Whatever paths, queries and cache keys arrive, a cached handler answers 200, never a 500 or a hang."""

from __future__ import annotations

from typing import Any

import pytest
from anyio.from_thread import start_blocking_portal
from hypothesis import given, settings
from hypothesis import strategies as st

from starlite import CacheConfig, Request, Starlite, get
from tests.asgi_calls import call_asgi, http_scope
from tests.caching.conftest import close_backend, make_backend


def key_from_header(request: Request[Any, Any]) -> str:
    return request.headers.get("x-key", "") + request.url.path


@get("/{rest:path}", cache=True)
def echo(rest: str) -> dict[str, str]:
    return {"rest": rest}


@get("/keyed/{rest:path}", cache=True, cache_key_builder=key_from_header)
def keyed(rest: str) -> dict[str, str]:
    return {"rest": rest}


@pytest.mark.parametrize("backend_name", ["memory", "redis", "memcached"])
def test_any_path_query_and_key_is_answered(backend_name: str) -> None:
    backend = make_backend(backend_name)
    app = Starlite([echo, keyed], cache_config=CacheConfig(backend=backend))

    with start_blocking_portal("asyncio") as portal:

        @settings(max_examples=120, deadline=None)
        @given(
            path=st.text(max_size=300),
            query=st.binary(max_size=200),
            key=st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=300),
            keyed_route=st.booleans(),
        )
        def check(path: str, query: bytes, key: str, keyed_route: bool) -> None:
            scope = http_scope(
                path=("/keyed/" if keyed_route else "/") + path,
                headers=[(b"host", b"testserver"), (b"x-key", key.encode("latin-1"))],
            )
            scope["query_string"] = query
            messages = portal.call(call_asgi, app, scope)
            status = messages[0]["status"]
            assert status in {200, 400, 404}, messages
            # The second request is a hit (or an answer as good as the first).
            again = portal.call(call_asgi, app, scope)
            assert again[0]["status"] == status

        check()
        portal.call(close_backend, backend)
