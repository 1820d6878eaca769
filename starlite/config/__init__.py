"""Configuration objects."""

from starlite.config.app import AppConfig as AppConfig
from starlite.config.cors import CORSConfig as CORSConfig

__all__ = ("AppConfig", "CORSConfig")
