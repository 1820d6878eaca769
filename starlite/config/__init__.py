"""Configuration objects."""

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
