"""``SQLAlchemyConfig`` and its engine and session options: defaults, refusals, what reaches SQLAlchemy."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from starlite import LoggingConfig, Starlite
from starlite.plugins.sql_alchemy import (
    SQLAlchemyConfig,
    SQLAlchemyEngineConfig,
    SQLAlchemyPlugin,
    SQLAlchemySessionConfig,
)
from starlite.plugins.sql_alchemy.config import default_before_send_handler, serializer
from starlite.utils.sync import AsyncCallable


def test_connection_string_or_engine_instance_exactly_one() -> None:
    with pytest.raises(
        ValidationError, match="One of 'connection_string' or 'engine_instance' must be provided"
    ):
        SQLAlchemyConfig()
    engine = create_engine("sqlite://")
    with pytest.raises(ValidationError, match="Only one of 'connection_string' or 'engine_instance'"):
        SQLAlchemyConfig(connection_string="sqlite://", engine_instance=engine)
    assert SQLAlchemyConfig(engine_instance=engine, use_async_engine=False).engine is engine


def test_defaults_are_those_of_1_5() -> None:
    config = SQLAlchemyConfig(connection_string="sqlite+aiosqlite://")
    assert config.use_async_engine is True
    assert config.dependency_key == "db_session"
    assert config.engine_app_state_key == "db_engine"
    assert config.session_maker_app_state_key == "session_maker_class"
    assert config.session_maker_class is sessionmaker
    assert config.set_json_serializers is True
    assert config.session_config.expire_on_commit is False
    assert config.engine_config.future is True
    assert isinstance(config.before_send_handler, AsyncCallable)
    assert config.before_send_handler.ref is default_before_send_handler
    assert isinstance(config.engine, AsyncEngine)
    assert issubclass(config.session_maker.class_, AsyncSession)  # type: ignore[attr-defined]


def test_a_before_send_handler_must_be_callable() -> None:
    with pytest.raises(ValidationError, match="before_send_handler"):
        SQLAlchemyConfig(connection_string="sqlite://", before_send_handler="close")


def test_engine_config_dict_passes_only_what_is_set_and_exists_in_sqlalchemy_2() -> None:
    config = SQLAlchemyConfig(
        connection_string="sqlite://",
        use_async_engine=False,
        engine_config=SQLAlchemyEngineConfig(echo=False, poolclass=StaticPool, logging_level="INFO"),
    )
    assert config.engine_config_dict == {
        "echo": False,
        "json_deserializer": config.engine_config.json_deserializer,
        "json_serializer": serializer,
        "poolclass": StaticPool,
    }
    assert isinstance(config.engine.pool, StaticPool)
    plain = SQLAlchemyConfig(connection_string="sqlite://", set_json_serializers=False)
    assert plain.engine_config_dict == {}


@pytest.mark.parametrize(
    "options, field",
    [
        ({"future": False}, "future"),
        ({"strategy": "mock"}, "strategy"),
        ({"listeners": [object()]}, "listeners"),
    ],
)
def test_engine_options_sqlalchemy_2_removed_are_refused(options: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError, match=field):
        SQLAlchemyEngineConfig(**options)


@pytest.mark.parametrize(
    "options, field", [({"autocommit": True}, "autocommit"), ({"future": False}, "future")]
)
def test_session_options_sqlalchemy_2_removed_are_refused(options: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError, match=field):
        SQLAlchemySessionConfig(**options)


def test_session_maker_gets_the_options_that_are_set() -> None:
    config = SQLAlchemyConfig(
        connection_string="sqlite://",
        use_async_engine=False,
        session_config=SQLAlchemySessionConfig(autocommit=False, future=True, autoflush=False, info={"a": 1}),
    )
    maker = config.session_maker
    assert config.session_maker is maker  # made once
    session = maker()
    assert isinstance(session, Session)
    assert (session.autoflush, session.info, session.expire_on_commit) == (False, {"a": 1}, False)
    session.close()


def test_a_session_maker_instance_or_class_of_ones_own() -> None:
    engine = create_engine("sqlite://")
    own = sessionmaker(engine)
    assert SQLAlchemyConfig(connection_string="sqlite://", session_maker_instance=own).session_maker is own
    config = SQLAlchemyConfig(connection_string="sqlite+aiosqlite://", session_maker_class=async_sessionmaker)
    assert isinstance(config.session_maker, async_sessionmaker)

    class OwnSession(Session):
        pass

    config = SQLAlchemyConfig(connection_string="sqlite://", use_async_engine=False, session_class=OwnSession)
    assert issubclass(config.session_maker.class_, OwnSession)  # type: ignore[attr-defined]


def test_serializer_writes_json_text() -> None:
    assert serializer({"a": [1, 2]}) == '{"a":[1,2]}'


@pytest.fixture
def _sqlalchemy_logger_levels() -> Iterator[None]:
    names = ("sqlalchemy", "sqlalchemy.engine", "sqlalchemy.pool", "my.engine")
    levels = {name: logging.getLogger(name).level for name in names}
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


@pytest.mark.usefixtures("_sqlalchemy_logger_levels")
def test_sqlalchemy_loggers_join_the_logging_config() -> None:
    config = SQLAlchemyConfig(
        connection_string="sqlite://",
        use_async_engine=False,
        engine_config=SQLAlchemyEngineConfig(logging_name="my.engine", logging_level="INFO"),
    )
    logging_config = LoggingConfig(loggers={"sqlalchemy.pool": {"level": "DEBUG", "handlers": []}})
    config.config_sql_alchemy_logging(logging_config)
    assert logging_config.loggers["my.engine"] == {"level": "INFO", "handlers": ["queue_listener"]}
    assert logging_config.loggers["sqlalchemy"] == {"level": "INFO", "handlers": ["queue_listener"]}
    assert logging_config.loggers["sqlalchemy.pool"] == {"level": "DEBUG", "handlers": []}  # left alone
    # Applied now: the app configured logging before its plugins ran.
    assert logging.getLogger("my.engine").level == logging.INFO


def test_the_app_without_logging_config_is_fine() -> None:
    config = SQLAlchemyConfig(connection_string="sqlite://", use_async_engine=False)
    app = Starlite(route_handlers=[], plugins=[SQLAlchemyPlugin(config=config)], logging_config=None)
    assert "db_session" in app.dependencies


def test_importing_starlite_does_not_import_sqlalchemy() -> None:
    import subprocess

    code = "import sys, starlite; starlite.Starlite(route_handlers=[]); print('sqlalchemy' in sys.modules)"
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        == "False\n"
    )
