"""Configuration objects."""

from starlite.config.app import AppConfig as AppConfig

__all__ = ("AppConfig",)
