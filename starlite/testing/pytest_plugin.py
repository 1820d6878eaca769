"""A pytest plugin: fixtures that hand a test its app and a ready test client.

pytest loads it through the ``pytest11`` entry point. It adds no hooks that touch other tests: nothing
happens until a test asks for one of its fixtures.

Fixtures:
    ``starlite_app``: the app under test, named by ``@pytest.mark.starlite_app(...)`` on the test, its
        class or its module, or by a ``starlite_app`` fixture of your own that replaces this one.
    ``starlite_client``: a ``TestClient`` inside its ``with`` block.
    ``async_starlite_client``: an ``AsyncTestClient`` inside its ``async with`` block, on the test's
        own event loop; for tests run by anyio's pytest plugin or by pytest-asyncio.

Example:
    .. code-block:: python

        @pytest.mark.starlite_app("my_project.main:app", raise_server_exceptions=False)
        def test_health(starlite_client: TestClient[Starlite]) -> None:
            assert starlite_client.get("/health").status_code == 200
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Iterator
from importlib import import_module
from typing import TYPE_CHECKING, Any, Literal

import pytest

# The clients (httpx) and the app (the framework) are imported by the fixtures that use them: pytest
# loads this plugin in every run, including runs that never ask for its fixtures.
if TYPE_CHECKING:
    from starlite.testing import AsyncTestClient, TestClient

__all__ = ("async_starlite_client", "starlite_app", "starlite_client")

_MARKER = "starlite_app"

_NO_APP = """\
No app for the starlite_client fixtures. Either mark the test, its class or its module with \
@pytest.mark.starlite_app(app), where app is a Starlite app, an import string "package.module:attribute" \
or a factory that returns an app; or define a fixture named starlite_app in your conftest.py or test \
module, returning the app."""

_NO_ASYNC_RUNNER = """\
async_starlite_client needs an async test run by a pytest plugin: mark the test with \
@pytest.mark.anyio (anyio's plugin, asyncio or trio) or, with pytest-asyncio installed, with \
@pytest.mark.asyncio (not needed in pytest-asyncio's auto mode)."""

_TWO_ASYNC_RUNNERS = """\
async_starlite_client: this test is claimed by both anyio's plugin (@pytest.mark.anyio, or a use of \
the anyio_backend fixture) and pytest-asyncio (@pytest.mark.asyncio, or its auto mode), which would run \
the client on another loop than the test's. Leave it to one of them."""


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``starlite_app`` marker, so that ``--strict-markers`` accepts it."""
    config.addinivalue_line(
        "markers",
        f"{_MARKER}(app=None, **client_options): the app the starlite_client and async_starlite_client "
        "fixtures test (an app, an import string 'package.module:attribute' or a factory returning an "
        "app), and keyword options for the test client (base_url, raise_server_exceptions, ...).",
    )


# --- the app and the client options, read from the markers ---------------------------------------------


def _marked_app(node: pytest.Item) -> object | None:
    """The app of the closest ``starlite_app`` marker that names one, positionally or as ``app=``."""
    for marker in node.iter_markers(_MARKER):  # closest first: test, class, module
        apps: list[object] = [*marker.args, *([marker.kwargs["app"]] if "app" in marker.kwargs else [])]
        if len(apps) > 1:
            pytest.fail(f"@pytest.mark.{_MARKER} takes one app, got {len(apps)}", pytrace=False)
        if apps:
            return apps[0]
    return None


def _client_options(node: pytest.Item, client_class: type[Any]) -> dict[str, Any]:
    """The keyword options of every ``starlite_app`` marker; the closest marker wins a conflict.

    So a module may name the app once and a single test still change one client option.
    """
    options: dict[str, Any] = {}
    for marker in reversed(list(node.iter_markers(_MARKER))):
        options.update(marker.kwargs)
    options.pop("app", None)
    accepted = set(inspect.signature(client_class).parameters) - {"app"}
    unknown = sorted(set(options) - accepted)
    if unknown:
        pytest.fail(
            f"@pytest.mark.{_MARKER}: {client_class.__name__} has no option {', '.join(unknown)}; "
            f"it takes {', '.join(sorted(accepted))}",
            pytrace=False,
        )
    return options


