"""Probe how the test clients of peer ASGI frameworks behave, one scenario at a time.

Peers (each probed when the running interpreter has it):

- ``starlite151``: Starlite 1.51's ``TestClient`` / ``AsyncTestClient``. Run it with an interpreter whose
  ``starlite`` is the real 1.51 release; this repository's own ``starlite`` is never probed (its own tests
  cover it), and a ``starlite`` that is not a 1.51.x release is ignored;
- ``litestar2``: Litestar 2's ``TestClient`` / ``AsyncTestClient``;
- ``starlette``: Starlette's ``TestClient`` (Starlette has no async test client);
- ``httpx``: ``httpx.AsyncClient(transport=httpx.ASGITransport(app))`` (async only, no websockets).

Most scenarios drive one framework-free ASGI app (``raw_app``), so that only the client differs. The rows
about framework features (lifespan hooks, exception handling, sessions) use each framework's own app; the
``httpx`` peer gets a Starlette app there.

Every scenario runs in a fresh subprocess under a timeout, so a client that hangs is reported as "HANGS"
instead of freezing the script. Usage::

    .bench-venv/bin/python bench/peer_testing_probe.py                 # every peer this interpreter has
    cd /tmp && /tmp/slvenv/bin/python /work/main/bench/peer_testing_probe.py --peer starlite151
    .bench-venv/bin/python bench/peer_testing_probe.py --peer litestar2 --row 2 --row 6
    .bench-venv/bin/python bench/peer_testing_probe.py --json /tmp/probe.json
"""

import argparse
import asyncio
import contextlib
import importlib
import importlib.metadata
import importlib.util
import inspect
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio

SCRIPT = Path(__file__).resolve()
REPO_ROOT = SCRIPT.parent.parent
RESULT_PREFIX = "PROBE-RESULT "

# Objects a scenario hands to the app (same process, so the app's thread sees them too).
SHARED: dict[str, Any] = {}


class Unsupported(Exception):
    """The peer lacks the feature a scenario needs; its cell reads ``n/a: <reason>``."""


# --------------------------------------------------------------------------------------------------
# The framework-free ASGI app.
# --------------------------------------------------------------------------------------------------


async def send_json(send: Callable, data: Any, status: int = 200) -> None:
    """Send ``data`` as a complete JSON response."""
    body = json.dumps(data).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def scope_summary(scope: dict[str, Any]) -> dict[str, Any]:
    """The parts of a scope the URL rows compare."""
    headers = dict(scope.get("headers") or [])
    host = headers.get(b"host", b"").decode()
    server = list(scope["server"]) if scope.get("server") else None
    client = list(scope["client"]) if scope.get("client") else None
    return {
        "path": scope["path"],
        "root_path": scope.get("root_path"),
        "scheme": scope["scheme"],
        "server": server,
        "host": host,
        "client": client,
    }


async def http_sleep(scope, receive, send) -> None:
    """Sleep 0.5 s with ``anyio.sleep``, then say which loop and thread served the request."""
    await anyio.sleep(0.5)
    await send_json(send, {"loop": id(asyncio.get_running_loop()), "thread": threading.get_ident()})


async def http_slow(scope, receive, send) -> None:
    """Sleep 2 s, then answer."""
    await anyio.sleep(2)
    await send_json(send, {"slept": 2})


async def http_event(scope, receive, send) -> None:
    """Wait (at most 2 s) for the ``asyncio.Event`` the test created and will set."""
    with anyio.fail_after(2):
        await SHARED["event"].wait()
    await send_json(send, {"event": "seen"})


