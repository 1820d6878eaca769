"""The pytest plugin, run on small test files of its own through ``pytester``.

The plugin reaches the inner runs through its ``pytest11`` entry point, as it reaches users: none of them
passes ``-p``. The inner runs turn warnings into errors too, so a deprecation warning from anyio or
pytest-asyncio about how a fixture is declared fails these tests.
"""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

INNER_INI = """
[pytest]
# hypothesis's plugin would import hypothesis afresh in every in-process run: a second each.
addopts = -p no:cacheprovider -p no:hypothesispytest --strict-markers
filterwarnings = error
asyncio_default_fixture_loop_scope = function
pythonpath = .
"""

# An app that records its startup and shutdown, and on which loop they ran, for the inner tests.
RECORDING_APP = """
import asyncio

from starlite import Request, Starlite, get

EVENTS = []


def current_loop():
    # The running asyncio loop, or trio's token for its run: what identifies "the test's loop".
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        import trio

        return trio.lowlevel.current_trio_token()


async def startup() -> None:
    EVENTS.append(("startup", current_loop()))


async def shutdown() -> None:
    EVENTS.append(("shutdown", current_loop()))


@get("/", sync_to_thread=False)
def index(request: Request) -> dict:
    return {"url": str(request.url), "root_path": request.scope.get("root_path", "")}


@get("/fail", sync_to_thread=False)
def fail() -> None:
    raise RuntimeError("boom")


@get("/loop-id")
async def loop_id() -> int:
    return id(current_loop())


def create_app() -> Starlite:
    return Starlite(route_handlers=[index, fail, loop_id], on_startup=[startup], on_shutdown=[shutdown])


app = create_app()
"""


