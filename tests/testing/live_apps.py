"""Apps for the live-server tests, imported by uvicorn as ``tests.testing.live_apps:<name>``.

The server runs in another process, so what its hooks do is made observable through its output and,
when ``LIVE_APPS_EVENTS`` names a file, through lines appended to that file.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import AsyncIterator
from typing import Any

import anyio

from starlite import Starlite, Stream, get, post

EVENTS_VARIABLE = "LIVE_APPS_EVENTS"


def record(event: str) -> None:
    print(f"live app event: {event}", flush=True)
    if path := os.environ.get(EVENTS_VARIABLE):
        with open(path, "a", encoding="utf-8") as events:
            events.write(f"{event}\n")


def on_startup() -> None:
    record("startup")


def on_shutdown() -> None:
    record("shutdown")


def fail_on_startup() -> None:
    raise RuntimeError("the database is not there")


@get("/")
def whoami() -> dict[str, int]:
    return {"pid": os.getpid()}


@post("/echo")
def echo(data: dict[str, Any]) -> dict[str, Any]:
    return {"received": data}


async def _numbered_lines(limit: int | None) -> AsyncIterator[str]:
    for number in itertools.count() if limit is None else range(limit):
        yield f"line {number}\n"
        await anyio.sleep(0.01)


@get("/lines")
def lines(limit: int | None = None) -> Stream:
    # Without a limit it never ends: a client can read it only if the body is sent while it is produced.
    return Stream(iterator=_numbered_lines(limit), media_type="text/plain")


app = Starlite(route_handlers=[whoami, echo, lines], on_startup=[on_startup], on_shutdown=[on_shutdown])
failing_startup_app = Starlite(route_handlers=[whoami], on_startup=[fail_on_startup])


def hang_on_startup() -> None:
    time.sleep(60)  # blocks the server's loop: it answers no signal until killed


hanging_startup_app = Starlite(route_handlers=[whoami], on_startup=[hang_on_startup])


def create_app() -> Starlite:
    return Starlite(route_handlers=[whoami])


def broken_factory() -> Starlite:
    raise RuntimeError("the factory could not build the app")
