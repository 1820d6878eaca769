"""Names 1.5x offered for Python versions that lacked them."""

from __future__ import annotations

__all__ = ("async_next",)

async_next = anext
"""The built-in ``anext``: 1.5x offered it for Python versions before 3.10."""