@pytest.fixture
def inner(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeini(INNER_INI)
    pytester.makepyfile(recording_app=RECORDING_APP)
    return pytester


def test_marker_takes_an_app_an_import_string_or_a_factory(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        """
        import pytest

        import recording_app
        from starlite import Starlite


        @pytest.mark.starlite_app(recording_app.app)
        def test_app_object(starlite_app, starlite_client):
            assert starlite_app is recording_app.app
            assert starlite_client.get("/").status_code == 200


        @pytest.mark.starlite_app("recording_app:app")
        def test_import_string(starlite_app):
            assert starlite_app is recording_app.app


        # A lone function would be taken for the test to mark, so a factory goes in as app=.
        @pytest.mark.starlite_app(app=recording_app.create_app)
        def test_factory(starlite_app):
            assert isinstance(starlite_app, Starlite)
            assert starlite_app is not recording_app.app


        @pytest.mark.starlite_app("recording_app:create_app")
        def test_import_string_naming_a_factory(starlite_app):
            assert isinstance(starlite_app, Starlite)
            assert starlite_app is not recording_app.app


        @pytest.mark.starlite_app("recording_app:app")
        class TestClassMarker:
            def test_it(self, starlite_app):
                assert starlite_app is recording_app.app
        """
    )
    inner.runpytest().assert_outcomes(passed=5)


def test_own_starlite_app_fixture_replaces_the_marker(inner: pytest.Pytester) -> None:
    inner.makeconftest(
        """
        import pytest

        from starlite import Starlite, get


        @get("/", sync_to_thread=False)
        def index() -> str:
            return "from the conftest"


        @pytest.fixture
        def starlite_app():
            return Starlite(route_handlers=[index])
        """
    )
    inner.makepyfile(
        """
        import pytest


        def test_own_app(starlite_client):
            assert starlite_client.get("/").text == "from the conftest"


        # A marker with options only still configures the client of an app from a fixture.
        @pytest.mark.starlite_app(base_url="http://example.org")
        def test_options_only(starlite_client):
            assert str(starlite_client.base_url) == "http://example.org"
        """
    )
    inner.runpytest().assert_outcomes(passed=2)


def test_mistakes_are_errors_that_say_what_to_do(inner: pytest.Pytester) -> None:
    inner.makepyfile(broken_app="import not_installed_dependency\n")
    inner.makepyfile(
        """
        import pytest


        def test_no_app(starlite_client):
            pass


        @pytest.mark.starlite_app("recording_app")
        def test_no_colon(starlite_client):
            pass


        @pytest.mark.starlite_app("missing_module:app")
        def test_no_module(starlite_client):
            pass


        @pytest.mark.starlite_app("recording_app:missing")
        def test_no_attribute(starlite_client):
            pass


        @pytest.mark.starlite_app("recording_app:app", app="recording_app:app")
        def test_two_apps(starlite_client):
            pass


        @pytest.mark.starlite_app("recording_app:app", timeout_s=1)
        def test_unknown_option(starlite_client):
            pass


        @pytest.mark.starlite_app("recording_app:app")
        def test_async_client_in_a_sync_test(async_starlite_client):
            pass


        @pytest.mark.anyio
        @pytest.mark.parametrize("anyio_backend", ["asyncio"])
        @pytest.mark.asyncio
        @pytest.mark.starlite_app("recording_app:app")
        async def test_two_async_plugins(async_starlite_client):
            pass


        # An import failing inside the app's module is not a usage error: it keeps its traceback.
        @pytest.mark.starlite_app("broken_app:app")
        def test_broken_app_module(starlite_client):
            pass
        """
    )
    result = inner.runpytest()
    result.assert_outcomes(errors=9)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at setup of test_no_app*",
            "No app for the starlite_client fixtures*@pytest.mark.starlite_app(app)*fixture named starlite_app*",
            "*ERROR at setup of test_no_colon*",
            "*('recording_app'): an import string reads 'package.module:attribute'",
            "*ERROR at setup of test_no_module*",
            "*('missing_module:app'): no module named 'missing_module'",
            "*ERROR at setup of test_no_attribute*",
            "*('recording_app:missing'): no attribute 'missing'",
            "*ERROR at setup of test_two_apps*",
            "*takes one app, got 2",
            "*ERROR at setup of test_unknown_option*",
            "*TestClient has no option timeout_s; it takes *base_url*raise_server_exceptions*",
            "*ERROR at setup of test_async_client_in_a_sync_test*",
            "async_starlite_client needs an async test*@pytest.mark.anyio*@pytest.mark.asyncio*",
            "*ERROR at setup of test_two_async_plugins*",
            "async_starlite_client: this test is claimed by both anyio's plugin*and pytest-asyncio*",
            "*ERROR at setup of test_broken_app_module*",
            "*import not_installed_dependency*",
            "E   ModuleNotFoundError: No module named 'not_installed_dependency'",
        ]
    )


def test_sync_client_runs_the_lifespan_around_the_test(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        """
        import pytest

        import recording_app

        pytestmark = pytest.mark.starlite_app(recording_app.app)


        @pytest.fixture
        def shutdown_checked():
            yield
            # Torn down after the client (set up before it): the shutdown hooks ran by now.
            assert [event for event, _ in recording_app.EVENTS] == ["startup", "shutdown"]


        def test_it(shutdown_checked, starlite_client):
            assert [event for event, _ in recording_app.EVENTS] == ["startup"]
            assert starlite_client.get("/").json()["url"] == "http://testserver.local/"
        """
    )
    inner.runpytest().assert_outcomes(passed=1)


def test_marker_options_reach_both_clients_and_the_closest_marker_wins(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        """
        import pytest

        import recording_app

        pytestmark = pytest.mark.starlite_app(recording_app.app, root_path="/api")


        def test_module_options(starlite_client):
            assert starlite_client.get("/").json()["root_path"] == "/api"


        @pytest.mark.starlite_app(raise_server_exceptions=False, root_path="/v2", base_url="http://example.org")
        def test_closest_marker_wins(starlite_client):
            assert starlite_client.get("/fail").status_code == 500
            assert starlite_client.get("/").json() == {"url": "http://example.org/v2/", "root_path": "/v2"}


        def test_by_default_server_errors_reach_the_test(starlite_client):
            with pytest.raises(RuntimeError, match="boom"):
                starlite_client.get("/fail")


        @pytest.mark.anyio
        @pytest.mark.parametrize("anyio_backend", ["asyncio"])
        @pytest.mark.starlite_app(raise_server_exceptions=False)
        async def test_async_client_options(async_starlite_client):
            assert (await async_starlite_client.get("/fail")).status_code == 500
            assert (await async_starlite_client.get("/")).json()["root_path"] == "/api"
        """
    )
    inner.runpytest().assert_outcomes(passed=4)


