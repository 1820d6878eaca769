"""The app's OpenAPI schema: which routes it documents, and building it on first use.

``OpenAPISchemaState`` belongs to one app. It knows the paths the schema documents (the routes
registered when the app was created, and those registered later with ``add_to_openapi_schema=True``,
as in 1.5x) and builds the schema the first time it is asked for it; a registration that adds paths
drops the built schema, so the next read builds it again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlite.config.openapi import OpenAPIConfig
from starlite.exceptions import ImproperlyConfiguredException
from starlite.openapi.controller import MSG_OPENAPI_NOT_INITIALIZED
from starlite.routes.http import HTTPRoute

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import OpenAPI

__all__ = ("OpenAPISchemaState",)


class OpenAPISchemaState:
    """The schema of one app, built when first read.

    Args:
        app: The app.
    """

    __slots__ = ("app", "paths", "schema", "failure")

    def __init__(self, app: Any) -> None:
        self.app = app
        self.paths: set[str] = set()
        self.schema: OpenAPI | None = None
        # Why the last build failed: every later read raises again without building again (a
        # broken schema is not rebuilt, at its cost, on every request to the /schema pages).
        self.failure: Exception | None = None

    def include_current_routes(self) -> None:
        """Document every route the app has now.

        A schema already built is built again now, into the same ``paths`` mapping: as in 1.5x, a
        ``paths`` read before ``register(..., add_to_openapi_schema=True)`` shows the new routes.
        """
        self.paths.update(route.path for route in self.app.routes if isinstance(route, HTTPRoute))
        previous = self.schema
        self.schema = None
        self.failure = None
        if previous is not None and self.app.openapi_config is not None:
            schema = build_openapi_schema(self.app, self.paths)
            if isinstance(previous.paths, dict) and schema.paths is not None:
                previous.paths.clear()
                previous.paths.update(schema.paths)
                schema.paths = previous.paths
            self.schema = schema

    def get(self) -> OpenAPI | None:
        """The schema (``None`` when the app has no ``openapi_config``)."""
        if self.schema is None and self.app.openapi_config is not None:
            if self.failure is not None:
                raise ImproperlyConfiguredException(
                    f"The OpenAPI schema could not be built: {self.failure}"
                ) from self.failure
            try:
                self.schema = build_openapi_schema(self.app, self.paths)
            except Exception as exc:
                self.failure = exc
                raise
        return self.schema

    def require_config(self) -> OpenAPIConfig:
        """The app's ``openapi_config``.

        Raises:
            ImproperlyConfiguredException: When the app has none.
        """
        config: OpenAPIConfig | None = self.app.openapi_config
        if config is None:
            raise ImproperlyConfiguredException(MSG_OPENAPI_NOT_INITIALIZED)
        return config


def build_openapi_schema(app: Any, paths: set[str]) -> OpenAPI:
    """Build the schema of ``app`` from its config and the routes of ``paths``.

    Args:
        app: The app.
        paths: The routes (``route.path``) to document.
    """
    from openapi_pydantic.v3.v3_1 import Components

    # Loaded here, with the models: creating an app that never builds its schema loads none of it.
    from starlite.openapi.path_item import create_path_item
    from starlite.openapi.schema import SchemaRegistry

    config: OpenAPIConfig = app.openapi_config
    schema = config.to_openapi_schema()
    registry = SchemaRegistry(
        create_examples=config.create_examples, plugins=app.plugins, by_alias=config.by_alias
    )
    items = {}
    operation_ids: set[str] = set()  # unique across the document, in route order
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or route.path not in paths:
            continue
        if not any(handler.include_in_schema for handler, _ in route.route_handler_map.values()):
            continue
        items[route.path_format or "/"] = create_path_item(
            route,
            config.create_examples,
            app.plugins,
            config.use_handler_docstrings,
            registry=registry,
            operation_ids=operation_ids,
            operation_id_creator=config.operation_id_creator,
        )
    schema.paths = items
    generated = registry.components()
    if generated:
        components = schema.components or Components()
        components.schemas = {**generated, **(components.schemas or {})}
        schema.components = components
    return schema
