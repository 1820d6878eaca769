"""A handler returning a ``Template`` is documented as an HTML page."""

from __future__ import annotations

from starlite import MediaType, Starlite, Template, get
from tests.openapi.documents import rendered_schema


def test_a_template_is_documented_as_an_html_page() -> None:
    @get("/page")
    def page() -> Template:
        return Template("page.html")

    @get("/notes", media_type=MediaType.TEXT, response_description="The notes")
    def notes() -> Template:
        return Template("notes.txt")

    paths = rendered_schema(Starlite([page, notes]))["paths"]
    page_response = paths["/page"]["get"]["responses"]["200"]
    assert page_response["description"] == "Request fulfilled, document follows"
    assert page_response["content"] == {"text/html": {"schema": {"type": "string"}}}
    notes_response = paths["/notes"]["get"]["responses"]["200"]
    assert notes_response == {
        "description": "The notes",
        "headers": {},
        "content": {"text/plain": {"schema": {"type": "string"}}},
    }