# The async client must run on the test's own loop (the lifespan too), and shut down after the test.
ASYNC_CHECKS = """
import pytest

import recording_app

pytestmark = pytest.mark.starlite_app(recording_app.app)


@pytest.fixture
def shutdown_checked():
    recording_app.EVENTS.clear()
    yield
    assert [event for event, _ in recording_app.EVENTS] == ["startup", "shutdown"]
    assert recording_app.EVENTS[0][1] is recording_app.EVENTS[1][1]


async def check(client):
    loop = recording_app.current_loop()
    assert recording_app.EVENTS == [("startup", loop)]
    assert (await client.get("/loop-id")).json() == id(loop)
"""


def test_async_client_under_anyio_on_asyncio_and_trio(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        ASYNC_CHECKS
        + """

@pytest.mark.anyio
async def test_it(shutdown_checked, async_starlite_client):
    await check(async_starlite_client)
"""
    )
    result = inner.runpytest("-v")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*test_it?asyncio? PASSED*", "*test_it?trio? PASSED*"])


def test_async_client_under_pytest_asyncio_strict_mode(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        ASYNC_CHECKS
        + """

@pytest.mark.asyncio
async def test_function_loop(shutdown_checked, async_starlite_client):
    await check(async_starlite_client)


# A wider loop: the client's fixture must follow the test onto it.
@pytest.mark.asyncio(loop_scope="module")
async def test_module_loop(shutdown_checked, async_starlite_client):
    await check(async_starlite_client)
"""
    )
    inner.runpytest("--asyncio-mode=strict").assert_outcomes(passed=2)


def test_async_client_under_pytest_asyncio_auto_mode(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        ASYNC_CHECKS
        + """

async def test_unmarked(shutdown_checked, async_starlite_client):
    await check(async_starlite_client)
"""
    )
    inner.runpytest("--asyncio-mode=auto").assert_outcomes(passed=1)


def test_plugin_is_inert_for_tests_that_do_not_use_it(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        """
        import pytest


        # The marker is only read by the fixtures: an app that cannot be imported harms no other test.
        @pytest.mark.starlite_app("no_such_module:app")
        def test_marked_but_no_fixture():
            pass


        def test_plain():
            pass
        """
    )
    inner.runpytest().assert_outcomes(passed=2)


def test_plugin_comes_from_the_entry_point(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        """
        def test_it(starlite_client):
            pass
        """
    )
    result = inner.runpytest("-p", "no:starlite")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'starlite_client' not found*"])


def test_loading_the_plugin_imports_no_test_client(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        """
        import sys


        def test_it():
            assert "starlite.testing.pytest_plugin" in sys.modules
            assert "starlite.testing.client" not in sys.modules
            assert "httpx" not in sys.modules
        """
    )
    # A fresh process: this one has imported everything already.
    inner.runpytest_subprocess().assert_outcomes(passed=1)


def test_an_asgi_wrapper_object_is_an_app_not_a_factory(inner: pytest.Pytester) -> None:
    # An object whose async __call__ takes *args could be "called with no arguments"; it is an app.
    inner.makepyfile(
        """
        import pytest

        from recording_app import app


        class Wrapper:
            def __init__(self, inner):
                self.inner = inner

            async def __call__(self, *args):
                await self.inner(*args)


        async def bare(*args):
            await app(*args)


        @pytest.mark.starlite_app(Wrapper(app))
        def test_wrapper(starlite_client):
            assert starlite_client.get("/").status_code == 200


        @pytest.mark.starlite_app(app=bare)
        def test_function(starlite_client):
            assert starlite_client.get("/").status_code == 200
        """
    )
    inner.runpytest().assert_outcomes(passed=2)
