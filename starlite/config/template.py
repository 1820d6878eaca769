"""``TemplateConfig``: which template engine renders ``Template`` responses, and from where."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from inspect import isclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from starlite.template.base import TemplateEngineProtocol

__all__ = ("TemplateConfig",)

T = TypeVar("T", bound=TemplateEngineProtocol[Any])


@dataclass(kw_only=True)
class TemplateConfig(Generic[T]):
    """The app's template engine (``Starlite(template_config=...)``).

    SEAM: the templates helper completes validation (1.5x raised a pydantic ``ValidationError``).

    Attributes:
        directory: The directory, or list of directories, templates are loaded from; required when
            ``engine`` is a class.
        engine: A template engine class (instantiated with ``directory``) or an engine instance.
        engine_callback: Called with the engine once it is created, to configure it.
    """

    directory: Path | str | list[Path | str] | None = None
    engine: type[T] | T
    engine_callback: Callable[[T], None] | None = None
    _engine_instance: T | None = field(default=None, init=False, repr=False, compare=False)

    def to_engine(self) -> T:
        """Create (or take) the engine, and run ``engine_callback`` on it."""
        engine: Any = self.engine(self.directory) if isclass(self.engine) else self.engine  # type: ignore[arg-type]
        if self.engine_callback is not None:
            self.engine_callback(engine)
        self._engine_instance = engine
        return engine  # type: ignore[no-any-return]

    @property
    def engine_instance(self) -> T:
        """The engine, created on first use."""
        if self._engine_instance is None:
            return self.to_engine()
        return self._engine_instance
