"""Ours: this repository's ``starlite``, running the Starlite 1.5x apps of ``_starlite_api``."""

import starlite
from apps import lazy_apps

# The real 1.51 has no __version__; ours has (1.52.0.dev0). A copy of ours put first on PYTHONPATH
# (to measure a snapshot of a tree being edited) passes too.
if getattr(starlite, "__version__", "1.51").startswith("1.51"):
    raise ImportError(f"apps.starlite needs this repository's starlite, but imported {starlite.__file__}")

from apps._starlite_api import (  # noqa: E402
    OPENAPI_PATH,
    build_app,
    build_openapi_app,
    build_routes_app,
    build_session_app,
    build_site_app,
)
from starlite import Starlite, get  # noqa: E402


def build_db_app() -> Starlite:
    """W9: the SQLAlchemy plugin (``SQLAlchemyConfig`` on the aiosqlite file): its ``db_session``
    dependency, its default ``before_send`` handler closing the session, and the mapped ``Item``
    returned as is (the plugin turns it into a dict). Ours only: Starlite 1.51's plugin is on
    SQLAlchemy 1.4, which its venv does not have."""
    from sqlalchemy.ext.asyncio import AsyncSession

    from apps._db import ITEMS_PATH, database_url
    from apps._orm import Item
    from starlite.exceptions import NotFoundException
    from starlite.plugins import sql_alchemy

    @get(f"{ITEMS_PATH}/{{item_id:int}}")
    async def read_item(item_id: int, db_session: AsyncSession) -> Item:
        item = await db_session.get(Item, item_id)
        if item is None:
            raise NotFoundException()
        return item

    config = sql_alchemy.SQLAlchemyConfig(connection_string=database_url())
    return Starlite(route_handlers=[read_item], plugins=[sql_alchemy.SQLAlchemyPlugin(config=config)])


__all__ = [
    "OPENAPI_PATH",
    "build_app",
    "build_db_app",
    "build_openapi_app",
    "build_routes_app",
    "build_session_app",
    "build_site_app",
]
__getattr__ = lazy_apps(build_app, build_session_app, build_site_app, build_db_app)
