"""What the database apps (W9) of every framework share: the SQLite file, its rows and the answer.

W9 reads one row by primary key through each framework's way of giving a handler an ORM session
(SQLAlchemy 2's ``AsyncSession`` on ``aiosqlite``), per request: open a session, ``session.get``,
close it, answer the row as JSON. The file is written once (``ensure_database``) with the standard
library's ``sqlite3``, so every framework reads the same bytes and none of them pays for creating it.

Only the standard library is imported here: ``workloads.py`` (imported by every worker) reads
``expected_item``; the mapped class is in ``apps/_orm.py``.
"""

import os
import sqlite3
from pathlib import Path
from typing import Any

DB_DIR = Path(__file__).resolve().parents[1] / "assets" / "db"
DB_FILE = DB_DIR / "items.sqlite"
ROWS = 1_000
ITEM_ID = 42
ITEMS_PATH = "/items"
TABLE = "items"


def row(item_id: int) -> dict[str, Any]:
    """Row ``item_id`` of the table: a name and a price exact in binary (no rounding in any JSON encoder)."""
    return {"id": item_id, "name": f"Item {item_id:04d}", "price": item_id + 0.25}


def expected_item() -> dict[str, Any]:
    """The body W9 must answer."""
    return row(ITEM_ID)


def database_url() -> str:
    """The SQLAlchemy URL of the file, for the async ``aiosqlite`` driver, after making sure it exists."""
    return f"sqlite+aiosqlite:///{ensure_database()}"


def _is_complete(path: Path) -> bool:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        count, last = connection.execute(f"SELECT count(*), max(id) FROM {TABLE}").fetchone()  # noqa: S608
    except sqlite3.Error:
        return False
    finally:
        connection.close()
    return bool(count == ROWS and last == ROWS)


def ensure_database() -> Path:
    """Write the W9 file (``ROWS`` rows) if it is missing or incomplete, and return its path.

    Workers start one after the other but servers may overlap, so the file is written under a
    temporary name and renamed into place.
    """
    if DB_FILE.is_file() and _is_complete(DB_FILE):
        return DB_FILE
    DB_DIR.mkdir(parents=True, exist_ok=True)
    partial = DB_DIR / f".{DB_FILE.name}.{os.getpid()}"
    partial.unlink(missing_ok=True)
    connection = sqlite3.connect(partial)
    try:
        with connection:
            connection.execute(
                f"CREATE TABLE {TABLE} (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL, "
                "price FLOAT NOT NULL)"
            )
            connection.executemany(
                f"INSERT INTO {TABLE} (id, name, price) VALUES (:id, :name, :price)",  # noqa: S608
                [row(item_id) for item_id in range(1, ROWS + 1)],
            )
    finally:
        connection.close()
    os.replace(partial, DB_FILE)
    return DB_FILE
