"""Cross-origin resource sharing: ``CORSConfig``, at its 1.5x path."""

from starlite.middleware.cors import CORSConfig

__all__ = ("CORSConfig",)
