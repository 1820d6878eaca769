"""Which renders leave the event loop: large templates, repeatedly slow ones, async Jinja2 templates."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from starlite import Provide, Response, Starlite, Template, TemplateConfig, get
from starlite.response.template import (
    FAST_RENDERS_BEFORE_ON_LOOP,
    OFF_LOOP_SOURCE_BYTES,
    SLOW_RENDERS_BEFORE_OFF_LOOP,
)
from starlite.testing import TestClient, create_test_client

from .conftest import JINJA, Engine


def thread_recording_app(
    engine: Any, template_dir: Path, name: str, **config: Any
) -> tuple[Starlite, list[bool]]:
    """An app whose page says, through a template callable, whether it rendered on the event loop's thread."""
    on_loop: list[bool] = []
    loop_thread: list[int] = []

    def where(context: Any) -> str:
        on_loop.append(threading.get_ident() == loop_thread[-1])
        return "rendered"

    @get("/")
    async def page() -> Template:
        loop_thread.append(threading.get_ident())  # an async handler runs on the event loop's thread
        return Template(name)

    def register(template_engine: Any) -> None:
        template_engine.register_template_callable("where", where)

    app = Starlite(
        [page],
        template_config=TemplateConfig(
            engine=engine, directory=template_dir, engine_callback=register, **config
        ),
    )
    return app, on_loop


def test_a_small_template_renders_on_the_loop(engine: Engine, template_dir: Path) -> None:
    (template_dir / "small.html").write_text(engine.expr("where()"))
    app, on_loop = thread_recording_app(engine.engine, template_dir, "small.html")
    with TestClient(app) as client:
        assert client.get("/").text == "rendered"
        assert client.get("/").text == "rendered"
    assert on_loop == [True, True]


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_a_large_template_renders_in_a_worker_thread(
    engine: Engine, template_dir: Path, backend: str
) -> None:
    padding = "x" * OFF_LOOP_SOURCE_BYTES
    (template_dir / "large.html").write_text(engine.expr("where()") + padding)
    app, on_loop = thread_recording_app(engine.engine, template_dir, "large.html")
    with TestClient(app, backend=backend) as client:
        response = client.get("/")
    assert response.text == "rendered" + padding
    assert response.headers["content-length"] == str(len("rendered") + OFF_LOOP_SOURCE_BYTES)
    assert on_loop == [False]


def test_a_repeatedly_slow_template_moves_to_a_worker_thread(engine: Engine, template_dir: Path) -> None:
    (template_dir / "slow.html").write_text(engine.expr("where()") + engine.expr("pause()"))
    app, on_loop = thread_recording_app(engine.engine, template_dir, "slow.html")
    app.template_engine.register_template_callable("pause", lambda context: time.sleep(0.005) or "")
    with TestClient(app) as client:
        for _ in range(SLOW_RENDERS_BEFORE_OFF_LOOP + 2):
            assert client.get("/").text == "rendered"
    assert on_loop == [True] * SLOW_RENDERS_BEFORE_OFF_LOOP + [False, False]


