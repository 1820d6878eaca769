"""``LoggingConfig``: 1.5x's defaults, applied by ``dictConfig``, written out by a thread."""

from __future__ import annotations

import logging
import re
import sys
import threading
import time
from typing import Any
from unittest.mock import patch

import pytest

from starlite import LoggingConfig, Request, Starlite, get
from starlite.config.logging import default_handlers, default_picologging_handlers, get_logger_placeholder
from starlite.exceptions import ImproperlyConfiguredException, MissingDependencyException
from starlite.logging.standard import QueueListenerHandler
from starlite.testing import create_test_client


class Capture(logging.Handler):
    """Keeps the records the queue listener writes; with a ``gate``, each write waits until it is set."""

    def __init__(self, gate: threading.Event | None = None) -> None:
        super().__init__()
        self.gate = gate
        self.records: list[logging.LogRecord] = []
        self.written = threading.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if self.gate is not None:
            self.gate.wait(30)  # a hang guard: the test sets it
        self.records.append(record)
        self.written.set()


def config_writing_to(capture: Capture, **options: Any) -> LoggingConfig:
    handlers = {
        "capture": {"()": lambda: capture},
        "queue_listener": {
            "class": "starlite.logging.standard.QueueListenerHandler",
            "handlers": ["cfg://handlers.capture"],
        },
    }
    return LoggingConfig(handlers=handlers, **options)


def test_the_defaults_are_those_of_1_5() -> None:
    config = LoggingConfig(handlers=default_handlers)
    assert config.loggers == {
        "starlite": {"level": "INFO", "handlers": ["queue_listener"], "propagate": False}
    }
    assert config.root == {"handlers": ["queue_listener"], "level": "INFO"}
    assert config.handlers["queue_listener"]["class"] == "starlite.logging.standard.QueueListenerHandler"
    assert config.formatters["standard"]["format"].startswith("%(levelname)s")
    assert (config.version, config.incremental, config.disable_existing_loggers) == (1, False, False)


def test_a_config_without_the_starlite_logger_or_queue_handler_gets_them() -> None:
    config = LoggingConfig(handlers={}, loggers={})
    assert "queue_listener" in config.handlers
    assert config.loggers["starlite"]["handlers"] == ["queue_listener"]


@pytest.mark.parametrize("installed", [True, False])
def test_picologging_handlers_are_the_default_when_it_is_installed(installed: bool) -> None:
    with patch("starlite.config.logging.find_spec", return_value=installed):
        handlers = LoggingConfig().handlers
    assert handlers == (default_picologging_handlers if installed else default_handlers)


def test_picologging_records_carry_a_readable_time(capfd: pytest.CaptureFixture[str]) -> None:
    # picologging 0.9.3 writes an uninitialised buffer for asctime without a date format (its issue 203).
    pytest.importorskip("picologging")
    get_logger = LoggingConfig(handlers=default_picologging_handlers).configure()
    get_logger("starlite").info("hello")
    for handler in get_logger("starlite").handlers:
        if hasattr(handler, "listener"):
            handler.close()  # writes the queue out
    line = capfd.readouterr().err.strip().splitlines()[-1]
    level, stamp, name, _, message = line.split(" - ")
    assert (level, name, message) == ("INFO", "starlite", "hello")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", stamp)


def test_default_records_carry_a_readable_time_and_module(capsys: pytest.CaptureFixture[str]) -> None:
    get_logger = LoggingConfig(
        handlers={"console": {"class": "logging.StreamHandler", "formatter": "standard"}}
    ).configure()
    get_logger("starlite").info("hello")
    for handler in logging.getLogger("starlite").handlers:
        handler.flush()
        if hasattr(handler, "listener"):
            handler.close()  # writes the queue out
    line = capsys.readouterr().err.strip().splitlines()[-1]
    level, stamp, name, module, message = line.split(" - ")
    assert (level, name, module, message) == ("INFO", "starlite", "test_logging_config", "hello")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}", stamp)


def test_the_app_applies_the_config_and_offers_its_loggers() -> None:
    capture = Capture()
    config = config_writing_to(capture, loggers={"test": {"level": "INFO", "handlers": ["queue_listener"]}})
    app = Starlite([], logging_config=config)
    assert app.get_logger is logging.getLogger
    assert app.logger is logging.getLogger("starlite")
    assert isinstance(logging.getLogger("test").handlers[0], QueueListenerHandler)
    app.get_logger("test").warning("from %s", "the app")
    assert capture.written.wait(2)
    assert capture.records[0].getMessage().endswith("from the app")


