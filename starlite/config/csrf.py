"""Cross-site request forgery protection: ``CSRFConfig``, at its 1.5x path."""

from starlite.middleware.csrf import CSRFConfig

__all__ = ("CSRFConfig",)
