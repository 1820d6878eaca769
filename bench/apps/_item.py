"""The model of W4: ten flat fields. The same source is a pydantic 2 model here and a pydantic 1
model in the Starlite 1.51 venv; apps import it when they build, not at import time, so the start-up
measure times the framework alone.
"""

from pydantic import BaseModel


class Item(BaseModel):
    name: str
    sku: str
    price: float
    quantity: int
    in_stock: bool
    tags: list[str]
    description: str | None = None
    weight: float
    category: str
    rating: int
