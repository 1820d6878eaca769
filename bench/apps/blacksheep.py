"""BlackSheep 2: handlers on ``app.router`` with bound parameters (``FromJSON[Item]`` for the body).

Each app gets a ``Router`` of its own (``Application(router=Router())``), not the module-level
default one, which BlackSheep refuses to share between two apps: every ``build_*`` call makes an
independent app. BlackSheep compiles routes and parameter binders when the app starts
(``await app.start()``, which its ASGI lifespan start-up calls).
"""

import os

from blacksheep import Application, FromJSON, Request, Response, Router, json, text

from apps import is_parameterized, lazy_apps

HELLO = "Hello, World!"


def build_app() -> Application:
    """W1-W4."""
    from apps._item import Item

    router = Router()

    @router.get("/plaintext")
    async def plaintext() -> Response:
        return text(HELLO)

    @router.get("/json")
    async def json_message() -> Response:
        return json({"message": HELLO})

    @router.get("/items/{int:item_id}")
    async def read_item(item_id: int, q: str) -> Response:
        return json({"id": item_id, "q": q})

    @router.post("/items")
    async def create_item(data: FromJSON[Item]) -> Response:
        return json(data.value.model_dump(), status=201)

    return Application(router=router)


def build_session_app() -> Application:
    """W5: ``use_sessions(secret)``, a signed (itsdangerous) cookie."""
    router = Router()

    @router.get("/session")
    async def counter(request: Request) -> Response:
        value = request.session.get("counter", 0) + 1
        request.session["counter"] = value
        return json({"counter": value})

    app = Application(router=router)
    app.use_sessions(os.urandom(16).hex())
    return app


def build_routes_app(count: int, shape: str) -> Application:
    """``count`` GET handlers."""
    router = Router()
    for index in range(count):
        if is_parameterized(index, shape):

            async def handler(item_id: int) -> Response:
                return text(str(item_id))

            router.add_get(f"/route{index}/{{int:item_id}}", handler)
        else:

            async def handler() -> Response:  # type: ignore[misc]
                return text("ok")

            router.add_get(f"/route{index}", handler)
    return Application(router=router)


__getattr__ = lazy_apps(build_app, build_session_app)
