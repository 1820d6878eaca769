"""``starlite sessions delete`` and ``starlite sessions clear`` on real stores: memory, files, Redis, SQL.

Redis is the server on 127.0.0.1:6379 (skipped when unreachable, failed under CI); each test keeps its
keys under a prefix of its own. The SQLAlchemy backends use a SQLite file of the test's own, or a
PostgreSQL database of its own (tests/databases.py).
"""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
import redis
from click.testing import CliRunner

from starlite.cli.commands.sessions import get_session_backend
from starlite.cli.main import starlite_group
from starlite.testing import TestClient
from tests.cli.conftest import WriteFile
from tests.databases import fresh_postgres_database, postgres_url
from tests.session_stores import require_server

SESSION_APP = """
from starlite import Request, Starlite, get
{imports}

config = {config}

@get("/login/{{name:str}}")
async def login(request: Request, name: str) -> None:
    request.set_session({{"user": name}})

@get("/me")
async def me(request: Request) -> dict:
    return request.session

async def disconnect_store() -> None:
    {disconnect}

app = Starlite([login, me], middleware=[config.middleware], on_shutdown=[disconnect_store])
"""

BACKENDS = {
    "memory": (
        "from starlite.middleware.session.memory_backend import MemoryBackendConfig",
        "MemoryBackendConfig()",
        "pass",
    ),
    "file": (
        "from starlite.middleware.session.file_backend import FileBackendConfig",
        "FileBackendConfig(storage_path='sessions')",
        "pass",
    ),
    "memcached": (
        "import aiomcache\nfrom starlite.middleware.session.memcached_backend import MemcachedBackendConfig",
        "MemcachedBackendConfig(memcached=aiomcache.Client('127.0.0.1', {port}), key_prefix='{prefix}')",
        "await config.memcached.close()",
    ),
    "redis": (
        "from redis.asyncio import Redis\nfrom starlite.middleware.session.redis_backend import RedisBackendConfig",
        "RedisBackendConfig(redis=Redis(host='127.0.0.1', port={port}), key_prefix='{prefix}')",
        "await config.redis.connection_pool.disconnect()",
    ),
}
# The SQLAlchemy backends: the session table is created at import, through a sync engine.
SQLALCHEMY_APP_IMPORTS = """import sqlalchemy
from sqlalchemy.orm import DeclarativeBase
from starlite.middleware.session.sqlalchemy_backend import SQLAlchemyBackendConfig, create_session_model
from starlite.plugins.sql_alchemy import SQLAlchemyConfig, SQLAlchemyPlugin

class Base(DeclarativeBase):
    pass

SessionModel = create_session_model(Base)
setup_engine = sqlalchemy.create_engine("{sync_url}")
Base.metadata.create_all(setup_engine)
setup_engine.dispose()
plugin = SQLAlchemyPlugin(config=SQLAlchemyConfig(connection_string="{url}", use_async_engine={use_async}))"""
SQLALCHEMY_URLS = {
    "sqlalchemy-sqlite": ("sqlite+pysqlite:///sessions.sqlite", "sqlite:///sessions.sqlite", False),
    "sqlalchemy-aiosqlite": ("sqlite+aiosqlite:///sessions.sqlite", "sqlite:///sessions.sqlite", True),
    "sqlalchemy-psycopg": ("{database:psycopg}", "{database:psycopg}", False),
    "sqlalchemy-asyncpg": ("{database:asyncpg}", "{database:psycopg}", True),
}
for _name, (_url, _sync_url, _use_async) in SQLALCHEMY_URLS.items():
    BACKENDS[_name] = (
        SQLALCHEMY_APP_IMPORTS.format(url=_url, sync_url=_sync_url, use_async=_use_async),
        "SQLAlchemyBackendConfig(plugin=plugin, model=SessionModel)",
        "await plugin._config.engine.dispose()" if _use_async else "plugin._config.engine.dispose()",
    )


def sqlalchemy_imports(name: str, database: str | None) -> str:
    """The imports of a SQLAlchemy backend's app, with its PostgreSQL database's URLs filled in."""
    imports = BACKENDS[name][0]
    if database is not None:
        for driver in ("psycopg", "asyncpg"):
            imports = imports.replace(f"{{database:{driver}}}", postgres_url(database, driver))
    return imports


@pytest.fixture
def postgres_database() -> Iterator[str]:
    with fresh_postgres_database() as name:
        yield name


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    prefix = f"starlite-cli-test-{uuid.uuid4().hex}"
    yield prefix
    host, port = require_server("redis")
    with redis.Redis(host=host, port=port) as client:
        keys = list(client.scan_iter(match=f"{prefix}*"))
        if keys:
            client.delete(*keys)


