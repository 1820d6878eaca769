"""Configuration objects.

The names are loaded on first use (PEP 562), so that importing one config or middleware module does not
import all of them: several need pydantic, which an app that does not use them never loads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlite.utils._lazy import lazy_exports

if TYPE_CHECKING:
    from starlite.config.allowed_hosts import AllowedHostsConfig as AllowedHostsConfig
    from starlite.config.app import AppConfig as AppConfig
    from starlite.config.cache import CacheConfig as CacheConfig
    from starlite.config.compression import CompressionConfig as CompressionConfig
    from starlite.config.cors import CORSConfig as CORSConfig
    from starlite.config.csrf import CSRFConfig as CSRFConfig
    from starlite.config.logging import BaseLoggingConfig as BaseLoggingConfig
    from starlite.config.logging import LoggingConfig as LoggingConfig
    from starlite.config.logging import StructLoggingConfig as StructLoggingConfig
    from starlite.config.openapi import OpenAPIConfig as OpenAPIConfig
    from starlite.config.static_files import StaticFilesConfig as StaticFilesConfig
    from starlite.config.template import TemplateConfig as TemplateConfig

_EXPORTS: dict[str, str] = {
    "AllowedHostsConfig": "starlite.config.allowed_hosts",
    "AppConfig": "starlite.config.app",
    "CacheConfig": "starlite.config.cache",
    "CompressionConfig": "starlite.config.compression",
    "CORSConfig": "starlite.config.cors",
    "CSRFConfig": "starlite.config.csrf",
    "BaseLoggingConfig": "starlite.config.logging",
    "LoggingConfig": "starlite.config.logging",
    "StructLoggingConfig": "starlite.config.logging",
    "OpenAPIConfig": "starlite.config.openapi",
    "StaticFilesConfig": "starlite.config.static_files",
    "TemplateConfig": "starlite.config.template",
}

__all__ = (
    "AllowedHostsConfig",
    "AppConfig",
    "BaseLoggingConfig",
    "CORSConfig",
    "CSRFConfig",
    "CacheConfig",
    "CompressionConfig",
    "LoggingConfig",
    "OpenAPIConfig",
    "StaticFilesConfig",
    "TemplateConfig",
    "StructLoggingConfig",
)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
