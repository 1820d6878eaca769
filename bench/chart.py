"""Draw a results file of ``run.py`` as a PNG: ``python bench/chart.py [RESULTS.json] [-o OUT.png]``.

Top panel: M1, each framework's time per request relative to the bare ASGI app (log scale, 1 = the
floor), one bar per workload, grouped by framework. Bottom panel (when M3 ran): requests/second behind
uvicorn, the same way. Matplotlib with the Agg backend (no display needed).
"""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_RESULTS = BENCH_DIR / "results" / "latest.json"
DEFAULT_CHART = BENCH_DIR / "results" / "chart.png"


def _grouped_bars(
    axis: Any,
    frameworks: list[str],
    workloads: list[str],
    value: Any,
    colors: dict[str, Any],
    labels: list[str],
) -> None:
    """One group of bars per framework, one bar per workload; ``value(workload, framework)`` or ``None``."""
    width = 0.8 / max(len(workloads), 1)
    for index, workload in enumerate(workloads):
        xs, heights = [], []
        for position, framework in enumerate(frameworks):
            height = value(workload, framework)
            if height is not None:
                xs.append(position - 0.4 + width * (index + 0.5))
                heights.append(height)
        axis.bar(xs, heights, width * 0.92, color=colors[workload])
    axis.set_xticks(range(len(frameworks)))
    axis.set_xticklabels(labels)
    axis.grid(axis="y", alpha=0.3, which="both")
    axis.set_axisbelow(True)


def draw(document: dict[str, Any], output: Path) -> None:
    """Draw ``document`` (a parsed results file) to ``output``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter

    measures = document.get("measures", {})
    titles = document.get("workloads", {})
    names = document.get("frameworks", {})
    m1 = measures.get("m1", {}).get("results", {})
    m3 = measures.get("m3", {}).get("results", {})
    panels = [name for name, results in (("m1", m1), ("m3", m3)) if results]
    if not panels:
        raise SystemExit("nothing to draw: the results hold neither M1 nor M3")
    # One color per workload, the same in both panels, and one legend for both.
    palette = plt.get_cmap("tab10")
    colors = {workload: palette(index) for index, workload in enumerate(titles)}
    figure, axes = plt.subplots(len(panels), 1, figsize=(10, 0.8 + 4 * len(panels)), squeeze=False)
    env = document.get("environment", {})
    quick = " (--quick)" if document.get("quick") else ""
    figure.suptitle(
        f"starlite benchmark suite{quick}: {document.get('timestamp', '')[:16].replace('T', ' ')} UTC, "
        f"commit {env.get('git_commit', '?')[:10]}, {env.get('python', '')}",
        fontsize=10,
    )
    for axis, panel in zip(axes[:, 0], panels, strict=True):
        if panel == "m1":
            workloads = list(m1)
            frameworks = [f for f in names if f != "bare" and any(f in m1[w] for w in workloads)]

            def ratio(workload: str, framework: str) -> float | None:
                value = m1[workload].get(framework, {}).get("ratio_to_bare")
                return None if value is None else float(value)

            _grouped_bars(axis, frameworks, workloads, ratio, colors, [names[f] for f in frameworks])
            axis.set_yscale("log")
            axis.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:g}x"))
            axis.yaxis.set_minor_formatter(
                FuncFormatter(lambda y, _: f"{y:g}x" if f"{y:g}"[0] in "25" else "")
            )
            axis.axhline(1, color="black", linewidth=0.8)
            axis.set_ylabel("time per request / bare ASGI's")
            axis.set_title(
                "M1: in-process ASGI calls, relative to a hand-written app (lower is better)", fontsize=10
            )
        else:
            workloads = list(m3)
            frameworks = [f for f in names if any(f in m3[w] for w in workloads)]

            def rps(workload: str, framework: str) -> float | None:
                value = m3[workload].get(framework, {}).get("median")
                return None if value is None else float(value)

            _grouped_bars(axis, frameworks, workloads, rps, colors, [names[f] for f in frameworks])
            axis.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y / 1000:g}k"))
            axis.set_ylabel("requests / second")
            axis.set_title(
                "M3: behind uvicorn (httptools, uvloop, 1 worker), wrk -c64 (higher is better)", fontsize=10
            )
    handles = [Patch(color=colors[key], label=f"{key}: {title}") for key, title in titles.items()]
    figure.legend(
        handles=handles,
        loc="upper center",
        ncol=min(len(handles), 5),
        fontsize=8,
        frameon=False,
        bbox_to_anchor=(0.5, 0.965),
    )
    figure.tight_layout(rect=(0, 0, 1, 0.93))
    output.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(output, dpi=100)
    plt.close(figure)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("results", nargs="?", type=Path, default=DEFAULT_RESULTS, help="a results file")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_CHART, help="the PNG to write")
    args = parser.parse_args(argv)
    draw(json.loads(args.results.read_text()), args.output)
    print(f"chart: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
