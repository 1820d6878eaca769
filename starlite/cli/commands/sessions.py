"""``starlite sessions delete ID`` and ``starlite sessions clear``: server-side session stores."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
from click import argument, group, option
from rich.prompt import Confirm

from starlite.app import Starlite
from starlite.cli.utils import StarliteCLIException, StarliteGroup, console
from starlite.middleware.base import DefineMiddleware
from starlite.middleware.session.base import ServerSideBackend, SessionMiddleware
from starlite.middleware.session.memory_backend import MemoryBackend
from starlite.utils.predicates import is_class_and_subclass

__all__ = ("clear_sessions_command", "delete_session_command", "get_session_backend", "sessions_group")


def get_session_backend(app: Starlite) -> ServerSideBackend[Any]:
    """The server-side backend of the app's session middleware.

    Args:
        app: The app.

    Raises:
        StarliteCLIException: When the app has no session middleware, or its backend keeps sessions in
            the client's cookie (there is nothing on the server to delete).
    """
    for middleware in app.middleware or []:
        if isinstance(middleware, DefineMiddleware) and is_class_and_subclass(
            middleware.middleware, SessionMiddleware
        ):
            backend = middleware.kwargs.get("backend")
            if not isinstance(backend, ServerSideBackend):
                raise StarliteCLIException("Only server-side backends are supported")
            return backend
    raise StarliteCLIException("Session middleware not installed")


async def _release_connections(backend: ServerSideBackend[Any]) -> None:
    # The store clients were connected on this command's event loop, which ends with it; their
    # connections are closed here rather than left to the garbage collector on a closed loop.
    redis_backend = sys.modules.get("starlite.middleware.session.redis_backend")
    if redis_backend is not None and isinstance(backend, redis_backend.RedisBackend):
        await backend.redis.connection_pool.disconnect()
    memcached_backend = sys.modules.get("starlite.middleware.session.memcached_backend")
    if memcached_backend is not None and isinstance(backend, memcached_backend.MemcachedBackend):
        await backend.config.memcached.close()
    sqlalchemy_backend = sys.modules.get("starlite.middleware.session.sqlalchemy_backend")
    if sqlalchemy_backend is not None and isinstance(backend, sqlalchemy_backend.BaseSQLAlchemyBackend):
        engine = backend.config.plugin._config.engine
        disposed = engine.dispose()
        if disposed is not None:  # an AsyncEngine's is a coroutine
            await disposed


def _run(backend: ServerSideBackend[Any], operation: Callable[..., Awaitable[None]], *args: Any) -> None:
    async def run() -> None:
        try:
            await operation(*args)
        finally:
            await _release_connections(backend)

    try:
        anyio.run(run)
    except Exception as exc:  # the store is down or refused: say so, without a traceback
        raise StarliteCLIException(f"The session store failed: {type(exc).__name__}: {exc}") from None


def _warn_if_out_of_reach(backend: ServerSideBackend[Any]) -> None:
    if isinstance(backend, MemoryBackend):
        console.print(
            "[yellow]The memory backend keeps its sessions in the server's process: this command only "
            "reaches the ones of its own process"
        )


@group(cls=StarliteGroup, name="sessions")
def sessions_group() -> None:
    """Delete sessions kept by the app's server-side session backend."""


@sessions_group.command("delete")
@argument("session-id")
@option("-y", "--yes", "assume_yes", is_flag=True, help="Do not ask for confirmation")
def delete_session_command(session_id: str, app: Starlite, assume_yes: bool) -> None:
    """Delete the session SESSION_ID."""
    backend = get_session_backend(app)
    _warn_if_out_of_reach(backend)
    if assume_yes or Confirm.ask(f"Delete session {session_id!r}?"):
        _run(backend, backend.delete, session_id)
        console.print(f"[green]Deleted session {session_id!r}")


@sessions_group.command("clear")
@option("-y", "--yes", "assume_yes", is_flag=True, help="Do not ask for confirmation")
def clear_sessions_command(app: Starlite, assume_yes: bool) -> None:
    """Delete every session."""
    backend = get_session_backend(app)
    _warn_if_out_of_reach(backend)
    memcached_backend = sys.modules.get("starlite.middleware.session.memcached_backend")
    if memcached_backend is not None and isinstance(backend, memcached_backend.MemcachedBackend):
        raise StarliteCLIException(
            "memcached cannot list its keys, so its sessions cannot be cleared from here (they go when "
            "they expire): delete one with 'starlite sessions delete ID'"
        )
    if assume_yes or Confirm.ask("[red]Delete all sessions?"):
        _run(backend, backend.delete_all)
        console.print("[green]All active sessions deleted")
