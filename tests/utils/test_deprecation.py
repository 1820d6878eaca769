"""``deprecated`` and ``warn_deprecation``."""

from __future__ import annotations

import pytest

from starlite.utils import deprecated, warn_deprecation


def test_deprecated_warns_on_each_call_and_still_calls() -> None:
    @deprecated("1.40", alternative="new_helper", removal_in="2.0")
    def old_helper(value: int) -> int:
        return value * 2

    with pytest.warns(DeprecationWarning, match="'old_helper'.*1.40.*2.0.*'new_helper'"):
        assert old_helper(2) == 4
    assert old_helper.__name__ == "old_helper"


def test_pending_deprecation_uses_its_own_warning_class() -> None:
    with pytest.warns(PendingDeprecationWarning, match="awaiting deprecation 'thing'"):
        warn_deprecation("1.50", "thing", "attribute", pending=True)


def test_the_warning_points_at_the_caller() -> None:
    @deprecated("1.40")
    def old() -> None:
        return None

    with pytest.warns(DeprecationWarning) as caught:
        old()
    assert caught[0].filename == __file__
