"""CSRF: the token cookie, and the token that a request with an unsafe method must send back."""

from __future__ import annotations

import json
import secrets
from typing import Any
from urllib.parse import urlencode

import anyio
import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from starlite import (
    Body,
    CSRFConfig,
    MediaType,
    Request,
    RequestEncodingType,
    Response,
    Router,
    Starlite,
    WebSocket,
    asgi,
    delete,
    get,
    patch,
    post,
    put,
    websocket,
)
from starlite.datastructures import Cookie, UploadFile
from starlite.exceptions import ImproperlyConfiguredException, PermissionDeniedException
from starlite.middleware import CSRFMiddleware, DefineMiddleware
from starlite.middleware.csrf import get_csrf_token
from starlite.testing import TestClient, create_test_client
from starlite.utils import generate_csrf_hash, generate_csrf_token
from tests.asgi_calls import http_scope

SECRET = "a secret only the server knows"
REFUSED = {"status_code": 403, "detail": "CSRF token verification failed"}
ran: list[str] = []


@get("/")
def show_form(request: Request) -> str:
    return get_csrf_token(request.scope) or ""


@post("/")
def change(request: Request) -> str:
    ran.append("change")
    return get_csrf_token(request.scope) or ""


@put("/")
def replace() -> None:
    return None


@patch("/")
def amend() -> None:
    return None


@delete("/")
def remove() -> None:
    return None


@post("/form")
def take_form(data: dict[str, str] = Body(media_type=RequestEncodingType.URL_ENCODED)) -> dict[str, str]:
    return data


@post("/upload")
async def take_upload(request: Request) -> dict[str, Any]:
    body = await request.body()
    form = await request.form()
    upload = form["file"]
    assert isinstance(upload, UploadFile)
    return {"body": len(body), "file": (await upload.read()).hex(), "note": form["note"]}


HANDLERS = [show_form, change, replace, amend, remove, take_form, take_upload]


def client_for(**options: Any) -> TestClient[Starlite]:
    return create_test_client(HANDLERS, csrf_config=CSRFConfig(**{"secret": SECRET, **options}))


def fetch_token(client: TestClient[Starlite], cookie_name: str = "csrftoken") -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.cookies[cookie_name]


def test_the_defaults_are_those_of_1_5() -> None:
    config = CSRFConfig(secret=SECRET)
    assert config.cookie_name == "csrftoken"
    assert config.cookie_path == "/"
    assert config.header_name == "x-csrftoken"
    assert (config.cookie_secure, config.cookie_httponly) == (False, False)
    assert config.cookie_samesite == "lax"
    assert config.cookie_domain is None
    assert config.safe_methods == {"GET", "HEAD"}
    assert config.exclude is None
    assert config.exclude_from_csrf_key == "exclude_from_csrf"


def test_an_empty_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="must not be empty"):
        CSRFConfig(secret="")


def test_a_mapping_is_read_as_a_config_and_anything_else_is_refused() -> None:
    app = Starlite(HANDLERS, csrf_config={"secret": SECRET})  # type: ignore[arg-type]
    assert isinstance(app.csrf_config, CSRFConfig)
    with pytest.raises(ImproperlyConfiguredException, match="csrf_config must be a CSRFConfig"):
        Starlite(HANDLERS, csrf_config="secret")  # type: ignore[arg-type]


# --- the cookie --------------------------------------------------------------------------------------


def test_a_safe_request_without_the_cookie_gets_one() -> None:
    with client_for() as client:
        response = client.get("/")
    token = response.cookies["csrftoken"]
    assert response.headers["set-cookie"].split("; ") == [f"csrftoken={token}", "Path=/", "SameSite=lax"]
    # The token a form needs is the cookie's (the handler reads it from the scope).
    assert response.text == token
    assert len(token) == 128


def test_a_safe_request_with_a_valid_cookie_keeps_it() -> None:
    with client_for() as client:
        token = fetch_token(client)
        response = client.get("/")
    assert "set-cookie" not in response.headers
    assert response.text == token


@pytest.mark.parametrize(
    "cookie",
    [
        "garbage",
        "",
        "0" * 128,
        "ab" * 32 + "0" * 64,  # the right length, a forged signature
        generate_csrf_token("another secret"),  # signed before the secret changed
    ],
)
def test_a_cookie_this_secret_did_not_sign_is_replaced(cookie: str) -> None:
    with client_for() as client:
        response = client.get("/", headers={"Cookie": f"csrftoken={cookie}"})
    new = response.cookies["csrftoken"]
    assert new != cookie
    assert response.text == new


