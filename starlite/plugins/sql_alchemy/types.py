"""Types of the SQLAlchemy plugin: what a session maker must look like, and the binary column types."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, Union, runtime_checkable

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
    from sqlalchemy.orm import Session
    from sqlalchemy.types import BINARY, VARBINARY, LargeBinary

__all__ = ("SQLAlchemyBinaryType", "SessionMakerInstanceProtocol", "SessionMakerTypeProtocol")

SQLAlchemyBinaryType = Union["BINARY", "VARBINARY", "LargeBinary"]
"""The binary column types, which the plugin maps like strings (with their length)."""


@runtime_checkable
class SessionMakerTypeProtocol(Protocol):
    """A session maker class (``sqlalchemy.orm.sessionmaker`` or one like it)."""

    def __init__(
        self,
        bind: AsyncEngine | Engine | Connection | None,
        class_: type[AsyncSession] | type[Session],
        autoflush: bool,
        expire_on_commit: bool,
        info: dict[Any, Any],
        **kwargs: Any,
    ) -> None:
        """Make a session maker bound to ``bind`` that makes ``class_`` sessions."""

    def __call__(self) -> Session | AsyncSession:
        """Return a new session."""
        ...


@runtime_checkable
class SessionMakerInstanceProtocol(Protocol):
    """A ready session maker: anything that returns a new session when called."""

    def __call__(self) -> Session | AsyncSession:
        """Return a new session."""
        ...