def test_request_logger_is_the_apps_root_logger() -> None:
    @get("/")
    def handler(request: Request[Any, Any]) -> bool:
        return request.logger is logging.getLogger()

    with create_test_client([handler], logging_config=LoggingConfig(handlers=default_handlers)) as client:
        assert client.get("/").json() is True


def test_debug_brings_a_logging_config_at_debug_level() -> None:
    app = Starlite([], debug=True)
    assert isinstance(app.logging_config, LoggingConfig)
    assert app.logging_config.loggers["starlite"]["level"] == "DEBUG"
    assert app.logger is not None


def test_without_a_config_nothing_is_configured_and_get_logger_says_why() -> None:
    before = list(logging.getLogger("starlite").handlers)
    for app in (Starlite([]), Starlite([], debug=True, logging_config=None)):
        assert app.logger is None
        assert app.get_logger is get_logger_placeholder
        with pytest.raises(ImproperlyConfiguredException, match="logging_config"):
            app.get_logger("starlite")
    assert logging.getLogger("starlite").handlers == before


def test_a_logging_config_of_another_type_is_refused() -> None:
    with pytest.raises(ImproperlyConfiguredException, match="logging_config must be"):
        Starlite([], logging_config={"version": 1})


def test_a_slow_handler_does_not_delay_the_request() -> None:
    # The log handler cannot write until the test lets it: a request that waited for its records to
    # be written would not be answered (the client's timeout is there to fail the test then).
    gate = threading.Event()
    capture = Capture(gate=gate)

    @get("/")
    def handler(request: Request[Any, Any]) -> str:
        for number in range(3):
            request.app.logger.info("record %d", number)
        return "done"

    with create_test_client([handler], logging_config=config_writing_to(capture)) as client:
        try:
            assert client.get("/", timeout=10).text == "done"
            assert capture.records == []  # answered while the handler is still blocked
        finally:
            gate.set()
    queue_handler = logging.getLogger("starlite").handlers[0]
    queue_handler.close()  # the queue is written out before the thread stops
    written = [record.getMessage()[-8:] for record in capture.records if record.name == "starlite"]
    assert written == ["record 0", "record 1", "record 2"]


def reconfigured_threads(handlers: dict[str, Any]) -> tuple[set[threading.Thread], set[threading.Thread]]:
    """Configure with ``handlers`` once, then three times more.

    Returns the threads the first configure started that still run, and those the later ones started
    that still run, once only the last listener is left or a deadline passed. Sets of thread objects,
    not counts: threads of earlier tests (an idle worker of a thread pool) may end meanwhile.
    """
    before = set(threading.enumerate())
    LoggingConfig(handlers=handlers).configure()
    first = set(threading.enumerate()) - before
    assert first, "the first configure started no listener thread"
    for _ in range(3):
        LoggingConfig(handlers=handlers).configure()
    give_up = time.monotonic() + 10
    while True:
        first_running = {thread for thread in first if thread.is_alive()}
        later = set(threading.enumerate()) - before - first
        if (not first_running and len(later) <= 1) or time.monotonic() > give_up:
            return first_running, later


def test_reconfiguring_stops_the_previous_listener_thread() -> None:
    first_running, later = reconfigured_threads(default_handlers)
    assert first_running == set()
    assert len(later) == 1  # the last configure's listener, and only it


def test_close_is_safe_twice() -> None:
    handler = QueueListenerHandler()
    handler.close()
    handler.close()
    assert handler.listener._thread is None


def test_picologging_config_logs_through_picologging() -> None:
    picologging = pytest.importorskip("picologging")
    from starlite.logging.picologging import QueueListenerHandler as PicologgingQueueHandler

    config = LoggingConfig(handlers=default_picologging_handlers)
    get_logger = config.configure()
    assert get_logger is picologging.getLogger
    assert isinstance(get_logger("starlite").handlers[0], PicologgingQueueHandler)
    get_logger("starlite").handlers[0].close()


def test_picologging_missing_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "picologging", None)
    with pytest.raises(MissingDependencyException, match=r"starlite\[picologging\]"):
        LoggingConfig(handlers=default_picologging_handlers).configure()
    monkeypatch.delitem(sys.modules, "starlite.logging.picologging", raising=False)
    with pytest.raises(MissingDependencyException, match=r"starlite\[picologging\]"):
        import starlite.logging.picologging  # noqa: F401


def test_configuring_picologging_again_stops_the_listener_it_replaces() -> None:
    # The standard dictConfig closes the handlers it replaces; picologging's leaves their threads running.
    pytest.importorskip("picologging")
    first_running, later = reconfigured_threads(default_picologging_handlers)
    assert first_running == set()
    assert len(later) == 1  # the last configure's listener, and only it
