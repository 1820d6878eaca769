"""What a handler's return value becomes before the response dispatcher sees it.

Decided once per handler at registration: most handlers need nothing (``None``).

- A return annotation naming a ``DTO`` class (``-> PersonDTO``, ``-> list[PersonDTO]``): values that are
  not DTOs already (source model instances, dicts) are made into the DTO, as 1.5x did. This takes
  precedence over plugins, which see only what an annotation naming both (a union) leaves.
- Otherwise, with plugins on the app, model instances of a plugin's classes (or lists of them, or the
  items of a pagination container) are turned into dicts by the plugin, unless the return annotation
  rules them out.
"""

from __future__ import annotations

import inspect
import sys
import types
import typing
from collections.abc import (
    Awaitable,
    Callable,
    Collection,
    Iterable,
    Mapping,
    MutableMapping,
    MutableSequence,
    Sequence,
)
from copy import copy
from dataclasses import replace
from typing import TYPE_CHECKING, Any, get_origin

from starlite.datastructures.pagination import ClassicPagination, CursorPagination, OffsetPagination
from starlite.exceptions import ImproperlyConfiguredException
from starlite.plugins.base import PluginProtocol, get_plugin_for_value, mentions_plugin_type, to_plain_data
from starlite.response.base import Response
from starlite.utils._annotations import unresolved_names
from starlite.utils.predicates import is_class_and_subclass

if TYPE_CHECKING:
    from starlite.dto import DTO

__all__ = ("dto_return_converter", "return_data_converters")

ReturnDataConverter = Callable[[Any], Awaitable[Any]]

# ``get_origin`` gives the runtime class for ``List[X]``, ``Sequence[X]``, ``Iterable[X]`` alike.
_SEQUENCES = (list, tuple, Sequence, Iterable, Collection, MutableSequence)
_MAPPINGS = (dict, Mapping, MutableMapping)
_PAGINATIONS = (ClassicPagination, OffsetPagination, CursorPagination)


def _dto_base() -> type[DTO[Any]]:
    # ``starlite.dto`` (pydantic) is imported by whoever makes a DTO: until then no annotation names
    # one, and an app without DTOs does not load pydantic for them (``dto_return_converter`` checks).
    from starlite.dto import DTO

    return DTO


def _is_dto_class(annotation: Any) -> bool:
    # Not ``isinstance(annotation, type)``: Python 3.10 says ``list[X]`` is a type.
    return typing.get_origin(annotation) is None and is_class_and_subclass(annotation, _dto_base())


def _one_dto(dto: type[DTO[Any]]) -> ReturnDataConverter:
    any_dto = _dto_base()

    async def one(value: Any) -> Any:
        if isinstance(value, dto):
            return value
        if isinstance(value, any_dto):
            # Another DTO (the one a handler took as ``data``, say) may hold fields this one excludes:
            # its values, under the source's names, make this one.
            return dto._from_source_values(value._values_by_source_name())
        if isinstance(value, dict):
            return dto(**value)
        return await dto.from_model_instance_async(value)

    return one


def _acceptor(annotation: Any) -> Callable[[Any], bool]:
    """The test of whether a value may be what one member of a union annotation stands for."""
    if _is_dto_class(annotation):
        source = getattr(annotation, "dto_source_model", None)  # a DTO subclassed by hand may lack it
        plugin = annotation.dto_source_plugin
        claimed = (_dto_base(), dict, *((source,) if isinstance(source, type) else ()))
        if plugin is None:
            return lambda value: isinstance(value, claimed)
        return lambda value: isinstance(value, claimed) or bool(plugin.is_plugin_supported_type(value))
    origin = typing.get_origin(annotation) or annotation

    def is_instance(value: Any) -> bool:
        try:
            return isinstance(value, origin)
        except TypeError:  # a special form (``Literal[...]``, a ``TypeVar``): not a class to check against
            return False

    return is_instance


def _converter(annotation: Any) -> ReturnDataConverter | None:
    """Make the DTOs ``annotation`` names wherever in it they are; ``None`` when it names none.

    A DTO class converts its value; sequences, mappings, pagination containers and ``Response[...]``
    convert what they hold; a union converts with the member the value belongs to.
    """
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if _is_dto_class(annotation):
        return _one_dto(annotation)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return _union_converter(args)
    if origin is None or not args:
        return None
    if is_class_and_subclass(origin, Response):
        return _response_converter(args[0])
    if isinstance(origin, type) and issubclass(origin, _PAGINATIONS):
        return _pagination_converter(args[-1])
    if origin in _MAPPINGS and len(args) == 2:
        return _mapping_converter(args[1])
    if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
        return _fixed_tuple_converter(args)
    if origin in _SEQUENCES:
        return _sequence_converter(args[0])
    return None


