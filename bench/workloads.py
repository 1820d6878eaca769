"""The workloads of the suite, and the correctness check every app must pass before it is timed.

Only the standard library is imported here: workers running in the Starlite 1.51 venv import this too.

=====  =============================  ====================================================================
key    request                        expected answer
=====  =============================  ====================================================================
w1     ``GET /plaintext``             200 ``text/plain``, ``Hello, World!``
w2     ``GET /json``                  200 JSON ``{"message": "Hello, World!"}``
w3     ``GET /items/42?q=foo``        200 JSON ``{"id": 42, "q": "foo"}``
w4     ``POST /items`` (10 fields)    201 JSON, the body echoed after validation into a pydantic model
w5     ``GET /session`` with cookie   200 JSON ``{"counter": n}``, the session's ``counter`` plus one
w7     ``GET /page``                  200 ``text/html``, a Jinja page (a base template, a loop of 20 items)
w8     ``GET /static/blob.bin``       200 ``application/octet-stream``, a 1 MiB file from a static directory
w9     ``GET /items/42`` (database)   200 JSON ``{"id": 42, "name": "Item 0042", "price": 42.25}``: one row
                                      read by primary key through an ORM session (SQLAlchemy, SQLite file)
=====  =============================  ====================================================================

Each workload names the app that serves it (``Workload.app``): ``app`` (W1-W4), ``session_app``
(W5, behind cookie-session middleware), ``site_app`` (W7, W8: templates and static files, see
``apps/_site.py``) or ``db_app`` (W9: a SQLAlchemy session per request, see ``apps/_db.py``);
``apps/<framework>.py`` builds it with ``build_<app>()``. A framework module without that builder is
SKIPPED on the workload (Starlette, BlackSheep and Starlite 1.51 on W9).

A check drives an app through a ``Fetch`` (an async function making one request), so the same check
runs in process (M1), through a test client (M2) and over HTTP (M3).
"""

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from _harness import Captured, CheckFailed, Scope
from apps._db import ITEM_ID, ITEMS_PATH, ROWS, expected_item
from apps._site import PAGE_PATH, STATIC_FILE, STATIC_PATH, expected_page, static_bytes

HELLO = "Hello, World!"
ITEM: dict[str, Any] = {
    "name": "Widget",
    "sku": "W-1001",
    "price": 9.99,
    "quantity": 3,
    "in_stock": True,
    "tags": ["tools", "metal"],
    "description": "A small widget",
    "weight": 0.25,
    "category": "hardware",
    "rating": 4,
}
ITEM_BODY = json.dumps(ITEM, separators=(",", ":")).encode()
JSON_HEADERS = ((b"content-type", b"application/json"),)


@dataclass(frozen=True)
class Request:
    """One HTTP request: what every client adapter knows how to send."""

    method: str
    path: str
    query: str = ""
    body: bytes = b""
    headers: tuple[tuple[bytes, bytes], ...] = ()

    @property
    def target(self) -> str:
        """The request target: the path and, when there is one, the query string."""
        return f"{self.path}?{self.query}" if self.query else self.path


@dataclass(frozen=True)
class Workload:
    """A request, the answer it must get, and requests that must be refused (4xx)."""

    key: str
    title: str
    request: Request
    status: int
    content_type: str  # the media type, compared without its parameters (charset)
    expected: Any  # bytes for text, else the decoded JSON (compared strictly, types included)
    session: bool = False  # its answer depends on the session cookie of the request before
    refused: tuple[tuple[str, Request], ...] = field(default=())
    app: str = "app"  # the app serving it: built by build_<app>(), served by uvicorn as <module>:<app>


WORKLOADS: dict[str, Workload] = {
    w.key: w
    for w in [
        Workload("w1", "GET /plaintext", Request("GET", "/plaintext"), 200, "text/plain", HELLO.encode()),
        Workload("w2", "GET /json", Request("GET", "/json"), 200, "application/json", {"message": HELLO}),
        Workload(
            "w3",
            "GET /items/{id:int}?q=foo",
            Request("GET", "/items/42", "q=foo"),
            200,
            "application/json",
            {"id": 42, "q": "foo"},
            refused=(
                ("a non-integer id", Request("GET", "/items/abc", "q=foo")),
                ("a missing q", Request("GET", "/items/42")),
            ),
        ),
        Workload(
            "w4",
            "POST /items (10-field JSON)",
            Request("POST", "/items", body=ITEM_BODY, headers=JSON_HEADERS),
            201,
            "application/json",
            ITEM,
            refused=(
                (
                    "a body with a non-number price",
                    Request(
                        "POST", "/items", body=ITEM_BODY.replace(b"9.99", b'"cheap"'), headers=JSON_HEADERS
                    ),
                ),
                (
                    "a body without a required field",
                    Request(
                        "POST",
                        "/items",
                        body=ITEM_BODY.replace(b'"rating":4', b'"x":4'),
                        headers=JSON_HEADERS,
                    ),
                ),
                ("malformed JSON", Request("POST", "/items", body=b'{"name": ', headers=JSON_HEADERS)),
            ),
        ),
        Workload(
            "w5",
            "GET /session (cookie session)",
            Request("GET", "/session"),
            200,
            "application/json",
            {"counter": 2},
            session=True,
            app="session_app",
        ),
        Workload(
            "w7",
            "GET /page (Jinja template)",
            Request("GET", PAGE_PATH),
            200,
            "text/html",
            expected_page(),
            refused=(("a POST", Request("POST", PAGE_PATH)),),
            app="site_app",
        ),
        Workload(
            "w8",
            "GET /static/blob.bin (1 MiB file)",
            Request("GET", f"{STATIC_PATH}/{STATIC_FILE}"),
            200,
            "application/octet-stream",
            static_bytes(),
            refused=(
                ("a missing file", Request("GET", f"{STATIC_PATH}/missing.bin")),
                ("a path out of the directory", Request("GET", f"{STATIC_PATH}/../templates/base.html")),
            ),
            app="site_app",
        ),
        Workload(
            "w9",
            "GET /items/{id} (one row, SQLAlchemy)",
            Request("GET", f"{ITEMS_PATH}/{ITEM_ID}"),
            200,
            "application/json",
            expected_item(),
            refused=(
                ("a non-integer id", Request("GET", f"{ITEMS_PATH}/abc")),
                ("an id with no row", Request("GET", f"{ITEMS_PATH}/{ROWS + 1}")),
            ),
            app="db_app",
        ),
    ]
}

