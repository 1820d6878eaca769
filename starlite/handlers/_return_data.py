"""What a handler's return value becomes before the response dispatcher sees it.

Decided once per handler at registration: most handlers need nothing (``None``). With plugins on the
app, model instances of a plugin's classes (or lists of them, or the items of a pagination container)
are turned into dicts by the plugin, unless the return annotation rules them out.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from starlite.datastructures.pagination import ClassicPagination, CursorPagination, OffsetPagination
from starlite.plugins.base import mentions_plugin_type, to_plain_data

__all__ = ("return_data_converter",)

ReturnDataConverter = Callable[[Any], Awaitable[Any]]


def return_data_converter(handler: Any) -> ReturnDataConverter | None:
    """The async function converting one handler's return values, or ``None`` when none is needed.

    Args:
        handler: The ``HTTPRouteHandler``, registered on its owners.
    """
    plugins = handler.resolve_plugins()
    if not plugins or not mentions_plugin_type(handler.return_annotation, plugins):
        return None

    async def convert(data: Any) -> Any:
        if isinstance(data, ClassicPagination | OffsetPagination | CursorPagination):
            return replace(data, items=await to_plain_data(data.items, plugins))
        return await to_plain_data(data, plugins)

    return convert
