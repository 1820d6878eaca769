"""The root of the framework's exception tree."""

from __future__ import annotations

from typing import Any

__all__ = (
    "MissingDependencyException",
    "SerializationException",
    "SessionTooLargeException",
    "StarLiteException",
    "StarliteException",
)


class StarLiteException(Exception):
    """Base class of every exception the framework raises.

    Args:
        *args: Positional arguments; the first string among them becomes the ``detail``.
        detail: A human readable explanation of the error.
    """

    detail: str

    def __init__(self, *args: Any, detail: str = "") -> None:
        str_args = [str(arg) for arg in args if arg]
        self.detail = detail
        super().__init__(*str_args, *([detail] if detail else []))

    def __repr__(self) -> str:
        return f"{self.__class__.__name__} - {self.detail}" if self.detail else self.__class__.__name__

    def __str__(self) -> str:
        return " ".join(str(arg) for arg in self.args).strip()


StarliteException = StarLiteException
"""The same class, spelled as the package is."""


class MissingDependencyException(StarLiteException, ImportError):
    """An optional package needed by a feature is not installed.

    Args:
        package: The importable name of the missing package.
        install_package: The package name to install, when it differs from ``package``.
        extra: The ``starlite`` extra that brings the package in.
    """

    def __init__(self, package: str, install_package: str | None = None, extra: str | None = None) -> None:
        extra = extra or package
        super().__init__(
            f"Package {package!r} is not installed but required. You can install it by running "
            f"'pip install starlite[{extra}]' to install starlite with the required extra "
            f"or 'pip install {install_package or package}' to install the package separately"
        )


class SerializationException(StarLiteException):
    """A value could not be encoded or decoded."""


class SessionTooLargeException(SerializationException):
    """A session too large to be stored by its backend (the cookie backend's limit).

    Raised when the session is saved, as the response starts and before anything is sent: an
    ``exception_handlers`` entry for it (or for ``SerializationException``) answers the request, and
    since no cookie is written, the client keeps the session it had. Without a handler, the answer is a
    500 whose body names nothing of the server's.

    Attributes:
        size: The size of the sealed session, in bytes.
        limit: The most the backend can store, in bytes.
    """

    def __init__(self, *args: Any, size: int, limit: int) -> None:
        """Describe the refused session.

        Args:
            *args: The message (a default naming the sizes is used when none is given).
            size: The size of the sealed session, in bytes.
            limit: The most the backend can store, in bytes.
        """
        self.size = size
        self.limit = limit
        default = (
            f"The session is too large to store ({size} bytes sealed, at most {limit}); keep large data "
            "in a server-side store and only a reference in the session"
        )
        super().__init__(*(args or (default,)))
