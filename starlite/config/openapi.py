"""``OpenAPIConfig``: what the app's OpenAPI schema says about the API, and which pages serve it.

The OpenAPI models (``Contact``, ``License``, ``Server``, ``Tag``, ``Components``...) come from
``openapi-pydantic``, the maintained successor of the models Starlite 1.5x used; they are importable
from here, as in 1.5x, and loaded on first use: an app pays for them only when its schema is built.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

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


@dataclass(kw_only=True)
class OpenAPIConfig:
    """The OpenAPI options of an app (``openapi_config=``; ``None`` turns the schema and its pages off).

    Model fields take the ``openapi-pydantic`` models or plain mappings of the same shape.

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
        security: The schema's top-level security requirements.
        components: ``Components`` (or a list of them, merged) added to the generated ones.
        servers: The schema's ``servers`` (``[{"url": "/"}]`` by default).
        summary: ``info.summary``.
        tags: The schema's ``tags`` (descriptions of the tags handlers use).
        terms_of_service: ``info.termsOfService``.
        use_handler_docstrings: Use a handler's docstring as its operation's description when it sets
            no ``description``.
        webhooks: The schema's ``webhooks``.
        root_schema_site: The page served at the controller's root: ``"redoc"``, ``"swagger"`` or
            ``"elements"``.
        enabled_endpoints: The pages and documents the controller serves; the others answer 404.
        by_alias: Render the schema with its field aliases (``$ref``, ``in``...), as OpenAPI spells them.
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
    components: Components | list[Components] | None = None
    servers: list[Server | dict[str, Any]] = field(default_factory=_default_servers)
    summary: str | None = None
    tags: list[Tag | dict[str, Any]] | None = None
    terms_of_service: str | None = None
    use_handler_docstrings: bool = False
    webhooks: dict[str, PathItem | Reference] | None = None
    root_schema_site: RootSchemaSite = "redoc"
    enabled_endpoints: set[str] = field(default_factory=_default_endpoints)
    by_alias: bool = True

    def __post_init__(self) -> None:
        from starlite.exceptions import ImproperlyConfiguredException

        if not (
            isinstance(self.openapi_controller, type)
            and issubclass(self.openapi_controller, OpenAPIController)
        ):
            raise ImproperlyConfiguredException(
                f"OpenAPIConfig.openapi_controller must be a subclass of OpenAPIController, "
                f"not {self.openapi_controller!r}"
            )
        if self.root_schema_site not in ("redoc", "swagger", "elements"):
            raise ImproperlyConfiguredException(
                f"OpenAPIConfig.root_schema_site must be 'redoc', 'swagger' or 'elements', "
                f"not {self.root_schema_site!r}"
            )
        self.enabled_endpoints = set(self.enabled_endpoints)

    def to_openapi_schema(self) -> OpenAPI:
        """The schema's document without its paths: info, servers, tags, components and security.

        Returns:
            An ``openapi_pydantic`` ``OpenAPI`` (version 3.1.0) with empty ``paths``.
        """
        from openapi_pydantic.v3.v3_1 import Info, OpenAPI

        return OpenAPI(
            openapi="3.1.0",
            info=Info(
                title=self.title,
                version=self.version,
                summary=self.summary,
                description=self.description,
                contact=self.contact,
                license=self.license,
                termsOfService=self.terms_of_service,
            ),
            servers=self.servers,
            externalDocs=self.external_docs,
            security=self.security,
            components=merge_components(self.components),
            tags=self.tags,
            webhooks=self.webhooks,
            paths={},
        )


def merge_components(components: Any) -> Components | None:
    """One ``Components`` from a ``Components``, a mapping, or a list of either (later entries win).

    Args:
        components: What ``OpenAPIConfig.components`` holds.
    """
    from openapi_pydantic.v3.v3_1 import Components

    if components is None:
        return None
    parts = components if isinstance(components, list | tuple) else [components]
    merged: dict[str, dict[str, Any]] = {}
    for part in parts:
        if isinstance(part, dict):
            part = Components.model_validate(part)
        for name in Components.model_fields:
            value = getattr(part, name, None)
            if value:
                merged.setdefault(name, {}).update(value)
    return Components(**merged)
