"""An application for the command line: ``starlite --app examples.cli.app:app routes`` shows its routes.

Saved as ``app.py`` in a project's directory, plain ``starlite run`` finds it without ``--app``.
"""

from starlite import Request, Starlite, get, post
from starlite.middleware.session.memory_backend import MemoryBackendConfig


@post("/login/{name:str}")
async def login(request: Request, name: str) -> None:
    request.set_session({"user": name})


@get("/me")
async def me(request: Request) -> dict[str, str]:
    return dict(request.session)


app = Starlite(route_handlers=[login, me], middleware=[MemoryBackendConfig().middleware])
