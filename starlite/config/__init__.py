"""Configuration objects."""

from starlite.config.allowed_hosts import AllowedHostsConfig as AllowedHostsConfig
from starlite.config.app import AppConfig as AppConfig
from starlite.config.cache import CacheConfig as CacheConfig
from starlite.config.cors import CORSConfig as CORSConfig

__all__ = ("AllowedHostsConfig", "AppConfig", "CORSConfig", "CacheConfig")
