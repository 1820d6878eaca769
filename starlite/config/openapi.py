"""``OpenAPIConfig``: what the app's OpenAPI schema says about the API, and which pages serve it.

The OpenAPI models (``Contact``, ``License``, ``Server``, ``Tag``, ``Components``...) come from
``openapi-pydantic``, the maintained successor of the models Starlite 1.5x used; they are importable
from here, as in 1.5x, and loaded on first use: an app pays for them only when its schema is built.
"""

from __future__ import annotations

import copy
import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, overload

from starlite.exceptions import ImproperlyConfiguredException
from starlite.openapi.controller import OpenAPIController

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import (
        Components,
        Contact,
        ExternalDocumentation,
        License,
        OpenAPI,
        PathItem,
        Reference,
        SecurityRequirement,
        Server,
        Tag,
    )

__all__ = ("OpenAPIConfig",)

# The openapi-pydantic names 1.5x's module imported (from pydantic_openapi_schema), loaded lazily.
_MODELS = frozenset(
    {
        "Components",
        "Contact",
        "ExternalDocumentation",
        "Info",
        "License",
        "OpenAPI",
        "PathItem",
        "Reference",
        "SecurityRequirement",
        "Server",
        "Tag",
    }
)

RootSchemaSite = Literal["redoc", "swagger", "elements"]
_ROOT_SITES = ("redoc", "swagger", "elements")


