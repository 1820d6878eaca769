"""Schemathesis fuzzes the demo app and ``fuzz_app`` from their own ``/schema/openapi.json``.

For every operation of each schema, schemathesis generates requests that match it (positive mode) and
requests that break it (negative mode), sends them through its ASGI transport, and checks each
answer: never a 5xx, a status code, content type, headers and body that the schema documents, valid
data accepted and invalid data refused with a 4xx. Nothing may be logged at ERROR level.

The run is bounded (derandomized, ``EXAMPLES`` cases per operation and mode, no shrinking): about 880
requests, 20 to 30 seconds on two cores.

``KNOWN_GAPS`` names the checks that fail today because the schema generator does not yet describe
something the framework does, each with its reason. A failure that is not listed fails the test, and
so does a listed gap that no longer fails (remove it then: the list must stay true).
"""

from __future__ import annotations

import dataclasses
import json
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest

if sys.version_info < (3, 11):  # schemathesis 4 needs Python 3.11 (the test extra installs it there)
    pytest.skip("schemathesis needs Python 3.11 or later", allow_module_level=True)

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.core.errors import InvalidSchema
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from starlite import Starlite
from tests.openapi.fuzz_app import create_fuzz_app
from tests.robustness.invariants import capture_logs

EXAMPLES = 25
"""Cases per operation and generation mode."""

SCHEMA_PATH = "/schema/openapi.json"

CONFIG = SchemathesisConfig.from_dict({"analysis": {"constants": {"enabled": False}}})
"""Explicit, so that no ``schemathesis.toml`` changes the run. Constants analysis (literals read from
the modules the app imports, used as generated values) is off: it made the cases depend on what the
test process had imported. (A few of schemathesis' value strategies still do, slightly: the same
selection of tests always sends the same cases, the file alone and the whole suite a few different.)"""

CHECKS: tuple[Callable[..., Any], ...] = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    positive_data_acceptance,
    negative_data_rejection,
)


@dataclasses.dataclass(frozen=True)
class Problem:
    """One check that failed for one operation: the first failing case, enough to reproduce it."""

    app: str
    operation: str
    check: str
    mode: str
    status: int | None
    body: str
    detail: str
    media_type: str | None = None

    def __str__(self) -> str:
        return f"{self.app}: {self.operation} [{self.check}, {self.mode}] status {self.status}: {self.detail}"


@dataclasses.dataclass(frozen=True)
class Gap:
    """A check that fails today because the schema does not describe yet what the framework does."""

    reason: str
    applies: Callable[[Problem], bool]


def _refused(problem: Problem, *sources: str) -> bool:
    """The framework refused the request with a 400 naming a parameter of one of ``sources``."""
    return problem.status == 400 and any(f'"source":"{source}"' in problem.body for source in sources)


ROUTER_NOT_FOUND = '{"status_code":404,"detail":"Not Found"}'

KNOWN_GAPS: dict[str, Gap] = {
    # The lead removes an entry once the schema generator makes it pass; a gap that no longer
    # matches anything fails test_every_known_gap_still_fails, so the list stays true.
    "duration-years-months": Gap(
        "a {x:timedelta} path segment is documented as a string of format duration, which allows "
        "years and months (P1Y2M); the path converter refuses them (a year or a month has no fixed "
        "length), so the route does not match (404). The schema should say which durations it reads",
        lambda p: (
            p.check == "status_code_conformance"
            and p.mode == "positive"
            and p.body == ROUTER_NOT_FOUND
            and re.search(r"/[-+]?P[0-9.YMWD]*[YM]", p.detail) is not None
        ),
    ),
}

FORM_MEDIA_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def by_design(problem: Problem) -> bool:
    """Negative cases the framework accepts on purpose, which no schema change would avoid.

    - A form field is text on the wire: a negative case that turns a string field into a number or
      a boolean sends its text, which is a valid string.
    - Bodies are validated by pydantic in lax mode, as 1.5x did: ``false`` is a valid ``int`` (0)
      and ``1`` a valid ``float``.
    - A ``{x:timedelta}`` segment also reads a number of seconds (``0``), as 1.5x did, where the
      schema documents an ISO 8601 duration.
    """
    if problem.check != "negative_data_rejection":
        return False
    if "parameter `span` in path - violates `format`" in problem.detail:
        return True
    if "violates `type`" not in problem.detail:
        return False
    if problem.media_type in FORM_MEDIA_TYPES and "was string" in problem.detail:
        return True
    return "became boolean" in problem.detail and (
        "was integer" in problem.detail or "was number" in problem.detail
    )


def _demo_app() -> Starlite:
    from demo.app import app

    return app


APPS: dict[str, Callable[[], Starlite]] = {"demo": _demo_app, "fuzz": create_fuzz_app}


@pytest.fixture(scope="module", autouse=True)
def _stop_lifespans() -> Iterator[None]:
    # Schemathesis' ASGI transport starts each app's lifespan once and keeps it running for the
    # process; stop them when this module is done, so their start-up state does not outlive it.
    yield
    from schemathesis.python import asgi

    asgi.shutdown_lifespans()