def test_the_cookie_attributes_follow_the_config() -> None:
    with client_for(
        cookie_name="xsrf",
        cookie_path="/app",
        cookie_secure=True,
        cookie_httponly=True,
        cookie_samesite="strict",
        cookie_domain="example.com",
    ) as client:
        response = client.get("/")
    attributes = response.headers["set-cookie"].split("; ")
    assert attributes[0].startswith("xsrf=")
    assert set(attributes[1:]) == {"Domain=example.com", "HttpOnly", "Path=/app", "SameSite=strict", "Secure"}


def test_the_handlers_own_cookies_are_kept() -> None:
    @get("/", response_cookies=[Cookie(key="theme", value="dark")])
    def page() -> Response[str]:
        return Response("x", cookies=[Cookie(key="seen", value="1")])

    with create_test_client([page], csrf_config=CSRFConfig(secret=SECRET)) as client:
        response = client.get("/")
    assert {"theme", "seen", "csrftoken"} <= set(response.cookies)


# --- the token sent back ------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_an_unsafe_request_with_the_token_in_the_header_passes(method: str) -> None:
    with client_for() as client:
        token = fetch_token(client)
        response = client.request(method, "/", headers={"X-CSRFToken": token})
    assert response.status_code in {200, 201, 204}


def test_an_accepted_token_is_the_one_the_handler_sees() -> None:
    with client_for() as client:
        token = fetch_token(client)
        assert client.post("/", headers={"x-csrftoken": token}).text == token


def test_the_header_name_follows_the_config() -> None:
    with client_for(header_name="X-XSRF-Token", cookie_name="xsrf") as client:
        token = fetch_token(client, "xsrf")
        assert client.post("/", headers={"x-csrftoken": token}).status_code == 403
        assert client.post("/", headers={"x-xsrf-token": token}).status_code == 201


def test_a_token_1_5_issued_with_the_same_secret_is_accepted() -> None:
    random_part = secrets.token_hex(32)
    token = random_part + generate_csrf_hash(random_part, SECRET)
    with client_for() as client:
        response = client.post("/", headers={"x-csrftoken": token, "Cookie": f"csrftoken={token}"})
    assert response.status_code == 201


def test_the_token_in_a_url_encoded_form_passes_and_the_form_reaches_the_handler() -> None:
    with client_for() as client:
        token = fetch_token(client)
        response = client.post("/form", data={"name": "Ada", "_csrf_token": token, "city": "London"})
    assert response.status_code == 201
    assert response.json() == {"name": "Ada", "_csrf_token": token, "city": "London"}


@pytest.mark.parametrize("token_first", [True, False])
def test_the_token_in_a_multipart_form_passes_and_the_upload_is_intact(token_first: bool) -> None:
    content = secrets.token_bytes(300_000)
    with client_for() as client:
        token = fetch_token(client)
        fields = {"_csrf_token": token, "note": "hi"} if token_first else {"note": "hi", "_csrf_token": token}
        response = client.post("/upload", data=fields, files={"file": ("blob.bin", content)})
    assert response.status_code == 201
    result = response.json()
    assert result["file"] == content.hex()
    assert result["note"] == "hi"
    assert result["body"] > len(content)


async def send_in_pieces(path: str, body: bytes, content_type: str, token: str, size: int) -> list[Any]:
    """POST ``body`` over raw ASGI in messages of ``size`` bytes; return what the app sent."""
    app = Starlite(HANDLERS, csrf_config=CSRFConfig(secret=SECRET))
    scope = http_scope(
        "POST",
        path,
        headers=[(b"content-type", content_type.encode()), (b"cookie", f"csrftoken={token}".encode())],
    )
    pieces = [body[i : i + size] for i in range(0, len(body), size)]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if pieces:
            chunk = pieces.pop(0)
            return {"type": "http.request", "body": chunk, "more_body": bool(pieces)}
        await anyio.sleep_forever()
        raise AssertionError  # pragma: no cover

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    with anyio.fail_after(5):
        await app(scope, receive, send)  # type: ignore[arg-type]
    return sent