def __getattr__(name: str) -> Any:
    if name in _MODELS:
        return getattr(importlib.import_module("openapi_pydantic.v3.v3_1"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _default_servers() -> list[Any]:
    # A mapping rather than a Server model, so that creating a config does not load the models;
    # the schema holds a Server all the same.
    return [{"url": "/"}]


def _default_endpoints() -> set[str]:
    return {"redoc", "swagger", "elements", "openapi.json", "openapi.yaml"}


class DeferredComponents:
    """``Components`` made only when the schema (or ``OpenAPIConfig.components``) is read.

    A security config's ``on_app_init`` adds its scheme to the app's config as one of these, so that
    creating an app does not load the OpenAPI models.

    Args:
        make: Returns the ``Components`` (or a mapping of the same shape).
    """

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make

    def __repr__(self) -> str:
        return f"DeferredComponents({self.make!r})"


class _ComponentsField:
    """``OpenAPIConfig.components``: kept as given, read as one merged ``Components`` once deferred.

    Once it holds ``DeferredComponents`` (after a security config's ``on_app_init``), reading it
    merges them, as 1.5x's app config held one merged ``Components`` once the app was built.
    """

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}"

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> None: ...

    @overload
    def __get__(self, obj: OpenAPIConfig, owner: type | None = None) -> Any: ...

    def __get__(self, obj: OpenAPIConfig | None, owner: type | None = None) -> Any:
        if obj is None:
            return None  # the dataclass default
        value = obj.__dict__.get(self.slot)
        if _has_deferred(value):
            value = merge_components(value)
            obj.__dict__[self.slot] = value
        return value

    def __set__(self, obj: OpenAPIConfig, value: Components | list[Components] | None) -> None:
        obj.__dict__[self.slot] = value


def _has_deferred(value: Any) -> bool:
    parts = value if isinstance(value, list | tuple) else [value]
    return any(isinstance(part, DeferredComponents) for part in parts)


@dataclass(kw_only=True)
class OpenAPIConfig:
    """The OpenAPI options of an app (``openapi_config=``; ``None`` turns the schema and its pages off).

    Model fields take the ``openapi-pydantic`` models or plain mappings of the same shape. The
    options are checked when the config is made; the content of the mappings when the schema is
    built (an ``ImproperlyConfiguredException`` naming the option in both cases).

    Attributes:
        title: The API's title (``info.title``).
        version: The API's version (``info.version``).
        create_examples: Generate example values for models and parameters (with polyfactory).
        openapi_controller: The controller serving the schema and its pages (a subclass of
            ``OpenAPIController``); its ``path`` is where they are served (``/schema``).
        contact: ``info.contact``.
        description: ``info.description``.
        external_docs: The schema's ``externalDocs``.
        license: ``info.license``.
        security: The schema's top-level security requirements (``[{"BearerToken": []}]``): each
            operation needs one of them unless it declares its own.
        components: ``Components`` (or a list of them, merged, later entries winning) added to the
            generated ones: security schemes, shared examples, headers...
        servers: The schema's ``servers`` (``[{"url": "/"}]`` by default).
        summary: ``info.summary``.
        tags: The schema's ``tags``: names, descriptions and docs of the tags handlers use.
        terms_of_service: ``info.termsOfService`` (a URL).
        use_handler_docstrings: Use a handler's docstring as its operation's description when it sets
            no ``description``.
        webhooks: The schema's ``webhooks``: ``PathItem`` (or ``Reference``) by name.
        root_schema_site: The page served at the controller's root: ``"redoc"``, ``"swagger"`` or
            ``"elements"``.
        enabled_endpoints: The pages and documents the controller serves; the others answer 404.
        by_alias: Describe models by their fields' aliases (pydantic ``Field(alias=...)``), the names
            their JSON uses; ``False`` for the attribute names.
        operation_id_creator: Not in 1.5x: ``(handler, method, path_components) -> str`` giving the
            operation id of a handler that sets no ``operation_id`` (``method`` is upper case,
            ``path_components`` the route's segments, ``{name}`` for a parameter). Ids it repeats get a
            numbered suffix. ``None``: 1.5x's ids (``/users/{id}`` + ``get_user`` -> ``UsersGetUser``).
    """

    title: str
    version: str
    create_examples: bool = False
    openapi_controller: type[OpenAPIController] = OpenAPIController
    contact: Contact | dict[str, Any] | None = None
    description: str | None = None
    external_docs: ExternalDocumentation | dict[str, Any] | None = None
    license: License | dict[str, Any] | None = None
    security: list[SecurityRequirement] | None = None
    components: _ComponentsField = _ComponentsField()
    servers: list[Server | dict[str, Any]] = field(default_factory=_default_servers)
    summary: str | None = None
    tags: list[Tag | dict[str, Any]] | None = None
    terms_of_service: str | None = None
    use_handler_docstrings: bool = False
    webhooks: dict[str, PathItem | Reference] | None = None
    root_schema_site: RootSchemaSite = "redoc"
    enabled_endpoints: set[str] = field(default_factory=_default_endpoints)
    by_alias: bool = True
    operation_id_creator: Callable[[Any, str, list[str]], str] | None = None

    def __post_init__(self) -> None:
        if not (
            isinstance(self.openapi_controller, type)
            and issubclass(self.openapi_controller, OpenAPIController)
        ):
            _refuse("openapi_controller", "a subclass of OpenAPIController", self.openapi_controller)
        if self.root_schema_site not in _ROOT_SITES:
            _refuse("root_schema_site", "'redoc', 'swagger' or 'elements'", self.root_schema_site)
        for name in ("title", "version"):
            if not isinstance(getattr(self, name), str):
                _refuse(name, "a string", getattr(self, name))
        if type(self.terms_of_service).__module__.startswith("pydantic"):  # 1.5x typed it AnyUrl
            self.terms_of_service = str(self.terms_of_service)
        for name in ("description", "summary", "terms_of_service"):
            if getattr(self, name) is not None and not isinstance(getattr(self, name), str):
                _refuse(name, "a string or None", getattr(self, name))
        for name in ("create_examples", "use_handler_docstrings", "by_alias"):
            if not isinstance(getattr(self, name), bool):
                _refuse(name, "True or False", getattr(self, name))
        if self.operation_id_creator is not None and not callable(self.operation_id_creator):
            _refuse("operation_id_creator", "a callable or None", self.operation_id_creator)
        for name in ("contact", "license", "external_docs"):
            if getattr(self, name) is not None and not _is_object(getattr(self, name)):
                _refuse(name, "a model or a mapping", getattr(self, name))
        _check_list(self, "servers", _is_object, "a list of Server models or mappings", optional=False)
        _check_list(self, "tags", _is_object, "a list of Tag models or mappings (name, description)")
        _check_list(self, "security", _is_requirement, 'a list of requirements ({"scheme": [scopes]})')
        components = self.__dict__.get("_components")
        if components is not None:
            parts = components if isinstance(components, list | tuple) else [components]
            if not all(_is_object(part) or isinstance(part, DeferredComponents) for part in parts):
                _refuse("components", "a Components (or mapping), or a list of them", components)
        if self.webhooks is not None and not (
            isinstance(self.webhooks, Mapping) and all(_is_object(item) for item in self.webhooks.values())
        ):
            _refuse("webhooks", "a mapping of names to PathItem (or Reference) models", self.webhooks)
        endpoints = self.enabled_endpoints
        if isinstance(endpoints, str | bytes) or not isinstance(endpoints, Iterable):
            _refuse("enabled_endpoints", 'a set of names ({"redoc", "openapi.json"...})', endpoints)
        self.enabled_endpoints = set(endpoints)
        if not all(isinstance(name, str) for name in self.enabled_endpoints):
            _refuse("enabled_endpoints", "a set of strings", endpoints)

    def to_openapi_schema(self) -> OpenAPI:
        """The schema's document without its paths: info, servers, tags, components and security.

        Returns:
            An ``openapi_pydantic`` ``OpenAPI`` (version 3.1.0) with empty ``paths``.

        Raises:
            ImproperlyConfiguredException: When an option's content is not what OpenAPI allows there,
                naming the option.
        """
        from openapi_pydantic.v3.v3_1 import (
            Contact,
            ExternalDocumentation,
            Info,
            License,
            OpenAPI,
            PathItem,
            Reference,
            Server,
            Tag,
        )

        return OpenAPI(
            openapi="3.1.0",
            info=Info(
                title=self.title,
                version=self.version,
                summary=self.summary,
                description=self.description,
                contact=_model("contact", Contact, self.contact),
                license=_model("license", License, self.license),
                termsOfService=self.terms_of_service,
            ),
            servers=[_model("servers", Server, server) for server in self.servers],
            externalDocs=_model("external_docs", ExternalDocumentation, self.external_docs),
            security=[dict(requirement) for requirement in self.security] if self.security else None,
            components=merge_components(self.components),
            tags=[_model("tags", Tag, tag) for tag in self.tags] if self.tags else None,
            webhooks={
                # A mapping is read as a path item (which may be a bare "$ref" too).
                name: item if isinstance(item, Reference) else _model("webhooks", PathItem, item)
                for name, item in self.webhooks.items()
            }
            if self.webhooks
            else None,
            paths={},
        )


def with_security_scheme(config: Any, components: Any, requirement: Mapping[str, list[str]]) -> OpenAPIConfig:
    """A copy of ``config`` declaring a security scheme and requiring it (a security config's work).

    As in 1.5x, the scheme's ``components`` go after a list of them, before a single one, and the
    requirement after the config's ``security``. The config given is left as it is (it may be
    ``DEFAULT_OPENAPI_CONFIG``, shared by every app).

    Args:
        config: The app's ``openapi_config`` (an ``OpenAPIConfig`` or a mapping of its fields).
        components: The scheme's ``Components``, or ``DeferredComponents`` making them.
        requirement: The security requirement naming the scheme.
    """
    if isinstance(config, Mapping):  # the app reads a mapping as an OpenAPIConfig
        config = OpenAPIConfig(**config)
    # A shallow copy keeps ``components`` as given, unread: reading merges deferred entries, which
    # loads the OpenAPI models. Every list changed below is a new one.
    config = copy.copy(config)
    # The copy's containers are its own: a later hook changing them leaves the given config alone.
    config.enabled_endpoints = set(config.enabled_endpoints)
    config.servers = list(config.servers)
    config.tags = list(config.tags) if config.tags is not None else None
    current = config.__dict__.get("_components")
    if isinstance(current, list | tuple):
        config.components = [*current, components]
    elif current is not None:
        config.components = [components, current]
    else:
        config.components = [components]
    config.security = [*(config.security or []), dict(requirement)]
    return config  # type: ignore[no-any-return]


def merge_components(components: Any) -> Components | None:
    """One ``Components`` from a ``Components``, a mapping, or a list of either (later entries win).

    Args:
        components: What ``OpenAPIConfig.components`` holds.

    Raises:
        ImproperlyConfiguredException: When an entry is not a valid ``Components``.
    """
    from openapi_pydantic.v3.v3_1 import Components

    if components is None:
        return None
    parts = components if isinstance(components, list | tuple) else [components]
    merged: dict[str, dict[str, Any]] = {}
    for part in parts:
        if isinstance(part, DeferredComponents):
            part = part.make()
        part = _model("components", Components, part)
        for name in Components.model_fields:
            value = getattr(part, name, None)
            if value:
                merged.setdefault(name, {}).update(value)
    return Components(**merged)


@overload
def _model(option: str, model: Any, value: None) -> None: ...


@overload
def _model(option: str, model: Any, value: Any) -> Any: ...


def _model(option: str, model: Any, value: Any) -> Any:
    """``value`` as an instance of ``model`` (a mapping is validated into one)."""
    from pydantic import BaseModel, ValidationError

    if value is None or isinstance(value, model):
        return value
    if isinstance(value, BaseModel):  # another model of the same shape (1.5x's, say)
        value = value.model_dump(by_alias=True, exclude_none=True)
    try:
        return model.model_validate(value)
    except ValidationError as error:
        raise ImproperlyConfiguredException(
            f"OpenAPIConfig.{option}: {value!r} is not a valid OpenAPI {model.__name__}: "
            + "; ".join(f"{'.'.join(map(str, e['loc'])) or 'value'}: {e['msg']}" for e in error.errors())
        ) from None


def _refuse(option: str, expected: str, value: Any) -> None:
    raise ImproperlyConfiguredException(f"OpenAPIConfig.{option} must be {expected}, not {value!r}")


def _is_object(value: Any) -> bool:
    # A model is recognised without importing pydantic: creating a config must stay cheap.
    return isinstance(value, Mapping) or hasattr(value, "model_dump")


def _is_requirement(value: Any) -> bool:
    return isinstance(value, Mapping) and all(
        isinstance(name, str) and isinstance(scopes, list | tuple) and all(isinstance(s, str) for s in scopes)
        for name, scopes in value.items()
    )


def _check_list(
    config: OpenAPIConfig, option: str, check: Callable[[Any], bool], expected: str, *, optional: bool = True
) -> None:
    value = getattr(config, option)
    if value is None and optional:
        return
    if not isinstance(value, list | tuple) or not all(check(item) for item in value):
        _refuse(option, expected, value)
