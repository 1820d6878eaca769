"""Mistakes and failures around the schema: refused at start-up when they are configuration, never rebuilt per request."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from starlite import HTTPRouteHandler, ImproperlyConfiguredException, NotFoundException, Starlite, get
from starlite.config.openapi import OpenAPIConfig
from starlite.openapi.datastructures import ResponseSpec
from starlite.testing import TestClient


class Problem(BaseModel):
    reason: str


@pytest.mark.parametrize(
    ("status", "options"),
    [(404, {"raises": [NotFoundException]}), (200, {}), (400, {"with_parameter": True})],
    ids=["raises", "success", "validation-400"],
)
def test_responses_that_repeat_a_documented_status_stop_the_app_at_start_up(
    status: int, options: dict
) -> None:
    if options.pop("with_parameter", False):

        @get("/", responses={status: ResponseSpec(model=Problem)})
        def handler(page: int = 1) -> str:
            return ""

    else:

        @get("/", responses={status: ResponseSpec(model=Problem)}, **options)
        def handler() -> str:
            return ""

    with pytest.raises(ImproperlyConfiguredException, match=f"status code\\(s\\) \\[{status}\\]"):
        Starlite(route_handlers=[handler], openapi_config=None)


def test_a_response_spec_for_a_status_of_its_own_is_accepted() -> None:
    @get("/", raises=[NotFoundException], responses={503: ResponseSpec(model=Problem)})
    def handler() -> str:
        return ""

    app = Starlite(route_handlers=[handler], openapi_config=OpenAPIConfig(title="Test", version="1"))
    assert app.openapi_schema is not None
    assert set(app.openapi_schema.paths["/"].get.responses) == {"200", "404", "503"}  # type: ignore[union-attr]


def test_a_schema_that_fails_to_build_is_not_built_again_on_every_request() -> None:
    calls: list[str] = []

    def failing_creator(handler: HTTPRouteHandler, method: str, path_components: list[str]) -> str:
        calls.append(method)
        raise RuntimeError("no ids today")

    @get("/")
    def handler() -> str:
        return ""

    config = OpenAPIConfig(title="Test", version="1", operation_id_creator=failing_creator)
    app = Starlite(route_handlers=[handler], openapi_config=config)
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/").status_code == 200  # the app itself is unaffected
        for _ in range(3):
            assert client.get("/schema/openapi.json").status_code == 500
    assert calls == ["GET"]
    with pytest.raises(ImproperlyConfiguredException, match="no ids today"):
        _ = app.openapi_schema
