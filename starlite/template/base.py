"""What a template engine must offer to render ``Template`` responses (SEAM)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

__all__ = ("TemplateEngineProtocol", "TemplateProtocol")


class TemplateProtocol(Protocol):
    """A loaded template: something with a ``render`` method that returns the page as a string."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Render the template with the given context."""


T_co = TypeVar("T_co", bound=TemplateProtocol, covariant=True)


class TemplateEngineProtocol(Protocol[T_co]):
    """A template engine the app can render ``Template`` responses with."""

    def __init__(self, directory: Path | list[Path]) -> None:
        """Load templates from ``directory`` (one directory or several)."""

    def get_template(self, template_name: str) -> T_co:
        """Return the template called ``template_name``."""

    def register_template_callable(
        self, key: str, template_callable: Callable[[dict[str, Any]], Any]
    ) -> None:
        """Make ``template_callable`` callable as ``key`` in every template."""
