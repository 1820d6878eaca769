"""FastAPI: decorated path operations with type-annotated parameters and a pydantic body.

``@app.post(..., status_code=201)`` makes W4 answer 201 as the others do (FastAPI's default is 200).
"""

import os

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse

from apps import is_parameterized, lazy_apps

HELLO = "Hello, World!"
OPENAPI_PATH = "/openapi.json"


def build_app() -> FastAPI:
    """W1-W4."""
    from apps._item import Item

    app = FastAPI()

    @app.get("/plaintext", response_class=PlainTextResponse)
    async def plaintext():  # type: ignore[no-untyped-def]
        return HELLO

    @app.get("/json")
    async def json_message():  # type: ignore[no-untyped-def]
        return {"message": HELLO}

    @app.get("/items/{item_id}")
    async def read_item(item_id: int, q: str):  # type: ignore[no-untyped-def]
        return {"id": item_id, "q": q}

    @app.post("/items", status_code=201)
    async def create_item(item: Item) -> Item:
        return item

    return app


def build_session_app() -> FastAPI:
    """W5: Starlette's ``SessionMiddleware``."""
    from starlette.middleware.sessions import SessionMiddleware

    app = FastAPI()
    app.add_middleware(SessionMiddleware, secret_key=os.urandom(16).hex())

    @app.get("/session")
    async def counter(request: Request):  # type: ignore[no-untyped-def]
        value = request.session.get("counter", 0) + 1
        request.session["counter"] = value
        return {"counter": value}

    return app


def build_site_app() -> FastAPI:
    """W7 (``Jinja2Templates``, an ``HTMLResponse`` path operation) and W8 (``StaticFiles`` mounted)."""
    from fastapi.responses import HTMLResponse
    from fastapi.staticfiles import StaticFiles
    from fastapi.templating import Jinja2Templates

    from apps._site import (
        PAGE_PATH,
        PAGE_TEMPLATE,
        STATIC_PATH,
        TEMPLATES_DIR,
        ensure_static_file,
        page_context,
    )

    templates = Jinja2Templates(directory=TEMPLATES_DIR)
    app = FastAPI()

    @app.get(PAGE_PATH, response_class=HTMLResponse)
    async def page(request: Request):  # type: ignore[no-untyped-def]
        return templates.TemplateResponse(request, PAGE_TEMPLATE, page_context())

    app.mount(STATIC_PATH, StaticFiles(directory=ensure_static_file()), name="static")
    return app


def build_db_app() -> FastAPI:
    """W9: the session dependency of FastAPI's SQL guides (``async_sessionmaker``, a ``yield``
    dependency closing the session, ``Depends(get_session)``) and a pydantic response model read
    from the mapped ``Item`` (``from_attributes``); the engine is disposed of in the lifespan."""
    from collections.abc import AsyncIterator
    from contextlib import asynccontextmanager

    from fastapi import Depends, HTTPException
    from pydantic import BaseModel, ConfigDict
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

    from apps._db import ITEMS_PATH, database_url
    from apps._orm import Item

    class ItemOut(BaseModel):
        model_config = ConfigDict(from_attributes=True)

        id: int
        name: str
        price: float

    engine = create_async_engine(database_url())
    session_maker = async_sessionmaker(engine, expire_on_commit=False)

    async def get_session() -> AsyncIterator[AsyncSession]:
        async with session_maker() as session:
            yield session

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await engine.dispose()

    app = FastAPI(lifespan=lifespan)

    @app.get(f"{ITEMS_PATH}/{{item_id}}", response_model=ItemOut)
    async def read_item(item_id: int, session: AsyncSession = Depends(get_session)):  # type: ignore[no-untyped-def]
        item = await session.get(Item, item_id)
        if item is None:
            raise HTTPException(status_code=404, detail="Item not found")
        return item

    return app


def build_routes_app(count: int, shape: str) -> FastAPI:
    """``count`` GET path operations."""
    app = FastAPI()
    for index in range(count):
        if is_parameterized(index, shape):

            async def handler(item_id: int):  # type: ignore[no-untyped-def]
                return str(item_id)

            path = f"/route{index}/{{item_id}}"
        else:

            async def handler():  # type: ignore[no-untyped-def,misc]
                return "ok"

            path = f"/route{index}"
        handler.__name__ = f"route{index}"  # its operation id
        app.get(path, response_class=PlainTextResponse)(handler)
    return app


def build_openapi_app(count: int) -> FastAPI:
    """``count`` path operations for the OpenAPI start-up measure: the routes of ``_starlite_api``'s."""
    from apps._item import Item

    app = FastAPI()
    for index in range(count):
        if index % 2 == 0:

            async def read(item_id: int, q: str, limit: int = 10) -> Item:
                raise NotImplementedError  # never called: only the schema is asked for

            read.__name__ = f"read{index}"
            app.get(f"/items{index}/{{item_id}}")(read)
        else:

            async def create(item: Item) -> Item:
                return item

            create.__name__ = f"create{index}"
            app.post(f"/items{index}", status_code=201)(create)
    return app


__getattr__ = lazy_apps(build_app, build_session_app, build_site_app, build_db_app)