class RenderClock:
    """Stands in for the template module's clock: a render takes exactly what the page says it took.

    Timing real renders makes the "fast again" half of a test depend on how busy the machine is (a
    render of a few microseconds took over a millisecond on a loaded CI runner), so the tests that
    need a render to count as fast use this clock instead of the real one.
    """

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def take(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture()
def render_clock(monkeypatch: pytest.MonkeyPatch) -> RenderClock:
    clock = RenderClock()
    monkeypatch.setattr("starlite.response.template.perf_counter", clock)
    return clock


def test_a_template_moved_for_being_slow_comes_back_once_fast(
    engine: Engine, template_dir: Path, render_clock: RenderClock
) -> None:
    # A busy machine can make a fast template look slow a few times; it must not stay off the loop.
    (template_dir / "page.html").write_text(engine.expr("where()") + engine.expr("pause()"))
    app, on_loop = thread_recording_app(engine.engine, template_dir, "page.html")
    slow = [True]
    app.template_engine.register_template_callable(
        "pause", lambda context: render_clock.take(0.005 if slow[0] else 0.0) or ""
    )
    with TestClient(app) as client:
        for _ in range(SLOW_RENDERS_BEFORE_OFF_LOOP):
            client.get("/")
        slow[0] = False
        for _ in range(FAST_RENDERS_BEFORE_ON_LOOP + 1):
            assert client.get("/").text == "rendered"
    assert on_loop == [True] * SLOW_RENDERS_BEFORE_OFF_LOOP + [False] * FAST_RENDERS_BEFORE_ON_LOOP + [True]


def test_one_slow_render_in_the_thread_starts_the_count_again(
    engine: Engine, template_dir: Path, render_clock: RenderClock
) -> None:
    (template_dir / "page.html").write_text(engine.expr("where()") + engine.expr("pause()"))
    app, on_loop = thread_recording_app(engine.engine, template_dir, "page.html")
    durations = iter(
        [0.005] * SLOW_RENDERS_BEFORE_OFF_LOOP + [0.0, 0.005] + [0.0] * FAST_RENDERS_BEFORE_ON_LOOP + [0.0]
    )
    app.template_engine.register_template_callable(
        "pause", lambda context: render_clock.take(next(durations)) or ""
    )
    with TestClient(app) as client:
        for _ in range(SLOW_RENDERS_BEFORE_OFF_LOOP + 2 + FAST_RENDERS_BEFORE_ON_LOOP + 1):
            assert client.get("/").text == "rendered"
    assert on_loop == (
        [True] * SLOW_RENDERS_BEFORE_OFF_LOOP + [False] * (2 + FAST_RENDERS_BEFORE_ON_LOOP) + [True]
    )


def test_an_async_jinja_environment_is_awaited_on_the_loop(template_dir: Path) -> None:
    from starlite.contrib.jinja import JinjaTemplateEngine

    (template_dir / "async.html").write_text("{{ where() }}")

    def enable_async(engine: Any) -> None:
        engine.engine.is_async = True

    app, on_loop = thread_recording_app(JinjaTemplateEngine, template_dir, "async.html")
    enable_async(app.template_engine)
    with TestClient(app) as client:
        assert client.get("/").text == "rendered"
    assert on_loop == [True]


def test_a_large_template_that_fails_is_a_500(
    engine: Engine, template_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (template_dir / "large.html").write_text(engine.expr("1 // 0") + "x" * OFF_LOOP_SOURCE_BYTES)

    @get("/")
    def page() -> Template:
        return Template("large.html")

    app = Starlite([page], template_config=TemplateConfig(engine=engine.engine, directory=template_dir))
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/")
    assert response.status_code == 500
    assert response.json() == {"status_code": 500, "detail": "Internal Server Error"}
    assert len([record for record in caplog.records if record.exc_info]) == 1


def test_an_after_request_hook_can_read_the_body_of_a_large_template(template_dir: Path) -> None:
    from starlite.contrib.jinja import JinjaTemplateEngine

    (template_dir / "large.html").write_text("{{ 6 * 7 }}" + " " * OFF_LOOP_SOURCE_BYTES)

    def trim(response: Response[Any]) -> Response[Any]:
        response.body = response.body.strip() + b"!"
        return response

    @get("/", after_request=trim)
    def page() -> Template:
        return Template("large.html")

    with create_test_client(
        [page], template_config=TemplateConfig(engine=JinjaTemplateEngine, directory=template_dir)
    ) as client:
        assert client.get("/").text == "42!"


class Session:
    """A resource a yield dependency opens for the request and closes after the handler."""

    def __init__(self) -> None:
        self.open = True

    def orders(self) -> list[str]:
        if not self.open:
            raise RuntimeError("session closed")
        return ["tea", "cake"]


async def provide_session() -> Any:
    session = Session()
    try:
        yield session
    finally:
        session.open = False


@pytest.mark.parametrize("size", ["small", "large"])
def test_a_template_reads_a_yield_dependency_wherever_it_renders(
    engine: Engine, template_dir: Path, size: str
) -> None:
    padding = "" if size == "small" else "<!--" + "x" * OFF_LOOP_SOURCE_BYTES + "-->"
    (template_dir / "orders.html").write_text(engine.expr("','.join(session.orders())") + padding)

    @get("/orders", dependencies={"session": Provide(provide_session)})
    async def orders(session: Session) -> Template:
        return Template("orders.html", context={"session": session})

    app = Starlite([orders], template_config=TemplateConfig(engine=engine.engine, directory=template_dir))
    with TestClient(app) as client:
        response = client.get("/orders")
    assert response.status_code == 200
    assert response.text.startswith("tea,cake")


def test_after_request_sees_the_rendered_page_of_an_async_jinja_template(template_dir: Path) -> None:
    (template_dir / "greeting.html").write_text("Hello {{ name }}  ")

    def shout(response: Response[Any]) -> Response[Any]:
        response.body = response.body.strip() + b"!"
        return response

    @get("/", after_request=shout)
    async def greeting() -> Template:
        return Template("greeting.html", context={"name": "Ada"})

    def enable_async(template_engine: Any) -> None:
        template_engine.engine.is_async = True

    config = TemplateConfig(engine=JINJA.engine, directory=template_dir, engine_callback=enable_async)
    with create_test_client(greeting, template_config=config) as client:
        response = client.get("/")
    assert (response.status_code, response.text) == (200, "Hello Ada!")
