"""``PiccoloORMPlugin``: Piccolo tables as handler data and return values, and in the OpenAPI schema.

Needs the ``piccolo`` extra. The pydantic models come from Piccolo's own ``create_pydantic_model``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlite.exceptions import MissingDependencyException
from starlite.plugins.base import PluginProtocol

try:
    from piccolo.columns import BigInt, BigSerial, ForeignKey, Integer, Serial, SmallInt
    from piccolo.querystring import QueryString, Unquoted
    from piccolo.table import Table, TableMetaclass
    from piccolo.utils.pydantic import create_pydantic_model
except ImportError as exc:  # pragma: no cover - exercised with the package hidden
    raise MissingDependencyException("piccolo", extra="piccolo") from exc

if TYPE_CHECKING:
    from typing import TypeGuard

from pydantic import BaseModel, create_model, field_validator

__all__ = ("PiccoloORMPlugin",)


class PiccoloORMPlugin(PluginProtocol[Table]):
    """Let handlers take and return Piccolo tables (and lists of them).

    Request data is validated against a pydantic model of the table's columns without the primary key
    (named ``<Table>RequestBody``); foreign keys are given as the related row's id. Responses and the
    schema use a model with the primary key, foreign keys as ids (named like the table class).
    Both are built once per table class.
    """

    __slots__ = ("_data_models", "_models")

    def __init__(self) -> None:
        self._models: dict[type[Table], type[BaseModel]] = {}
        self._data_models: dict[type[Table], type[BaseModel]] = {}

    def to_pydantic_model_class(self, model_class: type[Table], **kwargs: Any) -> type[BaseModel]:
        """Return the pydantic model of ``model_class`` (cached per class).

        Args:
            model_class: A Piccolo table class.
            **kwargs: ``parameter_name="data"`` asks for the request body model.
        """
        if kwargs.get("parameter_name") == "data":
            if model_class not in self._data_models:
                self._data_models[model_class] = _refusing_null(
                    create_pydantic_model(table=model_class, model_name=f"{model_class.__name__}RequestBody"),
                    model_class,
                )
            return self._data_models[model_class]
        if model_class not in self._models:
            self._models[model_class] = create_pydantic_model(
                # Not ``nested`` (1.5x): ``to_dict`` gives a foreign key as the related row's id.
                table=model_class,
                model_name=model_class.__name__,
                include_default_columns=True,
            )
        return self._models[model_class]

    @staticmethod
    def is_plugin_supported_type(value: Any) -> TypeGuard[Table]:
        """Tell whether ``value`` is a Piccolo table class or instance."""
        return isinstance(value, Table | TableMetaclass)

    def from_pydantic_model_instance(
        self, model_class: type[Table], pydantic_model_instance: BaseModel
    ) -> Table:
        """Build an unsaved ``model_class`` instance from the fields set in a validated pydantic instance."""
        # Only what the client sent: an omitted column keeps its own default (not the model's ``None``).
        return self.from_dict(model_class, **pydantic_model_instance.model_dump(exclude_unset=True))

    def to_dict(self, model_instance: Table) -> dict[str, Any]:
        """Return the column values of ``model_instance`` as a dict (``None`` for an unsaved row's key)."""
        # A row not saved yet holds the database's ``DEFAULT`` (a query fragment) for its primary key,
        # which has no JSON form: returning the row a handler took as ``data`` was a 500. Piccolo 1.0
        # holds an ``Unquoted`` ``null`` there, which later releases made a ``QueryString``.
        return {
            name: None if isinstance(value, QueryString | Unquoted) else value
            for name, value in model_instance.to_dict().items()
        }

    def from_dict(self, model_class: type[Table], **kwargs: Any) -> Table:
        """Build an unsaved ``model_class`` instance from column values (unknown keys are ignored)."""
        columns = {column._meta.name for column in model_class._meta.columns}
        return model_class(**{name: value for name, value in kwargs.items() if name in columns})


def _refuse_null(value: Any) -> Any:
    if value is None:
        raise ValueError("this column may not be null")
    return value


def _integer_bits(column: Any) -> int | None:
    """The width of an integer column (a foreign key: its target's key), ``None`` for other columns."""
    if isinstance(column, ForeignKey):
        try:
            column = column._foreign_key_meta.resolved_references._meta.primary_key
        except Exception:  # noqa: BLE001 - a lazy reference Piccolo cannot resolve: no bound then
            return None
    if isinstance(column, SmallInt):
        return 16
    if isinstance(column, BigInt | BigSerial):
        return 64
    if isinstance(column, Integer | Serial):
        return 32
    return None


def _in_range(bits: int) -> Any:
    low, high = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1

    def check(value: Any) -> Any:
        if isinstance(value, int) and not low <= value <= high:
            raise ValueError(f"must be between {low} and {high}")
        return value

    return check


def _refusing_null(model: type[BaseModel], table: type[Table]) -> type[BaseModel]:
    # Piccolo's model lets every column that is not ``required`` be null (meaning "use the default"),
    # and any int in an integer column: a null for a NOT NULL column, or a number the column cannot
    # hold, would otherwise fail as the row is saved, a 500.
    fields = model.model_fields
    columns = [column for column in table._meta.columns if column._meta.name in fields]
    validators: dict[str, Any] = {}
    not_null = [column._meta.name for column in columns if not column._meta.null]
    if not_null:
        validators["refuse_null"] = field_validator(*not_null)(_refuse_null)
    for column in columns:
        bits = _integer_bits(column)
        if bits is not None:
            validators[f"range_of_{column._meta.name}"] = field_validator(column._meta.name)(_in_range(bits))
    if not validators:
        return model
    refined: type[BaseModel] = create_model(model.__name__, __base__=model, __validators__=validators)
    return refined