async def http_sse(scope, receive, send) -> None:
    """An endless server-sent-events stream that never looks at ``receive``."""
    headers = [(b"content-type", b"text/event-stream"), (b"cache-control", b"no-cache")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    number = 0
    while True:
        number += 1
        await send({"type": "http.response.body", "body": f"data: {number}\n\n".encode(), "more_body": True})
        await anyio.sleep(0.05)


async def http_upload(scope, receive, send) -> None:
    """Read the body message by message, noting whether the test's generator was already exhausted."""
    seen = []
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
        if message.get("body"):
            seen.append({"len": len(message["body"]), "generator_exhausted": SHARED.get("exhausted")})
    await send_json(send, seen)


async def http_boom(scope, receive, send) -> None:
    """Raise an exception nothing handles."""
    raise ValueError("boom from the app")


async def http_echo(scope, receive, send) -> None:
    """Answer with the scope's URL parts."""
    await send_json(send, scope_summary(scope))


async def ws_wait_for_disconnect(receive) -> None:
    """Receive until the client disconnects."""
    while (await receive())["type"] != "websocket.disconnect":
        pass


async def ws_silent(scope, receive, send) -> None:
    """Accept, then send nothing until the client leaves."""
    await receive()
    await send({"type": "websocket.accept"})
    await ws_wait_for_disconnect(receive)


async def ws_deny(scope, receive, send) -> None:
    """Close with code 4001 before accepting."""
    await receive()
    await send({"type": "websocket.close", "code": 4001, "reason": "denied"})


async def ws_echo(scope, receive, send) -> None:
    """Accept, echo one text message, wait for the client to leave."""
    await receive()
    await send({"type": "websocket.accept"})
    message = await receive()
    await send({"type": "websocket.send", "text": message.get("text")})
    await ws_wait_for_disconnect(receive)


async def ws_scope(scope, receive, send) -> None:
    """Accept and send the scope's URL parts as JSON text."""
    await receive()
    await send({"type": "websocket.accept"})
    await send({"type": "websocket.send", "text": json.dumps(scope_summary(scope))})
    await ws_wait_for_disconnect(receive)


HTTP_ROUTES = {
    "sleep": http_sleep,
    "slow": http_slow,
    "event": http_event,
    "sse": http_sse,
    "upload": http_upload,
    "boom": http_boom,
    "echo": http_echo,
}
WS_ROUTES = {"ws-silent": ws_silent, "ws-deny": ws_deny, "ws-echo": ws_echo, "ws-scope": ws_scope}


async def raw_lifespan(receive, send) -> None:
    """Complete start-up and shut-down without doing anything."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        else:
            await send({"type": "lifespan.shutdown.complete"})
            return


async def raw_app(scope, receive, send) -> None:
    """Route on the last path segment, so a ``base_url`` or ``root_path`` prefix does not matter."""
    if scope["type"] == "lifespan":
        await raw_lifespan(receive, send)
        return
    routes = HTTP_ROUTES if scope["type"] == "http" else WS_ROUTES
    await routes[scope["path"].rsplit("/", 1)[-1]](scope, receive, send)


# --------------------------------------------------------------------------------------------------
# Framework apps, for the rows about framework features.
# --------------------------------------------------------------------------------------------------

STATE: dict[str, Any] = {}


async def mark_started() -> None:
    """A start-up hook that records that it ran."""
    STATE["started"] = True


async def fail_startup() -> None:
    """A start-up hook that raises (the instance is kept, to check the test sees the very same one)."""
    STATE["boom"] = RuntimeError("start-up hook failed")
    raise STATE["boom"]


def starlite_family_app(package: str, startup: Callable, session_config: Any = None) -> Any:
    """A Starlite 1.51 or Litestar 2 app with the routes the framework rows use."""
    module = importlib.import_module(package)
    get, post, Request = module.get, module.post, module.Request

    @get("/boom")
    async def boom() -> None:
        raise ValueError("boom from the handler")

    @get("/flag")
    async def flag() -> dict:
        return {"started": STATE.get("started", False)}

    @get("/loop")
    async def loop_id() -> dict:
        return {"loop": id(asyncio.get_running_loop())}

    @get("/session")
    async def read_session(request: Request) -> dict:
        return dict(request.session)

    @post("/session")
    async def write_session(request: Request) -> None:
        request.set_session({"written_by": "handler"})

    app_class = module.Starlite if package == "starlite" else module.Litestar
    middleware = [session_config.middleware] if session_config else []
    return app_class(
        route_handlers=[boom, flag, loop_id, read_session, write_session],
        on_startup=[startup],
        middleware=middleware,
    )


def starlette_app(startup: Callable) -> Any:
    """A Starlette app with the same routes (no sessions: Starlette's test client has no helpers)."""
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await startup()
        yield

    async def boom(request):
        raise ValueError("boom from the endpoint")

    async def flag(request):
        return JSONResponse({"started": STATE.get("started", False)})

    async def loop_id(request):
        return JSONResponse({"loop": id(asyncio.get_running_loop())})

    routes = [Route("/boom", boom), Route("/flag", flag), Route("/loop", loop_id)]
    return Starlette(routes=routes, lifespan=lifespan)


# --------------------------------------------------------------------------------------------------
# Peers.
# --------------------------------------------------------------------------------------------------


def call_with_supported(factory: Callable, options: dict[str, Any], **fixed: Any) -> Any:
    """Call ``factory`` with ``options`` (``None`` values dropped), refusing options it does not take."""
    accepted = inspect.signature(factory).parameters
    wanted = {name: value for name, value in options.items() if value is not None}
    missing = [name for name in wanted if name not in accepted]
    if missing:
        raise Unsupported(f"no {', '.join(missing)} parameter")
    return factory(**fixed, **wanted)


@dataclass
class Peer:
    """One test client family, with how to build its clients and its framework's app."""

    name: str
    package: str  # the distribution whose version is reported

    def available(self) -> bool:
        """Whether this interpreter can probe the peer."""
        raise NotImplementedError

    def client(self, mode: str, app: Any, **options: Any) -> Any:
        """A not-yet-entered client; ``mode`` is ``sync`` or ``async``."""
        raise NotImplementedError

    def native_app(self, startup: Callable = mark_started, session_config: Any = None) -> Any:
        """The framework's own app for the framework rows."""
        raise NotImplementedError

    def session_config(self) -> Any:
        """A session back-end config for the session-helper row."""
        raise Unsupported("no session support in the test client")

    def testing_module(self) -> Any:
        """The module holding the test client."""
        raise NotImplementedError


class StarliteFamily(Peer):
    """Starlite 1.51 and Litestar 2 share one testing design."""

    def testing_module(self) -> Any:
        return importlib.import_module(f"{self.package}.testing")

    def client(self, mode: str, app: Any, **options: Any) -> Any:
        testing = self.testing_module()
        factory = testing.TestClient if mode == "sync" else testing.AsyncTestClient
        return call_with_supported(factory, options, app=app)

    def native_app(self, startup: Callable = mark_started, session_config: Any = None) -> Any:
        return starlite_family_app(self.package, startup, session_config)


class Starlite151(StarliteFamily):
    """The real Starlite 1.51 (never this repository's ``starlite``)."""

    def available(self) -> bool:
        spec = importlib.util.find_spec("starlite")
        if spec is None or spec.origin is None or Path(spec.origin).resolve().is_relative_to(REPO_ROOT):
            return False
        return importlib.metadata.version("starlite").startswith("1.51.")

    def session_config(self) -> Any:
        from starlite.middleware.session.memory_backend import MemoryBackendConfig

        return MemoryBackendConfig()


class Litestar2(StarliteFamily):
    """Litestar 2."""

    def available(self) -> bool:
        return importlib.util.find_spec("litestar") is not None

    def session_config(self) -> Any:
        from litestar.middleware.session.server_side import ServerSideSessionConfig

        return ServerSideSessionConfig()


class StarlettePeer(Peer):
    """Starlette's ``TestClient``."""

    def available(self) -> bool:
        return importlib.util.find_spec("starlette") is not None

    def testing_module(self) -> Any:
        return importlib.import_module("starlette.testclient")

    def client(self, mode: str, app: Any, **options: Any) -> Any:
        if mode == "async":
            raise Unsupported("Starlette has no async test client")
        return call_with_supported(self.testing_module().TestClient, options, app=app)

    def native_app(self, startup: Callable = mark_started, session_config: Any = None) -> Any:
        return starlette_app(startup)


class HttpxPeer(Peer):
    """``httpx.AsyncClient`` over ``httpx.ASGITransport``."""

    def available(self) -> bool:
        return importlib.util.find_spec("httpx") is not None and hasattr(
            importlib.import_module("httpx"), "ASGITransport"
        )

    def testing_module(self) -> Any:
        return importlib.import_module("httpx")

    def client(
        self,
        mode: str,
        app: Any,
        base_url: str | None = None,
        raise_server_exceptions: bool | None = None,
        **options: Any,
    ) -> Any:
        import httpx

        if mode == "sync":
            raise Unsupported("ASGITransport is async-only")
        transport_options = dict(options, raise_app_exceptions=raise_server_exceptions)
        transport = call_with_supported(httpx.ASGITransport, transport_options, app=app)
        return httpx.AsyncClient(transport=transport, base_url=base_url or "http://testserver")

    def native_app(self, startup: Callable = mark_started, session_config: Any = None) -> Any:
        if importlib.util.find_spec("starlette") is None:
            raise Unsupported("needs Starlette installed for a framework app")
        return starlette_app(startup)


PEERS: dict[str, Peer] = {
    "starlite151": Starlite151("starlite151", "starlite"),
    "litestar2": Litestar2("litestar2", "litestar"),
    "starlette": StarlettePeer("starlette", "starlette"),
    "httpx": HttpxPeer("httpx", "httpx"),
}


# --------------------------------------------------------------------------------------------------
# Small helpers for scenarios.
# --------------------------------------------------------------------------------------------------


def describe(exc: BaseException) -> str:
    """``Type: message`` with the module for non-builtin types; an exception group lists its members."""
    members = getattr(exc, "exceptions", None)
    if isinstance(members, (list, tuple)) and members:
        return f"{type(exc).__qualname__}[{', '.join(describe(member) for member in members)}]"
    kind = type(exc)
    name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    message = re.sub(r" at 0x[0-9a-f]+", "", str(exc))  # object addresses differ run to run
    return f"{name}: {message}" if message else name


def warning_list(caught: list[warnings.WarningMessage]) -> str:
    """Distinct warnings as ``Category('first 90 chars')``."""
    seen = []
    for item in caught:
        text = f"{item.category.__name__}({str(item.message)[:90]!r})"
        if text not in seen:
            seen.append(text)
    return "; ".join(seen) or "none"


def get_once(peer: Peer, mode: str, app: Any, path: str, **options: Any) -> Any:
    """Enter a client, make one GET, return the response or the exception it raised."""
    request_options = {key: options.pop(key) for key in ("timeout",) if key in options}

    def sync_call() -> Any:
        with peer.client("sync", app, **options) as client:
            return client.get(path, **request_options)

    async def async_call() -> Any:
        async with peer.client("async", app, **options) as client:
            return await client.get(path, **request_options)

    try:
        return sync_call() if mode == "sync" else asyncio.run(async_call())
    except Unsupported:
        raise
    except Exception as exc:  # the scenario reports what was raised
        return exc


def outcome(result: Any) -> str:
    """One line for a response or an exception."""
    if isinstance(result, BaseException):
        return f"raised {describe(result)}"
    return f"HTTP {result.status_code}"


def preferred_mode(peer: Peer) -> str:
    """``sync`` where the peer has a sync client, else ``async``."""
    try:
        peer.client("sync", raw_app)
    except Unsupported:
        return "async"
    return "sync"


# --------------------------------------------------------------------------------------------------
# Scenarios. Each returns one line; each runs in its own subprocess.
# --------------------------------------------------------------------------------------------------


def s_import_warnings(peer: Peer) -> str:
    """Warnings raised just by importing the client's module."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        peer.testing_module()
    return f"import warnings: {warning_list(caught)}"


def s_overlap(peer: Peer) -> str:
    """Row 1: two concurrent requests to a 0.5 s handler via ``asyncio.gather``."""

    async def run() -> str:
        async with peer.client("async", raw_app) as client:
            start = time.perf_counter()
            first, second = await asyncio.gather(client.get("/sleep"), client.get("/sleep"))
            elapsed = time.perf_counter() - start
        same_loop = first.json()["loop"] == id(asyncio.get_running_loop())
        same_thread = first.json()["thread"] == threading.get_ident()
        verdict = "overlapped" if elapsed < 0.8 else "serialised"
        return (
            f"2 concurrent 0.5 s requests took {elapsed:.2f} s ({verdict}); app ran on the test's loop: "
            f"{same_loop}, in the test's thread: {same_thread}"
        )

    return asyncio.run(run())


def s_loop_bound_event(bind_first: bool) -> Callable[[Peer], str]:
    """Row 1: the app awaits an ``asyncio.Event`` the test made and sets after 0.1 s.

    With ``bind_first`` the test awaits the event once beforehand, which binds it to the test's loop;
    without, the event is bound to whichever loop awaits it first (the app's).
    """

    def scenario(peer: Peer) -> str:
        return asyncio.run(event_round_trip(peer, bind_first))

    return scenario


async def event_round_trip(peer: Peer, bind_first: bool) -> str:
    """Row 1: one request to ``/event`` while a task of the test sets the event after 0.1 s."""
    event = asyncio.Event()
    if bind_first:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(event.wait(), 0.01)
    SHARED["event"] = event

    async def set_soon() -> None:
        await asyncio.sleep(0.1)
        event.set()

    async with peer.client("async", raw_app) as client:
        setter = asyncio.create_task(set_soon())
        start = time.perf_counter()
        try:
            response = await client.get("/event")
            result = f"HTTP {response.status_code} {response.text}"
        except Exception as exc:
            result = f"raised {describe(exc)}"
        elapsed = time.perf_counter() - start
        await setter
    return f"{result} after {elapsed:.2f} s"


def s_stream_sync(peer: Peer) -> str:
    """Row 2: read 3 chunks of an endless SSE stream with the sync client, then leave the block."""
    with peer.client("sync", raw_app) as client:
        start = time.perf_counter()
        chunks: list[bytes] = []
        first_at = None
        with client.stream("GET", "/sse") as response:
            for chunk in response.iter_bytes():
                first_at = first_at or time.perf_counter() - start
                chunks.append(chunk)
                if len(chunks) == 3:
                    break
        left_at = time.perf_counter() - start
    return (
        f"returned: 3 chunks {chunks[0]!r}..., first after {first_at:.2f} s, block left after {left_at:.2f} s"
    )


def s_stream_async(peer: Peer) -> str:
    """Row 2: the same with the async client, inside the test's own ``asyncio.wait_for(..., 2)``."""

    async def read_three(client: Any) -> str:
        start = time.perf_counter()
        chunks: list[bytes] = []
        async with client.stream("GET", "/sse") as response:
            async for chunk in response.aiter_bytes():
                chunks.append(chunk)
                if len(chunks) == 3:
                    break
        return f"returned: 3 chunks {chunks[0]!r}..., block left after {time.perf_counter() - start:.2f} s"

    async def run() -> str:
        async with peer.client("async", raw_app) as client:
            try:
                return await asyncio.wait_for(read_three(client), 2)
            except asyncio.TimeoutError:
                return (
                    "no chunk: the test's asyncio.wait_for(2 s) fired (app output is buffered until it ends)"
                )

    return asyncio.run(run())


def counting_body(asynchronous: bool) -> Any:
    """A 3-chunk request body that marks ``SHARED['exhausted']`` when it runs out."""
    SHARED["exhausted"] = False
    chunks = [b"chunk-1", b"chunk-2", b"chunk-3"]

    def sync_body():
        yield from chunks
        SHARED["exhausted"] = True

    async def async_body():
        for chunk in chunks:
            yield chunk
        SHARED["exhausted"] = True

    return async_body() if asynchronous else sync_body()


def upload_summary(result: Any) -> str:
    """Describe what the app saw of a streamed body."""
    if isinstance(result, BaseException):
        return f"raised {describe(result)}"
    seen = result.json()
    exhausted_first = seen[0]["generator_exhausted"] if seen else None
    return (
        f"app got {len(seen)} body message(s) {[item['len'] for item in seen]}; generator already "
        f"exhausted when the app saw the first: {exhausted_first}"
    )


def s_body_sync(peer: Peer) -> str:
    """Row 3: POST a sync generator body."""
    with peer.client("sync", raw_app) as client:
        try:
            return upload_summary(client.post("/upload", content=counting_body(False)))
        except Exception as exc:
            return upload_summary(exc)


def s_body_async(peer: Peer) -> str:
    """Row 3: POST an async generator body with the async client."""

    async def run() -> str:
        async with peer.client("async", raw_app) as client:
            try:
                return upload_summary(await client.post("/upload", content=counting_body(True)))
            except Exception as exc:
                return upload_summary(exc)

    return asyncio.run(run())


def s_raise_raw(mode: str) -> Callable[[Peer], str]:
    """Row 4: a bare ASGI app raises ``ValueError``; ``raise_server_exceptions=True``."""

    def scenario(peer: Peer) -> str:
        return outcome(get_once(peer, mode, raw_app, "/boom", raise_server_exceptions=True))

    return scenario


def s_raise_native(mode: str) -> Callable[[Peer], str]:
    """Row 4: the framework's own handler raises ``ValueError``; ``raise_server_exceptions=True``."""

    def scenario(peer: Peer) -> str:
        app = peer.native_app()
        return outcome(get_once(peer, mode, app, "/boom", raise_server_exceptions=True))

    return scenario


def s_timeout(mode: str) -> Callable[[Peer], str]:
    """Row 5: ``timeout=0.2`` on a request to a handler sleeping 2 s."""

    def scenario(peer: Peer) -> str:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            start = time.perf_counter()
            result = get_once(peer, mode, raw_app, "/slow", timeout=0.2)
            elapsed = time.perf_counter() - start
        relevant = [item for item in caught if "timeout" in str(item.message).lower()]
        return f"{outcome(result)} after {elapsed:.2f} s; timeout warnings: {warning_list(relevant)}"

    return scenario


def sync_ws_client(peer: Peer, **options: Any) -> Any:
    """The peer's sync client, or ``Unsupported`` when it has no websocket support."""
    try:
        client = peer.client("sync", raw_app, **options)
    except Unsupported as exc:
        raise Unsupported(f"no websocket support ({exc})") from None
    if not hasattr(client, "websocket_connect"):
        raise Unsupported("no websocket support")
    return client


def s_ws_receive_default(peer: Peer) -> str:
    """Row 6: ``receive()`` with no argument while the app sends nothing."""
    with sync_ws_client(peer) as client, client.websocket_connect("/ws-silent") as ws:
        message = ws.receive()
    return f"returned {message!r}"


def s_ws_receive_timeout(peer: Peer) -> str:
    """Row 6: whether ``receive`` takes a timeout, and what it raises when it expires."""
    with sync_ws_client(peer) as client, client.websocket_connect("/ws-silent") as ws:
        parameters = inspect.signature(ws.receive).parameters
        if "timeout" not in parameters:
            return f"no timeout parameter: receive{inspect.signature(ws.receive)}"
        start = time.perf_counter()
        try:
            ws.receive(timeout=0.3)
            return "receive(timeout=0.3) returned a message"
        except Exception as exc:
            elapsed = time.perf_counter() - start
            return f"receive(timeout=0.3) raised {describe(exc) or type(exc).__name__} after {elapsed:.2f} s"


def s_ws_idle_cpu(peer: Peer) -> str:
    """Row 6 (side measurement): CPU the process burns during 1 s while the app awaits ``receive``."""
    with sync_ws_client(peer) as client, client.websocket_connect("/ws-silent"):
        cpu_start, wall_start = time.process_time(), time.perf_counter()
        time.sleep(1.0)
        cpu = time.process_time() - cpu_start
        wall = time.perf_counter() - wall_start
    return f"{cpu:.2f} s CPU in {wall:.2f} s of idle websocket"


def s_ws_async(peer: Peer) -> str:
    """Row 7: a websocket echo through the async client."""

    async def run() -> str:
        client = peer.client("async", raw_app)
        if not hasattr(client, "websocket_connect"):
            return f"no websocket_connect on {type(client).__name__}"
        async with client:
            connecting = client.websocket_connect("/ws-echo")
            awaited = inspect.isawaitable(connecting)
            session = await connecting if awaited else connecting
            if hasattr(session, "__aenter__"):
                async with session:
                    await session.send_text("hi")
                    echoed = await session.receive_text()
                kind = "async session"
            else:
                with session:
                    session.send_text("hi")
                    echoed = session.receive_text()
                kind = "sync-only session (blocking calls inside the async test)"
        connect_kind = "async" if awaited else "sync"
        session_type = type(session).__name__
        return (
            f"works: {connect_kind} websocket_connect() returns a {kind} ({session_type}); echoed {echoed!r}"
        )

    return asyncio.run(run())


def s_ws_deny(peer: Peer) -> str:
    """Row 8: the app closes with code 4001 before accepting."""
    with sync_ws_client(peer) as client:
        try:
            with client.websocket_connect("/ws-deny"):
                return "connected (no exception)"
        except Exception as exc:
            code = getattr(exc, "code", None)
            reason = getattr(exc, "reason", None) or getattr(exc, "detail", None)
            return f"raised {describe(exc)} (code={code!r}, reason/detail={reason!r})"


def compact(summary: dict[str, Any]) -> str:
    """``path=... host=...`` for a scope summary."""
    server = tuple(summary["server"]) if summary["server"] else None
    return (
        f"path={summary['path']} root_path={summary['root_path']!r} scheme={summary['scheme']} "
        f"server={server} host-header={summary['host']}"
    )


def url_probe(peer: Peer, base_url: str) -> str:
    """What the app sees over HTTP and over a websocket for one ``base_url``."""
    mode = preferred_mode(peer)
    response = get_once(peer, mode, raw_app, "/echo", base_url=base_url)
    http_part = (
        f"http GET /echo -> {compact(response.json())}"
        if not isinstance(response, BaseException)
        else f"http raised {describe(response)}"
    )
    try:
        with sync_ws_client(peer, base_url=base_url) as client, client.websocket_connect("/ws-scope") as ws:
            ws_part = f"ws /ws-scope -> {compact(json.loads(ws.receive_text()))}"
    except Unsupported as exc:
        ws_part = f"ws n/a ({exc})"
    return f"{http_part} | {ws_part}"


def s_base_url_path(peer: Peer) -> str:
    """Row 9: ``base_url='http://example.org/api'``."""
    return url_probe(peer, "http://example.org/api")


def s_base_url_https(peer: Peer) -> str:
    """Row 9: ``base_url='https://example.org'``."""
    return url_probe(peer, "https://example.org")


def s_no_with(mode: str) -> Callable[[Peer], str]:
    """Row 10: a client used without ``with``: did start-up run, what warned, which loop served requests."""

    def scenario(peer: Peer) -> str:
        app = peer.native_app()
        peer.testing_module()  # import warnings belong to row 0, not here
        STATE.clear()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            client = peer.client(mode, app)
            if mode == "sync":
                started = client.get("/flag").json()["started"]
                loops = {client.get("/loop").json()["loop"] for _ in range(2)}
            else:
                started, loops = asyncio.run(no_with_async(client))
        loop_note = "a fresh loop per request" if len(loops) > 1 else "one loop for both requests"
        return f"startup ran: {started}; {loop_note}; warnings: {warning_list(caught)}"

    return scenario


async def no_with_async(client: Any) -> Any:
    """Row 10, async side: the start-up flag and the loops of two requests."""
    started = (await client.get("/flag")).json()["started"]
    loops = {(await client.get("/loop")).json()["loop"] for _ in range(2)}
    return started, loops


def s_with(mode: str) -> Callable[[Peer], str]:
    """Row 10 contrast: did start-up run when the client is entered."""

    def scenario(peer: Peer) -> str:
        STATE.clear()
        result = get_once(peer, mode, peer.native_app(), "/flag")
        return (
            f"startup ran: {result.json()['started']}"
            if not isinstance(result, BaseException)
            else outcome(result)
        )

    return scenario


def s_root_path_and_client(peer: Peer) -> str:
    """Row 11: ``root_path='/mnt'`` and ``client=('1.2.3.4', 1234)``."""
    mode = preferred_mode(peer)
    notes = []
    try:
        peer.client(mode, raw_app, client=("1.2.3.4", 1234))
        options: dict[str, Any] = {"root_path": "/mnt", "client": ("1.2.3.4", 1234)}
        notes.append("client= accepted")
    except Unsupported as exc:
        options = {"root_path": "/mnt"}
        notes.append(f"client= refused ({exc})")
    summary = get_once(peer, mode, raw_app, "/echo", **options).json()
    return (
        f"{'; '.join(notes)}; app sees root_path={summary['root_path']!r} path={summary['path']} "
        f"client={tuple(summary['client']) if summary['client'] else None}"
    )


def s_sessions(mode: str) -> Callable[[Peer], str]:
    """Row 12: ``set_session_data`` then a handler reads it; a handler writes, ``get_session_data`` reads."""

    def scenario(peer: Peer) -> str:
        config = peer.session_config()
        app = peer.native_app(session_config=config)
        client = peer.client(mode, app, session_config=config)
        if mode == "sync":
            with client:
                client.set_session_data({"set_by": "test"})
                handler_saw = client.get("/session").json()
                client.post("/session")
                test_saw = client.get_session_data()
        else:
            handler_saw, test_saw = asyncio.run(sessions_async(client))
        return f"handler saw {handler_saw}; get_session_data() -> {test_saw}"

    return scenario


async def sessions_async(client: Any) -> Any:
    """Row 12, async side."""
    async with client:
        await client.set_session_data({"set_by": "test"})
        handler_saw = (await client.get("/session")).json()
        await client.post("/session")
        return handler_saw, await client.get_session_data()


def s_request_factory(peer: Peer) -> str:
    """Row 13: whether the package ships a ``RequestFactory`` and what it builds."""
    factory_class = getattr(peer.testing_module(), "RequestFactory", None)
    if factory_class is None:
        raise Unsupported(f"no RequestFactory in {peer.testing_module().__name__}")
    request = factory_class().get("/items", headers={"x-probe": "1"}, query_params={"q": "v"})
    return f"{type(request).__module__}.{type(request).__name__} for {request.url}"


def s_live_server(peer: Peer) -> str:
    """Row 14: live-server helpers in the testing module, and a ``pytest11`` plugin entry point."""
    module = peer.testing_module()
    helpers = [name for name in dir(module) if "subprocess" in name or "live" in name.lower()]
    plugins = [
        f"{ep.name}={ep.value}"
        for ep in importlib.metadata.entry_points(group="pytest11")
        if ep.dist is not None and ep.dist.name.lower() == peer.package
    ]
    uvicorn = importlib.util.find_spec("uvicorn") is not None
    return (
        f"live-server helpers: {helpers or 'none'}; pytest11 plugin: {plugins or 'none'}; "
        f"uvicorn installed here: {uvicorn}"
    )


def s_startup_raises(mode: str) -> Callable[[Peer], str]:
    """Row 15: entering the client when a start-up hook raises."""

    def scenario(peer: Peer) -> str:
        STATE.clear()
        client = peer.client(mode, peer.native_app(startup=fail_startup))
        try:
            if mode == "sync":
                with client:
                    pass
            else:
                asyncio.run(enter_and_leave(client))
        except BaseException as exc:
            same = exc is STATE.get("boom")
            inside = any(member is STATE.get("boom") for member in getattr(exc, "exceptions", ()))
            note = (
                "the hook's own exception object"
                if same
                else ("the hook's exception wrapped in a group" if inside else "not the hook's exception")
            )
            return f"raised {describe(exc)} ({note})"
        return f"no exception (startup ran: {'boom' in STATE})"

    return scenario


async def enter_and_leave(client: Any) -> None:
    """``async with client: pass``."""
    async with client:
        pass


@dataclass
class Scenario:
    """One probe: its row, its label inside the row, the function and its timeout."""

    key: str
    row: int
    label: str
    run: Callable[[Peer], str]
    timeout: float = 10.0


SCENARIOS: list[Scenario] = [
    Scenario("0-import", 0, "import", s_import_warnings),
    Scenario("1-overlap", 1, "async gather", s_overlap),
    Scenario("1-event", 1, "Event bound to the test's loop", s_loop_bound_event(True)),
    Scenario("1-event-fresh", 1, "Event not yet bound", s_loop_bound_event(False)),
    Scenario("2-sync", 2, "sync", s_stream_sync, 5),
    Scenario("2-async", 2, "async", s_stream_async, 5),
    Scenario("3-sync", 3, "sync gen", s_body_sync),
    Scenario("3-async", 3, "async gen", s_body_async),
    Scenario("4-raw-sync", 4, "bare app, sync", s_raise_raw("sync")),
    Scenario("4-raw-async", 4, "bare app, async", s_raise_raw("async")),
    Scenario("4-native-sync", 4, "framework app, sync", s_raise_native("sync")),
    Scenario("4-native-async", 4, "framework app, async", s_raise_native("async")),
    Scenario("5-sync", 5, "sync", s_timeout("sync")),
    Scenario("5-async", 5, "async", s_timeout("async")),
    Scenario("6-default", 6, "receive()", s_ws_receive_default, 3),
    Scenario("6-timeout", 6, "timeout param", s_ws_receive_timeout, 5),
    Scenario("6-idle-cpu", 6, "idle CPU", s_ws_idle_cpu, 6),
    Scenario("7-async-ws", 7, "async client", s_ws_async, 5),
    Scenario("8-deny", 8, "close 4001 before accept", s_ws_deny, 5),
    Scenario("9-path", 9, "base_url http://example.org/api", s_base_url_path),
    Scenario("9-https", 9, "base_url https://example.org", s_base_url_https),
    Scenario("10-sync", 10, "sync, no with", s_no_with("sync")),
    Scenario("10-async", 10, "async, no with", s_no_with("async")),
    Scenario("10-sync-with", 10, "sync, with", s_with("sync")),
    Scenario("10-async-with", 10, "async, async with", s_with("async")),
    Scenario("11", 11, "root_path/client", s_root_path_and_client),
    Scenario("12-sync", 12, "sync", s_sessions("sync")),
    Scenario("12-async", 12, "async", s_sessions("async")),
    Scenario("13", 13, "RequestFactory", s_request_factory),
    Scenario("14", 14, "live server/plugin", s_live_server),
    Scenario("15-sync", 15, "sync", s_startup_raises("sync")),
    Scenario("15-async", 15, "async", s_startup_raises("async")),
]

ROW_TITLES = {
    0: "Importing the client",
    1: "Async client runs the app on the test's event loop",
    2: "Streaming an endless SSE response (read 3 chunks, leave the block)",
    3: "Streaming a request body into the app",
    4: "raise_server_exceptions=True, handler raises ValueError",
    5: "timeout=0.2 on a request to a 2 s handler",
    6: "Websocket receive() when the app sends nothing",
    7: "Websocket on the async client",
    8: "Websocket closed (4001) before accept",
    9: "Websocket/HTTP URL vs base_url",
    10: "Client used without with / async with",
    11: "root_path and client=(host, port)",
    12: "Session helpers",
    13: "RequestFactory",
    14: "Live-server helper / pytest plugin",
    15: "Start-up hook raising",
}


# --------------------------------------------------------------------------------------------------
# Child and parent processes.
# --------------------------------------------------------------------------------------------------


def child_main(peer_name: str, key: str) -> None:
    """Run one scenario for one peer and print its result line."""
    scenario = next(item for item in SCENARIOS if item.key == key)
    try:
        result = scenario.run(PEERS[peer_name])
    except Unsupported as exc:
        result = f"n/a: {exc}"
    except Exception as exc:
        result = f"scenario error: {describe(exc)}"
    print(RESULT_PREFIX + json.dumps(result), flush=True)
    os._exit(0)  # do not wait for portal threads a scenario may have left behind


def run_child(peer_name: str, scenario: Scenario) -> str:
    """Run a scenario in a subprocess; a timeout reads as a hang."""
    command = [sys.executable, str(SCRIPT), "--child", peer_name, scenario.key]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=scenario.timeout, cwd=tempfile.gettempdir()
        )
    except subprocess.TimeoutExpired:
        return f"HANGS (killed after {scenario.timeout:g} s)"
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX) :])
    last_error = (done.stderr.strip().splitlines() or ["no output"])[-1]
    return f"child failed (exit {done.returncode}): {last_error}"


