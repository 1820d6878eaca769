"""What the measures of ``run.py`` share: the selection of frameworks, the workers, medians and tables.

The parent (``run.py``) never imports a framework: every measurement runs in a fresh subprocess on
the framework's own interpreter (``python bench/worker.py MEASURE JOB``, from ``bench/``), so Starlite
1.51 runs from its own venv and a broken framework cannot take the run down with it.
"""

import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from _harness import _cpu_model
from apps import BENCH_DIR, REPO_ROOT, Framework
from workloads import Workload

T = TypeVar("T")
WORKER = BENCH_DIR / "worker.py"
# Recorded for every run, besides each framework's own distributions.
COMMON_DISTRIBUTIONS = (
    "anyio",
    "httpx",
    "pydantic",
    "pydantic-core",
    "msgspec",
    "cryptography",
    "uvicorn",
    "httptools",
    "uvloop",
)


@dataclass
class Suite:
    """One run's choices, handed to every measure.

    Attributes:
        frameworks: the selected frameworks that can run, in the order of ``FRAMEWORKS``.
        skipped: selected frameworks that cannot run, with the reason.
        workloads: the selected workloads.
        quick: ``--quick``: short, single repeats.
        repeats: ``-r``, or ``None`` for each measure's default.
        n: ``-n``, or ``None`` for each measure's default.
    """

    frameworks: list[Framework]
    skipped: dict[str, str]
    workloads: list[Workload]
    quick: bool = False
    repeats: int | None = None
    n: int | None = None
    notes: list[str] = field(default_factory=list)

    def pick(self, full: T, quick: T) -> T:
        """A default: ``full``, or ``quick`` with ``--quick``."""
        return quick if self.quick else full

    def names(self) -> list[str]:
        return [framework.name for framework in self.frameworks]


def unavailable(framework: Framework) -> str | None:
    """Why ``framework`` cannot run here, or ``None`` when it can."""
    if framework.venv is not None:
        if not Path(framework.python).exists():
            return f"no interpreter at {framework.python} (bench/run creates the venv)"
        return None  # what the venv holds is checked by distribution_versions and by the workers
    missing = [name for name in framework.imports if importlib.util.find_spec(name) is None]
    return f"not installed: {', '.join(missing)}" if missing else None


def installed_distributions(python: str) -> dict[str, str]:
    """Every distribution installed for ``python`` and its version (asked of that interpreter)."""
    code = (
        "import importlib.metadata as m, json\n"
        "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))\n"
    )
    try:
        proc = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=60)
        listed = sorted(json.loads(proc.stdout).items(), key=lambda item: item[0].lower())
        return {_normalized(name): version for name, version in listed}
    except (OSError, ValueError, subprocess.SubprocessError) as exc:
        return {"error": f"could not list the packages of {python}: {exc}"}


