"""What the queue handlers of ``starlite.logging.standard`` and ``starlite.logging.picologging`` share."""

from __future__ import annotations

import atexit
import threading
from queue import SimpleQueue
from typing import Any

__all__ = ("resolve_handlers",)


def resolve_handlers(handlers: Any) -> list[Any]:
    """Return the handler objects ``dictConfig`` hands over as references.

    ``dictConfig`` passes a handler's ``handlers`` option as a list whose items are converted
    (``"cfg://handlers.console"`` becomes that handler) only when read by index; reading each item
    once here turns them into the handlers themselves.

    Args:
        handlers: The list ``dictConfig`` passed (a ``ConvertingList``), or a plain list of handlers.
    """
    return [handlers[index] for index in range(len(handlers))]


class ListenerControl:
    """Starts a queue handler's listener thread, and stops it once, draining the queue first.

    The handler's ``close`` stops it (``logging`` closes every handler at interpreter exit, and
    ``dictConfig`` closes the handlers it replaces, so reconfiguring leaves no thread behind), and so
    does ``atexit``, for a handler that ``logging`` no longer holds.
    """

    __slots__ = ("listener", "lock", "__weakref__")

    def __init__(self, queue: SimpleQueue[Any], listener_class: Any, targets: list[Any]) -> None:
        # respect_handler_level: a target handler set to WARNING gets no INFO records.
        self.listener = listener_class(queue, *targets, respect_handler_level=True)
        self.lock = threading.Lock()
        self.listener.start()
        atexit.register(self.stop)

    def stop(self) -> None:
        """Write out what is queued and end the thread; later calls do nothing."""
        with self.lock:
            if getattr(self.listener, "_thread", None) is None:
                return
            self.listener.stop()
        atexit.unregister(self.stop)
