"""``find_index`` and ``unique``: the list helpers of ``starlite.utils``."""

from __future__ import annotations

from starlite.utils import find_index, unique


def test_find_index_returns_the_position_of_the_first_match() -> None:
    assert find_index(["a", "b", "b"], lambda item: item == "b") == 1


def test_find_index_returns_minus_one_without_a_match() -> None:
    assert find_index([1, 2, 3], lambda item: item > 5) == -1


def test_unique_drops_repeated_hashable_values() -> None:
    assert sorted(unique([3, 1, 3, 2, 1])) == [1, 2, 3]


def test_unique_compares_unhashable_values_by_equality_and_keeps_their_order() -> None:
    first, second = {"x": 1}, {"y": 2}
    assert unique([first, second, {"x": 1}, second]) == [first, second]


def test_unique_accepts_any_iterable() -> None:
    assert sorted(unique(char for char in "abca")) == ["a", "b", "c"]
