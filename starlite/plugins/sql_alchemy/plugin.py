"""``SQLAlchemyPlugin``: SQLAlchemy's engine and sessions on the app, and its mapped classes as handler data.

A mapped class (declarative or imperatively mapped) becomes a pydantic 2 model built from its mapper:
one field per column, typed after the column type (``providers_map``), and one per relationship, a
nested model or a list of them. The model validates request bodies and documents the class in the
OpenAPI schema; it is built once per class. Returned instances become dicts without it: their column
values are read directly (``to_dict``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from inspect import isclass
from ipaddress import IPv4Network, IPv6Network
from typing import Annotated, Any, Literal, Optional, TypeGuard
from uuid import UUID
from weakref import WeakSet

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, create_model

from starlite.datastructures.provide import Provide
from starlite.exceptions import ImproperlyConfiguredException, MissingDependencyException
from starlite.plugins.base import PluginProtocol

try:
    from sqlalchemy import inspect
    from sqlalchemy import types as sqlalchemy_type
    from sqlalchemy.dialects import mssql, mysql, oracle, postgresql, sqlite
    from sqlalchemy.exc import NoInspectionAvailable
    from sqlalchemy.orm import DeclarativeMeta, InstanceState, Mapper
    from sqlalchemy.sql.type_api import TypeEngine
except ImportError as exc:  # pragma: no cover - the extra is installed in the test environments
    raise MissingDependencyException("sqlalchemy", install_package="sqlalchemy", extra="sqlalchemy") from exc

from starlite.plugins.sql_alchemy._conversion import ConversionPlan, datetime_type
from starlite.plugins.sql_alchemy._errors import database_error_handlers
from starlite.plugins.sql_alchemy.config import SQLAlchemyConfig, _CloseSessionLeftOpen
from starlite.plugins.sql_alchemy.types import SQLAlchemyBinaryType
from starlite.utils.sync import AsyncCallable

__all__ = ("SQLAlchemyPlugin",)

_MAPPED_CLASSES: WeakSet[type[Any]] = WeakSet()
"""The classes ``is_plugin_supported_type`` found mapped (a mapped class stays mapped)."""


_SCALAR_DEFAULT_TYPES = (str, bytes, int, float, bool, Decimal, date, time, timedelta, UUID, Enum, dict, list)


class SQLAlchemyPlugin(PluginProtocol[DeclarativeMeta]):
    """The SQLAlchemy plugin.

    Args:
        config: With a config, the plugin puts the engine and session maker on the app state at start-up,
            gives handlers the request's session (``config.dependency_key``), ends it before the response
            is sent, answers a database that cannot be reached with a 503 and disposes of the engine at
            shutdown. Without one it only converts mapped classes.
    """

    __slots__ = ("_config", "_model_namespace_map", "_models", "_plans")

    def __init__(self, config: SQLAlchemyConfig | None = None) -> None:
        self._config = config
        # Models by a name unique to their class (the forward references between them use it).
        self._model_namespace_map: dict[str, type[BaseModel]] = {}
        self._models: dict[type[Any], type[BaseModel]] = {}
        self._plans: dict[type[Any], ConversionPlan] = {}

    def on_app_init(self, app: Any) -> None:
        """Add the session dependency, the hooks and the handlers of database connection errors to ``app``.

        The hooks: ``before_send`` (ending the session), startup (engine and session maker on the state)
        and shutdown (disposing of the engine); a database that cannot be reached becomes a 503.

        Args:
            app: The application, before any of its handlers is registered.
        """
        config = self._config
        if config is None:
            return
        app.dependencies[config.dependency_key] = Provide(config.create_db_session_dependency)
        handler = config.before_send_handler
        # The app calls a hook with the scope when the hook takes three arguments: give it the function.
        app.before_send.append(handler.ref if isinstance(handler, AsyncCallable) else handler)
        # Innermost of the app's middleware: it sees the connection end after everything else.
        app.middleware = [*(app.middleware or ()), _CloseSessionLeftOpen]
        app.on_startup.append(config.update_app_state)
        app.on_shutdown.append(config.on_shutdown)
        if app.exception_handlers is None:
            app.exception_handlers = {}
        for exception_class, exception_handler in database_error_handlers().items():
            app.exception_handlers.setdefault(exception_class, exception_handler)
        config.config_sql_alchemy_logging(app.logging_config)

    @staticmethod
    def is_plugin_supported_type(value: Any) -> TypeGuard[DeclarativeMeta]:
        """Tell whether ``value`` is a mapped class (declarative or imperative) or an instance of one.

        Args:
            value: Any value.
        """
        # Asked for every returned value: a class found mapped once is not inspected again.
        value_class = value if isclass(value) else type(value)
        if value_class in _MAPPED_CLASSES:
            return True
        try:
            inspected = inspect(value, raiseerr=False)
        except NoInspectionAvailable:  # pragma: no cover - raiseerr=False returns None instead
            return False
        if isinstance(inspected, Mapper | InstanceState):
            _MAPPED_CLASSES.add(value_class)
            return True
        return False

    # --- column types -------------------------------------------------------------------------------

    @staticmethod
    def handle_string_type(column_type: sqlalchemy_type.String | SQLAlchemyBinaryType) -> Any:
        """The type of a string or binary column: ``str`` or ``bytes``, with the column's maximum length.

        Args:
            column_type: The column type.
        """
        python_type: type[Any] = bytes if isinstance(column_type, sqlalchemy_type._Binary) else str
        length = getattr(column_type, "length", None)
        if length is None or not isinstance(length, int):
            return python_type
        if python_type is str:
            return Annotated[str, StringConstraints(max_length=length)]
        return Annotated[bytes, Field(max_length=length)]

    @staticmethod
    def handle_numeric_type(column_type: sqlalchemy_type.Numeric[Any]) -> Any:
        """The type of a non-integer number column: ``Decimal`` when it returns decimals, else ``float``.

        Args:
            column_type: The column type.
        """
        return Decimal if getattr(column_type, "asdecimal", False) else float

    def handle_list_type(self, column_type: sqlalchemy_type.ARRAY[Any]) -> Any:
        """The type of an array column: a list (of lists, for each dimension) of its item type.

        Args:
            column_type: The column type.
        """
        list_type: Any = self.get_pydantic_type(column_type=column_type.item_type)
        for _ in range(column_type.dimensions or 1):
            list_type = list[list_type]
        return list_type

    def handle_tuple_type(self, column_type: sqlalchemy_type.TupleType) -> Any:
        """The type of a tuple column: a tuple of its members' types.

        Args:
            column_type: The column type.
        """
        members = tuple(self.get_pydantic_type(column_type=member) for member in column_type.types)
        return tuple[members]  # type: ignore[valid-type]

    @staticmethod
    def handle_enum(column_type: sqlalchemy_type.Enum | mysql.ENUM | postgresql.ENUM) -> Any:
        """The type of an enum column: its enum class, or a literal of its values when made from strings.

        Args:
            column_type: The column type.
        """
        enum_class = getattr(column_type, "enum_class", None)
        if enum_class is not None:
            return enum_class
        return Literal[tuple(column_type.enums)]

    @property
    def providers_map(self) -> dict[type[TypeEngine[Any]], Callable[[Any], Any]]:
        """Column type classes and the callables giving the python type of a column of each.

        Override it in a subclass to support other column types.
        """

        def fixed(python_type: Any) -> Callable[[Any], Any]:
            return lambda _: python_type

        string, numeric, enum = self.handle_string_type, self.handle_numeric_type, self.handle_enum
        json = fixed(dict | list)
        networks = fixed(IPv4Network | IPv6Network)
        t = sqlalchemy_type
        return {
            # generic and SQL standard types
            t.ARRAY: self.handle_list_type,
            t.BIGINT: fixed(int),
            t.BINARY: string,
            t.BLOB: string,
            t.BOOLEAN: fixed(bool),
            t.BigInteger: fixed(int),
            t.Boolean: fixed(bool),
            t.CHAR: string,
            t.CLOB: string,
            t.DATE: fixed(date),
            t.DATETIME: datetime_type,
            t.DECIMAL: numeric,
            t.DOUBLE: numeric,
            t.DOUBLE_PRECISION: numeric,
            t.Date: fixed(date),
            t.DateTime: datetime_type,
            t.Double: numeric,
            t.Enum: enum,
            t.FLOAT: numeric,
            t.Float: numeric,
            t.INT: fixed(int),
            t.INTEGER: fixed(int),
            t.Integer: fixed(int),
            t.Interval: fixed(timedelta),
            t.JSON: json,
            t.LargeBinary: string,
            t.NCHAR: string,
            t.NUMERIC: numeric,
            t.NVARCHAR: string,
            t.Numeric: numeric,
            t.REAL: numeric,
            t.SMALLINT: fixed(int),
            t.SmallInteger: fixed(int),
            t.String: string,
            t.TEXT: string,
            t.TIME: fixed(time),
            t.TIMESTAMP: datetime_type,
            t.Text: string,
            t.Time: fixed(time),
            t.TupleType: self.handle_tuple_type,
            t.UUID: fixed(UUID),
            t.Unicode: string,
            t.UnicodeText: string,
            t.Uuid: fixed(UUID),
            t.VARBINARY: string,
            t.VARCHAR: string,
            # mssql
            mssql.BIT: fixed(bool),
            mssql.DATETIME2: fixed(datetime),
            mssql.DATETIMEOFFSET: fixed(datetime),
            mssql.IMAGE: string,
            mssql.MONEY: fixed(Decimal),
            mssql.NTEXT: string,
            mssql.REAL: numeric,
            mssql.SMALLDATETIME: fixed(datetime),
            mssql.SMALLMONEY: fixed(Decimal),
            mssql.SQL_VARIANT: fixed(str),
            mssql.TIME: fixed(time),
            mssql.TINYINT: fixed(int),
            mssql.UNIQUEIDENTIFIER: fixed(str),
            mssql.VARBINARY: string,
            mssql.XML: string,
            # mysql
            mysql.BIGINT: fixed(int),
            mysql.BIT: fixed(bool),
            mysql.CHAR: string,
            mysql.DATETIME: datetime_type,
            mysql.DECIMAL: numeric,
            mysql.DOUBLE: numeric,
            mysql.ENUM: enum,
            mysql.FLOAT: numeric,
            mysql.INTEGER: fixed(int),
            mysql.JSON: json,
            mysql.LONGBLOB: string,
            mysql.LONGTEXT: string,
            mysql.MEDIUMBLOB: string,
            mysql.MEDIUMINT: fixed(int),
            mysql.MEDIUMTEXT: string,
            mysql.NCHAR: string,
            mysql.NUMERIC: numeric,
            mysql.NVARCHAR: string,
            mysql.REAL: numeric,
            mysql.SET: fixed(set),
            mysql.SMALLINT: fixed(int),
            mysql.TEXT: string,
            mysql.TIME: fixed(time),
            mysql.TIMESTAMP: datetime_type,
            mysql.TINYBLOB: string,
            mysql.TINYINT: fixed(int),
            mysql.TINYTEXT: string,
            mysql.VARCHAR: string,
            mysql.YEAR: fixed(Annotated[int, Field(ge=1901, le=2155)]),
            # oracle
            oracle.BFILE: string,
            oracle.BINARY_DOUBLE: numeric,
            oracle.BINARY_FLOAT: numeric,
            oracle.DATE: fixed(datetime),  # Oracle's DATE holds a time too
            oracle.DOUBLE_PRECISION: numeric,
            oracle.INTERVAL: fixed(timedelta),
            oracle.LONG: string,
            oracle.NCLOB: string,
            oracle.NUMBER: numeric,
            oracle.RAW: string,
            oracle.VARCHAR2: string,
            oracle.VARCHAR: string,
            # postgresql
            postgresql.ARRAY: self.handle_list_type,
            postgresql.BIT: fixed(bool),
            postgresql.BYTEA: string,
            postgresql.CIDR: networks,
            postgresql.DATERANGE: fixed(tuple[date, date]),
            postgresql.DOUBLE_PRECISION: numeric,
            postgresql.ENUM: enum,
            postgresql.HSTORE: fixed(dict[str, str]),
            postgresql.INET: networks,
            postgresql.INT4RANGE: fixed(tuple[int, int]),
            postgresql.INT8RANGE: fixed(tuple[int, int]),
            postgresql.INTERVAL: fixed(timedelta),
            postgresql.JSON: json,
            postgresql.JSONB: json,
            postgresql.MACADDR: fixed(
                Annotated[str, StringConstraints(pattern=r"^([A-F0-9]{2}:){5}[A-F0-9]{2}$")]
            ),
            postgresql.MONEY: fixed(Decimal),
            postgresql.NUMRANGE: fixed(tuple[int | float, int | float]),
            postgresql.TIME: fixed(time),
            postgresql.TIMESTAMP: datetime_type,
            postgresql.TSRANGE: fixed(tuple[datetime, datetime]),
            postgresql.TSTZRANGE: fixed(tuple[datetime, datetime]),
            postgresql.UUID: fixed(UUID),
            # sqlite
            sqlite.DATE: fixed(date),
            sqlite.DATETIME: datetime_type,
            sqlite.JSON: json,
            sqlite.TIME: fixed(time),
        }

    def get_pydantic_type(self, column_type: Any) -> Any:
        """The python type pydantic validates a column's values with.

        Args:
            column_type: A column type (instance or class); anything else stands for its own type.

        Raises:
            ImproperlyConfiguredException: For a column type ``providers_map`` does not know (the exact
                class is looked up: subclass the plugin and extend ``providers_map`` for custom types).
        """
        column_type_class = column_type if isclass(column_type) else type(column_type)
        if not issubclass(column_type_class, TypeEngine):
            return column_type_class
        provider = self.providers_map.get(column_type_class)
        if provider is None:
            raise ImproperlyConfiguredException(
                f"Unsupported column type {column_type_class.__name__!r}: extend the plugin's providers_map"
            )
        return provider(column_type)

    # --- models -------------------------------------------------------------------------------------

    @staticmethod
    def parse_model(model_class: Any) -> Mapper[Any]:
        """Return the mapper of a mapped class.

        Args:
            model_class: A mapped class (declarative or imperatively mapped).

        Raises:
            ImproperlyConfiguredException: When ``model_class`` is not a mapped class.
        """
        inspected = inspect(model_class, raiseerr=False) if isclass(model_class) else None
        if isinstance(inspected, Mapper):
            return inspected
        raise ImproperlyConfiguredException(
            f"Unsupported 'model_class' {model_class!r}: only SQLAlchemy mapped classes are supported"
        )

    def to_pydantic_model_class(self, model_class: Any, **kwargs: Any) -> type[BaseModel]:
        """Return the pydantic model of a mapped class (built once, with those of its related classes).

        Columns are required when not nullable and without a scalar default; relationships are optional,
        a nested model (or a list of them) for a relationship without ``back_populates``/``backref``, and
        ``Any`` for one with (as in 1.5x).

        Args:
            model_class: A mapped class.
            **kwargs: Not used (1.5x's signature).

        Raises:
            ImproperlyConfiguredException: For a class that is not mapped, or a column type not supported.
        """
        model = self._models.get(model_class)
        if model is not None:
            return model
        mapper = self.parse_model(model_class)
        built: list[tuple[type[Any], type[BaseModel]]] = []
        try:
            model = self._build_model(mapper, built)
            for _, item in built:
                item.model_rebuild(_types_namespace=self._model_namespace_map)
        except Exception:
            # All or nothing: a related class that cannot be converted leaves no half-built model behind.
            for built_class, _ in built:
                self._models.pop(built_class, None)
                self._model_namespace_map.pop(self._reference_name(built_class), None)
            raise
        return model

    def _build_model(
        self, mapper: Mapper[Any], built: list[tuple[type[Any], type[BaseModel]]]
    ) -> type[BaseModel]:
        fields: dict[str, Any] = {}
        for name, column in mapper.columns.items():
            python_type = self.get_pydantic_type(column.type)
            if column.nullable:
                python_type = Optional[python_type]  # noqa: UP045 - it may be a forward reference (a str)
            default = (
                getattr(column.default, "arg", None) if getattr(column.default, "is_scalar", False) else None
            )
            if isinstance(default, _SCALAR_DEFAULT_TYPES):
                fields[name] = (python_type, default)
            else:
                fields[name] = (python_type, None if column.nullable else ...)
        related: list[Mapper[Any]] = []
        for name, relationship in mapper.relationships.items():
            if relationship.back_populates or relationship.backref:
                # Typed, the two sides of a back-populated pair would nest each other without end.
                fields[name] = (Any, None)
                continue
            reference = self._reference_name(relationship.mapper.class_)
            annotation: Any = list[reference] if relationship.uselist else reference  # type: ignore[valid-type]
            fields[name] = (Optional[annotation], None)  # noqa: UP045 - a forward reference (a str)
            if relationship.mapper.class_ not in self._models:
                related.append(relationship.mapper)
        model = create_model(
            mapper.class_.__qualname__,
            __config__=ConfigDict(
                from_attributes=True,
                arbitrary_types_allowed=True,
                # One schema for request and response bodies (pydantic would split one with a Decimal).
                json_schema_mode_override="validation",
            ),
            __module__=mapper.class_.__module__,
            **fields,
        )
        self._models[mapper.class_] = model
        self._model_namespace_map[self._reference_name(mapper.class_)] = model
        built.append((mapper.class_, model))
        for related_mapper in related:
            if related_mapper.class_ not in self._models:
                self._build_model(related_mapper, built)
        return model

    @staticmethod
    def _reference_name(model_class: type[Any]) -> str:
        # Unique per class: two mapped classes may share a name (in different modules).
        return f"{model_class.__qualname__.replace('.', '_')}_{id(model_class):x}"

    def _plan(self, model_class: type[Any]) -> ConversionPlan:
        plan = self._plans.get(model_class)
        if plan is None:
            plan = self._plans[model_class] = ConversionPlan(
                self.parse_model(model_class), plan_for=self._plan, model_for=self.to_pydantic_model_class
            )
        return plan

    # --- conversions --------------------------------------------------------------------------------

    def from_pydantic_model_instance(self, model_class: Any, pydantic_model_instance: BaseModel) -> Any:
        """Build an instance of a mapped class from an instance of its pydantic model.

        Only the fields that were set are passed (so that column defaults apply); nested models become
        related instances.

        Args:
            model_class: The mapped class.
            pydantic_model_instance: An instance of its pydantic model (or of one with the same fields).
        """
        return self._plan(model_class).from_pydantic(pydantic_model_instance)

    def to_dict(self, model_instance: Any) -> dict[str, Any] | Awaitable[dict[str, Any]]:
        """Return the column values of a mapped instance, and its related instances as nested dicts.

        Loaded values are read directly (not through pydantic). Unloaded ones are loaded, as attribute
        access loads them; for an instance of an ``AsyncSession`` that cannot be done synchronously, and
        an awaitable of the dict is returned instead. A relationship back to an instance already being
        converted is left out.

        Args:
            model_instance: An instance of a mapped class.
        """
        model_class = type(model_instance)
        plan = self._plans.get(model_class) or self._plan(model_class)
        return plan.to_dict(model_instance)

    def from_dict(self, model_class: Any, **kwargs: Any) -> Any:
        """Build an instance of a mapped class from keyword arguments.

        Args:
            model_class: The mapped class.
            **kwargs: Its attributes.
        """
        return model_class(**kwargs)
