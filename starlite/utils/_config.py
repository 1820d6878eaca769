"""Reading an option of ``Starlite(...)`` as its config class."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from starlite.exceptions import ImproperlyConfiguredException

_Config = TypeVar("_Config")


def as_config(value: Any, config_class: type[_Config], option: str) -> _Config | None:
    """``value`` as a ``config_class``: a mapping of its fields is read as one, as 1.5x's pydantic did.

    ``None`` stays ``None``; anything else is refused with an ``ImproperlyConfiguredException``
    naming ``option``.
    """
    if value is None or isinstance(value, config_class):
        return value
    if isinstance(value, Mapping):
        return config_class(**value)
    raise ImproperlyConfiguredException(
        f"{option} must be a {config_class.__name__}, not {type(value).__name__}"
    )
