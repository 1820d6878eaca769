"""Fuzzing an app from its own OpenAPI schema with schemathesis, in its test suite."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, Field

from starlite import NotFoundException, Starlite, get, post

schemathesis = pytest.importorskip("schemathesis")  # the test extra has it on Python 3.11 and later
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.specs.openapi.checks import negative_data_rejection  # noqa: E402


class Note(BaseModel):
    title: str = Field(min_length=1, max_length=80)
    stars: int = Field(ge=0, le=5)


NOTES: dict[int, Note] = {}


@post("/notes")
def add_note(data: Note) -> int:
    NOTES[len(NOTES)] = data
    return len(NOTES) - 1


@get("/notes/{note_id:int}", raises=[NotFoundException])
def read_note(note_id: int) -> Note:
    if note_id not in NOTES:
        raise NotFoundException(f"no note {note_id}")
    return NOTES[note_id]


app = Starlite(route_handlers=[add_note, read_note])

# The schema the app serves; requests go straight to the ASGI app, no server needed.
schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)


@schema.parametrize()
@settings(max_examples=20, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_its_schema_says(case: schemathesis.Case) -> None:
    # Each generated request is sent, and the response is checked: no 5xx, a documented status
    # code and content type, and a body that matches its schema. pydantic's lax mode accepts some
    # values the schema does not (``false`` for an int, as 1.5x did): leave that check out, or make
    # the model strict (``model_config = ConfigDict(strict=True)``).
    case.call_and_validate(excluded_checks=[negative_data_rejection])
