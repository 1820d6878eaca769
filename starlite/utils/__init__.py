"""Helpers shared across the framework."""

from starlite.utils.path import join_paths as join_paths, normalize_path as normalize_path
from starlite.utils.sync import (
    AsyncCallable as AsyncCallable,
    as_async_callable_list as as_async_callable_list,
    is_async_callable as is_async_callable,
)

__all__ = ("AsyncCallable", "as_async_callable_list", "is_async_callable", "join_paths", "normalize_path")
