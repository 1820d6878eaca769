"""Data transfer objects: pydantic models derived from another model class, with fields left out or renamed.

``DTOFactory()("PersonOut", Person, exclude=["password"])`` makes a pydantic 2 model with the fields of
``Person`` (a pydantic model, a dataclass, a ``TypedDict``, a msgspec ``Struct``, or any class a plugin
supports, such as a SQLAlchemy mapped class) but ``password``. The model is a ``DTO``: it converts to an
instance of the source class (``to_model_instance``) and is built from one (``from_model_instance``),
with renamed fields mapped back and forth. Handlers take it as ``data`` and may return the source
instances where their return annotation names the DTO.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import weakref
from collections.abc import Mapping
from typing import Any, ClassVar, Generic, TypeVar, cast

import msgspec
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, create_model
from pydantic.fields import FieldInfo

from starlite.exceptions import ImproperlyConfiguredException
from starlite.plugins.base import PluginProtocol, get_plugin_for_value
from starlite.utils.model import convert_dataclass_to_model, convert_typeddict_to_model
from starlite.utils.predicates import is_dataclass_class_or_instance, is_typed_dict

__all__ = ("DTO", "DTOFactory", "get_field_type")

T = TypeVar("T")

_dto_classes: weakref.WeakSet[type[Any]] = weakref.WeakSet()


def dto_class_names() -> set[str]:
    """The names of the DTO classes that exist now.

    A handler's return annotation that names one of them but cannot be resolved (a DTO defined inside
    a function, in a module with ``from __future__ import annotations``) is refused: its values would
    go out unconverted, with the fields the DTO leaves out.
    """
    return {dto.__name__ for dto in list(_dto_classes)}


def get_field_type(model_field: FieldInfo) -> Any:
    """Return the annotation of a pydantic field (1.5x took pydantic 1's ``ModelField``).

    Args:
        model_field: A field of a pydantic 2 model (``Model.model_fields[name]``).
    """
    return model_field.annotation


class DTO(BaseModel, Generic[T]):
    """A data transfer object: a pydantic model made by ``DTOFactory`` from a source model class.

    Attributes:
        dto_source_model: The class the DTO was made from.
        dto_field_mapping: The renamed fields: DTO field name to source attribute name.
        dto_source_plugin: The plugin that supports the source class, if one was used.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True, from_attributes=True)

    dto_source_model: ClassVar[Any]
    dto_field_mapping: ClassVar[dict[str, str]]
    dto_source_plugin: ClassVar[PluginProtocol[Any] | None] = None

    def __eq__(self, other: object) -> bool:
        """Compare by values, with another pydantic model or a dict, as 1.5x's (pydantic 1) models did.

        ``PersonDTO.from_model_instance(person) == person`` holds when the values agree.
        """
        if isinstance(other, BaseModel):
            return self.model_dump() == other.model_dump()
        if isinstance(other, Mapping):
            return self.model_dump() == dict(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal by value and mutable, like any pydantic model

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Remember every DTO class made, by name, for ``dto_class_names``."""
        super().__pydantic_init_subclass__(**kwargs)
        _dto_classes.add(cls)

    @classmethod
    def _from_source_values(cls, values: Mapping[str, Any]) -> DTO[T]:
        mapping = cls.dto_field_mapping
        input_names = cls.__dict__.get("_dto_input_names")
        if input_names is None:
            # A field the source reads under an alias (``Field(alias="fullName")``) is validated under
            # it here too: passed by its attribute name, its value would be missing.
            input_names = {name: _input_name(name, info) for name, info in cls.model_fields.items()}
            type.__setattr__(cls, "_dto_input_names", input_names)
        return cls(
            **{
                input_names[name]: values[mapping.get(name, name)]
                for name in cls.model_fields
                if mapping.get(name, name) in values
            }
        )

    @classmethod
    def _plugin_values(cls, model_instance: Any) -> Any:
        plugin = cls.dto_source_plugin
        if plugin is not None and plugin.is_plugin_supported_type(model_instance):
            return plugin.to_dict(model_instance)
        return None

    @classmethod
    def from_model_instance(cls, model_instance: T) -> DTO[T]:
        """Build the DTO from an instance of its source class (or a dict of its values).

        Args:
            model_instance: An instance of the source model, or a dict keyed by source attribute names.

        Raises:
            ImproperlyConfiguredException: When the source plugin's ``to_dict`` is async: use
                ``from_model_instance_async``.
        """
        values = cls._plugin_values(model_instance)
        if inspect.isawaitable(values):
            if inspect.iscoroutine(values):
                values.close()  # never awaited: close it rather than leak a warning
            raise ImproperlyConfiguredException(
                f"plugin {type(cls.dto_source_plugin).__name__} to_dict method is async. "
                "Use 'DTO.from_model_instance_async' instead"
            )
        return cls._from_source_values(values if values is not None else _source_values(model_instance))

    @classmethod
    async def from_model_instance_async(cls, model_instance: T) -> DTO[T]:
        """Build the DTO from an instance of its source class, awaiting an async plugin's ``to_dict``.

        Args:
            model_instance: An instance of the source model, or a dict keyed by source attribute names.
        """
        values = cls._plugin_values(model_instance)
        if inspect.isawaitable(values):
            values = await values
        return cls._from_source_values(values if values is not None else _source_values(model_instance))

    def _values_by_source_name(self) -> dict[str, Any]:
        mapping = self.dto_field_mapping
        return {mapping.get(name, name): getattr(self, name) for name in type(self).model_fields}

    def to_model_instance(self) -> T:
        """Return an instance of the source class with this DTO's values (renamed fields mapped back).

        Nested models stay model instances; a plugin's source class is built by its ``from_dict``.
        """
        values = self._values_by_source_name()
        plugin = self.dto_source_plugin
        if plugin is not None and plugin.is_plugin_supported_type(self.dto_source_model):
            return cast("T", plugin.from_dict(model_class=self.dto_source_model, **values))
        source = self.dto_source_model
        if isinstance(source, type) and issubclass(source, BaseModel):
            fields = source.model_fields
            values = {_input_name(key, fields[key]) if key in fields else key: v for key, v in values.items()}
        return cast("T", source(**values))


def _input_name(name: str, info: FieldInfo) -> str:
    """The key a field's value is validated under: its (first) validation alias, else its name."""
    alias = info.validation_alias if info.validation_alias is not None else info.alias
    if isinstance(alias, AliasChoices):
        alias = alias.choices[0]
    return alias if isinstance(alias, str) else name


def _source_values(model_instance: Any) -> Mapping[str, Any]:
    """The values of a source instance keyed by attribute name, nested models left as they are."""
    if isinstance(model_instance, Mapping):
        return model_instance
    if isinstance(model_instance, BaseModel):
        return {name: getattr(model_instance, name) for name in type(model_instance).model_fields}
    if isinstance(model_instance, msgspec.Struct):
        return {name: getattr(model_instance, name) for name in model_instance.__struct_fields__}
    if dataclasses.is_dataclass(model_instance) and not isinstance(model_instance, type):
        return {f.name: getattr(model_instance, f.name) for f in dataclasses.fields(model_instance)}
    values: dict[str, Any] = vars(model_instance)
    return values


def _struct_fields(source: type[msgspec.Struct]) -> dict[str, FieldInfo]:
    model_fields: dict[str, FieldInfo] = {}
    for field in msgspec.structs.fields(source):
        if field.default is not msgspec.NODEFAULT:
            info = Field(default=field.default)
        elif field.default_factory is not msgspec.NODEFAULT:
            info = Field(default_factory=field.default_factory)
        else:
            info = Field()
        info.annotation = field.type
        model_fields[field.name] = info
    return model_fields


class DTOFactory:
    """Makes ``DTO`` classes of pydantic models, dataclasses, TypedDicts, msgspec Structs and plugin classes.

    Args:
        plugins: Plugins whose model classes the factory accepts as sources (``SQLAlchemyPlugin()``...).
    """

    def __init__(self, plugins: list[PluginProtocol[Any]] | None = None) -> None:
        self.plugins = plugins or []

    def __call__(
        self,
        name: str,
        source: type[T],
        exclude: list[str] | None = None,
        field_mapping: dict[str, str | tuple[str, Any]] | None = None,
        field_definitions: dict[str, tuple[Any, Any]] | None = None,
        base: type[DTO[Any]] = DTO,
    ) -> type[DTO[T]]:
        """Make the DTO class ``name`` from ``source``.

        Args:
            name: The name of the new model (and of its OpenAPI schema).
            source: The source class.
            exclude: Source fields the DTO leaves out.
            field_mapping: Source fields to rename: to a new name, or to ``(new name, new type)``.
            field_definitions: Fields to add, as ``pydantic.create_model`` takes them: ``(type, default)``.
            base: The base class of the DTO (``DTO`` or a subclass of it).

        Raises:
            ImproperlyConfiguredException: When ``source`` is none of the supported kinds and no plugin
                supports it, or when a name in ``exclude`` or ``field_mapping`` is not a source field.
        """
        exclude = exclude or []
        field_mapping = field_mapping or {}
        source_fields, plugin = self._source_fields(source)
        unknown = sorted({*exclude, *field_mapping} - set(source_fields))
        if unknown:
            raise ImproperlyConfiguredException(
                f"DTO {name!r}: {', '.join(map(repr, unknown))} not a field of {source.__name__}"
            )
        definitions: dict[str, Any] = {}
        renamed: dict[str, str] = {}
        for field_name, info in source_fields.items():
            if field_name in exclude:
                continue
            if field_name in field_mapping:
                target = field_mapping[field_name]
                if isinstance(target, str) and not _has_alias(info):
                    # Same type: keep its constraints, description and default under the new name.
                    new_name, definition = target, (info.annotation, copy.copy(info))
                else:
                    new_name, new_type = (target, info.annotation) if isinstance(target, str) else target
                    definition = (new_type, _renamed_default(info))
                definitions[new_name] = definition
                renamed[new_name] = field_name
            else:
                definitions[field_name] = (info.annotation, copy.copy(info))
        definitions.update(field_definitions or {})
        dto = cast("type[DTO[T]]", create_model(name, __base__=base, **definitions))
        dto.dto_source_model = source
        dto.dto_source_plugin = plugin
        dto.dto_field_mapping = renamed
        return dto

    def _source_fields(self, source: Any) -> tuple[dict[str, FieldInfo], PluginProtocol[Any] | None]:
        plugin = get_plugin_for_value(source, self.plugins)
        if plugin is not None:
            return dict(plugin.to_pydantic_model_class(source).model_fields), plugin
        if isinstance(source, type) and issubclass(source, BaseModel):
            if not source.__pydantic_complete__:
                source.model_rebuild()
            return dict(source.model_fields), None
        if isinstance(source, type) and issubclass(source, msgspec.Struct):
            return _struct_fields(source), None
        if is_dataclass_class_or_instance(source):
            return dict(convert_dataclass_to_model(source).model_fields), None
        if is_typed_dict(source):
            return dict(convert_typeddict_to_model(source).model_fields), None
        raise ImproperlyConfiguredException(
            f"No supported plugin found for value {source} - cannot create value"
        )


def _has_alias(info: FieldInfo) -> bool:
    """Whether the source field is read or written under another name, which a rename replaces."""
    return any(alias is not None for alias in (info.alias, info.validation_alias, info.serialization_alias))


def _renamed_default(info: FieldInfo) -> Any:
    """The default of a renamed field: the source's default, else required."""
    if info.is_required():
        return ...
    if info.default_factory is not None:
        return Field(default_factory=info.default_factory)
    return info.default
