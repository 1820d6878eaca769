"""The routes of the OpenAPI start-up measure, for the frameworks whose decorators take 1.5x's shape
(ours, Starlite 1.51 and Litestar 2: ``get(path)(fn)``, ``post(path)(fn)``, answering 201).
"""

from collections.abc import Callable
from typing import Any


def openapi_handlers(count: int, get: Callable[..., Any], post: Callable[..., Any]) -> list[Any]:
    """``count`` handlers: even ``i``: ``GET /items{i}/{item_id:int}?q=...&limit=...`` answering an
    ``Item``; odd ``i``: ``POST /items{i}`` taking an ``Item`` body and answering it.
    """
    from apps._item import Item

    handlers = []
    for index in range(count):
        if index % 2 == 0:

            async def read(item_id: int, q: str, limit: int = 10) -> Item:
                raise NotImplementedError  # never called: only the schema is asked for

            read.__name__ = read.__qualname__ = f"read{index}"
            handlers.append(get(f"/items{index}/{{item_id:int}}")(read))
        else:

            async def create(data: Item) -> Item:
                return data

            create.__name__ = create.__qualname__ = f"create{index}"
            handlers.append(post(f"/items{index}")(create))
    return handlers
