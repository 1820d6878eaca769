"""Dependency injection: ``Provide`` at every layer, nested dependencies, ``yield`` cleanup, concurrency."""

import threading
from collections.abc import AsyncGenerator, Generator
from typing import Any

import anyio
import pytest

from starlite import (
    Controller,
    Dependency,
    HTTPException,
    ImproperlyConfiguredException,
    Parameter,
    Provide,
    Request,
    Router,
    Starlite,
    get,
    post,
    websocket,
)
from starlite.connection import WebSocket
from starlite.exceptions import ValidationException
from starlite.testing import create_test_client


def test_lower_layers_override_higher_ones() -> None:
    def named(name: str) -> Provide:
        return Provide(lambda: name)

    class Things(Controller):
        path = "/things"
        dependencies = {"who": named("controller"), "level": named("controller")}

        @get("/a")
        def a(self, who: str, level: str, scope_name: str) -> list[str]:
            return [who, level, scope_name]

        @get("/b", dependencies={"who": named("handler")})
        def b(self, who: str, level: str, scope_name: str) -> list[str]:
            return [who, level, scope_name]

    @get("/plain")
    def plain(who: str, scope_name: str) -> list[str]:
        return [who, scope_name]

    router = Router(
        path="/r",
        route_handlers=[Things, plain],
        dependencies={"who": named("router"), "scope_name": named("router")},
    )
    with create_test_client(router, dependencies={"who": named("app"), "scope_name": named("app")}) as client:
        assert client.get("/r/things/a").json() == ["controller", "controller", "router"]
        assert client.get("/r/things/b").json() == ["handler", "controller", "router"]
        assert client.get("/r/plain").json() == ["router", "router"]


def test_dependencies_take_parameters_reserved_kwargs_and_other_dependencies() -> None:
    async def settings(state: Any) -> dict[str, int]:
        return {"max_page_size": state.max_page_size}

    def pagination(
        settings: dict[str, int], page: int = 1, size: int = Parameter(query="page_size", default=10)
    ) -> dict:
        if size > settings["max_page_size"]:
            raise ValidationException(f"page_size must be at most {settings['max_page_size']}")
        return {"offset": (page - 1) * size, "limit": size}

    def user_agent(request: Request) -> str:
        return request.headers.get("user-agent", "")

    @get(
        "/items/{category:str}",
        dependencies={"pagination": Provide(pagination), "agent": Provide(user_agent)},
    )
    def items(category: str, pagination: dict, agent: str, page: int = 1) -> dict[str, Any]:
        return {"category": category, "page": page, "agent": agent, **pagination}

    with create_test_client(
        items, dependencies={"settings": Provide(settings)}, initial_state={"max_page_size": 50}
    ) as client:
        assert client.get("/items/books?page=3&page_size=20").json() == {
            "category": "books",
            "page": 3,
            "agent": "testclient",
            "offset": 40,
            "limit": 20,
        }
        assert client.get("/items/books").json()["limit"] == 10
        errors = client.get("/items/books?page=x&page_size=y").json()["extra"]
        # A dependency's parameters are validated with the handler's, in the same 400.
        assert {error["key"] for error in errors} == {"page", "page_size"}
        assert client.get("/items/books?page_size=99").json()["detail"] == "page_size must be at most 50"


def test_dependency_markers_default_and_skip_validation() -> None:
    @get("/default")
    def with_default(limit: int = Dependency(default=25)) -> int:
        return limit

    @get("/provided", dependencies={"limit": Provide(lambda: 7)})
    def provided(limit: int = Dependency(default=25)) -> int:
        return limit

    @get("/unchecked", dependencies={"value": Provide(lambda: "not an int")})
    def unchecked(value: int = Dependency(skip_validation=True)) -> str:
        return repr(value)

    with create_test_client([with_default, provided, unchecked]) as client:
        assert client.get("/default").json() == 25
        assert client.get("/provided").json() == 7
        assert client.get("/unchecked").text == "'not an int'"


def test_a_provided_value_of_the_wrong_class_is_a_server_error_naming_the_dependency() -> None:
    @get("/", dependencies={"count": Provide(lambda: "three")})
    def handler(count: int) -> int:
        return count

    # An InternalServerException, as in 1.5x: the test client returns the 500 instead of raising.
    with create_test_client(handler) as client:
        response = client.get("/")
    assert response.status_code == 500
    assert response.json()["detail"] == "A dependency failed validation for GET http://testserver.local/"
    [error] = response.json()["extra"]
    assert (error["key"], error["source"]) == ("count", "dependency")
    # Nothing of the handler's code is named to the client.
    assert error["message"] == "dependency 'count' provided a str, but the parameter is annotated int"


