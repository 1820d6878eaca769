"""In-process benchmark of handler-parameter work: starlite against Starlette, FastAPI and Litestar 2.

Every app serves one route, ``POST /items/{item_id:int}?q=<str>`` with a JSON body of a flat 10-field
model, and does the same work: parse the int path parameter, read and require the str query parameter,
decode and validate the JSON body into a model, and encode a JSON response holding ``item_id``, ``q``
and the model's fields.

Apps are called as raw ASGI callables (no server, no test client) on one asyncio event loop. Each
measurement runs in a fresh subprocess (``--worker NAME``); the parent interleaves the variants
(ABCD ABCD ...), takes medians across repeats, prints a table and saves JSON to ``bench/results/``.

Run ``python bench/kwargs_bench.py --help`` for the options (``--quick`` for a smoke run,
``--profile NAME`` for a cProfile of one variant).
"""

import asyncio
import cProfile
import gc
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import msgspec
from _harness import (
    ASGIApp,
    CheckFailed,
    Lifespan,
    Receive,
    Scope,
    Send,
    bare_lifespan,
    build_rows,
    call,
    discard,
    environment,
    make_parser,
    make_receive,
    print_header,
    print_profile,
    print_table,
    run_interleaved,
    run_worker_process,
    save_results,
    selected,
    settings_from,
    worker_main,
)
from pydantic import BaseModel, ValidationError

# --------------------------------------------------------------------------------------------------
# The models: one pydantic v2 model and one msgspec Struct with the same ten fields.
# --------------------------------------------------------------------------------------------------


class PydanticItem(BaseModel):
    name: str
    sku: str
    price: float
    quantity: int
    in_stock: bool
    tags: list[str]
    description: str | None = None
    weight: float
    category: str
    rating: int


class StructItem(msgspec.Struct):
    name: str
    sku: str
    price: float
    quantity: int
    in_stock: bool
    tags: list[str]
    weight: float
    category: str
    rating: int
    description: str | None = None


ITEM_ID = 42
QUERY = "hello world"
PAYLOAD: dict[str, Any] = {
    "name": "Widget",
    "sku": "WID-0042",
    "price": 19.99,
    "quantity": 7,
    "in_stock": True,
    "tags": ["tools", "hardware", "sale"],
    "description": "A very useful widget.",
    "weight": 1.25,
    "category": "gadgets",
    "rating": 4,
}
BODY = json.dumps(PAYLOAD).encode()
EXPECTED: dict[str, Any] = {"item_id": ITEM_ID, "q": QUERY, **PAYLOAD}


# --------------------------------------------------------------------------------------------------
# The apps. Each builder imports its framework itself, so a worker loads only the one it measures.
# --------------------------------------------------------------------------------------------------


def build_starlite_pydantic() -> ASGIApp:
    from starlite import Starlite, post

    @post("/items/{item_id:int}")
    async def create(item_id: int, q: str, data: PydanticItem) -> dict[str, Any]:
        return {"item_id": item_id, "q": q, **data.model_dump()}

    return Starlite(route_handlers=[create])  # type: ignore[return-value]


def build_starlite_msgspec() -> ASGIApp:
    from starlite import Starlite, post

    @post("/items/{item_id:int}")
    async def create(item_id: int, q: str, data: StructItem) -> dict[str, Any]:
        return {"item_id": item_id, "q": q, **msgspec.structs.asdict(data)}

    return Starlite(route_handlers=[create])  # type: ignore[return-value]


def build_starlette() -> ASGIApp:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def create(request: Request) -> JSONResponse:
        item_id: int = request.path_params["item_id"]
        q = request.query_params.get("q")
        if q is None:
            return JSONResponse({"detail": "missing query parameter 'q'"}, status_code=400)
        try:
            item = PydanticItem.model_validate(await request.json())
        except (ValueError, ValidationError) as exc:  # JSONDecodeError is a ValueError
            return JSONResponse({"detail": str(exc)}, status_code=400)
        return JSONResponse({"item_id": item_id, "q": q, **item.model_dump()})

    return Starlette(routes=[Route("/items/{item_id:int}", create, methods=["POST"])])  # type: ignore[return-value]


def build_fastapi() -> ASGIApp:
    from fastapi import FastAPI

    app = FastAPI()

    @app.post("/items/{item_id}")
    async def create(item_id: int, q: str, item: PydanticItem) -> dict[str, Any]:
        return {"item_id": item_id, "q": q, **item.model_dump()}

    return app  # type: ignore[return-value]


