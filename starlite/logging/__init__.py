"""Logging handlers that keep slow log output off the event loop.

``starlite.logging.standard`` for the standard ``logging`` module and ``starlite.logging.picologging``,
as ``LoggingConfig`` names them.
"""
