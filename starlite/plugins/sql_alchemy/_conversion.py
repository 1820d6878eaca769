"""Mapped instances to dicts and pydantic instances to mapped instances, planned once per mapped class.

A ``ConversionPlan`` holds what the mapper says about a class (its column attribute keys and its
relationships), so that converting an instance reads the instance's ``__dict__`` and never inspects
the mapper again: turning a row into a dict is one dict lookup per column.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ValidationError
from sqlalchemy.ext.asyncio import async_object_session
from sqlalchemy.orm import Mapper

from starlite.exceptions import ValidationException

__all__ = ("ConversionPlan", "RelationshipPlan", "datetime_type")


def _as_naive_utc(value: datetime) -> datetime:
    # A column without time zone holds wall-clock times: asyncpg refuses an aware value there (a 500),
    # SQLite drops its offset and PostgreSQL converts it to the session's zone. UTC, on every one.
    return value if value.tzinfo is None else value.astimezone(timezone.utc).replace(tzinfo=None)


_NAIVE_DATETIME = Annotated[datetime, AfterValidator(_as_naive_utc)]


def datetime_type(column_type: Any) -> Any:
    """The python type of a date-and-time column: aware values become naive UTC without time zone."""
    return datetime if getattr(column_type, "timezone", False) else _NAIVE_DATETIME


class RelationshipPlan:
    """A relationship of a mapped class: its attribute key, target class, and whether it holds a list."""

    __slots__ = ("key", "target", "many", "typed")

    def __init__(self, key: str, target: type[Any], many: bool, typed: bool) -> None:
        self.key = key
        self.target = target
        self.many = many
        # Back-populated relationships are ``Any`` in the pydantic model (as in 1.5x): their input is
        # validated here, against the target's model, when it is converted.
        self.typed = typed


class ConversionPlan:
    """How to convert the instances of one mapped class.

    Args:
        mapper: The class's mapper.
        plan_for: Gives the plan of another mapped class (for related instances).
        model_for: Gives the pydantic model of a mapped class (to validate untyped relationship input).
    """

    __slots__ = (
        "model_class",
        "columns",
        "relationships",
        "relationships_by_key",
        "plan_for",
        "model_for",
        "_defaulted",
    )

    def __init__(
        self,
        mapper: Mapper[Any],
        plan_for: Callable[[type[Any]], ConversionPlan],
        model_for: Callable[[type[Any]], type[BaseModel]],
    ) -> None:
        self.model_class = mapper.class_
        self.columns = tuple(mapper.columns.keys())
        self.relationships = tuple(
            RelationshipPlan(
                key=key,
                target=relationship.mapper.class_,
                many=bool(relationship.uselist),
                typed=not (relationship.back_populates or relationship.backref),
            )
            for key, relationship in mapper.relationships.items()
        )
        self.relationships_by_key = {relationship.key: relationship for relationship in self.relationships}
        self.plan_for = plan_for
        self.model_for = model_for
        # The fields each pydantic model has a default for (other than None), by model class.
        self._defaulted: dict[type[BaseModel], frozenset[str]] = {}

    # --- to a dict ----------------------------------------------------------------------------------

    def to_dict(self, instance: Any) -> dict[str, Any] | Awaitable[dict[str, Any]]:
        """The columns of ``instance`` (and its related instances, as nested dicts) as a dict.

        Loaded attributes are read as they are. Unloaded ones are loaded as attribute access loads them,
        except for an instance of an ``AsyncSession``, where loading needs SQLAlchemy's greenlet: then an
        awaitable is returned that loads them through ``AsyncSession.run_sync``.
        """
        values = instance.__dict__
        if not self.relationships:
            try:
                return {key: values[key] for key in self.columns}
            except KeyError:  # an expired or deferred column
                pass
        if not self._needs_loading(instance, set()):
            return self._convert(instance, set())
        session = async_object_session(instance)
        if session is None:
            return self._convert(instance, set())
        return session.run_sync(lambda _: self._convert(instance, set()))

    def _needs_loading(self, instance: Any, path: set[int]) -> bool:
        values = instance.__dict__
        if any(key not in values for key in self.columns):
            return True
        path.add(id(instance))
        for relationship in self.relationships:
            if relationship.key not in values:
                return True
            related = values[relationship.key]
            plan = self.plan_for(relationship.target)
            for item in related if relationship.many else () if related is None else (related,):
                if id(item) not in path and plan._needs_loading(item, path):
                    return True
        path.discard(id(instance))
        return False

    def _convert(self, instance: Any, path: set[int]) -> dict[str, Any]:
        values = instance.__dict__
        result = {key: values[key] if key in values else getattr(instance, key) for key in self.columns}
        if not self.relationships:
            return result
        path.add(id(instance))
        detached = instance._sa_instance_state.session_id is None
        for relationship in self.relationships:
            if relationship.key in values:
                related = values[relationship.key]
            elif detached:  # nothing to load it from: left out, as the model's default (None)
                result[relationship.key] = None
                continue
            else:
                related = getattr(instance, relationship.key)
            plan = self.plan_for(relationship.target)
            if related is None:
                result[relationship.key] = None
            elif relationship.many:
                result[relationship.key] = [
                    plan._convert(item, path) for item in related if id(item) not in path
                ]
            elif id(related) not in path:
                # A reference back to an instance being converted (a cycle) is left out.
                result[relationship.key] = plan._convert(related, path)
        path.discard(id(instance))
        return result

    # --- from pydantic ------------------------------------------------------------------------------

    def from_pydantic(self, model_instance: BaseModel) -> Any:
        """An instance of the mapped class from the fields set on a pydantic instance of its model.

        Fields the client did not send are passed only when the model has a default for them (a scalar
        column default), so that a column with a server-side default does not get NULL. Nested models
        become related mapped instances.
        """
        kwargs: dict[str, Any] = {}
        names = model_instance.model_fields_set
        defaulted = self._defaulted.get(type(model_instance))
        if defaulted is None:
            defaulted = self._defaulted[type(model_instance)] = frozenset(
                name for name, info in type(model_instance).model_fields.items() if info.default is not None
            )
        for name in names | defaulted if defaulted else names:
            value = getattr(model_instance, name)
            relationship = self.relationships_by_key.get(name)
            if relationship is not None and value is not None:
                value = self._related_from(relationship, value)
            kwargs[name] = value
        return self.model_class(**kwargs)

    def _related_from(self, relationship: RelationshipPlan, value: Any) -> Any:
        plan = self.plan_for(relationship.target)
        if not relationship.many:
            return plan.from_pydantic(self._validated(relationship, value))
        if not isinstance(value, list | tuple):
            raise ValidationException(detail=f"Validation failed: '{relationship.key}' must be a list")
        return [plan.from_pydantic(self._validated(relationship, item)) for item in value]

    def _validated(self, relationship: RelationshipPlan, value: Any) -> BaseModel:
        if isinstance(value, BaseModel):
            return value
        try:
            return self.model_for(relationship.target).model_validate(value)
        except ValidationError as exc:
            error = exc.errors()[0]
            location = ".".join(str(part) for part in (relationship.key, *error["loc"]))
            raise ValidationException(
                detail=f"Validation failed: '{location}': {error['msg']}",
                extra=[{"key": location, "message": error["msg"]}],
            ) from None