def test_a_parameter_is_checked_before_dependencies_so_a_client_error_wins() -> None:
    @get("/", dependencies={"count": Provide(lambda: "three")})
    def handler(count: int, page: int) -> int:
        return count

    with create_test_client(handler) as client:
        assert client.get("/?page=x").status_code == 400


def test_an_optional_dependency_nobody_provides_is_none() -> None:
    @get("/")
    def handler(value: int | None = Dependency()) -> int | None:
        return value

    with create_test_client(handler) as client:
        assert client.get("/").json() is None


def test_one_provider_under_two_keys_is_refused_at_start_up() -> None:
    def provide_session() -> str:
        return "session"

    @get("/", dependencies={"session": Provide(provide_session)})
    def handler(session: str, db: str) -> str:
        return session

    with pytest.raises(ImproperlyConfiguredException, match="already defined under the different key"):
        Starlite(route_handlers=[handler], dependencies={"db": Provide(provide_session)})
    # Giving the same key again overrides the provider of the layer above.
    Starlite(
        route_handlers=[handler],
        dependencies={"session": Provide(provide_session), "db": Provide(lambda: "db")},
    )


def test_use_cache_calls_the_provider_once() -> None:
    calls: list[int] = []

    def counter() -> int:
        calls.append(1)
        return len(calls)

    @get("/cached", dependencies={"n": Provide(counter, use_cache=True)})
    def cached(n: int) -> int:
        return n

    @get("/fresh", dependencies={"n": Provide(counter)})
    def fresh(n: int) -> int:
        return n

    with create_test_client([cached, fresh]) as client:
        assert [client.get("/cached").json() for _ in range(3)] == [1, 1, 1]
        assert [client.get("/fresh").json() for _ in range(2)] == [2, 3]


def test_sync_to_thread_runs_a_blocking_provider_off_the_event_loop() -> None:
    loop_thread: list[int] = []

    def blocking() -> int:
        return threading.get_ident()

    def cheap() -> int:
        return threading.get_ident()

    # Two keys need two providers: the same function under two keys is refused, as in 1.5x.
    @get("/", dependencies={"threaded": Provide(blocking, sync_to_thread=True), "inline": Provide(cheap)})
    async def handler(threaded: int, inline: int) -> bool:
        loop_thread.append(threading.get_ident())
        return threaded != inline

    with create_test_client(handler) as client:
        assert client.get("/").json() is True


def test_a_provider_used_by_two_dependants_runs_once_per_request() -> None:
    calls: list[int] = []

    def connection() -> str:
        calls.append(1)
        return "db"

    def repository(connection: str) -> str:
        return f"repo({connection})"

    def service(connection: str, repository: str) -> str:
        return f"service({connection}, {repository})"

    @get(
        "/",
        dependencies={
            "connection": Provide(connection),
            "repository": Provide(repository),
            "service": Provide(service),
        },
    )
    def handler(service: str) -> str:
        return service

    with create_test_client(handler) as client:
        assert client.get("/").text == "service(db, repo(db))"
    assert len(calls) == 1


def test_yield_dependencies_clean_up_after_the_response() -> None:
    events: list[str] = []

    def transaction() -> Generator[str, None, None]:
        events.append("begin")
        yield "tx"
        events.append("commit")

    async def session() -> AsyncGenerator[str, None]:
        events.append("open")
        yield "session"
        events.append("close")

    @post("/", dependencies={"tx": Provide(transaction), "session": Provide(session)})
    def handler(tx: str, session: str) -> str:
        events.append("handler")
        return f"{tx}+{session}"

    with create_test_client(handler) as client:
        response = client.post("/")
        assert response.text == "tx+session"
    # Cleanup runs last-entered first, after the handler and the response.
    assert events == ["begin", "open", "handler", "close", "commit"]


def test_the_handlers_exception_is_thrown_into_yield_dependencies_as_in_1_5x() -> None:
    events: list[str] = []

    async def transaction() -> AsyncGenerator[str, None]:
        try:
            yield "tx"
        except HTTPException as exc:
            events.append(f"rollback after {exc.status_code}")
            raise
        else:
            events.append("commit")
        finally:
            events.append("released")

    def sync_resource() -> Generator[str, None, None]:
        try:
            yield "r"
        finally:
            events.append("sync released")

    @get("/fail", dependencies={"tx": Provide(transaction), "resource": Provide(sync_resource)})
    def fail(tx: str, resource: str) -> None:
        raise HTTPException(status_code=409, detail="conflict")

    @get("/ok", dependencies={"tx": Provide(transaction), "resource": Provide(sync_resource)})
    def ok(tx: str, resource: str) -> str:
        return "fine"

    with create_test_client([fail, ok]) as client:
        response = client.get("/fail")
        assert response.status_code == 409
        assert response.json()["detail"] == "conflict"
        assert events == ["sync released", "rollback after 409", "released"]
        events.clear()
        assert client.get("/ok").text == "fine"
        assert events == ["sync released", "commit", "released"]


