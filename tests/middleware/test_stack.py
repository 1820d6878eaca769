"""Every built-in middleware at once: the order users can rely on, and auth seen by every layer.

The order is decided in ``starlite/_middleware_stack.py``: CORS, then allowed hosts, then the router,
then per handler the layers' ``middleware=`` (rate limits, logging, authentication), compression and
CSRF. What a user notices of it: every answer to a page of an allowed origin carries the CORS headers,
refusals included (a wrong host, a rate limit, a missing CSRF token, a missing token), and a compressed
answer names both ``Origin`` and ``Accept-Encoding`` in ``Vary``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from starlite import (
    ASGIConnection,
    BaseRouteHandler,
    CompressionConfig,
    Controller,
    CORSConfig,
    CSRFConfig,
    NotAuthorizedException,
    Provide,
    Request,
    Router,
    Starlite,
    get,
    post,
)
from starlite.contrib.jwt import JWTAuth, Token
from starlite.middleware import LoggingMiddlewareConfig, RateLimitConfig
from starlite.middleware import rate_limit as rate_limit_module
from starlite.middleware.session.memory_backend import MemoryBackendConfig
from starlite.security.session_auth import SessionAuth
from starlite.testing import TestClient

ORIGIN = "https://app.example.com"
SECRET = "a-test-secret-of-at-least-32-bytes-long!"
PAYLOAD = {"items": [{"id": i, "name": f"item-{i}"} for i in range(40)]}


@dataclass
class User:
    name: str


USERS = {"ada": User("ada")}


def only_ada(connection: ASGIConnection[Any, Any, Any], _: BaseRouteHandler) -> None:
    if connection.user.name != "ada":
        raise NotAuthorizedException("ada only")


async def user_name(request: Request[Any, Any, Any]) -> str:
    return request.user.name  # type: ignore[no-any-return]


@get("/whoami", guards=[only_ada], dependencies={"name": Provide(user_name)})
async def whoami(request: Request[User, Any, Any], name: str) -> dict[str, Any]:
    # The user reaches the guard, the dependency and the handler alike.
    auth = request.auth
    return {"user": request.user.name, "dependency": name, "auth": getattr(auth, "sub", None)}


@get("/items")
async def items() -> dict[str, Any]:
    return PAYLOAD


@post("/items")
async def add_item(data: dict[str, Any]) -> dict[str, Any]:
    return data


async def retrieve_from_token(token: Token, connection: ASGIConnection[Any, Any, Any]) -> User | None:
    return USERS.get(token.sub)


jwt_auth = JWTAuth[User](retrieve_user_handler=retrieve_from_token, token_secret=SECRET, exclude=["^/login"])


@get("/login")
async def login() -> str:
    return jwt_auth.create_token(identifier="ada")


def full_app(**options: Any) -> Starlite:
    return Starlite(
        route_handlers=[whoami, items, add_item, login],
        cors_config=CORSConfig(allow_origins=[ORIGIN]),
        allowed_hosts=["testserver.local", "*.example.com"],
        compression_config=CompressionConfig(backend="gzip"),
        csrf_config=CSRFConfig(secret=SECRET),
        middleware=[
            RateLimitConfig(rate_limit=("minute", options.pop("limit", 1000))).middleware,
            LoggingMiddlewareConfig().middleware,
        ],
        on_app_init=[jwt_auth.on_app_init],
        **options,
    )


@pytest.fixture(autouse=True)
def rate_limit_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    # The rate limit's time stands still, 15 s into a minute: no window ends in the middle of a test.
    monkeypatch.setattr(rate_limit_module, "time", lambda: 20_000 * 86_400 + 15.25)


def headers_for(client: TestClient[Any], **extra: str) -> dict[str, str]:
    token = client.get("/login", headers={"origin": ORIGIN}).text
    return {"origin": ORIGIN, "authorization": f"Bearer {token}", **extra}


def test_a_user_gets_a_compressed_answer_with_cors_and_rate_limit_headers() -> None:
    with TestClient(full_app()) as client:
        response = client.get("/items", headers=headers_for(client, **{"accept-encoding": "gzip"}))
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert response.json() == PAYLOAD  # httpx decodes it
    assert response.headers["access-control-allow-origin"] == ORIGIN
    vary = {part.strip().lower() for part in response.headers["vary"].split(",")}
    assert {"origin", "accept-encoding"} <= vary
    assert response.headers["ratelimit-limit"] == "1000"


def test_the_user_reaches_guards_dependencies_and_handlers() -> None:
    with TestClient(full_app()) as client:
        response = client.get("/whoami", headers=headers_for(client))
        assert response.json() == {"user": "ada", "dependency": "ada", "auth": "ada"}
        refused = client.get("/whoami", headers={"origin": ORIGIN, "authorization": "Bearer nope"})
    assert refused.status_code == 401
    assert refused.headers["access-control-allow-origin"] == ORIGIN


def test_every_refusal_carries_the_cors_headers() -> None:
    with TestClient(full_app(limit=3)) as client:
        headers = headers_for(client)
        wrong_host = client.get("/items", headers={**headers, "host": "evil.test"})
        no_csrf_token = client.post("/items", json={"a": 1}, headers=headers)
        answers = [client.get("/items", headers=headers) for _ in range(3)]
    assert wrong_host.status_code == 400
    assert no_csrf_token.status_code == 403
    assert [answer.status_code for answer in answers][-1] == 429
    for refusal in (wrong_host, no_csrf_token, answers[-1]):
        assert refusal.headers["access-control-allow-origin"] == ORIGIN
        assert refusal.headers["content-type"].startswith("application/json")


def test_a_csrf_token_from_the_cookie_lets_a_post_through() -> None:
    with TestClient(full_app()) as client:
        headers = headers_for(client)
        client.get("/items", headers=headers)  # a safe request sets the token cookie
        token = client.cookies["csrftoken"]
        response = client.post("/items", json={"a": 1}, headers={**headers, "x-csrftoken": token})
    assert response.status_code == 201
    assert response.json() == {"a": 1}


def test_session_auth_user_reaches_guards_dependencies_and_handlers() -> None:
    async def retrieve_from_session(session: dict[str, Any], _: ASGIConnection[Any, Any, Any]) -> User | None:
        return USERS.get(session.get("name", ""))

    @get("/session-login")
    async def session_login(request: Request[Any, Any, Any]) -> None:
        request.set_session({"name": "ada"})

    session_auth = SessionAuth[User](
        retrieve_user_handler=retrieve_from_session,
        session_backend_config=MemoryBackendConfig(),
        exclude=["^/session-login"],
    )
    app = Starlite(route_handlers=[session_login, whoami], on_app_init=[session_auth.on_app_init])
    with TestClient(app) as client:
        assert client.get("/whoami").status_code == 401
        client.get("/session-login")
        response = client.get("/whoami")
    assert response.status_code == 200
    assert response.json()["user"] == "ada"
    assert response.json()["dependency"] == "ada"


def test_built_in_middleware_on_a_router_a_controller_and_a_handler() -> None:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    class Reports(Controller):
        path = "/reports"
        middleware = [LoggingMiddlewareConfig(logger_name="reports").middleware]

        @get()
        async def report(self) -> str:
            return "report"

    @get("/limited", middleware=[RateLimitConfig(rate_limit=("minute", 1)).middleware])
    async def limited() -> str:
        return "limited"

    @get("/open")
    async def open_() -> str:
        return "open"

    api = Router(
        path="/api",
        route_handlers=[Reports, limited, open_],
        middleware=[RateLimitConfig(rate_limit=("minute", 5)).middleware],
    )
    logger = logging.getLogger("reports")
    handler = Keep()
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        with TestClient(Starlite(route_handlers=[api])) as client:
            assert client.get("/api/limited").status_code == 200
            assert client.get("/api/limited").status_code == 429  # the handler's own limit of 1
            assert client.get("/api/open").headers["ratelimit-limit"] == "5"  # the router's
            assert client.get("/api/reports").text == "report"
    finally:
        logger.removeHandler(handler)
    assert [record.getMessage().split(":")[0] for record in records] == ["HTTP Request", "HTTP Response"]


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    origin=st.one_of(st.none(), st.just(ORIGIN), st.text(max_size=40)),
    host=st.one_of(st.just("testserver.local"), st.text(max_size=30)),
    accept_encoding=st.one_of(st.none(), st.text(max_size=40), st.just("gzip;q=0, br")),
    cookie=st.one_of(st.none(), st.text(max_size=60), st.just("csrftoken=abc; session=x")),
    authorization=st.one_of(st.none(), st.text(max_size=60), st.just("Bearer a.b.c")),
    csrf_token=st.one_of(st.none(), st.text(max_size=40)),
    method=st.sampled_from(["GET", "POST", "OPTIONS", "HEAD"]),
    path=st.sampled_from(["/items", "/whoami", "/login", "/nowhere"]),
)
def test_random_headers_through_the_whole_stack_never_give_a_500(
    stack_client: TestClient[Any],
    origin: str | None,
    host: str,
    accept_encoding: str | None,
    cookie: str | None,
    authorization: str | None,
    csrf_token: str | None,
    method: str,
    path: str,
) -> None:
    values = {
        "origin": origin,
        "host": host,
        "accept-encoding": accept_encoding,
        "cookie": cookie,
        "authorization": authorization,
        "x-csrftoken": csrf_token,
    }
    headers = [
        (name.encode(), value.encode("latin-1", "replace"))
        for name, value in values.items()
        if value is not None and "\r" not in value and "\n" not in value
    ]
    stack_client.cookies.clear()
    response = stack_client.request(method, path, headers=headers, content=b"{}")
    assert response.status_code < 500, response.text  # .text: a compressed body decodes, too


@pytest.fixture(scope="module")
def stack_client() -> Any:
    with TestClient(full_app(limit=10**9)) as client:
        yield client