def _import_app(import_string: str) -> object:
    module_name, _, attributes = import_string.partition(":")
    if not module_name or not attributes:
        pytest.fail(
            f"@pytest.mark.{_MARKER}({import_string!r}): an import string reads 'package.module:attribute'",
            pytrace=False,
        )
    try:
        target: object = import_module(module_name)
    except ModuleNotFoundError as exc:
        # Only a missing module named by the string is a usage error; an import that fails inside
        # the user's module keeps its own traceback.
        if exc.name is None or not (module_name == exc.name or module_name.startswith(f"{exc.name}.")):
            raise
        pytest.fail(f"@pytest.mark.{_MARKER}({import_string!r}): no module named {exc.name!r}", pytrace=False)
    for attribute in attributes.split("."):
        try:
            target = getattr(target, attribute)
        except AttributeError:
            pytest.fail(
                f"@pytest.mark.{_MARKER}({import_string!r}): no attribute {attribute!r}", pytrace=False
            )
    return target


def _is_factory(target: object) -> bool:
    """Whether ``target`` is a callable to call with no arguments, rather than an ASGI app itself.

    An ASGI app is called with ``(scope, receive, send)``; a factory with nothing.
    """
    from starlite.app import Starlite

    if isinstance(target, Starlite) or not callable(target):
        return False
    call = target if inspect.isfunction(target) or inspect.ismethod(target) else type(target).__call__
    if inspect.iscoroutinefunction(call):
        return False  # an ASGI callable (a function, or an object with an async __call__)
    try:
        inspect.signature(target).bind()
    except (TypeError, ValueError):  # needs arguments, or has no signature to inspect
        return False
    return True


# --- fixtures -----------------------------------------------------------------------------------------


@pytest.fixture
def starlite_app(request: pytest.FixtureRequest) -> Any:
    """The app under test, from the ``starlite_app`` marker of the test, its class or its module.

    The marker takes an app, an import string ``"package.module:attribute"`` or a factory called with no
    arguments; an import string may also name a factory. Pass a factory function as ``app=factory``:
    given a lone function, ``pytest.mark`` takes it for the test to mark. Define a ``starlite_app``
    fixture of your own (in ``conftest.py`` or the test module) to build the app another way.

    Returns:
        The app.
    """
    target = _marked_app(request.node)
    if target is None:
        pytest.fail(_NO_APP, pytrace=False)
    if isinstance(target, str):
        target = _import_app(target)
    if _is_factory(target):
        target = target()  # type: ignore[operator]
    return target


@pytest.fixture
def starlite_client(starlite_app: Any, request: pytest.FixtureRequest) -> Iterator[TestClient[Any]]:
    """A ``TestClient`` for ``starlite_app``, already in its ``with`` block.

    The app's startup hooks ran before the test and its shutdown hooks run after it. Keyword options
    of the ``starlite_app`` marker go to the client.

    Yields:
        The client.
    """
    from starlite.testing import TestClient

    with TestClient(starlite_app, **_client_options(request.node, TestClient)) as client:
        yield client


