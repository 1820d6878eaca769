"""What a handler's return value becomes before the response dispatcher sees it.

Decided once per handler at registration: most handlers need nothing (``None``). With plugins on the
app, model instances of a plugin's classes (or lists of them, or the items of a pagination container)
are turned into dicts by the plugin, unless the return annotation rules them out.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any, get_origin

from starlite.datastructures.pagination import ClassicPagination, CursorPagination, OffsetPagination
from starlite.plugins.base import PluginProtocol, get_plugin_for_value, mentions_plugin_type, to_plain_data

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

    # Plugins judge model classes, so the plugin of a returned instance is looked up once per class: the
    # look-up (``sqlalchemy.inspect`` and friends) cost several times the conversion itself (bench W9).
    plugin_of_class: dict[type, PluginProtocol[Any] | None] = {}

    async def convert(data: Any) -> Any:
        if isinstance(data, ClassicPagination | OffsetPagination | CursorPagination):
            return replace(data, items=await convert(data.items))
        sample = data[0] if isinstance(data, (list, tuple)) and data else data
        if isinstance(sample, type) or get_origin(sample) is not None:
            return await to_plain_data(data, plugins)  # a class or a generic alias: judged each time
        model_class = type(sample)
        try:
            plugin = plugin_of_class[model_class]
        except KeyError:
            plugin = plugin_of_class[model_class] = get_plugin_for_value(data, plugins)
        return data if plugin is None else await to_plain_data(data, plugins, plugin=plugin)

    return convert
