"""Helpers shared across the framework."""

from starlite.utils.path import join_paths as join_paths
from starlite.utils.path import normalize_path as normalize_path
from starlite.utils.sync import (
    AsyncCallable as AsyncCallable,
)
from starlite.utils.sync import (
    as_async_callable_list as as_async_callable_list,
)
from starlite.utils.sync import (
    is_async_callable as is_async_callable,
)

__all__ = ("AsyncCallable", "as_async_callable_list", "is_async_callable", "join_paths", "normalize_path")