def _union_converter(members: tuple[Any, ...]) -> ReturnDataConverter | None:
    converters = [(member, _converter(member)) for member in members]
    with_dtos = [(member, convert) for member, convert in converters if convert is not None]
    if not with_dtos:
        return None
    # A value of a member without DTOs stays as it is: a plain class that claims it comes first.
    plain = tuple(
        member
        for member, convert in converters
        if convert is None and isinstance(member, type) and typing.get_origin(member) is None
    )

    dtos = tuple(member for member, _ in with_dtos if _is_dto_class(member))
    acceptors = [(_acceptor(member), member_convert) for member, member_convert in with_dtos]

    async def convert(value: Any) -> Any:
        if value is None or (plain and isinstance(value, plain)) or (dtos and isinstance(value, dtos)):
            return value
        for accepts, member_convert in acceptors:
            if accepts(value):
                return await member_convert(value)
        # Nothing claims it: made into the first DTO member rather than sent with fields it excludes.
        return await with_dtos[0][1](value)

    return convert


def _sequence_converter(item_annotation: Any) -> ReturnDataConverter | None:
    convert_item = _converter(item_annotation)
    if convert_item is None:
        return None
    single = (_dto_base(), dict, str, bytes)

    async def convert(value: Any) -> Any:
        if isinstance(value, single) or not isinstance(value, Iterable):
            return await convert_item(value)  # one value where a sequence was promised, as 1.5x took it
        return [await convert_item(item) for item in value]

    return convert


def _fixed_tuple_converter(item_annotations: tuple[Any, ...]) -> ReturnDataConverter | None:
    converters = [_converter(item) for item in item_annotations]
    if not any(converters):
        return None

    async def convert(value: Any) -> Any:
        if not isinstance(value, list | tuple):
            return value
        return [
            item if item_convert is None else await item_convert(item)
            for item, item_convert in zip(value, converters, strict=False)
        ] + list(value[len(converters) :])

    return convert


def _mapping_converter(value_annotation: Any) -> ReturnDataConverter | None:
    convert_value = _converter(value_annotation)
    if convert_value is None:
        return None

    async def convert(value: Any) -> Any:
        if not isinstance(value, Mapping):
            return value
        return {key: await convert_value(item) for key, item in value.items()}

    return convert


def _pagination_converter(item_annotation: Any) -> ReturnDataConverter | None:
    convert_items = _sequence_converter(item_annotation)
    if convert_items is None:
        return None

    async def convert(value: Any) -> Any:
        if not isinstance(value, _PAGINATIONS):
            return value
        return replace(value, items=await convert_items(value.items))

    return convert


def _response_converter(content_annotation: Any) -> ReturnDataConverter | None:
    convert_content = _converter(content_annotation)
    if convert_content is None:
        return None

    async def convert(value: Any) -> Any:
        if not isinstance(value, Response):
            return await convert_content(value)
        # A copy: a handler may return one Response object (a constant) from several routes.
        response = copy(value)
        response.content = await convert_content(value.content)
        return response

    return convert


def dto_return_converter(annotation: Any) -> ReturnDataConverter | None:
    """The async function making return values into the DTOs a return annotation names, else ``None``.

    ``-> PersonDTO``, ``-> PersonDTO | None``, ``-> list[PersonDTO]``, ``-> dict[str, PersonDTO]``,
    ``-> OffsetPagination[PersonDTO]``, ``-> Response[PersonDTO]`` and their nestings: a source instance
    (or a dict) where the annotation promises a DTO is made into it, so that a field the DTO excludes
    is never sent.

    Args:
        annotation: A handler's resolved return annotation.
    """
    if "starlite.dto" not in sys.modules:
        return None  # no DTO class exists, so the annotation names none
    return _converter(annotation)


