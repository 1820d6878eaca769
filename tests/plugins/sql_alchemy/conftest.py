"""The databases the SQLAlchemy plugin tests run on: PostgreSQL (asyncpg, psycopg) and SQLite files (aiosqlite, pysqlite).

``database`` gives each test an empty database of its own, for each of the four engines. PostgreSQL is
the server of ``tests/databases.py`` (skipped when it is not running, failed under CI).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.databases import fresh_postgres_database, postgres_url
from tests.plugins.sql_alchemy._support import Database

ENGINES = ["sqlite-aiosqlite", "sqlite-pysqlite", "postgresql-asyncpg", "postgresql-psycopg"]


@pytest.fixture(params=ENGINES)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty database, and the URLs of its async or sync engine and of a sync engine to check it with."""
    kind, driver = request.param.split("-")
    use_async = driver in ("aiosqlite", "asyncpg")
    if kind == "sqlite":
        path = tmp_path / "test.sqlite"
        yield Database(f"sqlite+{driver}:///{path}", use_async, f"sqlite+pysqlite:///{path}")
        return
    with fresh_postgres_database() as name:
        yield Database(postgres_url(name, driver), use_async, postgres_url(name, "psycopg"))
