"""The benchmarks page's chart and tables, taken at build time from the published run (an mkdocs hook).

``bench/published/`` holds the run the project quotes (``run-<UTC time>.json``, every sample and the
environment) and its chart (``chart.png``, drawn from it by ``bench/chart.py``). This hook adds the
chart to the site as ``benchmarks/chart.png`` and replaces the ``<!-- published-run -->`` line of
``docs/benchmarks.md`` with the run's tables, so the page cannot drift from the figures it shows.
A missing chart or results file fails the build.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = ROOT / "bench" / "published"
CHART = PUBLISHED / "chart.png"
MARKER = "<!-- published-run -->"


def published_run() -> Path:
    """The newest results file in ``bench/published/``."""
    runs = sorted(PUBLISHED.glob("run-*.json"))
    if not runs:
        raise FileNotFoundError(f"no run-*.json in {PUBLISHED}: the benchmarks page has no figures")
    return runs[-1]


def _table(results: dict[str, Any], names: dict[str, str], cell: Any) -> list[str]:
    """A Markdown table: a row per framework (in the run's order), a column per workload."""
    workloads = list(results)
    lines = [
        "| | " + " | ".join(w.upper() for w in workloads) + " |",
        "|---" + "|---:" * len(workloads) + "|",
    ]
    for framework, label in names.items():
        cells = [results[w].get(framework) for w in workloads]
        if any(cells):
            label = f"**{label}**" if framework == "starlite" else label
            lines.append(f"| {label} | " + " | ".join(cell(c) if c else "" for c in cells) + " |")
    return lines


def run_tables(document: dict[str, Any], source: str) -> str:
    """The Markdown that replaces the marker: the environment, then M1 and M3."""
    env = document.get("environment", {})
    names = document.get("frameworks", {})
    measures = document.get("measures", {})
    lines = [
        f"The run shown: `{source}`, {document.get('timestamp', '?')[:16].replace('T', ' ')} UTC, "
        f"{env.get('python', '?')} on {env.get('cpus', '?')} cores ({env.get('cpu', '?')}), "
        f"starlite at commit `{env.get('git_commit', '?')[:7]}`"
        + (" (a `--quick` run)." if document.get("quick") else "."),
        "",
        "Workloads: "
        + "; ".join(f"{key.upper()} `{title}`" for key, title in document.get("workloads", {}).items())
        + ".",
    ]
    m1 = measures.get("m1")
    if m1:
        settings = m1.get("settings", {})
        lines += [
            "",
            f"**M1, in process**: µs per request, median of {settings.get('repeats', '?')} processes × "
            f"{settings.get('n', '?'):,} requests; in brackets, the time over the bare ASGI app's. Every row "
            f"includes the harness's own {m1.get('harness_us', {}).get('median', 0):.2f} µs.",
            "",
            *_table(m1["results"], names, lambda c: f"{c['median']:.1f} ({c['ratio_to_bare']:.1f}x)"),
        ]
    m3 = measures.get("m3")
    if m3:
        settings = m3.get("settings", {})
        lines += [
            "",
            f"**M3, behind uvicorn**: requests per second, median of {settings.get('repeats', '?')} "
            f"servers × {settings.get('duration_s', '?')} s, {settings.get('connections', '?')} connections.",
            "",
            *_table(m3["results"], names, lambda c: f"{c['median']:,.0f}"),
        ]
    return "\n".join(lines)


def on_files(files: Any, config: Any) -> Any:
    """Add the published chart to the site, next to the page."""
    from mkdocs.structure.files import File

    if not CHART.is_file():
        raise FileNotFoundError(f"{CHART} is missing: the benchmarks page shows it")
    files.append(File.generated(config, "benchmarks/chart.png", abs_src_path=str(CHART)))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Put the published run's tables where the benchmarks page has the marker."""
    if page.file.src_uri != "benchmarks.md":
        return markdown
    if MARKER not in markdown:
        raise ValueError(f"docs/benchmarks.md has no {MARKER} line for the published run's tables")
    run = published_run()
    tables = run_tables(json.loads(run.read_text()), f"bench/published/{run.name}")
    return markdown.replace(MARKER, tables)


if __name__ == "__main__":
    run = published_run()
    print(run_tables(json.loads(run.read_text()), f"bench/published/{run.name}"))
