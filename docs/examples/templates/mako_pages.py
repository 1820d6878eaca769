"""A plain-text page rendered with Mako, with a callable of the application's own."""

from pathlib import Path
from typing import Any

from starlite import Starlite, Template, TemplateConfig, get
from starlite.contrib.mako import MakoTemplateEngine
from starlite.testing import TestClient

ORDERS = {7: [{"item": "tea & cake", "quantity": 2}, {"item": "scones", "quantity": 6}]}


def signature(context: dict[str, Any]) -> str:
    # A template callable receives the template's context first, then what the template passes.
    return f"the shop, for {context['request'].client.host}"


def configure(engine: MakoTemplateEngine) -> None:
    engine.register_template_callable("signature", signature)


@get("/orders/{order_id:int}", name="order")
def order(order_id: int) -> None:
    return None


@get("/orders/{order_id:int}/receipt")
def receipt(order_id: int) -> Template:
    # ".txt.mako": sent as text/plain.
    return Template("receipt.txt.mako", context={"order_id": order_id, "lines": ORDERS[order_id]})


app = Starlite(
    route_handlers=[order, receipt],
    template_config=TemplateConfig(
        engine=MakoTemplateEngine, directory=Path(__file__).parent / "templates", engine_callback=configure
    ),
)


def test_the_receipt() -> None:
    with TestClient(app=app) as client:
        response = client.get("/orders/7/receipt")
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.text.splitlines() == [
        "Order 7",
        "- tea &amp; cake: 2",  # the template escapes with "| h" where it asks to
        "- scones: 6",
        "Track it at /orders/7",
        "Signed by the shop, for testclient",
    ]
