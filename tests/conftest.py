from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest


@pytest.fixture(params=[pytest.param("asyncio", id="asyncio"), pytest.param("trio", id="trio")])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Run every ``@pytest.mark.anyio`` test on asyncio and on trio."""
    return request.param  # type: ignore[no-any-return]


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """Undo what a ``logging_config`` (or ``debug=True``, which brings one) did to the loggers.

    ``dictConfig`` changes process-wide state: the ``starlite`` logger would stop propagating to the
    root logger, where pytest's ``caplog`` listens, for every later test.
    """
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in ("starlite", "test"))]
    saved = [(lg, list(lg.handlers), lg.level, lg.propagate, lg.disabled) for lg in loggers]
    yield
    for lg, handlers, level, propagate, disabled in saved:
        for handler in lg.handlers:
            if handler not in handlers:
                handler.close()
        lg.handlers[:] = handlers
        lg.setLevel(level)
        lg.propagate = propagate
        lg.disabled = disabled
