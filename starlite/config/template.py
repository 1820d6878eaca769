"""``TemplateConfig``: which template engine renders ``Template`` responses, and from where."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from inspect import isclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from starlite.datastructures._validation import validation_error
from starlite.template.base import TemplateEngineProtocol, template_directories

__all__ = ("TemplateConfig",)

T = TypeVar("T", bound=TemplateEngineProtocol[Any])


@dataclass(kw_only=True)
class TemplateConfig(Generic[T]):
    """The app's template engine (``Starlite(template_config=...)``).

    ``engine`` is an engine class, made with ``directory`` when the app is created, or an engine
    already made (``directory`` is then not needed). ``engine_callback`` receives the engine once, to
    configure it (add filters, globals, callables).

    Attributes:
        directory: The directory, or list of directories searched in order, that templates are loaded
            from; required when ``engine`` is a class.
        engine: A template engine class (``JinjaTemplateEngine``, ``MakoTemplateEngine`` or one of
            your own) or an engine instance.
        engine_callback: Called with the engine once it is created.

    Raises:
        pydantic.ValidationError: When ``engine`` is a class and no ``directory`` is given, or a
            directory does not exist (1.5x's ``TemplateConfig`` was a pydantic model).
    """

    directory: Path | str | list[Path | str] | None = None
    engine: type[T] | T
    engine_callback: Callable[[T], None] | None = None
    _engine_instance: T | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.validate_config()

    def validate_config(self) -> None:
        """Check the options: an engine class needs a directory, and every directory must exist.

        Raises:
            pydantic.ValidationError: When they do not hold.
        """
        if isclass(self.engine) and not self.directory:
            raise validation_error(
                "TemplateConfig",
                "directory",
                self.directory,
                "directory is a required kwarg when passing a template engine class",
            )
        if self.directory:
            template_directories("TemplateConfig", self.directory)

    def to_engine(self) -> T:
        """Create (or take) the engine, and run ``engine_callback`` on it."""
        engine: Any = self.engine(self.directory) if isclass(self.engine) else self.engine  # type: ignore[arg-type]
        if self.engine_callback is not None:
            self.engine_callback(engine)
        self._engine_instance = engine
        return engine  # type: ignore[no-any-return]

    @property
    def engine_instance(self) -> T:
        """The engine, created on first use and kept."""
        if self._engine_instance is None:
            return self.to_engine()
        return self._engine_instance
