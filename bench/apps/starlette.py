"""Starlette: ``Route`` endpoints taking a ``Request``, ``PlainTextResponse`` and ``JSONResponse``.

Starlette validates nothing, so the endpoints do what its docs leave to the user: a missing ``q``
answers 400 and an invalid body 422 (pydantic's ``model_validate_json``), as the other frameworks do.
"""

import os

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from apps import is_parameterized, lazy_apps

HELLO = "Hello, World!"


def build_app() -> Starlette:
    """W1-W4."""
    from pydantic import ValidationError

    from apps._item import Item

    async def plaintext(request: Request) -> Response:
        return PlainTextResponse(HELLO)

    async def json_message(request: Request) -> Response:
        return JSONResponse({"message": HELLO})

    async def read_item(request: Request) -> Response:
        q = request.query_params.get("q")
        if q is None:
            return JSONResponse({"detail": "missing query parameter 'q'"}, status_code=400)
        return JSONResponse({"id": request.path_params["item_id"], "q": q})

    async def create_item(request: Request) -> Response:
        try:
            item = Item.model_validate_json(await request.body())
        except ValidationError as exc:
            return Response(exc.json(include_url=False), status_code=422, media_type="application/json")
        return JSONResponse(item.model_dump(), status_code=201)

    return Starlette(
        routes=[
            Route("/plaintext", plaintext),
            Route("/json", json_message),
            Route("/items/{item_id:int}", read_item),
            Route("/items", create_item, methods=["POST"]),
        ]
    )


def build_session_app() -> Starlette:
    """W5: ``SessionMiddleware``, a signed (itsdangerous), not encrypted, cookie."""
    from starlette.middleware.sessions import SessionMiddleware

    async def counter(request: Request) -> Response:
        value = request.session.get("counter", 0) + 1
        request.session["counter"] = value
        return JSONResponse({"counter": value})

    return Starlette(
        routes=[Route("/session", counter)],
        middleware=[Middleware(SessionMiddleware, secret_key=os.urandom(16).hex())],
    )


def build_site_app() -> Starlette:
    """W7 (``Jinja2Templates``) and W8 (``StaticFiles`` mounted at ``/static``)."""
    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles
    from starlette.templating import Jinja2Templates

    from apps._site import (
        PAGE_PATH,
        PAGE_TEMPLATE,
        STATIC_PATH,
        TEMPLATES_DIR,
        ensure_static_file,
        page_context,
    )

    templates = Jinja2Templates(directory=TEMPLATES_DIR)

    async def page(request: Request) -> Response:
        return templates.TemplateResponse(request, PAGE_TEMPLATE, page_context())

    return Starlette(
        routes=[
            Route(PAGE_PATH, page),
            Mount(STATIC_PATH, app=StaticFiles(directory=ensure_static_file()), name="static"),
        ]
    )


def build_routes_app(count: int, shape: str) -> Starlette:
    """``count`` GET routes, each with an endpoint of its own."""
    return Starlette(routes=[_route(index, is_parameterized(index, shape)) for index in range(count)])


def _route(index: int, parameterized: bool) -> Route:
    if parameterized:

        async def endpoint(request: Request) -> Response:
            return PlainTextResponse(str(request.path_params["item_id"]))

        return Route(f"/route{index}/{{item_id:int}}", endpoint)

    async def static(request: Request) -> Response:
        return PlainTextResponse("ok")

    return Route(f"/route{index}", static)


__getattr__ = lazy_apps(build_app, build_session_app, build_site_app)
