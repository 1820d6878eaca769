"""The same plugin on a sync engine (pysqlite): sync handlers run in a worker thread with a ``Session``."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from starlite import Starlite, get, post
from starlite.plugins.sql_alchemy import SQLAlchemyConfig, SQLAlchemyPlugin
from starlite.testing import TestClient


class Base(DeclarativeBase):
    pass


class Company(Base):
    __tablename__ = "company"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    worth: Mapped[float]


@post("/companies", sync_to_thread=True)
def add_companies(data: list[Company], db_session: Session) -> list[Company]:
    db_session.add_all(data)
    db_session.commit()
    return data


@get("/companies", sync_to_thread=True)
def list_companies(db_session: Session, min_worth: float = 0) -> list[Company]:
    query = select(Company).where(Company.worth >= min_worth).order_by(Company.id)
    return list(db_session.scalars(query))


def create_app(database_url: str) -> Starlite:
    sqlalchemy_config = SQLAlchemyConfig(connection_string=database_url, use_async_engine=False)

    def create_tables() -> None:
        Base.metadata.create_all(sqlalchemy_config.engine)  # type: ignore[arg-type]

    return Starlite(
        route_handlers=[add_companies, list_companies],
        on_startup=[create_tables],
        plugins=[SQLAlchemyPlugin(config=sqlalchemy_config)],
    )


app = create_app("sqlite+pysqlite:///companies.sqlite")


def test_lists_of_companies(tmp_path: Path) -> None:
    companies = [{"id": 1, "name": "Acme", "worth": 10.5}, {"id": 2, "name": "Initech", "worth": 2.0}]
    with TestClient(app=create_app(f"sqlite+pysqlite:///{tmp_path / 'companies.sqlite'}")) as client:
        assert client.post("/companies", json=companies).json() == companies
        assert client.get("/companies", params={"min_worth": 5}).json() == [companies[0]]