def build_litestar_pydantic() -> ASGIApp:
    from litestar import Litestar, post

    @post("/items/{item_id:int}")
    async def create(item_id: int, q: str, data: PydanticItem) -> dict[str, Any]:
        return {"item_id": item_id, "q": q, **data.model_dump()}

    return Litestar(route_handlers=[create])  # type: ignore[return-value]


def build_litestar_msgspec() -> ASGIApp:
    from litestar import Litestar, post

    @post("/items/{item_id:int}")
    async def create(item_id: int, q: str, data: StructItem) -> dict[str, Any]:
        return {"item_id": item_id, "q": q, **msgspec.structs.asdict(data)}

    return Litestar(route_handlers=[create])  # type: ignore[return-value]


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _send_json(send: Send, status: int, content: bytes) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(content)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": content})


def _build_bare(decode: Callable[[bytes], dict[str, Any]]) -> ASGIApp:
    """A hand-written ASGI callable doing the same work as the framework apps: the floor."""
    encode = msgspec.json.encode

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await bare_lifespan(receive, send)
            return
        prefix, _, tail = scope["path"].rpartition("/")
        if scope["method"] != "POST" or prefix != "/items" or not tail.isdigit():
            await _send_json(send, 404, b'{"detail":"Not Found"}')
            return
        q = None
        for key, value in parse_qsl(scope["query_string"].decode("latin-1")):
            if key == "q":
                q = value
                break
        if q is None:
            await _send_json(send, 400, b'{"detail":"missing query parameter q"}')
            return
        try:
            fields = decode(await _read_body(receive))
        except (ValidationError, msgspec.ValidationError, msgspec.DecodeError) as exc:
            await _send_json(send, 400, encode({"detail": str(exc)}))
            return
        await _send_json(send, 200, encode({"item_id": int(tail), "q": q, **fields}))

    return app


def build_bare_pydantic() -> ASGIApp:
    return _build_bare(lambda raw: PydanticItem.model_validate_json(raw).model_dump())


def build_bare_msgspec() -> ASGIApp:
    decoder = msgspec.json.Decoder(StructItem)
    return _build_bare(lambda raw: msgspec.structs.asdict(decoder.decode(raw)))


@dataclass(frozen=True)
class Variant:
    name: str
    framework: str  # distribution whose version is reported
    model: str  # "pydantic" or "msgspec": rows are compared with ours and bare of the same kind
    build: Callable[[], ASGIApp]


VARIANTS: dict[str, Variant] = {
    v.name: v
    for v in [
        Variant("starlite", "starlite", "pydantic", build_starlite_pydantic),
        Variant("starlite-msgspec", "starlite", "msgspec", build_starlite_msgspec),
        Variant("starlette", "starlette", "pydantic", build_starlette),
        Variant("fastapi", "fastapi", "pydantic", build_fastapi),
        Variant("litestar", "litestar", "pydantic", build_litestar_pydantic),
        Variant("litestar-msgspec", "litestar", "msgspec", build_litestar_msgspec),
        Variant("bare", "msgspec", "pydantic", build_bare_pydantic),
        Variant("bare-msgspec", "msgspec", "msgspec", build_bare_msgspec),
    ]
}
OURS = {"pydantic": "starlite", "msgspec": "starlite-msgspec"}
BARE = {"pydantic": "bare", "msgspec": "bare-msgspec"}
VERSIONED = ["starlite", "starlette", "fastapi", "litestar", "pydantic", "pydantic-core", "msgspec", "anyio"]


# --------------------------------------------------------------------------------------------------
# The ASGI harness.
# --------------------------------------------------------------------------------------------------


def make_scope(path: str, query: bytes, body: bytes) -> Scope:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query,
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "extensions": {},
    }


REQUEST_SCOPE = make_scope(f"/items/{ITEM_ID}", b"q=hello+world", BODY)


async def check(app: ASGIApp, state: dict[str, Any]) -> None:
    """Fail unless the app answers the benchmark request correctly and rejects bad ones."""
    response = await call(app, REQUEST_SCOPE, BODY, state)
    status, content = response.status, response.body
    if status not in (200, 201):
        raise CheckFailed(f"expected status 200 or 201, got {status}: {content[:300]!r}")
    try:
        got = json.loads(content)
    except ValueError as exc:
        raise CheckFailed(f"response is not JSON: {content[:300]!r}") from exc
    if got != EXPECTED:
        raise CheckFailed(f"unexpected response body: {got!r}")

    bad_body = json.dumps({**PAYLOAD, "quantity": "many"}).encode()
    rejects = {
        "a missing q": (make_scope(f"/items/{ITEM_ID}", b"", BODY), BODY),
        "a non-int item_id": (make_scope("/items/abc", b"q=x", BODY), BODY),
        "an invalid body": (make_scope(f"/items/{ITEM_ID}", b"q=x", bad_body), bad_body),
        "malformed JSON": (make_scope(f"/items/{ITEM_ID}", b"q=x", b"{nope"), b"{nope"),
    }
    for what, (scope, body) in rejects.items():
        response = await call(app, scope, body, state)
        status, content = response.status, response.body
        if not 400 <= status < 500:
            raise CheckFailed(f"expected a 4xx for {what}, got {status}: {content[:300]!r}")


