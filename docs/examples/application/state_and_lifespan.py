"""Start-up and shut-down handlers sharing the application state."""

from typing import Any

from starlite import Starlite, State, get
from starlite.testing import TestClient

events: list[str] = []


async def open_pool(state: State) -> None:
    # A lifespan handler that takes an argument is given ``app.state``.
    state.pool = {"connections": state.pool_size}
    events.append("opened")


def close_pool(state: State) -> None:
    # Sync handlers work too.
    state.pool = None
    events.append("closed")


def announce() -> None:
    # A handler without parameters is called with none.
    events.append("announced")


@get("/pool")
def pool_info(state: State) -> dict[str, Any]:
    # Handlers reach the same state object through the reserved ``state`` argument.
    return {"pool": state.pool, "greeting": state.greeting}


app = Starlite(
    route_handlers=[pool_info],
    initial_state={"pool_size": 4, "greeting": "hi"},
    on_startup=[open_pool, announce],
    on_shutdown=[close_pool],
)


def test_lifespan_handlers_run_around_the_client() -> None:
    events.clear()
    assert app.state.pool_size == 4
    with TestClient(app=app) as client:
        # ``with`` runs the start-up handlers before the first request...
        assert events == ["opened", "announced"]
        response = client.get("/pool")
        assert response.json() == {"pool": {"connections": 4}, "greeting": "hi"}
    # ...and the shut-down handlers on the way out.
    assert events == ["opened", "announced", "closed"]
    assert app.state.pool is None


def test_initial_state_is_copied() -> None:
    initial = {"queue": [1, 2]}
    other_app = Starlite(route_handlers=[], initial_state=initial)
    other_app.state.queue.append(3)
    # ``initial_state`` is deep-copied, so the app never changes the caller's dict.
    assert initial == {"queue": [1, 2]}
    assert other_app.state["queue"] == [1, 2, 3]
