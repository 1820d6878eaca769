from __future__ import annotations

from typing import Any

import anyio
import pytest

from starlite import ImmutableState, Starlite, State, get
from starlite.exceptions import ImproperlyConfiguredException
from starlite.testing import create_test_client

pytestmark = pytest.mark.anyio


async def run_lifespan(app: Starlite, *, shutdown: bool = True) -> list[dict[str, Any]]:
    """Drive the ASGI lifespan protocol by hand, as a server does, and return what the app sent."""
    inbox = (
        [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
        if shutdown
        else [{"type": "lifespan.startup"}]
    )
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if inbox:
            return inbox.pop(0)
        await anyio.sleep_forever()
        raise AssertionError  # pragma: no cover

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    with anyio.fail_after(5):
        try:
            await app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, receive, send)
        except Exception as exc:
            sent.append({"raised": exc})
    return sent


async def test_startup_and_shutdown_messages() -> None:
    calls: list[str] = []
    app = Starlite([], on_startup=[lambda: calls.append("up")], on_shutdown=[lambda: calls.append("down")])
    sent = await run_lifespan(app)
    assert sent == [{"type": "lifespan.startup.complete"}, {"type": "lifespan.shutdown.complete"}]
    assert calls == ["up", "down"]


async def test_failing_startup_sends_failed_with_the_message() -> None:
    def explode() -> None:
        raise RuntimeError("no database")

    sent = await run_lifespan(Starlite([], on_startup=[explode]))
    assert sent[0]["type"] == "lifespan.startup.failed"
    assert "no database" in sent[0]["message"]
    assert isinstance(sent[1]["raised"], RuntimeError)


async def test_failing_shutdown_sends_failed() -> None:
    async def explode() -> None:
        raise RuntimeError("flush failed")

    sent = await run_lifespan(Starlite([], on_shutdown=[explode]))
    assert sent[0] == {"type": "lifespan.startup.complete"}
    assert sent[1]["type"] == "lifespan.shutdown.failed"
    assert "flush failed" in sent[1]["message"]


async def test_hooks_receive_state_or_app_as_in_1_5x() -> None:
    seen: dict[str, Any] = {}

    def sync_with_state(state: State) -> None:
        seen["sync"] = state

    async def async_with_state(state: State) -> None:
        seen["async"] = state

    def no_args() -> None:
        seen["none"] = True

    def before(app: Starlite) -> None:
        seen["before"] = app

    async def after(app: Starlite) -> None:
        seen["after"] = app

    app = Starlite(
        [],
        on_startup=[sync_with_state, async_with_state, no_args],
        before_startup=[before],
        after_startup=after,
    )
    await run_lifespan(app)
    assert seen == {"sync": app.state, "async": app.state, "none": True, "before": app, "after": app}


def test_initial_state_is_copied_into_app_state() -> None:
    initial = {"counter": {"value": 1}}
    app = Starlite([], initial_state=initial)
    initial["counter"]["value"] = 2
    assert isinstance(app.state, State)
    assert app.state.counter == {"value": 1}
    assert Starlite([], state=ImmutableState({"a": 1})).state.a == 1


def test_initial_state_and_state_together_are_rejected() -> None:
    with pytest.raises(ImproperlyConfiguredException):
        Starlite([], initial_state={"a": 1}, state={"a": 2})


def test_state_set_at_startup_is_seen_by_handlers() -> None:
    def connect(state: State) -> None:
        state.connection = "connected"

    @get("/status")
    def status(state: State) -> str:
        return str(state.connection)

    with create_test_client(status, on_startup=[connect]) as client:
        assert client.get("/status").text == "connected"


async def test_hook_with_a_defaulted_parameter_still_receives_the_state() -> None:
    seen: list[Any] = []

    def hook(state: Any = None) -> None:
        seen.append(state)

    app = Starlite([], on_startup=[hook])
    await run_lifespan(app)
    assert seen == [app.state]


async def test_startup_failure_message_carries_the_traceback() -> None:
    def explode() -> None:
        raise RuntimeError("no database")

    sent = await run_lifespan(Starlite([], on_startup=[explode]))
    assert sent[0]["message"].startswith("Traceback")
    assert "explode" in sent[0]["message"]
