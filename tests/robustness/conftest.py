"""The campaign's hypothesis profiles, its log capture, and a count of the cases each test ran.

Two profiles, chosen with the environment variable ``STARLITE_ROBUSTNESS``:

- ``robustness-bounded`` (the default, what CI runs): derandomized, so every run tries the same cases,
  20 to 120 examples per test (about 9,000 requests in all); the folder takes about 20 seconds on
  two cores.
- ``robustness-long`` (``STARLITE_ROBUSTNESS=long``, by hand): random, a new seed each run,
  ``LONG_FACTOR`` times as many examples per test (about 100,000 requests in all, some 5 minutes);
  a failure prints the failing case and a ``@reproduce_failure`` blob.
"""

from __future__ import annotations

import collections
import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from tests.robustness.invariants import LogSink, capture_logs

LONG = os.environ.get("STARLITE_ROBUSTNESS", "").lower() == "long"
LONG_FACTOR = 12
_HEALTH_CHECKS = [
    HealthCheck.function_scoped_fixture,  # the app, client and log sink are shared by a test's cases
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.large_base_example,
]
settings.register_profile(
    "robustness-bounded",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=_HEALTH_CHECKS,
)
settings.register_profile(
    "robustness-long",
    derandomize=False,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=_HEALTH_CHECKS,
)
PROFILE = "robustness-long" if LONG else "robustness-bounded"

CASES: collections.Counter[str] = collections.Counter()
"""Cases run per test in this session (``test name[parameters]`` -> count)."""


def campaign(examples: int) -> settings:
    """The settings of one campaign test: ``examples`` cases in the bounded mode, more in the long one."""
    return settings(settings.get_profile(PROFILE), max_examples=examples * LONG_FACTOR if LONG else examples)


@pytest.fixture
def logs() -> Iterator[LogSink]:
    """Records logged at ERROR or with a traceback while the test runs."""
    with capture_logs() as sink:
        yield sink


@pytest.fixture
def count_case(request: pytest.FixtureRequest) -> Any:
    """Call once per case: counts it under the test's name."""
    name = request.node.name

    def count() -> None:
        CASES[name] += 1

    return count


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not CASES:
        return
    terminalreporter.section(f"bad-input campaign ({PROFILE})")
    for name, count in sorted(CASES.items()):
        terminalreporter.write_line(f"{count:8d}  {name}")
    terminalreporter.write_line(f"{sum(CASES.values()):8d}  cases in all")
