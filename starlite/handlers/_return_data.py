"""What a handler's return value becomes before the response dispatcher sees it.

Decided once per handler at registration: most handlers need nothing (``None``).

- A return annotation naming a ``DTO`` class (``-> PersonDTO``, ``-> list[PersonDTO]``): values that are
  not DTOs already (source model instances, dicts) are made into the DTO, as 1.5x did. This takes
  precedence over plugins.
- Otherwise, with plugins on the app, model instances of a plugin's classes (or lists of them, or the
  items of a pagination container) are turned into dicts by the plugin, unless the return annotation
  rules them out.
"""

from __future__ import annotations

import typing
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any, get_origin

from starlite.datastructures.pagination import ClassicPagination, CursorPagination, OffsetPagination
from starlite.dto import DTO
from starlite.plugins.base import PluginProtocol, get_plugin_for_value, mentions_plugin_type, to_plain_data
from starlite.utils.predicates import is_class_and_subclass

__all__ = ("dto_return_converter", "return_data_converter")

ReturnDataConverter = Callable[[Any], Awaitable[Any]]

# ``get_origin`` gives the runtime class for ``List[X]``, ``Sequence[X]``, ``Iterable[X]`` alike.
_SEQUENCES = (list, tuple, Sequence, Iterable)


def _dto_class(annotation: Any) -> tuple[type[DTO[Any]], bool] | None:
    """``(DTO class, many)`` when the annotation is a DTO class or a sequence of one."""
    # Not ``isinstance(annotation, type)``: Python 3.10 says ``list[X]`` is a type.
    if is_class_and_subclass(annotation, DTO):
        return annotation, False
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in _SEQUENCES and args:
        item = args[0]
        if is_class_and_subclass(item, DTO):
            return item, True
    return None


def _dto_converter(dto: type[DTO[Any]], many: bool) -> ReturnDataConverter:
    async def one(value: Any) -> Any:
        if isinstance(value, DTO):
            return value
        if isinstance(value, dict):
            return dto(**value)
        return await dto.from_model_instance_async(value)

    async def convert(data: Any) -> Any:
        if many and not isinstance(data, DTO | dict | str | bytes) and isinstance(data, Iterable):
            return [await one(item) for item in data]
        return await one(data)

    return convert


def dto_return_converter(annotation: Any) -> ReturnDataConverter | None:
    """The async function making return values into the DTO a return annotation names, else ``None``.

    Args:
        annotation: A handler's resolved return annotation.
    """
    dto = _dto_class(annotation)
    return None if dto is None else _dto_converter(*dto)


def return_data_converter(handler: Any) -> ReturnDataConverter | None:
    """The async function converting one handler's return values, or ``None`` when none is needed.

    Args:
        handler: The ``HTTPRouteHandler``, registered on its owners.
    """
    to_dto = dto_return_converter(handler.return_annotation)
    if to_dto is not None:
        return to_dto
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
