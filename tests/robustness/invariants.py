"""What every answer to bad input must look like, and the log records that must not appear."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from starlite.utils.serialization import decode_json
from tests.robustness.driver import Answer

# Close codes that say "the server failed" (RFC 6455 section 7.4.1: 1011; 4500: the framework's own
# code for an unhandled exception, as in 1.5x): never the answer to a client's frames.
SERVER_ERROR_CLOSE_CODES = frozenset({1011, 4500})


class LogSink(logging.Handler):
    """Collects every record at ERROR or above, and every record carrying a traceback."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR or record.exc_info or record.exc_text:
            self.records.append(record)

    def take(self) -> list[str]:
        """The collected records, formatted, and forget them."""
        formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
        taken = [formatter.format(record) for record in self.records]
        self.records.clear()
        return taken


@contextmanager
def capture_logs() -> Iterator[LogSink]:
    """Listen on the root logger, with the ``starlite`` logger opened to every level while it lasts.

    The framework logs on ``starlite``; the event loops log lost task exceptions on ``asyncio`` (and
    trio raises them): all of it reaches the root logger's handlers.
    """
    sink = LogSink()
    root, framework = logging.getLogger(), logging.getLogger("starlite")
    previous_level = framework.level
    framework.setLevel(logging.DEBUG)
    root.addHandler(sink)
    try:
        yield sink
    finally:
        root.removeHandler(sink)
        framework.setLevel(previous_level)


def check_no_error_logged(sink: LogSink) -> None:
    """Nothing at ERROR level and no traceback was logged for the case."""
    logged = sink.take()
    assert not logged, f"the client's mistake was logged as an error: {logged}"


def check_answer(answer: Answer, method: str, sink: LogSink) -> Any:
    """A 2xx-4xx; a 4xx carries a JSON body with its status and a detail naming the problem.

    Returns:
        The decoded JSON body of a 4xx or of a JSON 2xx (``None`` otherwise).
    """
    check_no_error_logged(sink)
    assert 200 <= answer.status < 500, f"status {answer.status}: {answer.body[:500]!r}"
    if method == "HEAD" or answer.status in (204, 304):
        return None
    content_type = answer.header(b"content-type") or b""
    if answer.status >= 400:
        assert content_type.startswith(b"application/json"), f"a {answer.status} as {content_type!r}"
        content = decode_json(answer.body)
        assert isinstance(content, dict), content
        assert content.get("status_code") == answer.status, content
        detail = content.get("detail")
        assert isinstance(detail, str) and detail.strip(), f"a {answer.status} with no detail: {content}"
        assert "Traceback" not in answer.body.decode("utf-8", "replace"), content
        return content
    if content_type.startswith(b"application/json"):
        return decode_json(answer.body)
    return None