def test_a_dependency_swallowing_the_exception_does_not_turn_it_into_a_success() -> None:
    def swallow() -> Generator[str, None, None]:
        try:
            yield "x"
        except Exception:  # noqa: S110 - the point of the test
            pass

    @get("/", dependencies={"x": Provide(swallow)})
    def handler(x: str) -> None:
        raise HTTPException(status_code=400, detail="still an error")

    with create_test_client(handler) as client:
        response = client.get("/")
    assert response.status_code == 400
    assert response.json()["detail"] == "still an error"


def test_a_failing_cleanup_does_not_hide_the_handlers_error_and_others_still_run() -> None:
    events: list[str] = []

    def first() -> Generator[str, None, None]:
        try:
            yield "1"
        finally:
            events.append("first cleaned")

    def broken(first: str) -> Generator[str, None, None]:
        try:
            yield "2"
        finally:
            raise RuntimeError("cleanup failed")

    @get("/fails", dependencies={"first": Provide(first), "broken": Provide(broken)})
    def fails(broken: str) -> None:
        raise HTTPException(status_code=418, detail="teapot")

    @get("/ok", dependencies={"first": Provide(first), "broken": Provide(broken)})
    def ok(broken: str) -> str:
        return broken

    with create_test_client([fails, ok]) as client:
        assert client.get("/fails").status_code == 418
        assert events == ["first cleaned"]
        # After a successful response, a cleanup error is the app's error: the test client raises it.
        with pytest.raises(RuntimeError, match="cleanup failed"):
            client.get("/ok")
    assert events == ["first cleaned", "first cleaned"]


def test_yield_dependency_cleanup_runs_when_a_later_dependency_fails() -> None:
    events: list[str] = []

    def resource() -> Generator[str, None, None]:
        try:
            yield "r"
        finally:
            events.append("released")

    def failing(resource: str) -> str:
        raise HTTPException(status_code=503, detail="down")

    @get("/", dependencies={"resource": Provide(resource), "failing": Provide(failing)})
    def handler(failing: str) -> str:
        return failing

    with create_test_client(handler) as client:
        assert client.get("/").status_code == 503
    assert events == ["released"]


def test_independent_async_dependencies_resolve_concurrently() -> None:
    # Each provider waits for the other to start: run one after the other, they would never finish.
    started_a, started_b = anyio.Event(), anyio.Event()

    async def first() -> str:
        started_a.set()
        with anyio.fail_after(2):
            await started_b.wait()
        return "a"

    async def second() -> str:
        started_b.set()
        with anyio.fail_after(2):
            await started_a.wait()
        return "b"

    @get("/", dependencies={"a": Provide(first), "b": Provide(second)})
    def handler(a: str, b: str) -> str:
        return a + b

    with create_test_client(handler) as client:
        assert client.get("/").text == "ab"


def test_a_failing_concurrent_dependency_keeps_its_http_error() -> None:
    async def fine() -> str:
        return "ok"

    async def forbidden() -> str:
        raise HTTPException(status_code=403, detail="no")

    @get("/", dependencies={"a": Provide(fine), "b": Provide(forbidden)})
    def handler(a: str, b: str) -> str:
        return a + b

    with create_test_client(handler) as client:
        response = client.get("/")
    assert response.status_code == 403
    assert response.json() == {"status_code": 403, "detail": "no"}


def test_websocket_handlers_get_dependencies_and_cleanup() -> None:
    events: list[str] = []

    async def greeting(name: str = "world") -> AsyncGenerator[str, None]:
        yield f"hello {name}"
        events.append("cleanup")

    @websocket("/ws", dependencies={"greeting": Provide(greeting)})
    async def handler(socket: WebSocket, greeting: str) -> None:
        await socket.accept()
        await socket.send_text(greeting)
        await socket.close()

    with create_test_client(handler) as client, client.websocket_connect("/ws?name=ada") as ws:
        assert ws.receive_text() == "hello ada"
    assert events == ["cleanup"]


