"""The responses of an operation: success by return annotation, errors, headers, cookies, extras."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from starlite import (
    Controller,
    Cookie,
    File,
    MediaType,
    Redirect,
    Response,
    ResponseHeader,
    Router,
    Starlite,
    Stream,
    delete,
    get,
    head,
    post,
)
from starlite.config.openapi import OpenAPIConfig
from starlite.exceptions import (
    HTTPException,
    ImproperlyConfiguredException,
    NotAuthorizedException,
    PermissionDeniedException,
    ValidationException,
)
from starlite.openapi.datastructures import ResponseSpec
from starlite.testing import create_test_client
from tests.openapi.documents import rendered_schema

ERROR_PROPERTIES = {
    "status_code": {"type": "integer"},
    "detail": {"type": "string"},
    "extra": {"type": ["null", "object", "array"], "additionalProperties": {}},
}


def error_schema(description: str, status_code: int, detail: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["detail", "status_code"],
        "properties": ERROR_PROPERTIES,
        "description": description,
        "examples": [{"status_code": status_code, "detail": detail, "extra": {}}],
    }


def responses(*handlers: Any, path: str = "/", method: str = "get", **options: Any) -> dict[str, Any]:
    app = Starlite(
        route_handlers=list(handlers), openapi_config=OpenAPIConfig(title="Test", version="1"), **options
    )
    document = rendered_schema(app)
    return document["paths"][path][method]["responses"]  # type: ignore[no-any-return]


class Person(BaseModel):
    name: str


def test_the_status_code_media_type_and_body_of_the_return_annotation() -> None:
    @get("/")
    def read() -> Person:
        return Person(name="a")

    @post("/")
    def create() -> list[Person]:
        return []

    assert responses(read) == {
        "200": {
            "description": "Request fulfilled, document follows",
            "headers": {},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Person"}}},
        }
    }
    assert responses(create, method="post")["201"] == {
        "description": "Document created, URL follows",
        "headers": {},
        "content": {
            "application/json": {
                "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Person"}}
            }
        },
    }


def test_none_and_no_content_statuses_have_no_body() -> None:
    @get("/")
    def nothing() -> None:
        return None

    @delete("/")
    def remove() -> None:
        return None

    assert responses(nothing) == {
        "200": {"description": "Request fulfilled, document follows", "headers": {}}
    }
    assert responses(remove, method="delete") == {
        "204": {"description": "Request fulfilled, nothing follows", "headers": {}}
    }


def test_text_by_media_type_and_response_wrapping_its_content_type() -> None:
    @get("/text")
    def text() -> str:
        return ""

    @get("/page", media_type=MediaType.HTML)
    def page() -> str:
        return ""

    @get("/wrapped")
    def wrapped() -> Response[Person]:
        return Response(content=Person(name="a"))

    @get("/bare")
    def bare() -> Response[Any]:
        return Response(content=None)

    assert responses(text, path="/text")["200"]["content"] == {"text/plain": {"schema": {"type": "string"}}}
    assert responses(page, path="/page")["200"]["content"] == {"text/html": {"schema": {"type": "string"}}}
    assert responses(wrapped, path="/wrapped")["200"]["content"] == {
        "application/json": {"schema": {"$ref": "#/components/schemas/Person"}}
    }
    assert responses(bare, path="/bare")["200"]["content"] == {"application/json": {"schema": {}}}


def test_files_streams_and_redirects_in_their_1_5_shapes() -> None:
    @get("/file")
    def download() -> File:
        return File(path=Path(__file__))

    @get("/png", media_type="image/png", content_media_type="image/png")
    def image() -> File:
        return File(path=Path(__file__))

    @get("/stream")
    def stream() -> Stream:
        return Stream(iterator=iter([b""]))

    @get("/redirect", status_code=307)
    def redirect() -> Redirect:
        return Redirect(path="/")

    file_response = responses(download, path="/file")["200"]
    assert file_response["description"] == "File Download"
    assert file_response["content"] == {
        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
    }
    assert file_response["headers"] == {
        "content-length": {
            "description": "File size in bytes",
            "required": False,
            "deprecated": False,
            "schema": {"type": "string"},
        },
        "last-modified": {
            "description": "Last modified data-time in RFC 2822 format",
            "required": False,
            "deprecated": False,
            "schema": {"type": "string", "format": "date-time"},
        },
        "etag": {
            "description": "Entity tag",
            "required": False,
            "deprecated": False,
            "schema": {"type": "string"},
        },
    }
    assert responses(image, path="/png")["200"]["content"] == {
        "image/png": {"schema": {"type": "string", "format": "binary", "contentMediaType": "image/png"}}
    }
    stream_response = responses(stream, path="/stream")["200"]
    assert stream_response["description"] == "Stream Response"
    assert stream_response["content"] == {
        "application/json": {"schema": {"type": "string", "format": "binary"}}
    }
    assert responses(redirect, path="/redirect") == {
        "307": {
            "description": "Redirect Response",
            "headers": {
                "location": {
                    "description": "target path for the redirect",
                    "required": False,
                    "deprecated": False,
                    "schema": {"type": "string"},
                }
            },
        }
    }


def test_response_description_and_content_encoding() -> None:
    @get("/", response_description="The logo", content_encoding="base64", content_media_type="image/png")
    def logo() -> str:
        return ""

    assert responses(logo)["200"] == {
        "description": "The logo",
        "headers": {},
        "content": {
            "text/plain": {
                "schema": {"type": "string", "contentEncoding": "base64", "contentMediaType": "image/png"}
            }
        },
    }


def test_headers_and_cookies_of_every_layer_documentation_only_ones_included() -> None:
    class Things(Controller):
        path = "/things"
        response_headers = {"X-Controller": ResponseHeader(value="c", description="From the controller")}
        response_cookies = [Cookie(key="visited", value="1", max_age=500, description="Seen before")]

        @get(
            response_headers={"X-Count": ResponseHeader(value=100, description="How many")},
            response_cookies=[
                Cookie(key="pref", httponly=True, samesite="strict", secure=True, documentation_only=True)
            ],
        )
        def read(self) -> None:
            return None

    router = Router(
        path="/",
        route_handlers=[Things],
        response_headers={"X-Docs": ResponseHeader(description="Set by a proxy", documentation_only=True)},
    )
    # Header names are case-insensitive: the app keeps them in lower case.
    headers = responses(router, path="/things")["200"]["headers"]
    assert headers == {
        "x-docs": {
            "description": "Set by a proxy",
            "required": False,
            "deprecated": False,
            "schema": {"type": "string"},
        },
        "x-controller": {
            "description": "From the controller",
            "required": False,
            "deprecated": False,
            "schema": {"type": "string"},
        },
        "x-count": {
            "description": "How many",
            "required": False,
            "deprecated": False,
            "schema": {"type": "integer"},
        },
        "Set-Cookie": {
            "required": False,
            "deprecated": False,
            "schema": {
                "allOf": [
                    {
                        "description": "",
                        "example": 'pref="<string>"; HttpOnly; Path=/; SameSite=strict; Secure',
                    },
                    {
                        "description": "Seen before",
                        "example": 'visited="<string>"; Max-Age=500; Path=/; SameSite=lax',
                    },
                ]
            },
        },
    }


def test_raised_exceptions_by_status_with_the_validation_400_when_there_is_input() -> None:
    class TeapotException(HTTPException):
        status_code = 499

    class OtherForbidden(HTTPException):
        status_code = 403

    raises: list[type[Exception]] = [TeapotException, PermissionDeniedException, OtherForbidden, ValueError]

    @get("/{key:int}", raises=raises)
    def read(key: int) -> None:
        return None

    @get("/plain", raises=[NotAuthorizedException])
    def plain() -> None:
        return None

    answered = responses(read, path="/{key}")
    assert list(answered) == ["200", "499", "403", "400"]
    assert answered["499"] == {
        "description": "Status 499",
        "content": {"application/json": {"schema": error_schema("Teapot Exception", 499, "Status 499")}},
    }
    assert answered["403"]["content"]["application/json"]["schema"] == {
        "oneOf": [
            error_schema("Permission Denied Exception", 403, "Forbidden"),
            error_schema("Other Forbidden", 403, "Forbidden"),
        ]
    }
    assert answered["400"] == {
        "description": "Bad request syntax or unsupported method",
        "content": {"application/json": {"schema": error_schema("Validation Exception", 400, "Bad Request")}},
    }
    # Documenting the 400 does not add it to the handler's own list.
    assert ValidationException not in read.raises  # type: ignore[operator]
    assert list(responses(plain, path="/plain")) == ["200", "401"]


def test_the_400_an_app_answers_matches_its_documented_body() -> None:
    @get("/{key:int}")
    def read(key: int, limit: int) -> None:
        return None

    config = OpenAPIConfig(title="Test", version="1")
    with create_test_client([read], openapi_config=config) as client:
        schema = client.get("/schema/openapi.json").json()["paths"]["/{key}"]["get"]["responses"]["400"]
        answer = client.get("/1?limit=many")
    from jsonschema import validate as validate_json

    assert answer.status_code == 400
    validate_json(answer.json(), schema["content"]["application/json"]["schema"])


def test_additional_responses_from_response_specs() -> None:
    class Problem(BaseModel):
        reason: str

    @get(
        "/",
        responses={
            404: ResponseSpec(model=Problem, description="No such thing"),
            503: ResponseSpec(model=str, media_type=MediaType.TEXT),
        },
    )
    def read() -> None:
        return None

    answered = responses(read)
    assert answered["404"] == {
        "description": "No such thing",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    assert answered["503"] == {
        "description": "Additional response",
        "content": {"text/plain": {"schema": {"type": "string"}}},
    }


def test_a_response_spec_repeating_a_status_code_is_refused_naming_the_handler() -> None:
    @get("/", responses={200: ResponseSpec(model=Person)})
    def clashing() -> Person:
        return Person(name="a")

    # Refused when the app is created (as 1.5x did), not when the schema is first read.
    with pytest.raises(ImproperlyConfiguredException, match=r"clashing.*status code\(s\) \[200\]"):
        Starlite(route_handlers=[clashing], openapi_config=OpenAPIConfig(title="Test", version="1"))


def test_a_type_the_generator_cannot_describe_is_any_value() -> None:
    class Opaque:
        pass

    @get("/")
    def read() -> Opaque:
        return Opaque()

    assert responses(read)["200"]["content"] == {"application/json": {"schema": {}}}


def test_a_head_handler_s_file_has_headers_but_no_body() -> None:
    @head("/")
    def size() -> File:
        return File(path=Path(__file__))

    response = responses(size, method="head")["200"]
    assert "content" not in response
    assert sorted(response["headers"]) == ["content-length", "etag", "last-modified"]


def test_content_fields_beside_a_model_s_reference() -> None:
    @get("/", content_media_type="application/vnd.person+json")
    def read() -> Person:
        return Person(name="a")

    schema = responses(read)["200"]["content"]["application/json"]["schema"]
    assert schema["contentMediaType"] == "application/vnd.person+json"
