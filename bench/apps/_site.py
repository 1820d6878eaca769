"""What the site apps (W7, W8) of every framework share: the templates, the page's context, the static file.

- W7 renders ``assets/templates/page.html``, which extends ``base.html``: a title, a loop over 20
  items (one with ``&`` and ``<`` in its name, so that autoescaping shows in the body) and two
  filters. Every framework's Jinja environment is the one its docs set up (``autoescape=True``, no
  whitespace options), so all of them render the same bytes, which ``expected_page`` builds without
  Jinja, to check the page independently of any engine.
- W8 serves ``assets/static/blob.bin``: 1 MiB of seeded pseudo-random bytes, written on first use
  (not kept in git) and checked byte for byte.

Only the standard library is imported here: workers running in the Starlite 1.51 venv import this too.
"""

import os
import random
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

ASSETS_DIR = Path(__file__).resolve().parents[1] / "assets"
TEMPLATES_DIR = ASSETS_DIR / "templates"
STATIC_DIR = ASSETS_DIR / "static"
PAGE_TEMPLATE = "page.html"
PAGE_PATH = "/page"
STATIC_PATH = "/static"
STATIC_FILE = "blob.bin"
STATIC_SIZE = 1 << 20

TITLE = "Inventory"
ITEMS: tuple[dict[str, Any], ...] = tuple(
    {
        "name": "Nuts & <Bolts>" if index == 7 else f"Item {index:02d}",
        "price": round(1.25 * index + 0.5, 2),
        "in_stock": index % 3 != 0,
    }
    for index in range(20)
)


def page_context() -> dict[str, Any]:
    """The context of one W7 request: built by the handler on every request, as an app would."""
    return {"title": TITLE, "items": list(ITEMS)}


def expected_page() -> bytes:
    """The page W7 must answer, as Jinja renders ``page.html`` with ``page_context()``."""
    rows = "".join(
        f'\n<li class="{"in" if item["in_stock"] else "out"}">'
        f"{escape(item['name'])}: {item['price']:.2f}</li>"
        for item in ITEMS
    )
    in_stock = sum(1 for item in ITEMS if item["in_stock"])
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{TITLE}</title>\n</head>\n<body>\n<h1>{TITLE}</h1>\n"
        f"<ul>{rows}\n</ul>\n<p>{len(ITEMS)} items, {in_stock} in stock</p>\n</body>\n</html>"
    ).encode()


@cache
def static_bytes() -> bytes:
    """The content of the W8 file: the same 1 MiB on every machine."""
    return random.Random(18).randbytes(STATIC_SIZE)


def ensure_static_file() -> Path:
    """Write the W8 file if it is missing or wrong, and return the static directory.

    Workers start concurrently, so the file is written under a temporary name and renamed into place.
    """
    target = STATIC_DIR / STATIC_FILE
    if target.is_file() and target.stat().st_size == STATIC_SIZE and target.read_bytes() == static_bytes():
        return STATIC_DIR
    STATIC_DIR.mkdir(parents=True, exist_ok=True)
    partial = STATIC_DIR / f".{STATIC_FILE}.{os.getpid()}"
    partial.write_bytes(static_bytes())
    os.replace(partial, target)
    return STATIC_DIR
