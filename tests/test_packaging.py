"""The dependency ranges that ``pyproject.toml`` declares, and the minimum set ``.ci/run`` tests them with."""

from __future__ import annotations

from importlib.metadata import requires
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

CONSTRAINTS = Path(__file__).parent.parent / ".ci" / "constraints-min.txt"


def declared_requirements() -> list[Requirement]:
    """Every requirement of the installed package, core and extras, except its own extras."""
    found = [Requirement(text) for text in requires("starlite") or []]
    return [requirement for requirement in found if canonicalize_name(requirement.name) != "starlite"]


def pinned_minimums() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in CONSTRAINTS.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"{line!r} is not a name==version pin"
            pins[canonicalize_name(name)] = version
    return pins


def lower_bound(requirement: Requirement) -> str | None:
    bounds = [spec.version for spec in requirement.specifier if spec.operator == ">="]
    return bounds[0] if len(bounds) == 1 else None


def test_every_dependency_has_one_lower_bound() -> None:
    # Without one, "the oldest version we support" is not defined, and the minimum run cannot test it.
    assert [str(r) for r in declared_requirements() if lower_bound(r) is None] == []


def test_the_minimum_constraints_pin_each_lower_bound_and_nothing_else() -> None:
    # Raising a bound in pyproject.toml without raising it here would leave the old release untested.
    declared = {canonicalize_name(r.name): lower_bound(r) for r in declared_requirements()}
    assert pinned_minimums() == declared
