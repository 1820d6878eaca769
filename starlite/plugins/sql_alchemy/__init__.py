"""The SQLAlchemy plugin (``pip install starlite[sqlalchemy]``)."""

from starlite.plugins.sql_alchemy.config import SQLAlchemyConfig as SQLAlchemyConfig
from starlite.plugins.sql_alchemy.config import SQLAlchemyEngineConfig as SQLAlchemyEngineConfig
from starlite.plugins.sql_alchemy.config import SQLAlchemySessionConfig as SQLAlchemySessionConfig
from starlite.plugins.sql_alchemy.plugin import SQLAlchemyPlugin as SQLAlchemyPlugin

__all__ = ("SQLAlchemyConfig", "SQLAlchemyEngineConfig", "SQLAlchemyPlugin", "SQLAlchemySessionConfig")
