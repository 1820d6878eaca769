from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest


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
