from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

# Property-based tests under CI (CI=true), on a loaded 2-core runner: no per-example deadline and no
# "too slow" health check, both of which fail a test for the machine's speed, not the code's. It is
# the default profile only: a test's own @settings still applies on top of it (a suppress_health_check
# list of a test's own replaces this one's, so those lists name too_slow too), the robustness
# campaign builds on profiles of its own (tests/robustness/conftest.py), and --hypothesis-profile
# still picks another.
settings.register_profile("starlite-ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
if os.environ.get("CI"):
    settings.load_profile("starlite-ci")


@pytest.fixture(params=[pytest.param("asyncio", id="asyncio"), pytest.param("trio", id="trio")])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Run every ``@pytest.mark.anyio`` test on asyncio and on trio."""
    return request.param  # type: ignore[no-any-return]


def _undo_logging_configs() -> None:
    # What a LoggingConfig applied (an app built with one, or with debug=True, at import or in a
    # test): the framework's loggers back to their pristine state, the queue handlers off the root.
    from starlite.logging.standard import QueueListenerHandler

    for name in ("starlite", "test"):
        named = logging.getLogger(name)
        for handler in named.handlers:
            handler.close()
        named.handlers.clear()
        named.setLevel(logging.NOTSET)
        named.propagate = True
        named.disabled = False
    root = logging.getLogger()
    for handler in [handler for handler in root.handlers if isinstance(handler, QueueListenerHandler)]:
        root.removeHandler(handler)
        handler.close()
    _undo_picologging_configs()


def _undo_picologging_configs() -> None:
    # The same for picologging, LoggingConfig()'s default when it is installed: its queue handlers
    # each run a listener thread until closed, which would pile up across the suite.
    try:
        import picologging
    except ImportError:
        return
    for logger in (picologging.getLogger("starlite"), picologging.getLogger("test"), picologging.getLogger()):
        for handler in list(logger.handlers):
            if hasattr(handler, "listener"):  # ours: starlite.logging.picologging.QueueListenerHandler
                logger.removeHandler(handler)
                handler.close()


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """Keep each test's logging as pytest set it up.

    ``dictConfig`` changes process-wide state: after a ``LoggingConfig`` the ``starlite`` logger no
    longer propagates to the root logger, where pytest's ``caplog`` listens.
    """
    root_level = logging.getLogger().level
    _undo_logging_configs()
    yield
    _undo_logging_configs()
    logging.getLogger().setLevel(root_level)