def versions(peer_names: list[str]) -> dict[str, str]:
    """Versions of Python and of every package involved."""
    found = {"python": platform.python_version()}
    for name in ["httpx", "anyio", *(PEERS[peer].package for peer in peer_names)]:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            found[name] = importlib.metadata.version(name)
    return found


def print_results(results: dict[str, dict[str, str]], peer_names: list[str], rows: list[int]) -> None:
    """Print the results row by row."""
    for row in rows:
        print(f"\n## Row {row}: {ROW_TITLES[row]}")
        for scenario in (item for item in SCENARIOS if item.row == row):
            for peer in peer_names:
                print(f"  [{peer:11}] {scenario.label}: {results[peer][scenario.key]}")


def parse_arguments() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peer", action="append", choices=sorted(PEERS), help="probe only these peers")
    parser.add_argument("--row", action="append", type=int, help="probe only these rows")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--child", nargs=2, metavar=("PEER", "SCENARIO"), help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> None:
    """Probe every selected peer × scenario, each in its own subprocess."""
    arguments = parse_arguments()
    if arguments.child:
        child_main(*arguments.child)
        return
    peer_names = [name for name in (arguments.peer or PEERS) if PEERS[name].available()]
    rows = sorted(set(arguments.row or ROW_TITLES))
    print(f"peers: {peer_names}; versions: {versions(peer_names)}")
    results: dict[str, dict[str, str]] = {peer: {} for peer in peer_names}
    for scenario in (item for item in SCENARIOS if item.row in rows):
        for peer in peer_names:
            results[peer][scenario.key] = run_child(peer, scenario)
    print_results(results, peer_names, rows)
    if arguments.json:
        payload = {"versions": versions(peer_names), "results": results}
        arguments.json.write_text(json.dumps(payload, indent=2))


if __name__ == "__main__":
    main()
