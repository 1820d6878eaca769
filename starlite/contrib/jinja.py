"""The Jinja2 template engine (``pip install 'starlite[jinja]'``).

``TemplateConfig(engine=JinjaTemplateEngine, directory="templates")`` renders ``Template`` responses
with Jinja2, HTML-escaping every value (``autoescape``). Templates can call ``url_for``,
``url_for_static_asset`` and ``csrf_token``; ``engine.engine`` is the ``jinja2.Environment``, to add
filters, tests and globals of your own (in an ``engine_callback``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlite.exceptions import MissingDependencyException, TemplateNotFoundException
from starlite.template.base import (
    TemplateEngineProtocol,
    register_builtin_callables,
    template_directories,
)
from starlite.template.base import csrf_token as csrf_token
from starlite.template.base import url_for as url_for
from starlite.template.base import url_for_static_asset as url_for_static_asset

try:
    from jinja2 import Environment, FileSystemLoader, pass_context
    from jinja2 import TemplateNotFound as JinjaTemplateNotFound
except ImportError as exc:
    raise MissingDependencyException("jinja2", extra="jinja") from exc

if TYPE_CHECKING:
    from jinja2 import Template as JinjaTemplate

__all__ = ("JinjaTemplateEngine",)


class JinjaTemplateEngine(TemplateEngineProtocol["JinjaTemplate"]):
    """Render templates with Jinja2.

    Args:
        directory: A directory, or a list of directories searched in order.

    Attributes:
        engine: The ``jinja2.Environment``.

    Raises:
        pydantic.ValidationError: When a directory does not exist.
    """

    def __init__(self, directory: Path | str | list[Path] | list[Path | str]) -> None:
        loader = FileSystemLoader(searchpath=template_directories("JinjaTemplateEngine", directory))
        self.engine = Environment(loader=loader, autoescape=True)
        register_builtin_callables(self)

    def get_template(self, template_name: str) -> JinjaTemplate:
        """Return the template called ``template_name``.

        Args:
            template_name: Its path relative to the directories, with ``/`` separators.

        Raises:
            TemplateNotFoundException: When no directory holds it.
        """
        try:
            return self.engine.get_template(name=template_name)
        except JinjaTemplateNotFound as exc:
            raise TemplateNotFoundException(template_name=template_name) from exc

    def register_template_callable(
        self, key: str, template_callable: Callable[[dict[str, Any]], Any]
    ) -> None:
        """Make ``template_callable`` callable as ``key`` in every template.

        Args:
            key: The name templates call it by: ``{{ key(...) }}``.
            template_callable: Called with the template's context first, then the template's arguments.
        """
        self.engine.globals[key] = pass_context(template_callable)
