"""Integrations with other libraries, each behind its own extra.

``starlite.contrib.jwt`` needs ``starlite[jwt]``.
"""
