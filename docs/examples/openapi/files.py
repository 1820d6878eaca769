"""Uploads, downloads and redirects in the schema."""

from __future__ import annotations

from pathlib import Path

from openapi_spec_validator import validate

from starlite import Body, File, OpenAPIConfig, Redirect, RequestEncodingType, Starlite, get, post
from starlite.datastructures import UploadFile
from starlite.testing import TestClient


@post("/avatars")
async def upload_avatar(data: UploadFile = Body(media_type=RequestEncodingType.MULTI_PART)) -> None:
    await data.close()


@get("/report", media_type="application/pdf")
def download_report() -> File:
    return File(path=Path(__file__), filename="report.pdf")


@get("/old-report", status_code=301)
def moved() -> Redirect:
    return Redirect(path="/report")


app = Starlite(
    route_handlers=[upload_avatar, download_report, moved],
    openapi_config=OpenAPIConfig(title="Files", version="1.0.0"),
)


def test_files_in_the_schema() -> None:
    with TestClient(app=app) as client:
        schema = client.get("/schema/openapi.json").json()
    validate(schema)
    upload = schema["paths"]["/avatars"]["post"]["requestBody"]
    assert upload["content"]["multipart/form-data"]["schema"] == {
        "type": "string",
        "format": "binary",
        "contentMediaType": "application/octet-stream",
    }
    download = schema["paths"]["/report"]["get"]["responses"]["200"]
    assert download["content"] == {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}
    assert sorted(download["headers"]) == ["content-length", "etag", "last-modified"]
    redirect = schema["paths"]["/old-report"]["get"]["responses"]["301"]
    assert redirect["description"] == "Redirect Response"
    assert "location" in redirect["headers"]