@pytest.fixture
def async_starlite_client(request: pytest.FixtureRequest) -> AsyncTestClient[Any]:
    """An ``AsyncTestClient`` for ``starlite_app``, already in its ``async with`` block.

    It runs on the test's own event loop: the test must be run by anyio's pytest plugin
    (``@pytest.mark.anyio``, asyncio or trio) or by pytest-asyncio (``@pytest.mark.asyncio``, or any
    async test in auto mode; the test's ``loop_scope`` is honoured). The app's startup hooks ran before
    the test and its shutdown hooks run after it. Keyword options of the ``starlite_app`` marker go to
    the client.

    Returns:
        The client.
    """
    # Each plugin runs only the async fixtures it recognises, so this sync fixture picks the private
    # async fixture that the plugin running this test will run on the test's loop.
    by_anyio = "anyio_backend" in request.fixturenames
    if _run_by_pytest_asyncio(request.node):
        if by_anyio:
            # Both plugins would run the client's fixture, so which loop it gets depends on their
            # hook order; it is anyio's (not the test's) when anyio's wrapper is the outer one.
            pytest.fail(_TWO_ASYNC_RUNNERS, pytrace=False)
        return request.getfixturevalue(f"_starlite_asyncio_client_{_asyncio_loop_scope(request.node)}")  # type: ignore[no-any-return]
    if by_anyio:
        return request.getfixturevalue("_starlite_anyio_client")  # type: ignore[no-any-return]
    pytest.fail(_NO_ASYNC_RUNNER, pytrace=False)


def _async_client(app: Any, node: pytest.Item) -> AsyncTestClient[Any]:
    from starlite.testing import AsyncTestClient

    return AsyncTestClient(app, **_client_options(node, AsyncTestClient))


@pytest.fixture
async def _starlite_anyio_client(
    starlite_app: Any, request: pytest.FixtureRequest
) -> AsyncIterator[AsyncTestClient[Any]]:
    # anyio's plugin runs an async fixture when the test uses ``anyio_backend``, in the task that
    # runs the test's other fixtures, on the test's loop.
    async with _async_client(starlite_app, request.node) as client:
        yield client


try:
    import pytest_asyncio
except ImportError:  # pragma: no cover - pytest-asyncio is optional

    def _run_by_pytest_asyncio(node: pytest.Item) -> bool:
        return False

    def _asyncio_loop_scope(node: pytest.Item) -> str:
        raise AssertionError("unreachable without pytest-asyncio")

else:

    def _run_by_pytest_asyncio(node: pytest.Item) -> bool:
        return pytest_asyncio.is_async_test(node)

    def _asyncio_loop_scope(node: pytest.Item) -> str:
        """The scope of the loop pytest-asyncio runs this test on, read as pytest-asyncio reads it."""
        marker = node.get_closest_marker("asyncio")
        scope = marker and (marker.kwargs.get("loop_scope") or marker.kwargs.get("scope"))
        if not scope:
            try:
                scope = node.config.getini("asyncio_default_test_loop_scope")
            except (ValueError, KeyError):  # pytest-asyncio before 1.0 has no such setting
                scope = None
        return str(scope or "function")

    def _asyncio_client_fixture(
        loop_scope: Literal["function", "class", "module", "package", "session"],
    ) -> Any:
        # pytest-asyncio runs an async fixture on the loop of its ``loop_scope``, fixed when the
        # fixture is declared; one fixture per scope lets the client share the test's loop.
        @pytest_asyncio.fixture(loop_scope=loop_scope, name=f"_starlite_asyncio_client_{loop_scope}")
        async def fixture(
            starlite_app: Any, request: pytest.FixtureRequest
        ) -> AsyncIterator[AsyncTestClient[Any]]:
            async with _async_client(starlite_app, request.node) as client:
                yield client

        return fixture

    try:
        _starlite_asyncio_client_function = _asyncio_client_fixture("function")
        _starlite_asyncio_client_class = _asyncio_client_fixture("class")
        _starlite_asyncio_client_module = _asyncio_client_fixture("module")
        _starlite_asyncio_client_package = _asyncio_client_fixture("package")
        _starlite_asyncio_client_session = _asyncio_client_fixture("session")
    except TypeError:  # pragma: no cover - pytest-asyncio before 0.24 has no loop_scope
        # Too old to run the client on the test's loop: the plugin must not break every pytest
        # run over it, so async tests run by it get the "no async runner" error instead.
        def _run_by_pytest_asyncio(node: pytest.Item) -> bool:
            return False