async def timed_loop(app: ASGIApp, n: int, state: dict[str, Any]) -> int:
    """Make ``n`` requests and return the elapsed nanoseconds.

    Every request gets a fresh shallow copy of the scope and a fresh ``state`` (frameworks cache
    parsed request data in the scope, which must not leak from one request into the next).
    """
    template = REQUEST_SCOPE
    body = BODY
    start = time.perf_counter_ns()
    for _ in range(n):
        await app({**template, "state": dict(state)}, make_receive(body), discard)
    return time.perf_counter_ns() - start


async def run_worker(name: str, n: int, warmup: int) -> dict[str, Any]:
    app = VARIANTS[name].build()
    async with Lifespan(app) as lifespan:
        await check(app, lifespan.state)
        await timed_loop(app, warmup, lifespan.state)
        gc.collect()
        cpu_start = time.process_time_ns()
        elapsed_ns = await timed_loop(app, n, lifespan.state)
        cpu_ns = time.process_time_ns() - cpu_start
    return {
        "variant": name,
        "n": n,
        "elapsed_ns": elapsed_ns,
        "us_per_request": elapsed_ns / n / 1000,
        "cpu_us_per_request": cpu_ns / n / 1000,
    }


def profile_main(name: str, n: int, warmup: int, top: int) -> int:
    """Run one variant under cProfile and print the top functions by own and by cumulative time."""

    async def go() -> None:
        app = VARIANTS[name].build()
        async with Lifespan(app) as lifespan:
            await check(app, lifespan.state)
            await timed_loop(app, warmup, lifespan.state)
            profiler = cProfile.Profile()
            profiler.enable()
            await timed_loop(app, n, lifespan.state)
            profiler.disable()
        print_profile(profiler, name, n, top)

    asyncio.run(go())
    return 0


# --------------------------------------------------------------------------------------------------
# The parent: interleaved repeats in fresh subprocesses, medians, a table and a JSON file.
# --------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = make_parser(__doc__, VARIANTS, repeats=(7, 3), n=(40000, 10000), warmup=(2000, 500))
    args = parser.parse_args(argv)
    settings = settings_from(args)
    n, warmup = settings.n, settings.warmup

    if args.worker:
        return worker_main(args.worker, lambda: run_worker(args.worker, n, warmup))
    if args.profile:
        return profile_main(args.profile, n, warmup, args.top)

    names = selected(parser, args, VARIANTS)
    env = environment(VERSIONED)
    print_header(
        "kwargs benchmark: POST /items/{item_id:int}?q=<str> with a 10-field JSON body, raw ASGI calls",
        env,
        settings,
    )

    samples = run_interleaved(
        names,
        settings.repeats,
        lambda name: run_worker_process(__file__, name, ["-n", str(n), f"--warmup={warmup}"]),
    )
    rows = build_rows(
        names,
        samples,
        framework=lambda name: VARIANTS[name].framework,
        group=lambda name: VARIANTS[name].model,
        group_key="model",
        ours=OURS,
        bare=BARE,
    )

    print()
    print_table(rows, "model")
    print()
    print("us/req and req/s are medians over the repeats; spread is the fastest and slowest repeat.")
    print("vs ours = their us / starlite's us with the same model kind (>1.00x: starlite is faster);")
    print("vs bare = their us / the hand-written ASGI callable's us with the same model kind.")
    print(f"wall time {samples.wall_seconds:.0f} s")

    if not args.no_save:
        path = save_results(
            "kwargs",
            quick=args.quick,
            env=env,
            settings={"repeats": settings.repeats, "n": n, "warmup": warmup, "quick": args.quick},
            wall_seconds=samples.wall_seconds,
            rows=rows,
        )
        print(f"saved {path.relative_to(path.parents[2])}")
    errors = samples.errors
    return 1 if errors and len(errors) == len(names) else 0


if __name__ == "__main__":
    sys.exit(main())
