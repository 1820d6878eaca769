"""A generator provider sets something up, yields it, and cleans up after the response is sent."""

from collections.abc import AsyncGenerator, Generator

import pytest

from starlite import NotFoundException, Provide, Starlite, State, get
from starlite.testing import AsyncTestClient, TestClient
from starlite.types import Message

EVENTS: list[str] = []


class Transaction:
    def __init__(self) -> None:
        self.rows = {1: "ada", 2: "grace"}


async def transaction() -> AsyncGenerator[Transaction, None]:
    EVENTS.append("begin")
    try:
        yield Transaction()
    except Exception as exc:
        # The handler's exception is thrown in at the ``yield``.
        EVENTS.append(f"rollback after {type(exc).__name__}")
        raise
    else:
        EVENTS.append("commit")
    finally:
        EVENTS.append("end")


def lock() -> Generator[str, None, None]:
    # Plain generators work the same way.
    EVENTS.append("lock")
    yield "user-table"
    EVENTS.append("unlock")


@get("/users/{user_id:int}")
def get_user(user_id: int, tx: Transaction, lock: str) -> str:
    EVENTS.append("handler")
    if user_id not in tx.rows:
        raise NotFoundException(f"No user {user_id}")
    return tx.rows[user_id]


@get("/crash")
def crash(tx: Transaction) -> str:
    raise RuntimeError("disk on fire")


def record_sending(message: Message, state: State) -> None:
    if message["type"] == "http.response.body":
        EVENTS.append("response sent")


app = Starlite(
    route_handlers=[get_user, crash],
    dependencies={"tx": Provide(transaction), "lock": Provide(lock)},
    before_send=[record_sending],
)


@pytest.fixture(autouse=True)
def clear_events() -> None:
    EVENTS.clear()


def test_cleanup_runs_before_the_response_is_sent() -> None:
    with TestClient(app=app) as client:
        assert client.get("/users/1").text == "ada"
    # Cleanups run in reverse order of set-up, after the handler and before the response goes out.
    assert EVENTS == ["begin", "lock", "handler", "unlock", "commit", "end", "response sent"]


@pytest.mark.parametrize(
    ("path", "status_code", "error"),
    [("/users/3", 404, "NotFoundException"), ("/crash", 500, "RuntimeError")],
)
def test_the_exception_reaches_the_dependency(path: str, status_code: int, error: str) -> None:
    with TestClient(app=app, raise_server_exceptions=False) as client:
        response = client.get(path)
    assert response.status_code == status_code
    # The ``except`` block saw the exception, so the transaction was rolled back, not committed.
    assert f"rollback after {error}" in EVENTS
    assert "commit" not in EVENTS


@pytest.mark.anyio
async def test_the_cleanup_comes_before_the_error_response() -> None:
    async with AsyncTestClient(app=app, raise_server_exceptions=False) as client:
        response = await client.get("/crash")
    assert response.status_code == 500
    assert EVENTS == ["begin", "rollback after RuntimeError", "end", "response sent"]
