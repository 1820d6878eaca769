"""One start-up sample: ``python bench/startup_probe.py FRAMEWORK [--no-openapi] [--openapi N]``, run
from ``bench/``.

Times, from the first line of this script, importing ``apps.<FRAMEWORK>`` (which imports the framework
and nothing else), building a 50-route app (``build_routes_app(50, "mixed")``: 50 GET handlers,
every other one with an int path parameter), and then running its ASGI lifespan start-up (BlackSheep
compiles its routes there). Prints ``{"import_s": ..., "build_s": ..., "start_s": ...}``.

With ``--openapi N``, the app is ``build_openapi_app(N)`` (path and query parameters, a pydantic
model body, a model response) and, once started, it answers its first ``GET`` of the OpenAPI schema
(``OPENAPI_PATH`` of the app's module), timed as ``schema_s``; the document is then checked (status
200, one path per route, the model among its components).
"""

import time

_started = time.perf_counter()

import importlib  # noqa: E402
import sys  # noqa: E402

ROUTES = 50


async def fetch(app: object, path: str) -> tuple[int, bytes]:
    """One ``GET path`` through the app as a server would send it; its status and body."""
    body = bytearray()
    status = 0
    requested = False

    async def receive() -> dict[str, object]:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        import asyncio

        await asyncio.Event().wait()  # never disconnects: the response ends the exchange
        raise AssertionError("unreachable")

    async def send(message: dict[str, object]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])  # type: ignore[call-overload]
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))  # type: ignore[arg-type]

    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"localhost"), (b"accept", b"application/json")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    await app(scope, receive, send)  # type: ignore[operator]
    return status, bytes(body)


async def start_fetch_stop(app: object, path: str | None = None) -> tuple[float, float, int, bytes]:
    """Start the app, ``GET path`` once (when given), stop it.

    Returns ``perf_counter`` at ``startup.complete`` and after the answer, and the answer's status
    and body (``0`` and empty without ``path``).
    """
    import asyncio

    to_app: asyncio.Queue[dict[str, str]] = asyncio.Queue()
    from_app: asyncio.Queue[dict[str, str]] = asyncio.Queue()
    scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": {}}
    task = asyncio.ensure_future(app(scope, to_app.get, from_app.put))  # type: ignore[operator]
    await to_app.put({"type": "lifespan.startup"})
    reply = await from_app.get()
    if reply["type"] != "lifespan.startup.complete":
        raise RuntimeError(f"lifespan start-up failed: {reply}")
    started = time.perf_counter()
    status, body = await fetch(app, path) if path is not None else (0, b"")
    fetched = time.perf_counter()
    await to_app.put({"type": "lifespan.shutdown"})
    await from_app.get()
    await task
    return started, fetched, status, body


def check_schema(status: int, body: bytes, routes: int) -> None:
    """The first answer was the whole schema: one path per route, the ``Item`` model in it."""
    import json

    if status != 200:
        raise RuntimeError(f"GET of the schema answered {status}: {body[:200]!r}")
    document = json.loads(body)
    paths = document.get("paths", {})
    if len(paths) != routes:
        raise RuntimeError(f"the schema has {len(paths)} paths, not {routes}")
    if "Item" not in document.get("components", {}).get("schemas", {}):
        raise RuntimeError("the schema has no Item component")


def main(argv: list[str]) -> None:
    module = importlib.import_module(f"apps.{argv[1]}")
    imported = time.perf_counter()
    if "--openapi" in argv:
        routes = int(argv[argv.index("--openapi") + 1])
        app = module.build_openapi_app(routes)
        built = time.perf_counter()
        import asyncio

        started, fetched, status, body = asyncio.run(start_fetch_stop(app, module.OPENAPI_PATH))
        check_schema(status, body, routes)
        import json

        print(
            json.dumps(
                {
                    "import_s": imported - _started,
                    "build_s": built - imported,
                    "start_s": started - built,
                    "schema_s": fetched - started,
                }
            )
        )
        return
    options = {"openapi": False} if "--no-openapi" in argv else {}
    app = module.build_routes_app(ROUTES, "mixed", **options)
    built = time.perf_counter()
    if "--no-start" in argv:  # the process alone: import and build, as `python -c "import ..."` would
        print("{}")
        return
    # The lifespan start-up comes after the target's figure (import + build): it needs asyncio,
    # which a framework may not have imported yet, and a server imports it anyway.
    import asyncio

    started = asyncio.run(start_fetch_stop(app))[0]
    import json

    print(
        json.dumps({"import_s": imported - _started, "build_s": built - imported, "start_s": started - built})
    )


if __name__ == "__main__":
    main(sys.argv)
