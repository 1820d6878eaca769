"""Allowed hosts: ``AllowedHostsConfig``, at its 1.5x path."""

from starlite.middleware.allowed_hosts import AllowedHostsConfig

__all__ = ("AllowedHostsConfig",)
