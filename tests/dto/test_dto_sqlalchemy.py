"""DTOs of SQLAlchemy mapped classes, through the SQLAlchemy plugin, on a SQLite file."""

# No ``from __future__ import annotations``: handlers name DTO classes built inside the tests.
from collections.abc import Iterator
from pathlib import Path

import pytest

# The plugin is built on its own branch; until both are on main, this module skips rather than fails.
sql_alchemy = pytest.importorskip("starlite.plugins.sql_alchemy")

from sqlalchemy import String, select  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncSession  # noqa: E402
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column  # noqa: E402

from starlite import DTOFactory, Starlite, get, post  # noqa: E402
from starlite.testing import TestClient  # noqa: E402


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(30))
    password_hash: Mapped[str] = mapped_column(String(100), default="")


dto_factory = DTOFactory(plugins=[sql_alchemy.SQLAlchemyPlugin()])
UserIn = dto_factory("UserIn", User, exclude=["password_hash"], field_mapping={"login": "username"})
UserOut = dto_factory("UserOut", User, exclude=["password_hash"], field_mapping={"login": "username"})


@post("/users")
async def add_user(data: UserIn, db_session: AsyncSession) -> UserOut:  # type: ignore[valid-type]
    user = data.to_model_instance()  # type: ignore[attr-defined]
    assert isinstance(user, User)
    user.password_hash = "hashed"
    db_session.add(user)
    await db_session.commit()
    return user  # type: ignore[return-value]


@get("/users")
async def list_users(db_session: AsyncSession) -> list[UserOut]:  # type: ignore[valid-type]
    return list(await db_session.scalars(select(User).order_by(User.id)))  # type: ignore[arg-type]


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient[Starlite]]:
    config = sql_alchemy.SQLAlchemyConfig(
        connection_string=f"sqlite+aiosqlite:///{tmp_path / 'users.sqlite'}"
    )

    async def create_tables() -> None:
        async with config.engine.begin() as connection:
            await connection.run_sync(Base.metadata.create_all)

    app = Starlite(
        route_handlers=[add_user, list_users],
        plugins=[sql_alchemy.SQLAlchemyPlugin(config=config)],
        on_startup=[create_tables],
    )
    with TestClient(app=app) as client:
        yield client


def test_mapped_instances_go_in_and_out_through_dtos(client: TestClient[Starlite]) -> None:
    assert UserOut.dto_source_model is User and UserOut.dto_source_plugin is not None  # type: ignore[attr-defined]
    created = client.post("/users", json={"id": 1, "username": "ada"})
    assert created.status_code == 201
    assert created.json() == {"id": 1, "username": "ada"}
    assert client.get("/users").json() == [{"id": 1, "username": "ada"}]


def test_a_body_with_the_column_name_is_a_400_naming_the_dto_field(client: TestClient[Starlite]) -> None:
    response = client.post("/users", json={"id": 1, "login": "ada"})
    assert response.status_code == 400
    assert [error["key"] for error in response.json()["extra"]] == ["username"]
    assert client.get("/users").json() == []


def test_the_schema_shows_the_dto_fields(client: TestClient[Starlite]) -> None:
    schemas = client.get("/schema/openapi.json").json()["components"]["schemas"]
    assert schemas["UserOut"]["properties"].keys() == {"id", "username"}
