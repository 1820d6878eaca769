"""The apps of both Starlites: ours and the real 1.51, written once against the Starlite 1.5x API.

``apps/starlite.py`` and ``apps/starlite151.py`` check which ``starlite`` they were given and re-export
these builders, so both frameworks run the very same code.
"""

import os
from typing import Any

from apps import is_parameterized
from starlite import MediaType, Request, Starlite, get, post

HELLO = "Hello, World!"
OPENAPI_PATH = "/schema/openapi.json"  # OpenAPIConfig's default controller path


def build_app() -> Starlite:
    """W1-W4."""
    from apps._item import Item

    @get("/plaintext", media_type=MediaType.TEXT)
    async def plaintext() -> str:
        return HELLO

    @get("/json")
    async def json_message() -> dict[str, str]:
        return {"message": HELLO}

    @get("/items/{item_id:int}")
    async def read_item(item_id: int, q: str) -> dict[str, Any]:
        return {"id": item_id, "q": q}

    @post("/items")  # 201 Created: the default status of @post
    async def create_item(data: Item) -> Item:
        return data

    return Starlite(route_handlers=[plaintext, json_message, read_item, create_item])


def build_session_app() -> Starlite:
    """W5: AES-GCM encrypted cookie sessions (needs ``cryptography``)."""
    from starlite.middleware.session.cookie_backend import CookieBackendConfig

    @get("/session")
    async def counter(request: Request) -> dict[str, int]:
        value = request.session.get("counter", 0) + 1
        request.session["counter"] = value
        return {"counter": value}

    config = CookieBackendConfig(secret=os.urandom(16))
    return Starlite(route_handlers=[counter], middleware=[config.middleware])


def build_site_app() -> Starlite:
    """W7 (a Jinja ``Template``) and W8 (``StaticFilesConfig``), with the templates and file of ``_site``."""
    from apps._site import (
        PAGE_PATH,
        PAGE_TEMPLATE,
        STATIC_PATH,
        TEMPLATES_DIR,
        ensure_static_file,
        page_context,
    )
    from starlite import StaticFilesConfig, Template, TemplateConfig
    from starlite.contrib.jinja import JinjaTemplateEngine

    @get(PAGE_PATH)  # Template infers text/html from the template's name
    async def page() -> Template:
        return Template(name=PAGE_TEMPLATE, context=page_context())

    return Starlite(
        route_handlers=[page],
        template_config=TemplateConfig(directory=TEMPLATES_DIR, engine=JinjaTemplateEngine),
        static_files_config=[StaticFilesConfig(path=STATIC_PATH, directories=[ensure_static_file()])],
    )


def build_routes_app(count: int, shape: str, *, openapi: bool = True) -> Starlite:
    """``count`` GET handlers; ``openapi=False`` passes ``openapi_config=None``.

    1.51 builds its OpenAPI schema when the app is created; ours on the first request for it.
    """
    handlers = [_route_handler(index, is_parameterized(index, shape)) for index in range(count)]
    options: dict[str, Any] = {} if openapi else {"openapi_config": None}
    return Starlite(route_handlers=handlers, **options)


def build_openapi_app(count: int) -> Starlite:
    """``count`` handlers for the OpenAPI start-up measure, with the schema on (as by default).

    Even ``i``: ``GET /items{i}/{item_id:int}?q=...&limit=...`` answering an ``Item``; odd ``i``:
    ``POST /items{i}`` taking an ``Item`` body and answering it.
    """
    from apps._openapi_routes import openapi_handlers

    handlers = openapi_handlers(count, get, post)
    return Starlite(route_handlers=handlers)


def _route_handler(index: int, parameterized: bool) -> Any:
    if parameterized:

        async def handler(item_id: int) -> str:
            return str(item_id)

        path = f"/route{index}/{{item_id:int}}"
    else:

        async def handler() -> str:  # type: ignore[misc]
            return "ok"

        path = f"/route{index}"
    # Distinct names, as distinct handlers would have: 1.51 derives OpenAPI operation ids from them.
    handler.__name__ = handler.__qualname__ = f"route{index}"
    return get(path, media_type=MediaType.TEXT)(handler)
