"""``bench/soak`` in its CI size: a minute of mixed load at 64 connections, nothing lost, nothing leaked.

The 10-minute soak is run by hand (``bash bench/soak``); this one runs the same script, the same app
and the same checks for 60 s after its warm-up (30 s at least, until RSS settles: the docstring of
``bench/soak.py`` says why).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NEEDED = ("uvicorn", "httptools", "uvloop", "cryptography")


@pytest.mark.skipif(
    any(importlib.util.find_spec(name) is None for name in NEEDED),
    reason=f"the soak needs {', '.join(NEEDED)}",
)
@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="the soak reads RSS and descriptors in /proc")
def test_a_minute_of_mixed_load_loses_nothing_and_leaks_nothing(tmp_path: Path) -> None:
    figures_path = tmp_path / "soak.json"
    command = [sys.executable, "bench/soak.py", "--duration", "60", "--json", str(figures_path)]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)

    assert figures_path.exists(), run.stdout + run.stderr
    figures = json.loads(figures_path.read_text())
    report = run.stdout + run.stderr
    assert figures["errors"] == 0, report
    assert figures["server_log_errors"] == [], report
    # Every kind of request was made, the clients that hung up mid-stream included.
    assert set(figures["by_kind"]) == {"w1", "w2", "w3", "w4", "w5", "refused", "stream", "stream-disconnect"}
    assert figures["by_kind"]["stream-disconnect"] > 100, report
    assert figures["end"]["fds"] <= figures["start"]["fds"] * 1.05, report
    # Memory in use: resident memory once the C allocator has handed its free pages back, and the
    # blocks Python holds (bench/soak.py says why the untrimmed figure is only reported).
    assert figures["end"]["rss_trimmed_kb"] <= figures["start"]["rss_trimmed_kb"] * 1.05, report
    assert figures["end"]["py_blocks"] <= figures["start"]["py_blocks"] * 1.05, report
    assert figures["passed"] and run.returncode == 0, report
