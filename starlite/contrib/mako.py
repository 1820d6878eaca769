"""The Mako template engine (``pip install 'starlite[mako]'``).

``TemplateConfig(engine=MakoTemplateEngine, directory="templates")`` renders ``Template`` responses
with Mako. Templates can call ``url_for``, ``url_for_static_asset`` and ``csrf_token``;
``engine.engine`` is the ``mako.lookup.TemplateLookup``. Unlike Jinja2, Mako does not HTML-escape
values unless told to (``${value | h}``, or ``default_filters=["h"]`` on the lookup).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlite.exceptions import MissingDependencyException, TemplateNotFoundException
from starlite.template.base import (
    TemplateEngineProtocol,
    TemplateProtocol,
    register_builtin_callables,
    template_directories,
)
from starlite.template.base import csrf_token as csrf_token
from starlite.template.base import url_for as url_for
from starlite.template.base import url_for_static_asset as url_for_static_asset

try:
    # Mako ships no type information.
    from mako.exceptions import TemplateLookupException as MakoTemplateNotFound  # type: ignore[import-untyped]
    from mako.lookup import TemplateLookup  # type: ignore[import-untyped]
    from mako.template import Template as MakoTemplateClass  # type: ignore[import-untyped]
except ImportError as exc:
    raise MissingDependencyException("mako", install_package="mako", extra="mako") from exc

if TYPE_CHECKING:
    from mako.template import Template as _MakoTemplate

__all__ = ("MakoTemplate", "MakoTemplateEngine")


class MakoTemplate(TemplateProtocol):
    """A Mako template, with the engine's callables bound to each render's context.

    Args:
        template: The ``mako.template.Template``.
        template_callables: The ``(name, callable)`` pairs registered on the engine.
    """

    def __init__(
        self, template: _MakoTemplate, template_callables: list[tuple[str, Callable[[dict[str, Any]], Any]]]
    ):
        self.template = template
        self.template_callables = template_callables
        self._stamp: tuple[int, int] | None = None

    @property
    def filename(self) -> str | None:
        """The template's file (``None`` for a template made from a string)."""
        return self.template.filename  # type: ignore[no-any-return]

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Render the template.

        Args:
            *args: Passed on to Mako.
            **kwargs: The context.

        Returns:
            The rendered text.
        """
        # Each callable gets the context as the handler gave it, not one holding the other callables.
        context = dict(kwargs)
        for key, template_callable in self.template_callables:
            kwargs[key] = partial(template_callable, context)
        return str(self.template.render(*args, **kwargs))


class MakoTemplateEngine(TemplateEngineProtocol[MakoTemplate]):
    """Render templates with Mako.

    Args:
        directory: A directory, or a list of directories searched in order.

    Attributes:
        engine: The ``mako.lookup.TemplateLookup``.

    Raises:
        pydantic.ValidationError: When a directory does not exist.
    """

    def __init__(self, directory: Path | str | list[Path] | list[Path | str]) -> None:
        directories = template_directories("MakoTemplateEngine", directory)
        self.engine = TemplateLookup(directories=[str(path) for path in directories])
        self._template_callables: list[tuple[str, Callable[[dict[str, Any]], Any]]] = []
        # One wrapper per template name, so that a page served again is the same object (the response
        # keeps what it learned about rendering it by template); a reloaded template replaces it.
        self._wrappers: dict[str, MakoTemplate] = {}
        register_builtin_callables(self)

    def get_template(self, template_name: str) -> MakoTemplate:
        """Return the template called ``template_name``.

        Args:
            template_name: Its path relative to the directories, with ``/`` separators.

        Raises:
            TemplateNotFoundException: When no directory holds it.
        """
        # Mako joins the name to each directory as it is; Jinja refuses ".." in a name, and so do we:
        # a name built from client input must not reach files outside the directories.
        if ".." in template_name.replace("\\", "/").split("/"):
            raise TemplateNotFoundException(template_name=template_name)
        try:
            template = self.engine.get_template(template_name)
        except MakoTemplateNotFound as exc:
            raise TemplateNotFoundException(template_name=template_name) from exc
        stamp = _file_stamp(template.filename)
        wrapper = self._wrappers.get(template_name)
        if wrapper is not None and wrapper.template is not template:
            wrapper = None  # Mako reloaded the file itself
        elif wrapper is not None and wrapper._stamp != stamp:
            # Mako reloads a changed file only when its whole-second mtime is later than the time it
            # compiled the old one: a file rewritten within that second would be served stale.
            template = MakoTemplateClass(
                filename=template.filename, uri=template.uri, lookup=self.engine, **self.engine.template_args
            )
            self.engine.put_template(template_name, template)
            wrapper = None
        if wrapper is None:
            wrapper = self._wrappers[template_name] = MakoTemplate(template, self._template_callables)
            wrapper._stamp = stamp
        return wrapper

    def register_template_callable(
        self, key: str, template_callable: Callable[[dict[str, Any]], Any]
    ) -> None:
        """Make ``template_callable`` callable as ``key`` in every template.

        Args:
            key: The name templates call it by: ``${key(...)}``.
            template_callable: Called with the template's context first, then the template's arguments.
        """
        self._template_callables.append((key, template_callable))


def _file_stamp(filename: str | None) -> tuple[int, int] | None:
    if filename is None:
        return None
    try:
        stat = os.stat(filename)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size
