"""The corpus: every case of raw bytes the wire tests send, grouped as issue 15 lists them.

A case is the pieces a client writes (with a short pause between them) and what it does next; the
verdict on what a server did with it is drawn in ``tests/wire/corpus.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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
        Case("HEAD of a stream", (request("HEAD", "/stream"),)),
        Case("HEAD of a JSON answer", (request("HEAD", "/items/1"),)),
        Case(
            "10,000 query parameters",
            (request("GET", "/items/1?" + "&".join(f"q{n}=v" for n in range(10_000))),),
        ),
        Case("100 kB cookie", (request("GET", "/items/1", "Cookie: flavour=" + "c" * 100_000),)),
        Case(
            "JSON nested 100,000 deep",
            (
                request(
                    "POST", "/json", "Content-Type: application/json", body=b"[" * 100_000 + b"]" * 100_000
                ),
            ),
        ),
        Case(
            "JSON of the wrong shape",
            (request("POST", "/json", "Content-Type: application/json", body=b'"a string, not an object"'),),
        ),
        Case(
            "multipart with 20,000 fields",
            (
                request(
                    "POST",
                    "/upload",
                    MULTIPART,
                    body="".join(
                        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="f{n}"\r\n\r\nv\r\n'
                        for n in range(20_000)
                    ).encode()
                    + f"--{BOUNDARY}--\r\n".encode(),
                ),
            ),
        ),
        Case(
            "multipart part header of 100 kB",
            (
                request(
                    "POST",
                    "/upload",
                    MULTIPART,
                    body=f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="f"; x="{"h" * 100_000}"\r\n\r\n'
                    f"v\r\n--{BOUNDARY}--\r\n".encode(),
                ),
            ),
        ),
        Case(
            "multipart field without a name",
            (
                request(
                    "POST",
                    "/upload",
                    MULTIPART,
                    body=f"--{BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nv\r\n--{BOUNDARY}--\r\n".encode(),
                ),
            ),
        ),
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
