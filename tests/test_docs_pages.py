"""The documentation pages: every embedded example exists (and, under docs/examples, runs as a test)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
SNIPPET = re.compile(r'--8<-- "([^"]+)"')


@pytest.mark.parametrize("page", PAGES, ids=[str(page.relative_to(DOCS)) for page in PAGES])
def test_every_embedded_example_exists(page: Path) -> None:
    missing = [path for path in SNIPPET.findall(page.read_text()) if not (DOCS / path).is_file()]
    assert missing == []


def test_the_navigation_lists_existing_pages() -> None:
    mkdocs = (DOCS.parent / "mkdocs.yml").read_text()
    listed = re.findall(r":\s*'?([\w/.-]+\.md)'?\s*$", mkdocs, flags=re.MULTILINE)
    assert listed, "no pages found in mkdocs.yml"
    assert [page for page in listed if not (DOCS / page).is_file()] == []