@pytest.mark.anyio
async def test_dependencies_through_the_async_client() -> None:
    async def slow() -> AsyncGenerator[int, None]:
        await anyio.sleep(0)
        yield 1

    @get("/", dependencies={"one": Provide(slow)})
    async def handler(one: int) -> int:
        return one + 1

    from starlite.testing import AsyncTestClient

    async with AsyncTestClient(app=Starlite([handler])) as client:
        assert (await client.get("/")).json() == 2


# --- start-up errors --------------------------------------------------------------------------------


def _startup_error(*handlers: Any, **options: Any) -> str:
    with pytest.raises(ImproperlyConfiguredException) as info:
        Starlite(route_handlers=list(handlers), **options)
    return str(info.value)


def test_dependency_cycles_are_refused_at_startup() -> None:
    def a(b: int) -> int:
        return b

    def b(c: int) -> int:
        return c

    def c(a: int) -> int:
        return a

    @get("/")
    def handler(a: int) -> int:
        return a

    message = _startup_error(handler, dependencies={"a": Provide(a), "b": Provide(b), "c": Provide(c)})
    assert "dependency cycle a -> b -> c -> a" in message
    assert "handler" in message


def test_a_dependency_marker_without_provider_or_default_is_refused() -> None:
    @get("/")
    def handler(db: Any = Dependency()) -> None:
        return None

    message = _startup_error(handler)
    assert "parameter 'db'" in message
    assert "no layer provides 'db'" in message


def test_reserved_names_cannot_be_dependency_keys() -> None:
    @get("/")
    def handler() -> None:
        return None

    assert "'request' is a reserved kwarg" in _startup_error(
        handler, dependencies={"request": Provide(lambda: 1)}
    )


def test_a_parameter_declared_two_ways_is_ambiguous() -> None:
    def dependency(q: int) -> int:
        return q

    @get("/", dependencies={"d": Provide(dependency)})
    def handler(d: int, q: str = Parameter(header="x-q")) -> None:
        return None

    message = _startup_error(handler)
    assert "'q' is declared differently" in message


def test_provide_refuses_non_callables_and_cached_generators() -> None:
    def generator() -> Generator[int, None, None]:
        yield 1

    with pytest.raises(ImproperlyConfiguredException, match="needs a callable"):
        Provide(42)  # type: ignore[arg-type]
    with pytest.raises(ImproperlyConfiguredException, match="cannot use use_cache"):
        Provide(generator, use_cache=True)


def test_provided_values_are_converted_like_1_5x_did() -> None:
    @get("/", dependencies={"count": Provide(lambda: "5"), "ratio": Provide(lambda: 1)})
    def handler(count: int, ratio: float) -> list[Any]:
        return [count, type(count).__name__, ratio]

    with create_test_client(handler) as client:
        assert client.get("/").json() == [5, "int", 1]


def test_state_is_given_as_the_annotated_state_class() -> None:
    # As in 1.5x: a State subclass wraps the app's state (its changes stay), ImmutableState is a
    # read-only copy, and State (or no annotation) is the app's state itself.
    from starlite import ImmutableState, State

    class Counter(State):
        def increment(self) -> None:
            self["count"] = self.get("count", 0) + 1

    @get("/counter")
    def counter(state: Counter) -> dict[str, Any]:
        assert isinstance(state, Counter)
        state.increment()
        return state.dict()

    @get("/read-only")
    def read_only(state: ImmutableState) -> dict[str, Any]:
        with pytest.raises(AttributeError):
            state.count = 100
        return {"type": type(state).__name__, **state.dict()}

    @get("/plain")
    def plain(state: State, request: Request) -> bool:
        return state is request.app.state

    @get("/dependency", dependencies={"count": Provide(lambda state: state.count + 1000)})
    def via_dependency(count: int, state: Counter) -> int:
        return count

    with create_test_client([counter, read_only, plain, via_dependency]) as client:
        assert client.get("/counter").json() == {"count": 1}
        assert client.get("/counter").json() == {"count": 2}
        assert client.get("/read-only").json() == {"type": "ImmutableState", "count": 2}
        assert client.get("/plain").json() is True
        assert client.get("/dependency").json() == 1002
        assert client.app.state.count == 2


def test_providers_are_equal_for_the_same_callable_caching_and_cached_value() -> None:
    def provider() -> int:
        return 1

    assert Provide(provider) == Provide(provider)
    assert Provide(provider) == Provide(provider, sync_to_thread=True)
    assert Provide(provider) != Provide(provider, use_cache=True)
    cached = Provide(provider, use_cache=True)
    cached.value = 1
    assert cached != Provide(provider, use_cache=True)