def git_commit() -> str:
    """The commit checked out in the repository, read from ``.git`` (without running git)."""
    git = REPO_ROOT / ".git"
    try:
        common = git
        if git.is_file():  # a worktree: .git names its own directory, which names the shared one
            git = (REPO_ROOT / git.read_text().strip().removeprefix("gitdir: ")).resolve()
            common = (git / (git / "commondir").read_text().strip()).resolve()
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head
        ref = head[5:]
        if (common / ref).exists():
            return (common / ref).read_text().strip()
        for line in (common / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split()[0]
    except OSError:
        pass
    return "unknown"


def _normalized(name: str) -> str:
    """A distribution name as PEP 503 compares them: ``pydantic_core`` is ``pydantic-core``."""
    return name.lower().replace("_", "-").replace(".", "-")


def environment(frameworks: Sequence[Framework]) -> dict[str, Any]:
    """Python, machine, the packages of each interpreter used, wrk and the repository's commit.

    ``packages`` lists every installed distribution per interpreter; ``versions`` the ones that
    matter here (the frameworks' own and ``COMMON_DISTRIBUTIONS``), for the header.
    """
    interpreters: dict[str, list[str]] = {}
    for framework in frameworks:
        interpreters.setdefault(framework.python, []).extend(framework.distributions)
    packages = {python: installed_distributions(python) for python in interpreters}
    versions = {
        python: {
            name: packages[python].get(_normalized(name), "not installed")
            for name in dict.fromkeys([*distributions, *COMMON_DISTRIBUTIONS])
        }
        for python, distributions in interpreters.items()
    }
    wrk = shutil.which("wrk")
    wrk_version = "not installed"
    if wrk:
        proc = subprocess.run([wrk, "--version"], capture_output=True, text=True)
        wrk_version = (proc.stdout or proc.stderr).splitlines()[0].split(" Copyright")[0].strip()
    return {
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "cpus": os.cpu_count(),
        "versions": versions,
        "packages": packages,
        "wrk": wrk_version,
        "taskset": shutil.which("taskset") is not None,
        "git_commit": git_commit(),
    }


def print_environment(env: dict[str, Any]) -> None:
    print(f"Python {env['python']} on {env['platform']}; {env['cpus']} CPUs, {env['cpu']}")
    for python, versions in env["versions"].items():
        where = "Starlite 1.51 venv" if ".venv-starlite151" in python else "suite venv"
        print(f"{where} ({python}): " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    print(f"wrk: {env['wrk']}; taskset: {'yes' if env['taskset'] else 'no'}; commit {env['git_commit'][:12]}")


# --------------------------------------------------------------------------------------------------
# Workers.
# --------------------------------------------------------------------------------------------------


def worker_command(framework: Framework, measure: str, job: dict[str, Any]) -> list[str]:
    return [framework.python, str(WORKER), measure, json.dumps(job)]


def worker_env(framework: Framework) -> dict[str, str]:
    """The environment of a framework's subprocesses: Starlite 1.51's gets no ``PYTHONPATH`` (ours)."""
    env = dict(os.environ)
    if framework.venv is not None:
        env.pop("PYTHONPATH", None)
        env.pop("VIRTUAL_ENV", None)
    return env


def run_worker(
    framework: Framework, measure: str, job: dict[str, Any], timeout: float = 600
) -> dict[str, Any]:
    """Run one measurement in a fresh subprocess (cwd ``bench/``) and return its JSON result.

    A worker prints one JSON line; ``{"error": ...}`` when its app failed the check or would not run.
    """
    try:
        proc = subprocess.run(
            worker_command(framework, measure, job),
            cwd=BENCH_DIR,
            env=worker_env(framework),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"worker timed out after {timeout:.0f} s"}
    lines = proc.stdout.strip().splitlines()
    try:
        result: dict[str, Any] = json.loads(lines[-1])
    except (IndexError, ValueError):
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        result = {"error": f"worker exited with {proc.returncode}: {tail}"}
    return result


# --------------------------------------------------------------------------------------------------
# Figures and tables.
# --------------------------------------------------------------------------------------------------


def summary(samples: Sequence[float]) -> dict[str, Any]:
    """Median, fastest and slowest of the repeats, and the samples themselves."""
    return {
        "median": statistics.median(samples),
        "min": min(samples),
        "max": max(samples),
        "samples": list(samples),
    }


NOISY = 1.25  # a slowest repeat this much slower than the fastest: something else was probably running


def print_noisy(figures: dict[str, dict[str, Any]]) -> None:
    """Name the figures (label -> ``summary``) whose repeats differ by more than ``NOISY``."""
    noisy = [label for label, figure in figures.items() if figure["max"] > NOISY * figure["min"]]
    if noisy:
        print(
            f"note: the repeats of {', '.join(noisy)} differ by over {NOISY - 1:.0%}: "
            "the machine was probably busy (medians are shown)"
        )
        print()


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    return numerator / denominator if numerator and denominator else None


def fmt_ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def fmt_number(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def verdict(met: bool | None) -> str:
    return "n/a" if met is None else ("MET" if met else "MISSED")


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]], *, left: int = 1) -> None:
    """A plain-text table; the first ``left`` columns are left-aligned, the rest right-aligned.

    A shorter row (a SKIPPED line, or ``[""]`` for a blank line) has its last cell printed as is,
    after the others aligned in their columns.
    """
    widths = [len(header) for header in headers]
    for row in rows:
        if len(row) == len(headers):
            widths = [max(width, len(cell)) for width, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.ljust(width) if index < left else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    print(title)
    print(line(headers))
    print("-" * len(line(headers)))
    for row in rows:
        if len(row) == len(headers):
            print(line(row))
        else:
            aligned = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
            print("  ".join([*aligned, row[-1]]).rstrip())
    print()
