"""``TortoiseORMPlugin``: Tortoise ORM models as handler data and return values, and in the OpenAPI schema.

Needs the ``tortoise-orm`` extra. The pydantic models come from Tortoise's own ``pydantic_model_creator``;
returned instances are serialised with ``PydanticModel.from_tortoise_orm``, which fetches their relations,
so ``to_dict`` is a coroutine and needs Tortoise initialised on the loop serving the request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlite.exceptions import MissingDependencyException
from starlite.plugins.base import PluginProtocol

try:
    from tortoise.contrib.pydantic import PydanticModel, pydantic_model_creator
    from tortoise.fields import ReverseRelation
    from tortoise.fields.relational import RelationalField
    from tortoise.models import Model, ModelMeta
except ImportError as exc:  # pragma: no cover - exercised with the package hidden
    raise MissingDependencyException(
        "tortoise", install_package="tortoise-orm", extra="tortoise-orm"
    ) from exc

if TYPE_CHECKING:
    from typing import TypeGuard

    from pydantic import BaseModel

__all__ = ("TortoiseORMPlugin",)

# Names 1.5x's module offered (imported from Tortoise); kept importable from here.
_REEXPORTED = (ModelMeta, PydanticModel, RelationalField, ReverseRelation, pydantic_model_creator)


class TortoiseORMPlugin(PluginProtocol[Model]):
    """Let handlers take and return Tortoise ORM models (and lists of them).

    Request data is validated against a pydantic model without the primary key, the relations and the
    read-only fields (named ``<Model>RequestBody``); responses and the schema use a model with every
    field and the relations (named like the model class). Both are built once per model class.

    Example:
        ``Starlite(route_handlers=[...], plugins=[TortoiseORMPlugin()], on_startup=[init_tortoise])``
    """

    __slots__ = ("_data_models", "_models")

    def __init__(self) -> None:
        self._models: dict[type[Model], type[PydanticModel]] = {}
        self._data_models: dict[type[Model], type[PydanticModel]] = {}

    def on_app_init(self, app: Any) -> None:
        """Share the Tortoise context the start-up hooks open with the requests (Tortoise 1.x).

        Since Tortoise 1.0, ``Tortoise.init`` keeps its connections in a context variable of the task
        that called it: a 1.5x app initialising Tortoise in an ``on_startup`` hook would find no
        connection in its handlers, which run in other tasks. After the app's start-up hooks the
        context they opened becomes Tortoise's global fallback (what Tortoise's own ``RegisterTortoise``
        does), and it is closed at shutdown if the app's shutdown hooks left it open.
        """
        app.on_startup.append(_share_tortoise_context)
        app.on_shutdown.append(_close_shared_tortoise_context)

    def to_pydantic_model_class(self, model_class: type[Model], **kwargs: Any) -> type[PydanticModel]:
        """Return the pydantic model of ``model_class`` (cached per class once Tortoise knows it).

        Args:
            model_class: A Tortoise model class.
            **kwargs: ``parameter_name="data"`` asks for the request body model; the rest goes to
                ``pydantic_model_creator``.
        """
        cache = self._data_models if kwargs.get("parameter_name") == "data" else self._models
        # Tortoise learns the relations (the reverse ones, the foreign key ids) when it initialises the
        # models, often in a start-up hook after the app is built: a model made before that is not kept.
        if not model_class._meta._inited:
            return _create_uncached_pydantic_model(model_class, **kwargs)
        if model_class not in cache:
            cache[model_class] = _create_pydantic_model(model_class, **kwargs)
        return cache[model_class]

    @staticmethod
    def is_plugin_supported_type(value: Any) -> TypeGuard[Model]:
        """Tell whether ``value`` is a Tortoise model class or instance."""
        return isinstance(value, Model | ModelMeta)

    def from_pydantic_model_instance(
        self, model_class: type[Model], pydantic_model_instance: BaseModel
    ) -> Model:
        """Build an unsaved ``model_class`` instance from the fields set in a validated pydantic instance."""
        # Only what the client sent: an omitted column keeps its own default (not the model's ``None``).
        return self.from_dict(model_class, **pydantic_model_instance.model_dump(exclude_unset=True))

    async def to_dict(self, model_instance: Model) -> dict[str, Any]:
        """Return the fields of ``model_instance`` and its relations (fetched from the database) as a dict."""
        model = self.to_pydantic_model_class(type(model_instance))
        serialised = await model.from_tortoise_orm(model_instance)
        return serialised.model_dump()

    def from_dict(self, model_class: type[Model], **kwargs: Any) -> Model:
        """Build an unsaved ``model_class`` instance from field values."""
        return model_class().update_from_dict(kwargs)


def _create_pydantic_model(model_class: type[Model], **kwargs: Any) -> type[PydanticModel]:
    # Nullable fields may be omitted (older Tortoise releases made them required, as 1.5x patched).
    nullable = tuple(name for name, field in model_class._meta.fields_map.items() if field.null)
    kwargs.setdefault("optional", nullable)
    if kwargs.pop("parameter_name", None) != "data":
        return pydantic_model_creator(model_class, **{"name": model_class.__name__, **kwargs})
    # Request data: the database chooses the key, relations are not written through the body.
    excluded = tuple(
        name
        for name, field in model_class._meta.fields_map.items()
        if field.pk or isinstance(field, RelationalField | ReverseRelation)
    )
    options = {"name": f"{model_class.__name__}RequestBody", "exclude": excluded, "exclude_readonly": True}
    return pydantic_model_creator(model_class, **{**options, **kwargs})


def _create_uncached_pydantic_model(model_class: type[Model], **kwargs: Any) -> type[PydanticModel]:
    # Before 1.0 Tortoise's creator reused a model by its name alone: one made before the models are
    # initialised must not be handed out again once they are (it would lack their relations).
    from tortoise.contrib.pydantic import creator

    index = getattr(creator, "_MODEL_INDEX", {})
    known = dict(index)
    model = _create_pydantic_model(model_class, **kwargs)
    index.clear()
    index.update(known)
    return model


_shared_contexts: list[Any] = []


async def _share_tortoise_context() -> None:
    try:
        from tortoise.context import get_current_context, set_global_context
    except ImportError:  # before Tortoise 1.0 connections were process-wide already
        return
    from tortoise.exceptions import ConfigurationError

    context = get_current_context()
    if context is None:
        return
    try:
        set_global_context(context)
    except ConfigurationError:  # already global (``_enable_global_fallback=True``), or another app's
        return
    _shared_contexts.append(context)


async def _close_shared_tortoise_context() -> None:
    if not _shared_contexts:
        return
    from tortoise.context import get_current_context

    while _shared_contexts:
        context = _shared_contexts.pop()
        # Closing a context also drops it as the global fallback, so the next app can share its own.
        current = get_current_context()
        if current is not None and current is context:
            await current.close_connections()
