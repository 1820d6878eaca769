"""``QueueListenerHandler`` for the standard ``logging`` module: logging never waits for the output."""

from __future__ import annotations

from logging import StreamHandler
from logging.handlers import QueueHandler, QueueListener
from queue import SimpleQueue
from typing import Any

from starlite.logging.utils import ListenerControl, resolve_handlers

__all__ = ("QueueListenerHandler",)


class QueueListenerHandler(QueueHandler):
    """A handler that puts each record on a queue; a thread passes them on to the real handlers.

    A call such as ``logger.info(...)`` on the event loop costs only formatting the record and a put
    on an unbounded queue: a slow handler (a file on a busy disk, a socket) delays the listener
    thread, never a request. The default ``LoggingConfig`` routes the ``starlite`` logger through
    one. The thread is stopped, its queue written out first, when the handler is closed (at
    interpreter exit, or when ``dictConfig`` replaces it).

    Args:
        handlers: The handlers the records are written to, as ``dictConfig`` passes them
            (``["cfg://handlers.console"]``); a ``StreamHandler`` on ``stderr`` when left out.
    """

    def __init__(self, handlers: list[Any] | None = None) -> None:
        # SimpleQueue: a put is one C call, no lock or condition in Python (Queue costs several µs).
        super().__init__(SimpleQueue())
        targets = resolve_handlers(handlers) if handlers else [StreamHandler()]
        self._control = ListenerControl(self.queue, QueueListener, targets)  # type: ignore[arg-type]
        self.listener = self._control.listener

    def close(self) -> None:
        """Close the handler: write out the queued records and stop the listener thread."""
        self._control.stop()
        super().close()
