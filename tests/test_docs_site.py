"""The documentation site: ``mkdocs build --strict`` builds it, and fails on what a reader would trip on.

The build runs here, in the test suite, so CI (the README's test command) builds the site with no extra
step: a broken link or anchor, a missing embedded example, a page left out of the navigation, or a
docstring that mkdocstrings cannot read fails the suite.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MKDOCS_YML = ROOT / "mkdocs.yml"

sys.path.insert(0, str(ROOT / "scripts"))
from docs_reference import pages, public_modules  # noqa: E402

# Markdown pages deliberately kept out of the site's navigation (mkdocs.yml's `not_in_nav`), if any.
NOT_IN_NAV: set[str] = set()

# A Markdown table's separator row, `| --- | :--: |`, outside fenced code.
TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$")


def build(config_file: Path, site_dir: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` in a subprocess; ``cwd`` matters to the snippets' ``base_path``."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d", str(site_dir)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )


def nav_pages(nav: Any) -> list[str]:
    """Every page that a nav (mkdocs.yml's ``nav:`` value) lists."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [page for entry in nav for page in nav_pages(entry)]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in nav_pages(value)]
    return []


def markdown_tables(text: str) -> int:
    fenced = False
    count = 0
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and TABLE_SEPARATOR.match(line):
            count += 1
    return count


def html_of(page: str, site: Path) -> Path:
    """Where mkdocs writes a page (``usage/cors.md`` -> ``usage/cors/index.html``)."""
    path = Path(page).with_suffix("")
    return site / (path.parent if path.name == "index" else path) / "index.html"


def test_every_page_is_in_the_nav() -> None:
    listed = set(nav_pages(yaml.safe_load(MKDOCS_YML.read_text())["nav"]))
    pages_on_disk = {str(page.relative_to(DOCS)) for page in DOCS.rglob("*.md")}
    left_out = sorted(pages_on_disk - listed - NOT_IN_NAV)
    assert left_out == [], (
        f"{left_out} are in docs/ but not in mkdocs.yml's nav, so no reader can reach them and "
        "`mkdocs build --strict` fails: whoever adds a page adds its nav entry in the same change "
        "(for a page kept out on purpose, list it in mkdocs.yml's not_in_nav and in NOT_IN_NAV here)"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = tmp_path_factory.mktemp("site")
    result = build(MKDOCS_YML, site_dir, ROOT)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return site_dir


def test_the_site_builds_every_page(site: Path) -> None:
    listed = nav_pages(yaml.safe_load(MKDOCS_YML.read_text())["nav"])
    assert [page for page in listed if not html_of(page, site).is_file()] == []
    home = (site / "index.html").read_text()
    # The embedded example of the home page is there, not the snippet line.
    assert "greet_as_text" in home
    assert "--8&lt;--" not in home


def test_every_markdown_table_renders_as_a_table(site: Path) -> None:
    # The feature tables (testing comparison, compatibility) are the pages' point; a table missing its
    # blank line renders as a paragraph of pipes without any warning.
    wrong = {}
    for page in DOCS.rglob("*.md"):
        relative = str(page.relative_to(DOCS))
        expected = markdown_tables(page.read_text())
        rendered = html_of(relative, site).read_text().count("<table")
        if relative != "benchmarks.md" and rendered != expected:
            wrong[relative] = (expected, rendered)
    assert wrong == {}
    assert markdown_tables((DOCS / "usage" / "testing-comparison.md").read_text()) >= 1
    assert markdown_tables((DOCS / "compat.md").read_text()) >= 1


def test_the_benchmarks_page_shows_the_published_run(site: Path) -> None:
    page = (site / "benchmarks" / "index.html").read_text()
    assert (site / "benchmarks" / "chart.png").read_bytes() == (
        ROOT / "bench/published/chart.png"
    ).read_bytes()
    assert 'src="chart.png"' in page
    assert page.count("<table") >= 2  # M1 and M3, from bench/published/run-*.json
    assert "<!-- published-run -->" not in page
    assert "How the figures were measured" in page


def test_the_reference_documents_every_public_module(site: Path) -> None:
    generated = pages()
    assert "reference/app.md" in generated
    assert "reference/datastructures.md" in generated
    missing = []
    for page, modules in generated.items():
        html = html_of(page, site).read_text()
        missing += [module for module in modules if f'id="{module}"' not in html]
    assert missing == []
    assert (
        sum(len(modules) for modules in generated.values()) == len(public_modules()) - 1
    )  # all but `starlite`
    app = (site / "reference" / "app" / "index.html").read_text()
    assert 'id="starlite.app.Starlite"' in app
    # Documented where it lives, not again under every package that re-exports it.
    datastructures = (site / "reference" / "datastructures" / "index.html").read_text()
    assert 'id="starlite.datastructures.cookie.Cookie"' in datastructures
    assert 'id="starlite.datastructures.Cookie"' not in datastructures
    # A name whose home is private is documented at its public path.
    assert 'id="starlite.kwargs.KwargsModel"' in (site / "reference" / "kwargs" / "index.html").read_text()


# A tiny docs tree built with the project's own mkdocs.yml settings (validation, snippets, mkdocstrings),
# one defect at a time: each must fail the strict build, and the tree without a defect must pass.
GOOD_PAGE = """# Home

See [the other page](other.md#a-section) and [`tiny.double`][tiny.double].

```python
--8<-- "examples/tiny.py"
```
"""
OTHER_PAGE = "# Other\n\n## A section\n\n::: tiny\n"
TINY_MODULE = '''"""A module for the reference."""


def double(value: int) -> int:
    """Double a number.

    Args:
        value: The number.

    Returns:
        Twice the number.
    """
    return value * 2
'''
# Each defect: the files it changes, and what the build's output must name.
DEFECTS: dict[str, tuple[dict[str, str], str]] = {
    "none": ({}, ""),
    "broken link": ({"docs/index.md": GOOD_PAGE.replace("other.md#", "missing.md#")}, "missing.md"),
    "broken anchor": (
        {"docs/index.md": GOOD_PAGE.replace("#a-section", "#no-such-section")},
        "no-such-section",
    ),
    "missing snippet": ({"docs/index.md": GOOD_PAGE.replace("tiny.py", "gone.py")}, "examples/gone.py"),
    "page not in the nav": ({"docs/orphan.md": "# Orphan\n"}, "orphan.md"),
    "docstring names a missing parameter": (
        {"tiny.py": TINY_MODULE.replace("value: The", "amount: The")},
        "amount",
    ),
    "reference to a missing object": (
        {"docs/index.md": GOOD_PAGE.replace("[tiny.double]", "[tiny.triple]")},
        "tiny.triple",
    ),
}


@pytest.mark.parametrize("defect", list(DEFECTS))
def test_a_defect_fails_the_strict_build(defect: str, tmp_path: Path) -> None:
    config = yaml.safe_load(MKDOCS_YML.read_text())
    config.pop("hooks", None)
    config.pop("watch", None)
    # mkdocs' own theme builds in half the time, and the theme plays no part in what is checked.
    config["theme"] = {"name": "mkdocs"}
    config["nav"] = [{"Home": "index.md"}, {"Other": "other.md"}]
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config))
    files = {
        "docs/index.md": GOOD_PAGE,
        "docs/other.md": OTHER_PAGE,
        "docs/examples/tiny.py": "print('tiny')\n",
        "tiny.py": TINY_MODULE,
        **DEFECTS[defect][0],
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    result = build(tmp_path / "mkdocs.yml", tmp_path / "site", tmp_path)
    if defect == "none":
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode != 0, f"the strict build passed despite a {defect}"
        assert DEFECTS[defect][1] in result.stdout + result.stderr
