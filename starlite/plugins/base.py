"""``PluginProtocol``: what a plugin for a model library (an ORM, say) provides; and finding one for a value.

The plugin machinery (``Starlite(plugins=...)``, converting handler data and return values through
plugins) arrives in a later release; the protocol and ``get_plugin_for_value`` are here now, as
integrations written for 1.5x use them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from typing import Any, NamedTuple, Protocol, TypeGuard, TypeVar, get_args, runtime_checkable

from pydantic import BaseModel

__all__ = ("ModelT", "PluginMapping", "PluginProtocol", "get_plugin_for_value")

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
    if value and isinstance(value, list | tuple):
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
