"""``Empty``: the sentinel for "no value given", where ``None`` is a valid value."""

from __future__ import annotations

__all__ = ("Empty", "EmptyType")


class Empty:
    """A placeholder meaning "not set"; used as a class, never instantiated."""


EmptyType = type[Empty]
"""The type of the ``Empty`` sentinel."""
