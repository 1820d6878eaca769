"""Piccolo tables of the plugin's tests: bands with a manager (a foreign key); the engine is set per test."""

from __future__ import annotations

from piccolo.columns import JSON, ForeignKey, Integer, Varchar
from piccolo.engine.sqlite import SQLiteEngine
from piccolo.table import Table

# Replaced by each test's own file (``use_database``); a real path so nothing looks for piccolo_conf.py.
_placeholder = SQLiteEngine(path="unused.sqlite")


class Manager(Table, db=_placeholder):
    name = Varchar(length=50)


class Band(Table, db=_placeholder):
    name = Varchar(length=50, required=True)
    popularity = Integer()
    manager = ForeignKey(Manager)
    details = JSON()


TABLES = (Manager, Band)


def use_database(engine: SQLiteEngine) -> None:
    for table in TABLES:
        table._meta.db = engine
