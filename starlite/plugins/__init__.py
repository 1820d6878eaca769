"""Plugins: the protocol a plugin implements, and finding the plugin of a value."""

from starlite.plugins.base import PluginMapping as PluginMapping
from starlite.plugins.base import PluginProtocol as PluginProtocol
from starlite.plugins.base import get_plugin_for_value as get_plugin_for_value

__all__ = ("PluginMapping", "PluginProtocol", "get_plugin_for_value")
