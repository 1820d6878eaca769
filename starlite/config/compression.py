"""Response compression: ``CompressionConfig``, at its 1.5x path."""

from starlite.middleware.compression import CompressionConfig

__all__ = ("CompressionConfig",)
