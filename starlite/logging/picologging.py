"""``QueueListenerHandler`` for ``picologging`` (``pip install 'starlite[picologging]'``).

Importing this module without ``picologging`` installed raises ``MissingDependencyException``.
``picologging`` ships compiled wheels for the Python versions it supports; where it does not install,
use the standard ``logging`` handlers (``starlite.logging.standard``).
"""

from __future__ import annotations

from queue import SimpleQueue
from typing import Any

from starlite.exceptions import MissingDependencyException
from starlite.logging.utils import ListenerControl, resolve_handlers

try:
    from picologging import StreamHandler
    from picologging.handlers import QueueHandler, QueueListener
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise MissingDependencyException("picologging", extra="picologging") from exc

__all__ = ("QueueListenerHandler",)


class QueueListenerHandler(QueueHandler):
    """``starlite.logging.standard.QueueListenerHandler`` for ``picologging``: see there.

    Args:
        handlers: The handlers the records are written to, as ``dictConfig`` passes them; a
            ``picologging.StreamHandler`` on ``stderr`` when left out.
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
