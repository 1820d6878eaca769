"""The template engine protocol and the functions every template context offers."""

from starlite.template.base import TemplateEngineProtocol as TemplateEngineProtocol
from starlite.template.base import TemplateProtocol as TemplateProtocol

__all__ = ("TemplateEngineProtocol", "TemplateProtocol")