@pytest.fixture(params=list(BACKENDS))
def session_app(request: pytest.FixtureRequest, write_file: WriteFile) -> ModuleType:
    imports, config, disconnect = BACKENDS[request.param]
    if request.param in SQLALCHEMY_URLS:
        postgres = request.param in ("sqlalchemy-psycopg", "sqlalchemy-asyncpg")
        imports = sqlalchemy_imports(
            request.param, request.getfixturevalue("postgres_database") if postgres else None
        )
    if request.param in ("redis", "memcached"):
        _, port = require_server(request.param)
        config = config.format(port=port, prefix=f"starlite-cli-test-{uuid.uuid4().hex}")
        if request.param == "redis":
            config = config.replace("starlite-cli-test-", request.getfixturevalue("redis_prefix") + "-", 1)
    write_file("sessions_app.py", SESSION_APP.format(imports=imports, config=config, disconnect=disconnect))
    # The command imports the same module: the memory backend's sessions are the ones created here.
    return importlib.import_module("sessions_app")


def log_in(app_module: ModuleType, name: str) -> str:
    with TestClient(app_module.app) as client:
        assert client.get(f"/login/{name}").status_code == 200
        return str(client.cookies["session"])


def session_of(app_module: ModuleType, session_id: str) -> object:
    with TestClient(app_module.app, cookies={"session": session_id}) as client:
        return client.get("/me").json()


def test_delete_one_session(runner: CliRunner, session_app: ModuleType) -> None:
    ann, bob = log_in(session_app, "ann"), log_in(session_app, "bob")
    result = runner.invoke(
        starlite_group, ["--app", "sessions_app:app", "sessions", "delete", "--yes", "--", ann]
    )
    assert result.exit_code == 0, result.output
    assert f"Deleted session '{ann}'" in result.output
    assert session_of(session_app, ann) == {}
    assert session_of(session_app, bob) == {"user": "bob"}


# memcached cannot list its keys: see test_memcached_sessions_cannot_be_cleared.
@pytest.mark.parametrize("session_app", ["memory", "file", "redis", *SQLALCHEMY_URLS], indirect=True)
def test_clear_every_session(runner: CliRunner, session_app: ModuleType) -> None:
    ann, bob = log_in(session_app, "ann"), log_in(session_app, "bob")
    result = runner.invoke(starlite_group, ["--app", "sessions_app:app", "sessions", "clear", "-y"])
    assert result.exit_code == 0, result.output
    assert "All active sessions deleted" in result.output
    assert session_of(session_app, ann) == session_of(session_app, bob) == {}


@pytest.mark.parametrize("answer", ["n", "y"])
def test_delete_asks_first(runner: CliRunner, session_app: ModuleType, answer: str) -> None:
    ann = log_in(session_app, "ann")
    result = runner.invoke(
        starlite_group, ["--app", "sessions_app:app", "sessions", "delete", "--", ann], input=f"{answer}\n"
    )
    assert result.exit_code == 0, result.output
    assert f"Delete session '{ann}'? [y/n]" in result.output
    assert session_of(session_app, ann) == ({} if answer == "y" else {"user": "ann"})


def test_the_file_backend_deletes_from_another_process_s_store(
    runner: CliRunner, write_file: WriteFile, project: Path
) -> None:
    imports, config, disconnect = BACKENDS["file"]
    write_file("sessions_app.py", SESSION_APP.format(imports=imports, config=config, disconnect=disconnect))
    app_module = importlib.import_module("sessions_app")
    ann = log_in(app_module, "ann")
    assert len(list((project / "sessions").iterdir())) == 1
    result = runner.invoke(starlite_group, ["--app", "sessions_app:app", "sessions", "clear", "--yes"])
    assert result.exit_code == 0, result.output
    assert list((project / "sessions").iterdir()) == []
    assert session_of(app_module, ann) == {}


def test_redis_keys_outside_the_prefix_are_left(
    runner: CliRunner, write_file: WriteFile, redis_prefix: str
) -> None:
    host, port = require_server("redis")
    imports, config, disconnect = BACKENDS["redis"]
    config = config.format(port=port, prefix=redis_prefix)
    write_file("sessions_app.py", SESSION_APP.format(imports=imports, config=config, disconnect=disconnect))
    app_module = importlib.import_module("sessions_app")
    log_in(app_module, "ann")
    with redis.Redis(host=host, port=port) as client:
        client.set(f"{redis_prefix}-other", b"kept")
        result = runner.invoke(starlite_group, ["--app", "sessions_app:app", "sessions", "clear", "--yes"])
        assert result.exit_code == 0, result.output
        assert list(client.scan_iter(match=f"{redis_prefix}*")) == [f"{redis_prefix}-other".encode()]