@pytest.mark.anyio
@pytest.mark.parametrize("size", [1, 7, 4096])
async def test_a_form_sent_in_small_pieces_reaches_the_handler_whole(size: int) -> None:
    token = generate_csrf_token(SECRET)
    fields = {"name": "Ada & co", "_csrf_token": token, "city": "Lond\u00f6n"}
    content = secrets.token_bytes(3_000)
    request = httpx.Request(
        "POST", "http://t/", data={"note": "hi", "_csrf_token": token}, files={"file": ("b", content)}
    )
    url_encoded = urlencode(fields).encode()

    sent = await send_in_pieces("/form", url_encoded, "application/x-www-form-urlencoded", token, size)
    assert sent[0]["status"] == 201
    assert json.loads(sent[1]["body"]) == fields
    sent = await send_in_pieces("/upload", request.read(), request.headers["content-type"], token, size)
    assert sent[0]["status"] == 201
    assert json.loads(sent[1]["body"])["file"] == content.hex()


@pytest.mark.anyio
async def test_the_handler_starts_once_the_token_field_arrived_not_the_whole_upload() -> None:
    # The check reads the body only as far as the token: the rest of an upload streams to the handler.
    handler_started = anyio.Event()

    @post("/stream")
    async def stream(request: Request) -> int:
        handler_started.set()
        return len(await request.body())

    boundary = "xyz"
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="_csrf_token"\r\n\r\n'
    token = generate_csrf_token(SECRET)
    file_head = f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="f"; filename="a"\r\n\r\n'
    first = (head + token + file_head).encode()
    rest = b"x" * 1000 + f"\r\n--{boundary}--\r\n".encode()
    app = Starlite([stream], csrf_config=CSRFConfig(secret=SECRET))
    scope = http_scope(
        "POST",
        "/stream",
        headers=[
            (b"content-type", f"multipart/form-data; boundary={boundary}".encode()),
            (b"cookie", f"csrftoken={token}".encode()),
        ],
    )
    messages = [{"type": "http.request", "body": first, "more_body": True}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop(0)
        await handler_started.wait()  # the rest arrives only once the handler runs
        return {"type": "http.request", "body": rest, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    with anyio.fail_after(5):
        await app(scope, receive, send)  # type: ignore[arg-type]
    assert sent[0]["status"] == 201
    assert sent[1]["body"] == str(len(first) + len(rest)).encode()


@pytest.mark.parametrize("reads", ["body", "form"])
def test_a_form_already_read_by_the_users_middleware_is_searched_where_it_was_left(reads: str) -> None:
    def read_first(app: Any) -> Any:
        async def middleware(scope: Any, receive: Any, send: Any) -> None:
            request = Request(scope, receive)
            await (request.body() if reads == "body" else request.form())
            await app(scope, receive, send)

        return middleware

    with create_test_client(
        [show_form, take_form], csrf_config=CSRFConfig(secret=SECRET), middleware=[read_first]
    ) as client:
        token = fetch_token(client)
        accepted = client.post("/form", data={"a": "1", "_csrf_token": token})
        refused = client.post("/form", data={"a": "1", "_csrf_token": "wrong"})
    assert accepted.json() == {"a": "1", "_csrf_token": token}
    assert refused.status_code == 403


# --- refusals ------------------------------------------------------------------------------------------


def sign_with(secret: str) -> str:
    return generate_csrf_token(secret)


@pytest.mark.parametrize(
    ("cookie", "header"),
    [
        (None, None),  # nothing at all
        ("valid", None),  # the cookie, but no token sent
        (None, "valid"),  # a token, but no cookie to compare it with
        ("valid", "valid+x"),  # a token changed
        ("valid", "too-short"),
        ("valid", "other"),  # two valid tokens that differ
        ("forged", "forged"),  # equal, but not signed by the secret
        ("foreign", "foreign"),  # equal, signed by another secret
        ("valid", "é" * 128),  # not ASCII
    ],
)
def test_an_unsafe_request_without_the_right_token_is_a_403_and_runs_nothing(
    cookie: str | None, header: str | None
) -> None:
    valid = generate_csrf_token(SECRET)
    values = {
        "valid": valid,
        "valid+x": valid[:-1] + ("0" if valid[-1] != "0" else "1"),
        "too-short": valid[:64],
        "other": generate_csrf_token(SECRET),
        "forged": secrets.token_hex(64),
        "foreign": generate_csrf_token("another secret"),
        "é" * 128: "é" * 128,
    }
    headers: list[tuple[bytes, bytes]] = []
    if cookie is not None:
        headers.append((b"cookie", f"csrftoken={values[cookie]}".encode()))
    if header is not None:
        headers.append((b"x-csrftoken", values[header].encode("latin-1")))
    ran.clear()
    with client_for() as client:
        response = client.post("/", headers=headers)
    assert response.status_code == 403
    assert response.json() == REFUSED
    assert ran == []


@pytest.mark.parametrize("path", ["/form", "/upload"])
def test_a_form_without_the_token_field_is_a_403(path: str) -> None:
    with client_for() as client:
        fetch_token(client)
        if path == "/form":
            response = client.post(path, data={"name": "Ada", "_csrf_token": "wrong"})
        else:
            response = client.post(path, data={"note": "x"}, files={"file": ("a", b"1")})
    assert response.status_code == 403
    assert response.json() == REFUSED


def test_a_file_part_named_like_the_field_is_no_token() -> None:
    with client_for() as client:
        token = fetch_token(client)
        response = client.post("/upload", files={"_csrf_token": ("t", token.encode()), "file": ("a", b"1")})
    assert response.status_code == 403


def test_the_header_is_read_before_the_form() -> None:
    with client_for() as client:
        token = fetch_token(client)
        response = client.post("/form", data={"_csrf_token": token}, headers={"x-csrftoken": "wrong"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        b'--xyz\r\nContent-Disposition: form-data; name="_csrf_token"\r\n\r\nabc',  # cut short
        b"not multipart at all",
        b"--xyz\r\n\x00\x00\x00",
    ],
)
def test_a_malformed_multipart_body_is_a_403_not_a_500(body: bytes) -> None:
    with client_for() as client:
        fetch_token(client)
        response = client.post(
            "/upload", content=body, headers={"content-type": "multipart/form-data; boundary=xyz"}
        )
    assert response.status_code == 403


def test_a_form_past_the_body_limit_before_its_token_is_a_413() -> None:
    @post("/small", request_max_body_size=1000)
    def small(data: dict[str, str] = Body(media_type=RequestEncodingType.URL_ENCODED)) -> None:
        return None

    with create_test_client([show_form, small], csrf_config=CSRFConfig(secret=SECRET)) as client:
        token = fetch_token(client)
        response = client.post(
            "/small",
            content=f"a={'x' * 2000}&_csrf_token={token}",
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
    assert response.status_code == 413
    assert response.json()["detail"] == "Request body is larger than the limit of 1000 bytes"


def test_the_handlers_exception_handlers_answer_the_refusal() -> None:
    def explain(request: Request, exc: PermissionDeniedException) -> Response[str]:
        return Response("reload the page and try again", status_code=403, media_type=MediaType.TEXT)

    with create_test_client(
        [change],
        csrf_config=CSRFConfig(secret=SECRET),
        exception_handlers={PermissionDeniedException: explain},
    ) as client:
        response = client.post("/")
    assert (response.status_code, response.text) == (403, "reload the page and try again")


def test_asgi_handlers_are_checked_too() -> None:
    @asgi("/raw")
    async def raw(scope: Any, receive: Any, send: Any) -> None:
        await Response("raw")(scope, receive, send)

    with create_test_client([raw], csrf_config=CSRFConfig(secret=SECRET)) as client:
        assert client.get("/raw").cookies["csrftoken"]
        assert client.post("/raw").status_code == 403


# --- what is not checked ------------------------------------------------------------------------------


def test_safe_methods_follow_the_config() -> None:
    with client_for(safe_methods={"GET", "POST"}) as client:
        assert client.post("/").status_code == 201
        assert client.put("/").status_code == 403


def test_excluded_paths_are_not_checked_but_still_get_the_cookie() -> None:
    with client_for(exclude=["^/form$", "upload"]) as client:
        response = client.post("/form", data={"a": "1"})
        assert response.status_code == 201
        assert "csrftoken" in response.cookies
        assert client.post("/").status_code == 403


def test_a_handler_opts_out_with_the_opt_key() -> None:
    @post("/hook", exclude_from_csrf=True)
    def hook() -> None:
        return None

    @post("/other", skip_csrf=True)
    def other() -> None:
        return None

    with create_test_client([hook, other], csrf_config=CSRFConfig(secret=SECRET)) as client:
        assert client.post("/hook").status_code == 201
        assert client.post("/other").status_code == 403
    config = CSRFConfig(secret=SECRET, exclude_from_csrf_key="skip_csrf")
    with create_test_client([hook, other], csrf_config=config) as client:
        assert client.post("/hook").status_code == 403
        assert client.post("/other").status_code == 201


def test_the_opt_key_may_come_from_a_router() -> None:
    @post("/hook")
    def hook() -> None:
        return None

    webhooks = Router("/webhooks", route_handlers=[hook], opt={"exclude_from_csrf": True})
    with create_test_client([webhooks, change], csrf_config=CSRFConfig(secret=SECRET)) as client:
        assert client.post("/webhooks/hook").status_code == 201
        assert client.post("/").status_code == 403


def test_websockets_are_left_alone() -> None:
    @websocket("/ws")
    async def socket(socket: WebSocket) -> None:
        await socket.accept()
        await socket.send_json({"ok": True})
        await socket.close()

    with create_test_client([socket], csrf_config=CSRFConfig(secret=SECRET)) as client:
        with client.websocket_connect("/ws") as ws:
            assert ws.receive_json() == {"ok": True}


def test_handlers_registered_late_are_checked() -> None:
    app = Starlite([show_form], csrf_config=CSRFConfig(secret=SECRET))
    app.register(change)
    with TestClient(app) as client:
        assert client.post("/").status_code == 403


def test_the_middleware_added_by_hand_reads_the_opt_key_per_request() -> None:
    @post("/hook", exclude_from_csrf=True)
    def hook() -> None:
        return None

    middleware = [DefineMiddleware(CSRFMiddleware, config=CSRFConfig(secret=SECRET))]
    with create_test_client([hook, change], middleware=middleware) as client:
        assert client.post("/hook").status_code == 201
        assert client.post("/").status_code == 403


def test_an_app_without_a_config_wraps_nothing() -> None:
    assert Starlite(HANDLERS).handler_middleware == []
    with create_test_client(HANDLERS) as client:
        assert "set-cookie" not in client.get("/").headers
        assert client.post("/").status_code == 201


# --- whatever a client sends -----------------------------------------------------------------------

VALID = generate_csrf_token(SECRET)
_latin = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=140)
_token_like = st.one_of(
    st.just(VALID),
    st.just(generate_csrf_token("another secret")),
    _latin,
    st.text("0123456789abcdef", min_size=127, max_size=129),
    st.builds(lambda i, c: VALID[:i] + c + VALID[i + 1 :], st.integers(0, 127), st.sampled_from("0af\x00é")),
)


@settings(max_examples=200, deadline=None)
@given(
    header=st.one_of(st.none(), _token_like),
    cookie_header=st.one_of(
        st.none(),
        _latin,
        st.builds(lambda token, extra: f"{extra}; csrftoken={token}", _token_like, _latin),
    ),
    form_field=st.one_of(st.none(), _token_like),
)
def test_any_token_and_cookie_header_get_a_clean_answer(
    header: str | None, cookie_header: str | None, form_field: str | None
) -> None:
    headers: list[tuple[bytes, bytes]] = []
    if header is not None:
        headers.append((b"x-csrftoken", header.encode("latin-1")))
    if cookie_header is not None:
        headers.append((b"cookie", cookie_header.encode("latin-1")))
    data = None if form_field is None else {"_csrf_token": form_field, "a": "b"}
    with create_test_client([take_form], csrf_config=CSRFConfig(secret=SECRET)) as client:
        response = client.post("/form", headers=headers, data=data)
    assert response.status_code in {201, 400, 403}
    if response.status_code == 201:
        # It passes only with the cookie's valid token, sent in the header or else in the form.
        sent = header if header else form_field
        assert sent == VALID
        assert cookie_header is not None and f"csrftoken={VALID}" in cookie_header
        assert response.json() == (data or {})


@post("/any")
async def any_body(request: Request) -> int:
    return len(await request.body())


@settings(max_examples=150, deadline=None)
@given(
    before=st.binary(max_size=200),
    after=st.binary(max_size=200),
    with_token=st.booleans(),
    multipart=st.booleans(),
    boundary=st.one_of(
        st.just("xyz"), st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=80)
    ),
)
def test_any_form_body_gets_a_clean_answer_and_reaches_the_handler_whole(
    before: bytes, after: bytes, with_token: bool, multipart: bool, boundary: str
) -> None:
    if multipart:
        field = f'--{boundary}\r\nContent-Disposition: form-data; name="_csrf_token"\r\n\r\n'.encode()
        field_end = f"\r\n--{boundary}".encode()
        content_type = f"multipart/form-data; boundary={boundary}"
    else:
        field, field_end = b"&_csrf_token=", b"&"
        content_type = "application/x-www-form-urlencoded"
    body = before + (field + VALID.encode() + field_end if with_token else b"") + after
    headers = {"content-type": content_type, "cookie": f"csrftoken={VALID}"}
    with create_test_client([any_body], csrf_config=CSRFConfig(secret=SECRET)) as client:
        response = client.post("/any", content=body, headers=headers)
    assert response.status_code in {201, 403}
    if response.status_code == 201:
        assert with_token
        assert response.json() == len(body)
