"""Fixtures of the test-client tests."""

from __future__ import annotations

import threading

import pytest


@pytest.fixture
def timeouts_expire(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Until the test sets the returned event, an expired read timeout of the test clients waits again.

    The clients do that while a debugger is attached; the fixture stands in for that check. A test that
    wants one call to time out after a short timeout sets the event just before that call: the calls
    before it (the lifespan, a handshake, the start of a response), which are meant to succeed, then
    do not fail on a machine so loaded that they take longer than the short timeout.
    """
    from starlite.testing import _exchange, websocket_test_session

    expire = threading.Event()
    monkeypatch.setattr(_exchange, "debugger_attached", lambda: not expire.is_set())
    monkeypatch.setattr(websocket_test_session, "debugger_attached", lambda: not expire.is_set())
    return expire