def _settings() -> settings:
    return settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        # No shrinking: every case is recorded, never raised, and the first one of each failing check
        # is reported as it was sent.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )


def _is_unmatched_route(case: Any, response: Any, mode: GenerationMode) -> bool:
    """A negative case whose broken path segment matched no route: the router's 404, by design.

    A typed segment (``{id:int}``, ``{key:uuid}``...) that does not parse selects no route, as in
    1.5x, so the handler's documented responses do not apply to it.
    """
    if mode is not GenerationMode.NEGATIVE or response.status_code != 404 or not case.path_parameters:
        return False
    try:
        return response.json() == {"status_code": 404, "detail": "Not Found"}  # type: ignore[no-any-return]
    except ValueError:
        return False


def fuzz(app_name: str, app: Starlite) -> tuple[list[Problem], dict[str, int]]:
    """Run every operation of ``app``'s schema in both modes; return the problems and the case counts."""
    schema = schemathesis.openapi.from_asgi(SCHEMA_PATH, app, config=CONFIG)
    problems: dict[tuple[str, str, str | None], Problem] = {}
    counts: dict[str, int] = {}
    try:  # schemathesis reads what it can of a broken schema: the spec validator says whether it is right
        validate(json.loads(json.dumps(schema.raw_schema)))
    except OpenAPIValidationError as exc:
        _record(problems, Problem(app_name, "<schema>", "valid_openapi", "-", None, "", _lines(exc)[:600]))
    for result in schema.get_all_operations():
        try:
            operation = result.ok()
        except InvalidSchema as exc:  # an operation schemathesis cannot read: a schema problem
            _record(problems, Problem(app_name, "<schema>", "readable_schema", "-", None, "", _lines(exc)))
            continue
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            label = f"{operation.label} {mode.value}"
            try:
                counts[label] = _fuzz_operation(app_name, operation, mode, problems)
            except InvalidSchema as exc:  # schemathesis cannot generate from this operation's schema
                problem = Problem(
                    app_name, operation.label, "readable_schema", mode.value, None, "", _lines(exc)
                )
                _record(problems, problem)
    return list(problems.values()), counts


def _fuzz_operation(
    app_name: str, operation: Any, mode: GenerationMode, problems: dict[tuple[str, str, str | None], Problem]
) -> int:
    """Send ``EXAMPLES`` cases of one operation in one mode; record the first failure of each check."""
    sent = 0

    @_settings()
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        nonlocal sent
        sent += 1
        response = case.call()
        if _is_unmatched_route(case, response, mode):
            return
        for check in CHECKS:
            try:
                case.validate_response(response, checks=[check])
            except (AssertionError, FailureGroup) as exc:
                body = response.text[:2000]
                detail = f"{_lines(exc)[:400]} || {case.as_curl_command()[:300]} -> {body[:200]!r}"
                problem = Problem(
                    app_name,
                    operation.label,
                    check.__name__,
                    mode.value,
                    response.status_code,
                    body,
                    detail,
                    case.media_type,
                )
                if not by_design(problem):
                    _record(problems, problem)

    try:
        run()
    except Unsatisfiable:  # nothing to break (no parameters, no body): no negative case
        if mode is GenerationMode.POSITIVE:
            raise
    return sent


def _lines(exc: BaseException) -> str:
    return " | ".join(line.strip() for line in str(exc).splitlines() if line.strip())


def classify(problem: Problem) -> str | None:
    """The name of the known gap that explains ``problem``, or ``None``."""
    return next((name for name, gap in KNOWN_GAPS.items() if gap.applies(problem)), None)


def _record(problems: dict[tuple[str, str, str | None], Problem], problem: Problem) -> None:
    # The first failure of each check, per operation and per explanation: a known gap hit first
    # does not hide an unknown failure of the same check.
    problems.setdefault((problem.operation, problem.check, classify(problem)), problem)


@pytest.mark.parametrize("app_name", sorted(APPS))
def test_schemathesis_finds_no_error_and_no_undocumented_answer(app_name: str) -> None:
    app = APPS[app_name]()
    with capture_logs() as sink:
        problems, counts = fuzz(app_name, app)
        logged = sink.take()
    assert sum(counts.values()) > 0
    GAPS_SEEN.update(name for name in map(classify, problems) if name)
    assert not logged, f"errors were logged while fuzzing {app_name}: {logged[:5]}"
    new = [problem for problem in problems if classify(problem) is None]
    report = "\n".join(str(problem) for problem in sorted(new, key=lambda p: (p.operation, p.check)))
    assert not new, f"{len(new)} failing check(s) on {app_name}:\n{report}"
    APPS_FUZZED.add(app_name)


GAPS_SEEN: set[str] = set()
APPS_FUZZED: set[str] = set()


def test_every_known_gap_still_fails() -> None:
    # Runs after the fuzzing tests (pytest keeps the file's order): a gap nothing matched any more
    # has been closed, and its entry must go.
    if APPS_FUZZED != set(APPS):
        pytest.skip("the fuzzing tests did not all run and pass")
    stale = sorted(set(KNOWN_GAPS) - GAPS_SEEN)
    assert not stale, f"known gaps that no longer fail (remove them from KNOWN_GAPS): {stale}"
