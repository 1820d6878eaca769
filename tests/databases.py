"""The real databases of the data-layer tests: PostgreSQL on 127.0.0.1 and SQLite files.

PostgreSQL is the throwaway cluster ``.ci/run`` starts (trust authentication, user ``postgres``). A
test that needs it and cannot reach it is skipped, except under CI, where it fails. Each test gets a
database of its own (``fresh_postgres_database``), dropped afterwards, so tests never see each
other's tables.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from tests.session_stores import server_unreachable

POSTGRES_HOST = os.environ.get("STARLITE_TEST_POSTGRES_HOST", "127.0.0.1")
POSTGRES_PORT = int(os.environ.get("STARLITE_TEST_POSTGRES_PORT", "5432"))
POSTGRES_USER = os.environ.get("STARLITE_TEST_POSTGRES_USER", "postgres")


def require_postgres() -> None:
    """Skip the test (fail it under CI) when the PostgreSQL server does not answer."""
    try:
        socket.create_connection((POSTGRES_HOST, POSTGRES_PORT), timeout=2).close()
    except OSError as exc:
        server_unreachable(
            f"PostgreSQL is not reachable on {POSTGRES_HOST}:{POSTGRES_PORT} ({exc}); `bash .ci/run` starts one"
        )


def postgres_url(database: str, driver: str) -> str:
    """The SQLAlchemy URL of ``database`` with ``driver`` (``asyncpg`` or ``psycopg``)."""
    return f"postgresql+{driver}://{POSTGRES_USER}@{POSTGRES_HOST}:{POSTGRES_PORT}/{database}"


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """Create an empty database for one test and drop it afterwards; yields its name."""
    import psycopg

    require_postgres()
    name = f"starlite_test_{uuid.uuid4().hex[:12]}"
    admin = f"host={POSTGRES_HOST} port={POSTGRES_PORT} user={POSTGRES_USER} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