def test_an_unreachable_store_is_an_error(runner: CliRunner, write_file: WriteFile) -> None:
    imports, config, disconnect = BACKENDS["redis"]
    config = config.format(port=1, prefix="unreachable")  # nothing listens on port 1
    write_file("sessions_app.py", SESSION_APP.format(imports=imports, config=config, disconnect=disconnect))
    result = runner.invoke(
        starlite_group, ["--app", "sessions_app:app", "sessions", "delete", "abc", "--yes"]
    )
    assert result.exit_code == 1
    assert "The session store failed: ServiceUnavailableException" in result.output
    assert "Traceback" not in result.output


def test_an_unreachable_database_is_an_error(runner: CliRunner, write_file: WriteFile) -> None:
    imports, config, disconnect = BACKENDS["sqlalchemy-asyncpg"]
    imports = imports.replace("{database:asyncpg}", "postgresql+asyncpg://postgres@127.0.0.1:1/none")
    imports = imports.replace("{database:psycopg}", "postgresql+psycopg://postgres@127.0.0.1:1/none")
    # The table is not created: nothing answers on port 1.
    imports = imports.replace("Base.metadata.create_all(setup_engine)", "")
    write_file("sessions_app.py", SESSION_APP.format(imports=imports, config=config, disconnect=disconnect))
    for command in (["delete", "abc"], ["clear"]):
        result = runner.invoke(starlite_group, ["--app", "sessions_app:app", "sessions", *command, "--yes"])
        assert result.exit_code == 1
        assert "The session store failed: ServiceUnavailableException" in result.output
        assert "The SQLAlchemy session store is unavailable" in result.output
        assert "Traceback" not in result.output


@pytest.mark.parametrize("command", [["delete", "abc"], ["clear"]])
def test_cookie_sessions_cannot_be_deleted(
    runner: CliRunner, write_file: WriteFile, command: list[str]
) -> None:
    write_file(
        "app.py",
        "import os\nfrom starlite import Starlite\n"
        "from starlite.middleware.session.cookie_backend import CookieBackendConfig\n"
        "app = Starlite([], middleware=[CookieBackendConfig(secret=os.urandom(16)).middleware])\n",
    )
    result = runner.invoke(starlite_group, ["sessions", *command])
    assert result.exit_code == 1
    assert "Only server-side backends are supported" in result.output


@pytest.mark.parametrize("command", [["delete", "abc"], ["clear"]])
def test_an_app_without_sessions(runner: CliRunner, write_file: WriteFile, command: list[str]) -> None:
    write_file("app.py", "from starlite import Starlite\napp = Starlite([])\n")
    result = runner.invoke(starlite_group, ["sessions", *command])
    assert result.exit_code == 1
    assert "Session middleware not installed" in result.output


def test_get_session_backend_finds_it_among_other_middleware(session_app: ModuleType) -> None:
    from starlite.middleware.base import DefineMiddleware

    app = session_app.app
    session_middleware = app.middleware[0]
    assert isinstance(session_middleware, DefineMiddleware)
    assert get_session_backend(app) is session_middleware.kwargs["backend"]


def test_memcached_sessions_cannot_be_cleared(runner: CliRunner, write_file: WriteFile) -> None:
    _, port = require_server("memcached")
    imports, config, disconnect = BACKENDS["memcached"]
    config = config.format(port=port, prefix=f"starlite-cli-test-{uuid.uuid4().hex}")
    write_file("sessions_app.py", SESSION_APP.format(imports=imports, config=config, disconnect=disconnect))
    result = runner.invoke(starlite_group, ["--app", "sessions_app:app", "sessions", "clear", "--yes"])
    assert result.exit_code == 1
    assert "memcached cannot list its keys, so its sessions cannot be cleared from here" in result.output


def test_the_memory_backend_warns_that_it_only_reaches_its_own_process(
    runner: CliRunner, write_file: WriteFile
) -> None:
    imports, config, disconnect = BACKENDS["memory"]
    write_file("sessions_app.py", SESSION_APP.format(imports=imports, config=config, disconnect=disconnect))
    result = runner.invoke(starlite_group, ["--app", "sessions_app:app", "sessions", "clear", "--yes"])
    assert result.exit_code == 0
    assert "The memory backend keeps its sessions in the server's process" in result.output
