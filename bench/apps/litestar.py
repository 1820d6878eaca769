"""Litestar 2: the Starlite 1.5x style (decorated handlers, ``data`` for the body) on ``Litestar``."""

import os
from typing import Any

from litestar import Litestar, MediaType, Request, get, post

from apps import is_parameterized, lazy_apps

HELLO = "Hello, World!"
OPENAPI_PATH = "/schema/openapi.json"


def build_app() -> Litestar:
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

    return Litestar(route_handlers=[plaintext, json_message, read_item, create_item])


def build_session_app() -> Litestar:
    """W5: client-side (AES-GCM encrypted cookie) sessions."""
    from litestar.middleware.session.client_side import CookieBackendConfig

    @get("/session")
    async def counter(request: Request) -> dict[str, int]:
        value = request.session.get("counter", 0) + 1
        request.session["counter"] = value
        return {"counter": value}

    config = CookieBackendConfig(secret=os.urandom(16))
    return Litestar(route_handlers=[counter], middleware=[config.middleware])


def build_site_app() -> Litestar:
    """W7 (a ``Template`` with ``JinjaTemplateEngine``) and W8 (``create_static_files_router``)."""
    from litestar.plugins.jinja import JinjaTemplateEngine
    from litestar.response import Template
    from litestar.static_files import create_static_files_router
    from litestar.template.config import TemplateConfig

    from apps._site import (
        PAGE_PATH,
        PAGE_TEMPLATE,
        STATIC_PATH,
        TEMPLATES_DIR,
        ensure_static_file,
        page_context,
    )

    @get(PAGE_PATH)  # Template infers text/html from the template's name
    async def page() -> Template:
        return Template(template_name=PAGE_TEMPLATE, context=page_context())

    return Litestar(
        route_handlers=[
            page,
            create_static_files_router(path=STATIC_PATH, directories=[ensure_static_file()]),
        ],
        template_config=TemplateConfig(directory=TEMPLATES_DIR, engine=JinjaTemplateEngine),
    )


def build_db_app() -> Litestar:
    """W9: advanced-alchemy's ``SQLAlchemyPlugin`` (the one Litestar's docs use, imported from where
    ``litestar.plugins.sqlalchemy`` now points): its ``db_session`` dependency, its default
    ``before_send`` handler closing the session, and the mapped ``Item`` returned as is (the
    plugin's serialization plugin makes a ``SQLAlchemyDTO`` of it)."""
    from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig, SQLAlchemyPlugin
    from litestar.exceptions import NotFoundException
    from sqlalchemy.ext.asyncio import AsyncSession

    from apps._db import ITEMS_PATH, database_url
    from apps._orm import Item

    @get(f"{ITEMS_PATH}/{{item_id:int}}")
    async def read_item(item_id: int, db_session: AsyncSession) -> Item:
        item = await db_session.get(Item, item_id)
        if item is None:
            raise NotFoundException()
        return item

    config = SQLAlchemyAsyncConfig(connection_string=database_url())
    return Litestar(route_handlers=[read_item], plugins=[SQLAlchemyPlugin(config=config)])


def build_routes_app(count: int, shape: str) -> Litestar:
    """``count`` GET handlers."""
    handlers = []
    for index in range(count):
        if is_parameterized(index, shape):

            async def handler(item_id: int) -> str:
                return str(item_id)

            path = f"/route{index}/{{item_id:int}}"
        else:

            async def handler() -> str:  # type: ignore[misc]
                return "ok"

            path = f"/route{index}"
        handler.__name__ = handler.__qualname__ = f"route{index}"  # distinct operation ids
        handlers.append(get(path, media_type=MediaType.TEXT)(handler))
    return Litestar(route_handlers=handlers)


def build_openapi_app(count: int) -> Litestar:
    """``count`` handlers for the OpenAPI start-up measure: the routes of ``_starlite_api``'s."""
    from apps._openapi_routes import openapi_handlers

    handlers = openapi_handlers(count, get, post)
    return Litestar(route_handlers=handlers)


__getattr__ = lazy_apps(build_app, build_session_app, build_site_app, build_db_app)
