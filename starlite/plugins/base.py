"""``PluginProtocol``: what a plugin for a model library (an ORM, say) provides; and finding one for a value.

``Starlite(plugins=[...])`` calls each plugin's ``on_app_init``; a handler's ``data`` of a plugin's model
class is validated through the pydantic model the plugin builds and handed over as the model class
(``plugin_data_annotation``), and returned model instances are turned into dicts by the plugin
(``to_plain_data``), as in 1.5x.
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Awaitable, Sequence
from typing import (
    TYPE_CHECKING,
    Any,
    NamedTuple,
    Protocol,
    TypeGuard,
    TypeVar,
    get_args,
    get_origin,
    runtime_checkable,
)

if TYPE_CHECKING:
    from pydantic import BaseModel

__all__ = (
    "ModelT",
    "PluginMapping",
    "PluginProtocol",
    "get_plugin_for_value",
    "mentions_plugin_type",
    "plugin_data_annotation",
    "to_plain_data",
)

ModelT = TypeVar("ModelT")


@runtime_checkable
class PluginProtocol(Protocol[ModelT]):
    """A plugin: it knows the model classes of a library and converts them to and from pydantic.

    Subclass it and override what the library needs; the defaults support nothing.
    """

    __slots__ = ()

    def on_app_init(self, app: Any) -> None:
        """Called with the application once it is built (to register handlers, hooks, ...)."""
        return None

    @staticmethod
    def is_plugin_supported_type(value: Any) -> TypeGuard[ModelT]:
        """Tell whether ``value`` (a class or an instance) is a model of the plugin's library."""
        return False

    def to_pydantic_model_class(self, model_class: type[ModelT], **kwargs: Any) -> type[BaseModel]:
        """Return a pydantic model class with the fields of ``model_class``."""
        raise NotImplementedError()

    def from_pydantic_model_instance(
        self, model_class: type[ModelT], pydantic_model_instance: BaseModel
    ) -> ModelT:
        """Build an instance of ``model_class`` from a pydantic model instance."""
        raise NotImplementedError()

    def to_dict(self, model_instance: ModelT) -> dict[str, Any] | Awaitable[dict[str, Any]]:
        """Return the fields of ``model_instance`` as a dict (or an awaitable of it)."""
        raise NotImplementedError()

    def from_dict(self, model_class: type[ModelT], **kwargs: Any) -> ModelT:
        """Build an instance of ``model_class`` from keyword arguments."""
        raise NotImplementedError()


def get_plugin_for_value(
    value: Any, plugins: Sequence[PluginProtocol[Any]] | None = None
) -> PluginProtocol[Any] | None:
    """Return the first plugin that supports ``value``, or ``None``.

    A list or tuple is judged by its first element, and a generic alias (``list[Model]``) by its first
    type argument.

    Args:
        value: A model class, an instance, a sequence of instances or a generic alias.
        plugins: The plugins to ask, in order (``app.plugins``). Optional, unlike in 1.5x: integrations
            written for 1.5x call this with the value only, which meant no plugins.
    """
    if not plugins:
        return None
    # The type first: the truth of an arbitrary value (a data frame, an array) may be an error.
    if isinstance(value, list | tuple) and value:
        value = value[0]
    type_arguments = get_args(value)
    if type_arguments:
        value = type_arguments[0]
    return next((plugin for plugin in plugins if plugin.is_plugin_supported_type(value)), None)


class PluginMapping(NamedTuple):
    """A plugin and the model class it converts to (a handler's ``data`` type, say)."""

    plugin: PluginProtocol[Any]
    model_class: Any

    def get_model_instance_for_value(self, value: BaseModel | list[BaseModel] | tuple[BaseModel, ...]) -> Any:
        """Convert a pydantic instance, or each of a list or tuple of them, into the model class."""
        if isinstance(value, list | tuple):
            return [self._convert(item) for item in value]
        return self._convert(value)

    def _convert(self, item: BaseModel) -> Any:
        return self.plugin.from_pydantic_model_instance(self.model_class, pydantic_model_instance=item)


_SEQUENCE_ORIGINS = (list, tuple, Sequence)  # get_origin of List[X], typing.Sequence[X] is one of these


def plugin_data_annotation(
    annotation: Any, plugins: Sequence[PluginProtocol[Any]]
) -> tuple[Any, PluginMapping] | None:
    """For a ``data`` annotation naming a plugin's model class: what to validate with, and the mapping back.

    ``Model``, ``list[Model]`` (or any sequence of it) and ``Model | None`` are recognised. The body is
    validated against the plugin's pydantic model (``list[PydanticModel]`` for a sequence, ``None``
    kept allowed), then ``PluginMapping.get_model_instance_for_value`` builds the model instances.

    Returns:
        ``(annotation to validate with, PluginMapping)``, or ``None`` when no plugin supports it.
    """
    if not plugins:
        return None
    optional = False
    if get_origin(annotation) in (typing.Union, types.UnionType):
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(members) != 1:
            return None
        annotation, optional = members[0], True
    many = get_origin(annotation) in _SEQUENCE_ORIGINS
    model_class = get_args(annotation)[0] if many and get_args(annotation) else annotation
    if not isinstance(model_class, type):
        return None
    plugin = next((p for p in plugins if p.is_plugin_supported_type(model_class)), None)
    if plugin is None:
        return None
    # ``parameter_name`` as 1.5x passed it: ORM plugins build a narrower model for request data.
    validated: Any = plugin.to_pydantic_model_class(model_class, parameter_name="data")
    if many:
        validated = list[validated]
    if optional:
        validated = validated | None
    return validated, PluginMapping(plugin=plugin, model_class=model_class)


def mentions_plugin_type(annotation: Any, plugins: Sequence[PluginProtocol[Any]]) -> bool:
    """Tell whether a return annotation may hold a plugin's model (unknown annotations may)."""
    if annotation in (Any, object, inspect.Parameter.empty) or isinstance(annotation, TypeVar | str):
        return True
    pending = [annotation]
    while pending:
        item = pending.pop()
        if isinstance(item, type) and get_origin(item) is None:
            if any(plugin.is_plugin_supported_type(item) for plugin in plugins):
                return True
        elif item in (Any, object) or isinstance(item, TypeVar):
            return True
        pending.extend(get_args(item))
    return False


async def to_plain_data(
    data: Any, plugins: Sequence[PluginProtocol[Any]], *, plugin: PluginProtocol[Any] | None = None
) -> Any:
    """Turn a returned model instance (or a list or tuple of them) into dicts with its plugin.

    Values no plugin supports are returned unchanged; an awaitable ``to_dict`` is awaited. ``plugin``,
    when the caller already knows it, saves looking it up among ``plugins``.
    """
    plugin = plugin or get_plugin_for_value(data, plugins)
    if plugin is None:
        return data
    if isinstance(data, list | tuple):
        items = [plugin.to_dict(item) for item in data]
        return [await item if inspect.isawaitable(item) else item for item in items]
    value = plugin.to_dict(data)
    return await value if inspect.isawaitable(value) else value
