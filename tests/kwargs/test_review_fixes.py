"""Behaviour found in review: body re-reads, limits under middleware, generator detection, conversions."""

from __future__ import annotations

import functools
from collections.abc import AsyncGenerator, Generator
from typing import Any, Union

import anyio
import pytest

from starlite import Body, HTTPException, Provide, Request, RequestEncodingType, get, post
from starlite.middleware import DefineMiddleware
from starlite.params import ParameterKwarg
from starlite.testing import create_test_client
from starlite.types import Receive, Scope, Send


class Counter:
    """A callable provider, annotated with postponed (string) annotations."""

    def __call__(self, start: int = 1) -> int:
        return start + 1


def test_a_second_reader_of_a_streamed_multipart_body_fails_at_once_instead_of_hanging() -> None:
    @post("/")
    async def handler(
        request: Request, data: dict[str, Any] = Body(media_type=RequestEncodingType.MULTI_PART)
    ) -> int:
        # The form was parsed as a stream; nothing is left to read. A new Request for the same
        # connection must not wait on receive() for ever.
        second = Request(request.scope, request.receive)
        with anyio.fail_after(2):
            try:
                await second.body()
            except Exception as exc:  # noqa: BLE001
                return 1 if "stream consumed" in str(exc) else 0
        return 2

    with create_test_client(handler) as client:
        assert client.post("/", files={"f": ("f", b"x")}).json() == 1


def _body_reading_middleware(app: Any) -> Any:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await Request(scope, receive).body()  # e.g. checking a signature over the raw body
        await app(scope, receive, send)

    return middleware


def test_the_routes_body_limit_holds_when_middleware_reads_the_body_first() -> None:
    @post("/small", request_max_body_size=10)
    def small(body: bytes) -> int:
        return len(body)

    @post("/large", request_max_body_size=None)
    def large(body: bytes) -> int:
        return len(body)

    with create_test_client(
        [small, large], middleware=[DefineMiddleware(_body_reading_middleware)]
    ) as client:
        assert client.post("/small", content=b"x" * 10).status_code == 201
        assert client.post("/small", content=b"x" * 11).status_code == 413
        assert client.post("/large", content=b"x" * (11 * 1024 * 1024)).json() == 11 * 1024 * 1024


def test_decorated_generators_and_callable_objects_are_dependencies_with_cleanup() -> None:
    events: list[str] = []

    def logged(fn: Any) -> Any:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return fn(*args, **kwargs)

        return wrapper

    @logged
    def session() -> Generator[str, None, None]:
        events.append("open")
        yield "session"
        events.append("close")

    class Pool:
        async def __call__(self) -> AsyncGenerator[str, None]:
            yield "connection"
            events.append("released")

    @get("/", dependencies={"session": Provide(session), "conn": Provide(Pool()), "n": Provide(Counter())})
    def handler(session: str, conn: str, n: int) -> list[Any]:
        return [session, conn, n]

    with create_test_client(handler) as client:
        assert client.get("/?start=4").json() == ["session", "connection", 5]
    assert sorted(events) == ["close", "open", "released"]


def test_a_failing_cleanup_is_an_error_response_not_a_silent_success() -> None:
    def transaction() -> Generator[str, None, None]:
        yield "tx"
        raise RuntimeError("commit failed")

    @post("/", dependencies={"tx": Provide(transaction)})
    def handler(tx: str) -> dict[str, str]:
        return {"saved": tx}

    with create_test_client(handler, raise_server_exceptions=False) as client:
        assert client.post("/").status_code == 500


def test_a_failing_concurrent_dependency_cancels_its_siblings() -> None:
    cancelled: list[bool] = []

    async def slow() -> str:
        try:
            with anyio.fail_after(5):
                await anyio.sleep_forever()
        except anyio.get_cancelled_exc_class():
            cancelled.append(True)
            raise
        return "never"

    async def failing() -> str:
        await anyio.sleep(0)
        raise HTTPException(status_code=401, detail="no")

    @get("/", dependencies={"slow": Provide(slow), "failing": Provide(failing)})
    def handler(slow: str, failing: str) -> str:
        return slow + failing

    with create_test_client(handler) as client:
        assert client.get("/").status_code == 401
    assert cancelled == [True]


def test_deeply_nested_json_is_never_a_500() -> None:
    @post("/any")
    def untyped(data: Any) -> None:
        return None

    @post("/request")
    async def raw(request: Request) -> None:
        await request.json()

    nested = b'{"a": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    with create_test_client([untyped, raw]) as client:
        for path in ("/any", "/request"):
            response = client.post(path, content=nested, headers={"content-type": "application/json"})
            # Whether msgspec runs out of stack at this depth depends on the Python version (3.11
            # does, 3.13 does not): decoded, it is a success; too deep, a 400. Never a 500.
            assert response.status_code in (201, 400), (path, response.text)


def test_repeated_values_for_a_single_parameter_and_unions_behave_as_in_1_5x() -> None:
    from starlite import Parameter

    @get("/")
    def handler(x: int, tag: str = Parameter(header="x-tag"), u: Union[int, str] = 0) -> list[Any]:  # noqa: UP007
        return [x, tag, u, type(u).__name__]

    with create_test_client(handler) as client:
        response = client.get("/?x=1&x=2&u=5", headers=[("x-tag", "a"), ("x-tag", "b")])
        assert response.json() == [2, "a, b", 5, "int"]
        assert client.get("/?x=1&u=five", headers={"x-tag": "t"}).json()[2:] == ["five", "str"]


def test_a_falsy_before_request_result_lets_the_request_through_as_in_1_5x() -> None:
    @get("/", before_request=lambda request: {})
    def handler() -> str:
        return "handler ran"

    with create_test_client(handler) as client:
        assert client.get("/").text == "handler ran"


def test_kwarg_records_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        ParameterKwarg(int)  # type: ignore[misc]
    assert ParameterKwarg(value_type=int).value_type is int


def test_dependencies_of_dependencies_are_converted_too() -> None:
    def raw_limit() -> str:
        return "7"

    def page(limit: int) -> int:
        return limit * 2

    @get("/", dependencies={"limit": Provide(raw_limit), "page": Provide(page)})
    def handler(page: int) -> int:
        return page

    with create_test_client(handler) as client:
        assert client.get("/").json() == 14
