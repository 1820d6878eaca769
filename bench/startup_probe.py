"""One start-up sample: ``python bench/startup_probe.py FRAMEWORK [--no-openapi]``, run from ``bench/``.

Times, from the first line of this script, importing ``apps.<FRAMEWORK>`` (which imports the framework
and nothing else), building a 50-route app (``build_routes_app(50, "mixed")``: 50 GET handlers,
every other one with an int path parameter), and then running its ASGI lifespan start-up (BlackSheep
compiles its routes there). Prints ``{"import_s": ..., "build_s": ..., "start_s": ...}``.
"""

import time

_started = time.perf_counter()

import importlib  # noqa: E402
import sys  # noqa: E402

ROUTES = 50


async def start_and_stop(app: object) -> float:
    """Run the app's lifespan start-up and shut-down; return the ``perf_counter`` of ``startup.complete``."""
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
    await to_app.put({"type": "lifespan.shutdown"})
    await from_app.get()
    await task
    return started


def main(argv: list[str]) -> None:
    module = importlib.import_module(f"apps.{argv[1]}")
    imported = time.perf_counter()
    options = {"openapi": False} if "--no-openapi" in argv else {}
    app = module.build_routes_app(ROUTES, "mixed", **options)
    built = time.perf_counter()
    if "--no-start" in argv:  # the process alone: import and build, as `python -c "import ..."` would
        print("{}")
        return
    # The lifespan start-up comes after the target's figure (import + build): it needs asyncio,
    # which a framework may not have imported yet, and a server imports it anyway.
    import asyncio

    started = asyncio.run(start_and_stop(app))
    import json

    print(
        json.dumps({"import_s": imported - _started, "build_s": built - imported, "start_s": started - built})
    )


if __name__ == "__main__":
    main(sys.argv)