Fetch = Callable[[Request], Awaitable[Captured]]


# --------------------------------------------------------------------------------------------------
# The check.
# --------------------------------------------------------------------------------------------------


def same(actual: Any, expected: Any) -> bool:
    """JSON equality that also compares types: ``42 == 42.0`` and ``1 == True`` in Python, not here."""
    if type(actual) is not type(expected):
        return False
    if isinstance(expected, dict):
        return actual.keys() == expected.keys() and all(same(actual[k], v) for k, v in expected.items())
    if isinstance(expected, list):
        return len(actual) == len(expected) and all(same(a, e) for a, e in zip(actual, expected, strict=True))
    return bool(actual == expected)


def media_type(response: Captured) -> str:
    values = response.header_values(b"content-type")
    return values[0].split(b";")[0].strip().decode("latin-1").lower() if values else ""


def check_answer(workload: Workload, response: Captured, expected: Any = None, what: str = "") -> None:
    """Fail unless ``response`` is the workload's answer: status, media type and body, exactly."""
    what = what or workload.title
    expected = workload.expected if expected is None else expected
    if response.status != workload.status:
        raise CheckFailed(
            f"{what}: status {response.status} (expected {workload.status}): {response.body[:200]!r}"
        )
    if media_type(response) != workload.content_type:
        raise CheckFailed(
            f"{what}: content-type {media_type(response)!r} (expected {workload.content_type!r})"
        )
    if isinstance(expected, bytes):
        if response.body != expected:
            raise CheckFailed(
                f"{what}: body of {len(response.body)} bytes {response.body[:200]!r} "
                f"(expected {len(expected)} bytes {expected[:200]!r})"
            )
        return
    try:
        decoded = json.loads(response.body)
    except ValueError as exc:
        raise CheckFailed(f"{what}: the body is not JSON: {response.body[:200]!r}") from exc
    if not same(decoded, expected):
        raise CheckFailed(f"{what}: body {decoded!r} (expected {expected!r})")


def cookie_header(response: Captured) -> bytes:
    """The ``Cookie`` header a browser sends back after ``response``: the cookies it set, not deleted."""
    pairs: list[bytes] = []
    for value in response.header_values(b"set-cookie"):
        pair, *attributes = value.split(b";")
        name, _, content = pair.strip().partition(b"=")
        if any(a.strip().lower() == b"max-age=0" for a in attributes) or content in (b"", b'""', b"null"):
            continue
        pairs.append(name + b"=" + content)
    return b"; ".join(pairs)


def with_cookie(request: Request, cookie: bytes) -> Request:
    return Request(
        request.method, request.path, request.query, request.body, (*request.headers, (b"cookie", cookie))
    )


async def verify(workload: Workload, fetch: Fetch, *, cookie_jar: bool = False) -> Request:
    """Check one workload through ``fetch`` and return the request to time.

    For the session workload, the first request (no cookie) must answer 1 and set a cookie. Without
    a cookie jar, that cookie is then sent with every request, each of which must answer 2 (the cookie
    *is* the session, so resending it starts again from 1). With ``cookie_jar`` (a test client that
    keeps the cookies it is given), the client sends the newest cookie itself: 2, then 3.
    """
    if not workload.session:
        check_answer(workload, await fetch(workload.request))
        for what, request in workload.refused:
            response = await fetch(request)
            if not 400 <= response.status < 500:
                raise CheckFailed(f"{workload.title}: {what} got {response.status} (expected 4xx)")
        return workload.request
    first = await fetch(workload.request)
    check_answer(workload, first, {"counter": 1}, "the first session request (no cookie)")
    cookie = cookie_header(first)
    if not cookie:
        raise CheckFailed("the first session request set no cookie")
    timed = workload.request if cookie_jar else with_cookie(workload.request, cookie)
    for expected, attempt in ((2, "second"), (3 if cookie_jar else 2, "third")):
        response = await fetch(timed)
        check_answer(workload, response, {"counter": expected}, f"the {attempt} session request")
        if not cookie_header(response):
            raise CheckFailed(f"the {attempt} session request set no cookie")
    return timed


# --------------------------------------------------------------------------------------------------
# In process: the request as an ASGI scope.
# --------------------------------------------------------------------------------------------------


def make_scope(request: Request) -> Scope:
    """A valid HTTP scope for ``request``, with the headers a server would pass on."""
    headers = [(b"host", b"testserver"), (b"user-agent", b"bench"), (b"accept", b"*/*"), *request.headers]
    if request.body:
        headers.append((b"content-length", str(len(request.body)).encode()))
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": "http",
        "path": request.path,
        "raw_path": request.path.encode(),
        "root_path": "",
        "query_string": request.query.encode(),
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "extensions": {},
    }