def refuse_unresolved_dto(annotation: Any, handler_name: str) -> None:
    """Refuse a return annotation naming a DTO that cannot be resolved: its values would go out unfiltered.

    Args:
        annotation: A handler's return annotation, as far as it could be resolved.
        handler_name: The handler's name, for the message.

    Raises:
        ImproperlyConfiguredException: When a part of ``annotation`` left as a string names a DTO class.
    """
    if "starlite.dto" not in sys.modules:
        return  # no DTO class exists yet
    from starlite.dto import dto_class_names

    names = sorted(unresolved_names(annotation) & dto_class_names())
    if names:
        raise ImproperlyConfiguredException(
            f"The return annotation of {handler_name} names the DTO {', '.join(names)}, which cannot be "
            "resolved (a class defined inside a function, in a module with 'from __future__ import "
            "annotations'): its values would go out with the fields the DTO leaves out. Define the DTO "
            "at module level, or use it in the handler's body."
        )


def return_data_converters(
    handler: Any, in_thread: bool = False
) -> tuple[Callable[[Any], Any] | None, ReturnDataConverter | None]:
    """How one handler's return values are converted: ``(in its worker thread, then on the loop)``.

    Either is ``None`` when not needed. With ``in_thread`` (a sync handler run in a worker thread),
    the plugins that read instances synchronously do it in that thread: reading a returned instance
    may load from the database (a sync SQLAlchemy session reloads what a commit expired), which must
    not stall the event loop. What is left (async ``to_dict``) is converted on the loop.

    Args:
        handler: The ``HTTPRouteHandler``, registered on its owners.
        in_thread: Whether the handler runs in a worker thread.
    """
    to_dto = dto_return_converter(handler.return_annotation)
    plugins = handler.resolve_plugins()
    if not plugins or not mentions_plugin_type(handler.return_annotation, plugins):
        return None, to_dto
    plugin_of = _plugin_lookup(plugins)
    to_plain = _plugin_converter(plugins, plugin_of)
    if to_dto is None:
        return (_thread_converter(plugin_of) if in_thread else None), to_plain

    async def dto_then_plugin(data: Any) -> Any:
        # ``-> PersonOut | League``: the DTOs first, then a plugin for what no DTO claimed.
        return await to_plain(await to_dto(data))

    return None, dto_then_plugin


def _thread_converter(plugin_of: Callable[[Any], PluginProtocol[Any] | None]) -> Callable[[Any], Any]:
    def convert(data: Any) -> Any:
        if isinstance(data, _PAGINATIONS):
            return replace(data, items=convert(data.items))
        plugin = plugin_of(data)
        if plugin is None or inspect.iscoroutinefunction(plugin.to_dict):
            return data
        many = isinstance(data, list | tuple)
        converted = [plugin.to_dict(item) for item in (data if many else (data,))]
        if any(inspect.isawaitable(value) for value in converted):
            for value in converted:
                if inspect.iscoroutine(value):
                    value.close()  # converted again on the loop, where it can be awaited
            return data
        return converted if many else converted[0]

    return convert


def _plugin_lookup(plugins: Sequence[PluginProtocol[Any]]) -> Callable[[Any], PluginProtocol[Any] | None]:
    # Plugins judge model classes, so the plugin of a returned instance is looked up once per class: the
    # look-up (``sqlalchemy.inspect`` and friends) cost several times the conversion itself (bench W9).
    plugin_of_class: dict[type, PluginProtocol[Any] | None] = {}

    def plugin_of(data: Any) -> PluginProtocol[Any] | None:
        sample = data[0] if isinstance(data, (list, tuple)) and data else data
        if isinstance(sample, type) or get_origin(sample) is not None:
            return get_plugin_for_value(data, plugins)  # a class or a generic alias: judged each time
        model_class = type(sample)
        try:
            return plugin_of_class[model_class]
        except KeyError:
            plugin = plugin_of_class[model_class] = get_plugin_for_value(data, plugins)
            return plugin

    return plugin_of


def _plugin_converter(
    plugins: Sequence[PluginProtocol[Any]], plugin_of: Callable[[Any], PluginProtocol[Any] | None]
) -> ReturnDataConverter:
    async def convert(data: Any) -> Any:
        if isinstance(data, ClassicPagination | OffsetPagination | CursorPagination):
            return replace(data, items=await convert(data.items))
        plugin = plugin_of(data)
        return data if plugin is None else await to_plain_data(data, plugins, plugin=plugin)

    return convert
