"""What each operation of the schema says: paths, methods, operation ids, docs, tags and security.

Each test builds a small app and reads the rendered document (as ``/schema/openapi.json`` serves it),
which is validated against the OpenAPI 3.1 schema every time.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest
from openapi_spec_validator import validate

from starlite import (
    Controller,
    HTTPRouteHandler,
    ImproperlyConfiguredException,
    Router,
    Starlite,
    delete,
    get,
    patch,
    post,
    put,
)
from starlite.config.openapi import OpenAPIConfig
from starlite.testing import create_test_client
from tests.openapi.documents import rendered_schema


def document(*handlers: Any, use_handler_docstrings: bool = False, **options: Any) -> dict[str, Any]:
    """The app's schema as JSON shows it, validated."""
    config = OpenAPIConfig(title="Test", version="1", use_handler_docstrings=use_handler_docstrings)
    app = Starlite(route_handlers=list(handlers), openapi_config=config, **options)
    return rendered_schema(app)


class PersonController(Controller):
    path = "/{service_id:int}/person"

    @get()
    def get_persons(self) -> list[str]:
        return []

    @post()
    def create_person(self, data: dict[str, str]) -> dict[str, str]:
        return data

    @get("/{person_id:str}")
    def get_person_by_id(self, person_id: str) -> str:
        return person_id

    @patch("/{person_id:str}")
    def partial_update_person(self, person_id: str) -> str:
        return person_id

    @put("/{person_id:str}")
    def update_person(self, person_id: str) -> str:
        return person_id

    @delete("/{person_id:str}")
    def delete_person(self, person_id: str) -> None:
        return None

    @get("/hidden", include_in_schema=False)
    def hidden(self) -> None:
        return None


def test_every_route_and_method_under_its_openapi_path() -> None:
    paths = document(PersonController)["paths"]
    assert list(paths) == ["/{service_id}/person", "/{service_id}/person/{person_id}"]
    assert sorted(paths["/{service_id}/person"]) == ["get", "post"]
    assert sorted(paths["/{service_id}/person/{person_id}"]) == ["delete", "get", "patch", "put"]


def test_include_in_schema_false_leaves_the_operation_and_an_emptied_path_out() -> None:
    @get("/visible")
    def visible() -> None:
        return None

    @post("/visible", include_in_schema=False)
    def invisible_post() -> None:
        return None

    @get("/internal", include_in_schema=False)
    def internal() -> None:
        return None

    paths = document(visible, invisible_post, internal)["paths"]
    assert list(paths) == ["/visible"]
    assert list(paths["/visible"]) == ["get"]


def test_operation_ids_follow_1_5_rule() -> None:
    @get("/id")
    def retrieve_id_handler() -> None:
        return None

    paths = document(PersonController, retrieve_id_handler)["paths"]
    assert paths["/id"]["get"]["operationId"] == "IdRetrieveIdHandler"
    person = paths["/{service_id}/person/{person_id}"]
    assert {method: op["operationId"] for method, op in person.items()} == {
        "get": "GetPersonById",
        "patch": "PartialUpdatePerson",
        "put": "UpdatePerson",
        "delete": "DeletePerson",
    }


def test_routers_prefix_operation_ids_and_a_multi_method_handler_gets_the_method() -> None:
    @HTTPRouteHandler("/", http_method=["GET", "HEAD"])
    def root() -> None:
        return None

    @get("/items/{item_id:int}")
    def read_item(item_id: int) -> None:
        return None

    v1 = Router(path="/v1", route_handlers=[read_item])
    paths = document(root, v1)["paths"]
    assert paths["/"]["get"]["operationId"] == "GetRoot"
    assert paths["/"]["head"]["operationId"] == "HeadRoot"
    assert paths["/v1/items/{item_id}"]["get"]["operationId"] == "V1ItemsReadItem"


def test_a_custom_operation_id_is_prefixed_like_the_default_one() -> None:
    @get("/users/{user_id:int}", operation_id="fetchUser")
    def user(user_id: int) -> None:
        return None

    @get("/{user_id:int}", operation_id="fetchUser")
    def bare(user_id: int) -> None:
        return None

    paths = document(user, bare)["paths"]
    assert paths["/users/{user_id}"]["get"]["operationId"] == "UsersfetchUser"
    assert paths["/{user_id}"]["get"]["operationId"] == "fetchUser"


def test_duplicate_operation_ids_get_numbered_suffixes_in_route_order() -> None:
    def handler(key: int) -> None:
        return None

    first = get("/{key:int}/a")(partial(handler))
    second = get("/{key:int}/b")(partial(handler))
    third = get("/{key:int}/c")(partial(handler))
    paths = document(first, second, third)["paths"]
    assert [paths[f"/{{key}}/{letter}"]["get"]["operationId"] for letter in "abc"] == [
        "Handler",
        "Handler_2",
        "Handler_3",
    ]


