"""Raw bytes over a real socket: the corpus, the client that sends it, and the verdict on each case.

Every case is sent twice at once, to the starlite app and to the control (a bare ASGI app) behind two
uvicorns started with the same options (``tests/wire/apps.py``). What the control gets is uvicorn's
own doing; what differs on the starlite side is ours. A case is **our fault** when the starlite side:

- answers 5xx;
- answers a 4xx of its own (the app was reached) without a JSON body naming the problem;
- logs a traceback or an error line that the control's log does not have;
- gives no answer within ``ANSWER_BOUND`` seconds where the control answered (a hang);
- still holds a task or an unfinished stream ``SETTLE_BOUND`` seconds after the client is gone;
- grows by more than half of a stream its client does not read (no back-pressure).

Anything else that differs is recorded: the control accepts every body, so a 4xx of ours against its
200 is the app refusing bad input, and an answer given by uvicorn (the app never reached) is uvicorn's.

``python -m tests.wire.corpus [--http h11|httptools]`` runs the corpus and prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import struct
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Literal

import h11
import httpx

from starlite.testing.live_server import LiveServer

ANSWER_BOUND = 1.5  # seconds to wait for an answer: the apps answer in milliseconds
SETTLE_BOUND = 5.0  # seconds for the server to finish the work of a case once the client is gone
STARLITE_APP = "tests.wire.apps:app"
CONTROL_APP = "tests.wire.apps:control"

Then = Literal["read", "half-close", "close", "reset", "read-some-close", "read-some-reset", "stall"]


@dataclass(frozen=True)
class Case:
    """One client: the pieces it writes (with a pause between them), then what it does.

    ``then``: ``read`` the answer; ``half-close`` (``shutdown(SHUT_WR)``) and read; ``close`` or
    ``reset`` (RST, ``SO_LINGER`` 0) without reading; ``read-some-close``/``-reset``: read
    ``read_bytes`` of the answer and go; ``stall``: read nothing for ``stall`` seconds, then close.
    """

    name: str
    pieces: tuple[bytes, ...]
    then: Then = "read"
    answers: int = 1  # complete answers to wait for (pipelining)
    read_bytes: int = 64 * 1024
    stall: float = 0.0
    note: str = ""


@dataclass
class Outcome:
    """What one server did with one case."""

    statuses: list[int] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)
    content_types: list[str] = field(default_factory=list)
    ended: str = ""  # "answered", "closed by server", "no answer", "reset by server", "client left"
    reached_app: int = 0  # requests that reached the app
    log: list[str] = field(default_factory=list)
    unsettled: str = ""  # what was still running after SETTLE_BOUND
    rss_growth_kb: int | None = None
    read_bytes: int | None = None  # what a client that leaves mid-answer read

    def status_classes(self) -> list[int]:
        """The answers' classes: 2 for 2xx, 4 for 4xx..."""
        return [status // 100 for status in self.statuses]

    def summary(self) -> str:
        """A short description for the report table."""
        answer = ",".join(str(status) for status in self.statuses) or "-"
        app = f", app x{self.reached_app}" if self.reached_app else ", app not called"
        extra = f", read {self.read_bytes} B" if self.read_bytes is not None else ""
        if self.rss_growth_kb is not None:
            extra += f", RSS {self.rss_growth_kb:+} kB while stalled"
        return f"{answer} {self.ended}{extra}{app}"


@dataclass
class Verdict:
    """A case's two outcomes, and what on the starlite side (if anything) is our fault."""

    case: Case
    starlite: Outcome
    control: Outcome
    faults: list[str]

    @property
    def difference(self) -> str:
        """How the starlite side differs from the control, in words."""
        if (
            self.starlite.status_classes() == self.control.status_classes()
            and self.starlite.ended == self.control.ended
        ):
            if not self.starlite.reached_app:
                return "same: uvicorn's (app not called)"
            return "same"
        if self.starlite.statuses and self.control.statuses and not self.control.reached_app:
            return "uvicorn's"
        if (
            self.starlite.statuses
            and 400 <= self.starlite.statuses[0] < 500
            and self.control.statuses
            and self.control.statuses[0] < 300
        ):
            return "starlite refuses (the control reads any body)"
        return "differs"


def request(
    method: str,
    target: str,
    *headers: str,
    body: bytes = b"",
    length: int | None = None,
    version: str = "HTTP/1.1",
) -> bytes:
    """A request's bytes, with ``Host`` first unless ``headers`` name one.

    A ``body`` gets a true ``Content-Length`` unless ``length`` (a lie) is given or ``headers`` set
    ``Content-Length`` or ``Transfer-Encoding`` themselves.
    """
    lines = [f"{method} {target} {version}"]
    if not any(header.lower().startswith("host:") for header in headers):
        lines.append("Host: wire")
    lines.extend(headers)
    framed = any(header.lower().startswith(("content-length:", "transfer-encoding:")) for header in headers)
    if length is not None or (body and not framed):
        lines.append(f"Content-Length: {len(body) if length is None else length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def raw(*parts: bytes) -> bytes:
    """Bytes written as they are (request lines or headers that ``request`` cannot build)."""
    return b"".join(parts)


JSON_BODY = b'{"name": "wire", "count": 3}'
BOUNDARY = "wireboundary"


def multipart(size: int, closed: bool = True) -> bytes:
    """A multipart body with one file field of ``size`` bytes."""
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode() if closed else b""
    return head + b"a" * size + tail


MULTIPART = f"Content-Type: multipart/form-data; boundary={BOUNDARY}"
BIG = 8 * 1024 * 1024


def corpus() -> list[Case]:
    """Every case, grouped as the issue lists them."""
    upload = multipart(BIG)
    return [
        # -- the request line
        Case("garbage request line", (b"HELLO\r\n\r\n",)),
        Case("no HTTP version", (b"GET /ping\r\n\r\n",)),
        Case("unknown HTTP version", (request("GET", "/ping", version="HTTP/9.9"),)),
        Case("lower-case method", (request("get", "/ping"),)),
        Case("unknown method", (request("BREW", "/ping"),)),
        Case("method not allowed", (request("DELETE", "/json"),)),
        Case("100 kB request target", (request("GET", "/items/1?q=" + "a" * 100_000),)),
        Case("absolute-form target", (request("GET", "http://elsewhere.example/ping"),)),
        Case("asterisk target", (request("OPTIONS", "*"),)),
        Case("target without a slash", (request("GET", "ping"),)),
        Case("NUL in the path", (raw(b"GET /pi\x00ng HTTP/1.1\r\nHost: wire\r\n\r\n"),)),
        Case("raw invalid UTF-8 path", (raw(b"GET /items/\xff\xfe HTTP/1.1\r\nHost: wire\r\n\r\n"),)),
        Case("percent-encoded invalid UTF-8 path", (request("GET", "/items/%ff%fe"),)),
        Case("percent-encoded invalid UTF-8 query", (request("GET", "/items/1?q=%ff%fe"),)),
        Case("raw invalid UTF-8 query", (raw(b"GET /items/1?q=\xff\xfe HTTP/1.1\r\nHost: wire\r\n\r\n"),)),
        Case("dot segments in the path", (request("GET", "/../../etc/passwd"),)),
        Case("encoded dot segments", (request("GET", "/%2e%2e/%2e%2e/etc/passwd"),)),
        Case("HTTP/1.0 without Host", (raw(b"GET /ping HTTP/1.0\r\n\r\n"),)),
        Case("HTTP/1.1 without Host", (raw(b"GET /ping HTTP/1.1\r\n\r\n"),)),
        # -- headers
        Case("64 kB header value", (request("GET", "/items/1", "X-Tag: " + "t" * 65_536),)),
        Case("1 MB header value", (request("GET", "/items/1", "X-Tag: " + "t" * 1_000_000),)),
        Case("2,000 headers", (request("GET", "/items/1", *(f"X-H{n}: v" for n in range(2000))),)),
        Case("header without a colon", (request("GET", "/ping", "NoColonHere"),)),
        Case("space before the colon", (request("GET", "/ping", "X-Tag : a"),)),
        Case("obs-fold continuation", (request("GET", "/items/1", "X-Tag: a", " folded"),)),
        Case("control characters in a header", (raw(request("GET", "/items/1", "X-Tag: a\x01b")),)),
        Case(
            "invalid UTF-8 header value",
            (raw(b"GET /items/1 HTTP/1.1\r\nHost: w\r\nX-Tag: \xff\xfe\r\n\r\n"),),
        ),
        Case(
            "invalid UTF-8 cookie",
            (raw(b"GET /items/1 HTTP/1.1\r\nHost: w\r\nCookie: flavour=\xff\xfe\r\n\r\n"),),
        ),
        Case("invalid UTF-8 header name", (raw(b"GET /items/1 HTTP/1.1\r\nHost: w\r\nX-\xff: a\r\n\r\n"),)),
        Case(
            "500 cookies",
            (request("GET", "/items/1", "Cookie: " + "; ".join(f"c{n}=v" for n in range(500))),),
        ),
        Case("malformed cookies", (request("GET", "/items/1", 'Cookie: ;;=;flavour="a;=b"; =x; y'),)),
        Case("duplicate Host", (request("GET", "/ping", "Host: a", "Host: b"),)),
        Case(
            "two different Content-Length",
            (
                request(
                    "POST",
                    "/json",
                    "Content-Type: application/json",
                    "Content-Length: 5",
                    "Content-Length: 28",
                    body=JSON_BODY,
                ),
            ),
        ),
        Case(
            "two equal Content-Length",
            (
                request(
                    "POST",
                    "/json",
                    "Content-Type: application/json",
                    "Content-Length: 28",
                    "Content-Length: 28",
                    body=JSON_BODY,
                ),
            ),
        ),
        Case(
            "non-numeric Content-Length",
            (
                request(
                    "POST", "/json", "Content-Type: application/json", "Content-Length: abc", body=JSON_BODY
                ),
            ),
        ),
        Case(
            "negative Content-Length",
            (
                request(
                    "POST", "/json", "Content-Type: application/json", "Content-Length: -1", body=JSON_BODY
                ),
            ),
        ),
        Case(
            "Content-Length and chunked",
            (
                request(
                    "POST",
                    "/json",
                    "Content-Type: application/json",
                    "Content-Length: 28",
                    "Transfer-Encoding: chunked",
                    body=b"1c\r\n" + JSON_BODY + b"\r\n0\r\n\r\n",
                ),
            ),
        ),
        Case(
            "two Content-Types",
            (
                request(
                    "POST",
                    "/json",
                    "Content-Type: application/json",
                    "Content-Type: application/x-www-form-urlencoded",
                    body=JSON_BODY,
                ),
            ),
        ),
        Case(
            "invalid UTF-8 charset",
            (
                raw(
                    b"POST /json HTTP/1.1\r\nHost: w\r\nContent-Type: application/json; charset=\xff\r\nContent-Length: 28\r\n\r\n"
                    + JSON_BODY
                ),
            ),
        ),
        Case(
            "unknown charset",
            (
                request(
                    "POST",
                    "/form",
                    "Content-Type: application/x-www-form-urlencoded; charset=nope",
                    body=b"a=b",
                ),
            ),
        ),
        Case(
            "Upgrade: websocket on an HTTP route",
            (
                request(
                    "GET",
                    "/ping",
                    "Upgrade: websocket",
                    "Connection: Upgrade",
                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                    "Sec-WebSocket-Version: 13",
                ),
            ),
        ),
        Case(
            "Upgrade: h2c",
            (
                request(
                    "GET",
                    "/ping",
                    "Upgrade: h2c",
                    "Connection: Upgrade, HTTP2-Settings",
                    "HTTP2-Settings: AAMAAABkAAQAAP__",
                ),
            ),
        ),
        # -- bodies
        Case(
            "invalid UTF-8 JSON",
            (request("POST", "/json", "Content-Type: application/json", body=b'{"\xff":1}'),),
        ),
        Case(
            "invalid UTF-8 form",
            (
                request(
                    "POST", "/form", "Content-Type: application/x-www-form-urlencoded", body=b"a=\xff\xfe\xfd"
                ),
            ),
        ),
        Case(
            "multipart without its closing boundary",
            (request("POST", "/upload", MULTIPART, body=multipart(10, closed=False)),),
        ),
        Case(
            "multipart boundary of 300 characters",
            (
                request(
                    "POST", "/upload", "Content-Type: multipart/form-data; boundary=" + "B" * 300, body=b"x"
                ),
            ),
        ),
        Case(
            "Content-Length shorter than the body",
            (request("POST", "/json", "Content-Type: application/json", length=10, body=JSON_BODY),),
            note="the rest is read as the next request",
        ),
        Case(
            "Content-Length longer than the body",
            (request("POST", "/json", "Content-Type: application/json", length=100, body=JSON_BODY),),
            then="read",
        ),
        Case(
            "Content-Length longer, then half-close",
            (request("POST", "/json", "Content-Type: application/json", length=100, body=JSON_BODY),),
            then="half-close",
        ),
        Case(
            "chunked body cut short",
            (request("POST", "/raw", "Transfer-Encoding: chunked", body=b"5\r\nhello\r\n"),),
        ),
        Case(
            "chunked body cut short, then half-close",
            (request("POST", "/raw", "Transfer-Encoding: chunked", body=b"5\r\nhello\r\n"),),
            then="half-close",
        ),
        Case(
            "invalid chunk size",
            (request("POST", "/raw", "Transfer-Encoding: chunked", body=b"zz\r\nhello\r\n0\r\n\r\n"),),
        ),
        Case(
            "chunk size overflow",
            (
                request(
                    "POST",
                    "/raw",
                    "Transfer-Encoding: chunked",
                    body=b"ffffffffffffffffffffff\r\nhello\r\n0\r\n\r\n",
                ),
            ),
        ),
        Case(
            "chunk longer than its size",
            (request("POST", "/raw", "Transfer-Encoding: chunked", body=b"2\r\nhello\r\n0\r\n\r\n"),),
        ),
        Case(
            "chunk extensions and trailers",
            (
                request(
                    "POST",
                    "/raw",
                    "Transfer-Encoding: chunked",
                    body=b"5;ext=1\r\nhello\r\n0\r\nX-Trailer: t\r\n\r\n",
                ),
            ),
        ),
        Case(
            "body over the 10 MiB limit",
            (request("POST", "/raw", "Content-Length: 12000000"), *(b"z" * 1_000_000 for _ in range(12))),
            note="the client keeps writing after any answer",
        ),
        Case(
            "Expect: 100-continue, body sent",
            (
                request(
                    "POST",
                    "/json",
                    "Content-Type: application/json",
                    "Expect: 100-continue",
                    "Content-Length: 28",
                ),
                JSON_BODY,
            ),
        ),
        Case(
            "Expect: 100-continue, no body",
            (
                request(
                    "POST",
                    "/json",
                    "Content-Type: application/json",
                    "Expect: 100-continue",
                    "Content-Length: 28",
                ),
            ),
        ),
        # -- connections
        Case("half-closed after a GET", (request("GET", "/ping"),), then="half-close"),
        Case(
            "half-closed after a POST",
            (request("POST", "/json", "Content-Type: application/json", body=JSON_BODY),),
            then="half-close",
        ),
        Case(
            "pipelined requests",
            (
                request("GET", "/ping")
                + request("POST", "/json", "Content-Type: application/json", body=JSON_BODY),
            ),
            answers=2,
        ),
        Case("connect and leave", (b"",), then="close"),
        Case("half a request line, then leave", (b"GET /pi",), then="close"),
        Case(
            "leave mid-body (multipart)",
            (request("POST", "/upload", MULTIPART, f"Content-Length: {len(upload)}"), upload[: BIG // 2]),
            then="close",
        ),
        Case(
            "reset mid-body (multipart)",
            (request("POST", "/upload", MULTIPART, f"Content-Length: {len(upload)}"), upload[: BIG // 2]),
            then="reset",
        ),
        Case(
            "leave mid-body (JSON)",
            (request("POST", "/json", "Content-Type: application/json", length=1000, body=b'{"a": "'),),
            then="close",
        ),
        Case(
            "leave mid-body (form)",
            (
                request(
                    "POST",
                    "/form",
                    "Content-Type: application/x-www-form-urlencoded",
                    length=1000,
                    body=b"a=b&c=",
                ),
            ),
            then="close",
        ),
        Case(
            "leave mid-body (chunked)",
            (request("POST", "/raw", "Transfer-Encoding: chunked", body=b"400\r\n" + b"r" * 500),),
            then="close",
        ),
        Case("leave mid-stream", (request("GET", "/stream?size=50000000"),), then="read-some-close"),
        Case("reset mid-stream", (request("GET", "/stream?size=50000000"),), then="read-some-reset"),
        Case("leave an endless stream", (request("GET", "/stream?size=-1"),), then="read-some-close"),
        Case(
            "slow reader of a 200 MB stream",
            (request("GET", "/stream?size=200000000"),),
            then="stall",
            stall=2.0,
        ),
    ]


# -- the server side ----------------------------------------------------------------------------------


def open_fds(pid: int) -> int:
    """The number of file descriptors the process holds."""
    return len(os.listdir(f"/proc/{pid}/fd"))


def rss_kb(pid: int) -> int:
    """The process's resident memory, in kB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


class Served:
    """One uvicorn process serving one app, with its log cut into per-case slices."""

    def __init__(self, server: LiveServer) -> None:
        self.server = server
        self.pid = server.pid or 0
        self.port = server.port
        self.log_seen = 0
        self.requests = 0  # requests that reached the app, as of the last ``state``
        self.baseline_tasks = self.state()["tasks"]
        self.take_log()

    def state(self, mark: str = "") -> dict[str, int]:
        """The app's counters; the request asking for them is not counted."""
        answer = httpx.get(f"{self.server.url}/_state", params={"mark": mark} if mark else {}, timeout=5)
        answer.raise_for_status()
        state: dict[str, int] = answer.json()
        self.requests = state["requests"]
        return state

    def take_log(self, mark: str = "") -> list[str]:
        """The log lines written since the last slice, up to ``mark``'s line when given."""
        deadline = time.monotonic() + SETTLE_BOUND
        while True:
            lines = self.server.output.splitlines()
            if not mark or f"wire-mark {mark}" in lines[self.log_seen :] or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        new = lines[self.log_seen :]
        self.log_seen = len(lines)
        return [line for line in new if not line.startswith("wire-mark ")]

    def settle(self, mark: str) -> tuple[int, str]:
        """Wait until the case's work is over: how many of its requests reached the app, what is left."""
        deadline = time.monotonic() + SETTLE_BOUND
        before = self.requests
        reached = None
        while True:
            state = self.state(mark)
            if reached is None:
                reached = state["requests"] - before - 1
            left = []
            if state["tasks"] > self.baseline_tasks:
                left.append(f"{state['tasks'] - self.baseline_tasks} task(s)")
            if state["streams_open"]:
                left.append(f"{state['streams_open']} stream(s) open")
            if not left or time.monotonic() > deadline:
                return reached, ", ".join(left)
            time.sleep(0.05)


# -- the client side ----------------------------------------------------------------------------------


def read_answers(sock: socket.socket, outcome: Outcome, wanted: int, deadline: float) -> None:
    """Read up to ``wanted`` complete answers, or until the server closes or the deadline passes."""
    parser = h11.Connection(h11.CLIENT)
    parser.send(h11.Request(method="GET", target="/", headers=[("Host", "wire")]))
    parser.send(h11.EndOfMessage())
    body = b""
    while True:
        try:
            event = parser.next_event()
        except h11.RemoteProtocolError as error:
            outcome.ended = f"unparsable answer ({error})"
            return
        if event is h11.NEED_DATA:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                outcome.ended = "no answer" if not outcome.statuses else "answer cut"
                return
            sock.settimeout(remaining)
            try:
                data = sock.recv(65536)
            except TimeoutError:
                continue
            except ConnectionResetError:
                outcome.ended = "reset by server"
                return
            if not data:
                outcome.ended = "closed by server" if len(outcome.statuses) < wanted else "answered"
                parser.receive_data(b"")
                if not outcome.statuses:
                    return
                continue
            parser.receive_data(data)
        elif isinstance(event, h11.Response):
            outcome.statuses.append(event.status_code)
            content_type = dict(event.headers).get(b"content-type", b"").decode("latin-1")
            outcome.content_types.append(content_type)
            body = b""
        elif isinstance(event, h11.Data):
            body += bytes(event.data)
        elif isinstance(event, h11.EndOfMessage):
            outcome.bodies.append(body)
            if len(outcome.statuses) >= wanted:
                outcome.ended = "answered"
                return
            parser.start_next_cycle()
            parser.send(h11.Request(method="GET", target="/", headers=[("Host", "wire")]))
            parser.send(h11.EndOfMessage())
        elif isinstance(event, h11.ConnectionClosed):
            if not outcome.ended:
                outcome.ended = "closed by server"
            return
        # h11.InformationalResponse (100 Continue): read on


def leave(sock: socket.socket, reset: bool) -> None:
    if reset:
        # SO_LINGER on, zero seconds: close() sends RST instead of FIN.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def drive(case: Case, served: Served) -> Outcome:
    """Play one case against one server; the outcome lacks the log and settle figures."""
    outcome = Outcome()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if case.then == "stall":
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", served.port))
    try:
        for index, piece in enumerate(case.pieces):
            if index:
                time.sleep(0.05)
            try:
                sock.sendall(piece)
            except (BrokenPipeError, ConnectionResetError):
                break  # the server has answered and closed: read what it said
        deadline = time.monotonic() + ANSWER_BOUND
        if case.then in ("close", "reset"):
            outcome.ended = "client left"
            leave(sock, case.then == "reset")
        elif case.then == "stall":
            before = rss_kb(served.pid)
            time.sleep(case.stall)
            outcome.rss_growth_kb = rss_kb(served.pid) - before
            outcome.ended = "client left"
            leave(sock, reset=False)
        elif case.then.startswith("read-some"):
            received = b""
            sock.settimeout(ANSWER_BOUND)
            try:
                while len(received) < case.read_bytes:
                    data = sock.recv(65536)
                    if not data:
                        break
                    received += data
            except (TimeoutError, ConnectionResetError):
                pass
            outcome.read_bytes = len(received)
            if status := re.match(rb"HTTP/1\.[01] (\d{3})", received):
                outcome.statuses.append(int(status.group(1)))
            outcome.ended = "client left mid-answer"
            leave(sock, case.then.endswith("reset"))
        else:
            if case.then == "half-close":
                sock.shutdown(socket.SHUT_WR)
            read_answers(sock, outcome, case.answers, deadline)
            leave(sock, reset=False)
    finally:
        sock.close()
    return outcome


def judge(case: Case, starlite: Outcome, control: Outcome) -> list[str]:
    """What, on the starlite side, is our fault."""
    faults = []
    for status, body, content_type in zip(
        starlite.statuses, starlite.bodies, starlite.content_types, strict=False
    ):
        if status >= 500:
            faults.append(f"answered {status}")
        elif status >= 400 and starlite.reached_app and status not in control.statuses:
            try:
                detail = json.loads(body).get("detail") if "json" in content_type else None
            except ValueError:
                detail = None
            if not detail:
                faults.append(f"{status} without a JSON body naming the problem: {body[:200]!r}")
    if starlite.statuses and 500 <= starlite.statuses[0] and not starlite.bodies:
        faults.append(f"answered {starlite.statuses[0]}")
    if starlite.ended == "no answer" and control.ended != "no answer":
        faults.append(f"no answer within {ANSWER_BOUND} s where the control answered {control.summary()}")
    errors = [line for line in starlite.log if is_error(line)]
    control_errors = {line for line in control.log if is_error(line)}
    if errors and not control_errors:
        faults.append("logged: " + " | ".join(errors[:6]))
    if starlite.unsettled and not control.unsettled:
        faults.append(f"still running {SETTLE_BOUND} s after the client left: {starlite.unsettled}")
    if starlite.rss_growth_kb is not None and starlite.rss_growth_kb > 100_000:
        faults.append(f"grew {starlite.rss_growth_kb} kB while the client did not read")
    return faults


def is_error(line: str) -> bool:
    return line.startswith(("ERROR", "CRITICAL", "Traceback")) or "Exception in ASGI application" in line


def run_case(case: Case, starlite: Served, control: Served, pool: ThreadPoolExecutor) -> Verdict:
    """Send ``case`` to both servers at once and judge the starlite side."""
    outcomes = list(pool.map(lambda served: drive(case, served), (starlite, control)))
    for served, outcome in zip((starlite, control), outcomes, strict=True):
        mark = f"{case.name}-{time.monotonic_ns()}"
        outcome.reached_app, outcome.unsettled = served.settle(mark)
        outcome.log = served.take_log(mark)
    return Verdict(case, outcomes[0], outcomes[1], judge(case, *outcomes))


@contextmanager
def servers(http: str) -> Iterator[tuple[Served, Served]]:
    """The starlite app and the control, each behind its own uvicorn with the same options."""
    options = ["--http", http, "--no-access-log", "--timeout-graceful-shutdown", "2"]
    with ExitStack() as stack:
        pair = []
        for target in (STARLITE_APP, CONTROL_APP):
            server = stack.enter_context(LiveServer(target, uvicorn_options=options))
            pair.append(Served(server))
        yield pair[0], pair[1]


def run_corpus(starlite: Served, control: Served, cases: list[Case] | None = None) -> list[Verdict]:
    """Every case, one after another, each on both servers at once."""
    with ThreadPoolExecutor(2) as pool:
        return [run_case(case, starlite, control, pool) for case in cases or corpus()]


def table(verdicts: list[Verdict]) -> str:
    """The results as a Markdown table."""
    rows = ["| case | control (bare ASGI) | starlite | verdict |", "| --- | --- | --- | --- |"]
    for verdict in verdicts:
        result = "OURS: " + "; ".join(verdict.faults) if verdict.faults else verdict.difference
        rows.append(
            f"| {verdict.case.name} | {verdict.control.summary()} | {verdict.starlite.summary()} | {result} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--http", default="httptools", choices=["h11", "httptools"])
    parser.add_argument("--match", default="", help="only the cases whose name holds this")
    arguments = parser.parse_args()
    cases = [case for case in corpus() if arguments.match in case.name]
    with servers(arguments.http) as (starlite, control):
        fds_before = open_fds(starlite.pid), open_fds(control.pid)
        started = time.monotonic()
        verdicts = run_corpus(starlite, control, cases)
        elapsed = time.monotonic() - started
        fds_after = open_fds(starlite.pid), open_fds(control.pid)
    print(table(verdicts))
    for verdict in verdicts:
        for line in verdict.starlite.log:
            print(f"  starlite log, {verdict.case.name}: {line}")
    print(
        f"\n{len(verdicts)} cases in {elapsed:.1f} s; fds starlite {fds_before[0]} -> {fds_after[0]}, control {fds_before[1]} -> {fds_after[1]}"
    )
    print(f"our faults: {sum(bool(verdict.faults) for verdict in verdicts)}")


if __name__ == "__main__":
    main()
