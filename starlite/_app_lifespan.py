"""The ASGI lifespan protocol of the app, and its start-up and shut-down hooks."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from starlite.utils.sync import AsyncCallable, count_positional_parameters

if TYPE_CHECKING:
    from starlite.types.asgi_types import Receive, Send

__all__ = ("AppLifespan",)


class AppLifespan:
    """What ``Starlite`` does at start-up and shut-down (a base class of the app, for its size)."""

    state: Any
    before_startup: list[Callable[..., Any]]
    on_startup: list[Callable[..., Any]]
    after_startup: list[Callable[..., Any]]
    before_shutdown: list[Callable[..., Any]]
    on_shutdown: list[Callable[..., Any]]
    after_shutdown: list[Callable[..., Any]]

    async def _run_hooks(self, hooks: Sequence[Callable[..., Any]], *args: Any) -> None:
        for hook in hooks:
            await AsyncCallable(hook, sync_to_thread=False)(*args)

    async def _run_lifespan_handlers(self, handlers: Sequence[Callable[..., Any]]) -> None:
        for handler in handlers:
            takes_state = count_positional_parameters(handler) > 0
            await AsyncCallable(handler, sync_to_thread=False)(*((self.state,) if takes_state else ()))

    async def startup(self) -> None:
        """Run the startup hooks: ``before_startup``, ``on_startup``, ``after_startup``."""
        await self._run_hooks(self.before_startup, self)
        await self._run_lifespan_handlers(self.on_startup)
        await self._run_hooks(self.after_startup, self)

    async def shutdown(self) -> None:
        """Run the shutdown hooks: ``before_shutdown``, ``on_shutdown``, ``after_shutdown``."""
        await self._run_hooks(self.before_shutdown, self)
        await self._run_lifespan_handlers(self.on_shutdown)
        await self._run_hooks(self.after_shutdown, self)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        """Speak the ASGI lifespan protocol (https://asgi.readthedocs.io/en/latest/specs/lifespan.html)."""
        message = await receive()
        if message["type"] != "lifespan.startup":  # pragma: no cover - servers always start with startup
            return
        try:
            await self.startup()
        except BaseException as exc:
            await send({"type": "lifespan.startup.failed", "message": _describe_failure(exc)})
            raise
        await send({"type": "lifespan.startup.complete"})
        message = await receive()
        if message["type"] != "lifespan.shutdown":  # pragma: no cover
            return
        try:
            await self.shutdown()
        except BaseException as exc:
            await send({"type": "lifespan.shutdown.failed", "message": _describe_failure(exc)})
            raise
        await send({"type": "lifespan.shutdown.complete"})


def _describe_failure(exc: BaseException) -> str:
    # The server logs this message: give it the whole traceback, as 1.5x does.
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)).strip()