def test_summary_description_and_deprecated() -> None:
    @get("/a", summary="Read A", description="From the decorator", deprecated=True)
    def read_a() -> None:
        """From the docstring."""

    @get("/b")
    def read_b() -> None:
        """First line.

        Line 3,
            indented.
        """

    without = document(read_a, read_b)["paths"]
    assert without["/a"]["get"]["summary"] == "Read A"
    assert without["/a"]["get"]["description"] == "From the decorator"
    assert without["/a"]["get"]["deprecated"] is True
    assert "description" not in without["/b"]["get"]
    assert without["/b"]["get"]["deprecated"] is False
    with_docstrings = document(read_a, read_b, use_handler_docstrings=True)["paths"]
    assert with_docstrings["/a"]["get"]["description"] == "From the decorator"
    assert with_docstrings["/b"]["get"]["description"] == "First line.\n\nLine 3,\n    indented."


def test_tags_of_every_layer_sorted_and_once() -> None:
    @get("/handler", tags=["handler"])
    def handler() -> None:
        return None

    class TaggedController(Controller):
        path = "/controller"
        tags = ["controller"]

        @get(tags=["handler", "a", "controller"])
        def read(self) -> None:
            return None

    router = Router(path="/router", route_handlers=[TaggedController], tags=["router"])
    paths = document(handler, TaggedController, router, tags=["app"])["paths"]
    assert paths["/handler"]["get"]["tags"] == ["app", "handler"]
    assert paths["/controller"]["get"]["tags"] == ["a", "app", "controller", "handler"]
    assert paths["/router/controller"]["get"]["tags"] == ["a", "app", "controller", "handler", "router"]


def test_no_tags_leaves_the_field_out() -> None:
    @get("/")
    def handler() -> None:
        return None

    assert "tags" not in document(handler)["paths"]["/"]["get"]


def test_security_of_every_layer_on_the_operation() -> None:
    @get("/open")
    def open_handler() -> None:
        return None

    @get("/closed", security=[{"apiKey": []}])
    def closed() -> None:
        return None

    router = Router(path="/r", route_handlers=[closed], security=[{"oauth": ["read"]}])
    config = OpenAPIConfig(
        title="Test",
        version="1",
        components={
            "securitySchemes": {
                "apiKey": {"type": "apiKey", "name": "X-Key", "in": "header"},
                "oauth": {
                    "type": "oauth2",
                    "flows": {"password": {"tokenUrl": "/token", "scopes": {"read": "read"}}},
                },
            }
        },
    )
    app = Starlite(route_handlers=[open_handler, router], security=[{"session": []}], openapi_config=config)
    paths = rendered_schema(app)["paths"]
    assert paths["/open"]["get"]["security"] == [{"session": []}]
    assert paths["/r/closed"]["get"]["security"] == [{"session": []}, {"oauth": ["read"]}, {"apiKey": []}]


def test_the_served_document_holds_the_operations() -> None:
    @get("/items/{item_id:int}")
    def read_item(item_id: int, q: str | None = None) -> dict[str, int]:
        return {"id": item_id}

    config = OpenAPIConfig(title="Test", version="1")
    with create_test_client([read_item], openapi_config=config) as client:
        served = client.get("/schema/openapi.json").json()
    validate(served)
    operation = served["paths"]["/items/{item_id}"]["get"]
    assert operation["operationId"] == "ItemsReadItem"
    assert [(p["name"], p["in"], p["required"]) for p in operation["parameters"]] == [
        ("item_id", "path", True),
        ("q", "query", False),
    ]
    assert sorted(operation["responses"]) == ["200", "400"]


def test_an_operation_id_creator_names_the_handlers_without_their_own_id() -> None:
    @get("/users/{user_id:int}")
    def fetch_user(user_id: int) -> str:
        return str(user_id)

    @get("/users", operation_id="listEveryone")
    def list_users() -> list[str]:
        return []

    @post("/users")
    def make_user(data: dict[str, str]) -> dict[str, str]:
        return data

    seen: list[tuple[str, str, list[str]]] = []

    def creator(handler: HTTPRouteHandler, method: str, path_components: list[str]) -> str:
        seen.append((handler.handler_name.rsplit(".", 1)[-1], method, path_components))
        return "users"  # the same id for both: the second gets a suffix

    config = OpenAPIConfig(title="Test", version="1", operation_id_creator=creator)
    app = Starlite(route_handlers=[fetch_user, list_users, make_user], openapi_config=config)
    rendered = rendered_schema(app)
    ids = {
        (path, method): operation["operationId"]
        for path, item in rendered["paths"].items()
        for method, operation in item.items()
    }
    # A handler's own operation_id keeps 1.5x's rule (the path's leading segments in front).
    assert ids == {
        ("/users/{user_id}", "get"): "users",
        ("/users", "get"): "UserslistEveryone",
        ("/users", "post"): "users_2",
    }
    assert ("fetch_user", "GET", ["users", "{user_id}"]) in seen


def test_an_operation_id_creator_that_is_not_callable_is_refused() -> None:
    with pytest.raises(ImproperlyConfiguredException, match="operation_id_creator"):
        OpenAPIConfig(title="Test", version="1", operation_id_creator="users")  # type: ignore[arg-type]
