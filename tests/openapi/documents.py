"""The app's schema as a client reads it, for the OpenAPI tests."""

from __future__ import annotations

from typing import Any

from openapi_spec_validator import validate

from starlite import Starlite


def rendered_schema(app: Starlite) -> dict[str, Any]:
    """The schema as ``/schema/openapi.json`` serves it, checked against the OpenAPI 3.1 specification."""
    assert app.openapi_schema is not None
    document = app.openapi_schema.model_dump(mode="json", by_alias=True, exclude_none=True)
    validate(document)
    return document
