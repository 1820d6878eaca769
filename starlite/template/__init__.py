"""The template engine protocol; the engines themselves are in ``starlite.contrib.jinja`` and ``.mako``."""

from typing import Any

from starlite.template.base import TemplateEngineProtocol as TemplateEngineProtocol
from starlite.template.base import TemplateProtocol as TemplateProtocol

__all__ = ("TemplateEngineProtocol", "TemplateProtocol")

# Deprecated in 1.46 (as in 1.5x): the engines moved to starlite.contrib.
_MOVED = {
    "JinjaTemplateEngine": "starlite.contrib.jinja",
    "MakoTemplateEngine": "starlite.contrib.mako",
    "MakoTemplate": "starlite.contrib.mako",
}


def __getattr__(name: str) -> Any:
    if name not in _MOVED:
        raise AttributeError(f"module 'starlite.template' has no attribute {name!r}")
    from importlib import import_module

    from starlite.utils.deprecation import warn_deprecation

    module = _MOVED[name]
    warn_deprecation(
        version="1.46.0",
        deprecated_name=f"{name} from starlite.template",
        kind="import",
        alternative=f"from {module} import {name}",
    )
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
