"""Pagination: the containers as handler return values (JSON and OpenAPI), and the paginators' arithmetic."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeGuard, TypeVar
from uuid import UUID

import pytest
from pydantic import BaseModel, create_model

from starlite import (
    AbstractAsyncClassicPaginator,
    AbstractAsyncCursorPaginator,
    AbstractAsyncOffsetPaginator,
    AbstractSyncClassicPaginator,
    AbstractSyncCursorPaginator,
    AbstractSyncOffsetPaginator,
    ClassicPagination,
    CursorPagination,
    OffsetPagination,
    OpenAPIConfig,
    PluginProtocol,
    get,
)
from starlite.exceptions import ImproperlyConfiguredException
from starlite.openapi.schema import get_schema_for_generic_type
from starlite.testing import create_test_client

T = TypeVar("T")


class Book(BaseModel):
    id: int
    title: str


BOOKS = [Book(id=number, title=f"Book {number}") for number in range(1, 24)]  # 23 books: 5 pages of 5
OPENAPI = OpenAPIConfig(title="Library", version="1")


class SyncBookPages(AbstractSyncClassicPaginator[Book]):
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, int]]] = []

    def get_total(self, page_size: int) -> int:
        self.calls.append(("get_total", {"page_size": page_size}))
        return -(-len(BOOKS) // page_size)

    def get_items(self, page_size: int, current_page: int) -> list[Book]:
        self.calls.append(("get_items", {"page_size": page_size, "current_page": current_page}))
        start = (current_page - 1) * page_size
        return BOOKS[start : start + page_size]


class AsyncBookPages(AbstractAsyncClassicPaginator[Book]):
    async def get_total(self, page_size: int) -> int:
        return -(-len(BOOKS) // page_size)

    async def get_items(self, page_size: int, current_page: int) -> list[Book]:
        start = (current_page - 1) * page_size
        return BOOKS[start : start + page_size]


class SyncBookSlices(AbstractSyncOffsetPaginator[Book]):
    def get_total(self) -> int:
        return len(BOOKS)

    def get_items(self, limit: int, offset: int) -> list[Book]:
        return BOOKS[offset : offset + limit]


class AsyncBookSlices(AbstractAsyncOffsetPaginator[Book]):
    async def get_total(self) -> int:
        return len(BOOKS)

    async def get_items(self, limit: int, offset: int) -> list[Book]:
        return BOOKS[offset : offset + limit]


def after(cursor: int | None, results_per_page: int) -> tuple[list[Book], int | None]:
    following = [book for book in BOOKS if cursor is None or book.id > cursor][:results_per_page]
    return following, (following[-1].id if following else None)


class SyncBookCursor(AbstractSyncCursorPaginator[int, Book]):
    def get_items(self, cursor: int | None, results_per_page: int) -> tuple[list[Book], int | None]:
        return after(cursor, results_per_page)


class AsyncBookCursor(AbstractAsyncCursorPaginator[int, Book]):
    async def get_items(self, cursor: int | None, results_per_page: int) -> tuple[list[Book], int | None]:
        return after(cursor, results_per_page)


def ids(body: dict[str, Any]) -> list[int]:
    return [item["id"] for item in body["items"]]


@pytest.mark.parametrize("paginator", [SyncBookPages(), AsyncBookPages()], ids=["sync", "async"])
def test_a_classic_page_is_sent_as_its_fields(paginator: Any) -> None:
    @get("/books")
    async def books(page_size: int, current_page: int) -> ClassicPagination[Book]:
        page = paginator(page_size=page_size, current_page=current_page)
        return await page if isinstance(paginator, AsyncBookPages) else page  # type: ignore[no-any-return]

    with create_test_client([books]) as client:
        response = client.get("/books", params={"page_size": 5, "current_page": 5})
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {"id": 21, "title": "Book 21"},
            {"id": 22, "title": "Book 22"},
            {"id": 23, "title": "Book 23"},
        ],
        "page_size": 5,
        "current_page": 5,
        "total_pages": 5,
    }


def test_the_classic_paginator_asks_for_the_page_count_then_the_page() -> None:
    paginator = SyncBookPages()
    page = paginator(page_size=10, current_page=2)
    assert page == ClassicPagination(items=BOOKS[10:20], page_size=10, current_page=2, total_pages=3)
    assert paginator.calls == [
        ("get_total", {"page_size": 10}),
        ("get_items", {"page_size": 10, "current_page": 2}),
    ]


@pytest.mark.parametrize("paginator", [SyncBookSlices(), AsyncBookSlices()], ids=["sync", "async"])
def test_an_offset_slice_is_sent_with_the_total(paginator: Any) -> None:
    @get("/books", sync_to_thread=False)
    def sync_books(limit: int, offset: int) -> OffsetPagination[Book]:
        return paginator(limit=limit, offset=offset)  # type: ignore[no-any-return]

    @get("/books")
    async def async_books(limit: int, offset: int) -> OffsetPagination[Book]:
        return await paginator(limit=limit, offset=offset)  # type: ignore[no-any-return]

    handler = async_books if isinstance(paginator, AsyncBookSlices) else sync_books
    with create_test_client([handler]) as client:
        response = client.get("/books", params={"limit": 2, "offset": 20})
    assert response.status_code == 200
    body = response.json()
    assert ids(body) == [21, 22]
    assert {key: value for key, value in body.items() if key != "items"} == {
        "limit": 2,
        "offset": 20,
        "total": 23,
    }


@pytest.mark.parametrize("paginator", [SyncBookCursor(), AsyncBookCursor()], ids=["sync", "async"])
def test_a_client_follows_the_cursor_to_the_end(paginator: Any) -> None:
    @get("/books")
    async def books(cursor: int | None = None) -> CursorPagination[int, Book]:
        batch = paginator(cursor=cursor, results_per_page=10)
        return await batch if isinstance(paginator, AsyncBookCursor) else batch  # type: ignore[no-any-return]

    seen: list[int] = []
    cursors: list[int | None] = []
    with create_test_client([books]) as client:
        params: dict[str, int] = {}
        while True:
            body = client.get("/books", params=params).json()
            assert body["results_per_page"] == 10
            seen.extend(ids(body))
            cursors.append(body["cursor"])
            if body["cursor"] is None:
                break
            params = {"cursor": body["cursor"]}
    assert seen == [book.id for book in BOOKS]
    assert cursors == [10, 20, 23, None]


def test_a_bad_page_number_is_a_400_naming_the_parameter() -> None:
    @get("/books", sync_to_thread=False)
    def books(page_size: int, current_page: int) -> ClassicPagination[Book]:
        return SyncBookPages()(page_size=page_size, current_page=current_page)

    with create_test_client([books]) as client:
        response = client.get("/books", params={"page_size": "five", "current_page": 1})
    assert response.status_code == 400
    assert "page_size" in response.text


def test_a_paginator_must_implement_its_abstract_methods() -> None:
    class Incomplete(AbstractSyncOffsetPaginator[Book]):
        def get_items(self, limit: int, offset: int) -> list[Book]:
            return []

    with pytest.raises(TypeError, match="get_total"):
        Incomplete()  # type: ignore[abstract]


def response_schema(handler: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    with create_test_client([handler], openapi_config=OPENAPI) as client:
        document = client.get("/schema/openapi.json").json()
    operation = document["paths"]["/books"]["get"]
    return operation["responses"]["200"]["content"]["application/json"]["schema"], document.get(
        "components", {}
    )


def test_the_schema_of_a_classic_page_refers_to_the_item_model() -> None:
    @get("/books", sync_to_thread=False)
    def books() -> ClassicPagination[Book]:
        return SyncBookPages()(page_size=1, current_page=1)

    schema, components = response_schema(books)
    assert schema == {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Book"}},
            "page_size": {"type": "integer", "description": "Number of items per page."},
            "current_page": {"type": "integer", "description": "Current page number."},
            "total_pages": {"type": "integer", "description": "Total number of pages."},
        },
    }
    assert set(components["schemas"]["Book"]["properties"]) == {"id", "title"}


def test_the_schema_of_an_offset_slice() -> None:
    @get("/books", sync_to_thread=False)
    def books() -> OffsetPagination[Book]:
        return SyncBookSlices()(limit=1, offset=0)

    schema, _ = response_schema(books)
    assert schema["properties"]["items"] == {"type": "array", "items": {"$ref": "#/components/schemas/Book"}}
    assert schema["properties"]["limit"] == {
        "type": "integer",
        "description": "Maximal number of items to send.",
    }
    assert schema["properties"]["offset"] == {
        "type": "integer",
        "description": "Offset from the beginning of the query.",
    }
    assert schema["properties"]["total"] == {"type": "integer", "description": "Total number of items."}


@pytest.mark.parametrize(
    ("cursor_type", "cursor_schema"),
    [(int, {"type": "integer"}), (str, {"type": "string"}), (UUID, {"type": "string", "format": "uuid"})],
    ids=["int", "str", "uuid"],
)
def test_the_cursor_is_described_by_its_type(cursor_type: Any, cursor_schema: dict[str, Any]) -> None:
    def books() -> Any:
        return CursorPagination(items=[], results_per_page=1, cursor=None)

    # The annotation names a local: set it as an object (this module's annotations are strings).
    books.__annotations__["return"] = CursorPagination[cursor_type, Book]
    schema, _ = response_schema(get("/books", sync_to_thread=False)(books))
    description = schema["properties"]["cursor"].pop("description")
    assert schema["properties"]["cursor"] == cursor_schema
    assert "next" in description
    assert schema["properties"]["results_per_page"]["type"] == "integer"
    assert schema["properties"]["items"]["items"] == {"$ref": "#/components/schemas/Book"}


def test_a_page_of_plain_values_has_their_schema_in_line() -> None:
    @get("/books", sync_to_thread=False)
    def books() -> ClassicPagination[str]:
        return ClassicPagination(items=["a"], page_size=1, current_page=1, total_pages=1)

    schema, _ = response_schema(books)
    assert schema["properties"]["items"] == {"type": "array", "items": {"type": "string"}}


@dataclass
class Envelope(Generic[T]):
    """A generic dataclass of the user's own."""

    data: T
    note: str


def test_a_generic_dataclass_of_the_user_is_a_component_per_parametrisation() -> None:
    @get("/books", sync_to_thread=False)
    def books() -> Envelope[Book]:
        return Envelope(data=BOOKS[0], note="first")

    @get("/count", sync_to_thread=False)
    def count() -> Envelope[int]:
        return Envelope(data=len(BOOKS), note="all")

    with create_test_client([books, count], openapi_config=OPENAPI) as client:
        assert client.get("/books").json() == {"data": {"id": 1, "title": "Book 1"}, "note": "first"}
        document = client.get("/schema/openapi.json").json()
    references = {
        path: document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"][
            "$ref"
        ]
        for path in ("/books", "/count")
    }
    assert len(set(references.values())) == 2
    schemas = document["components"]["schemas"]
    books_schema = schemas[references["/books"].rsplit("/", 1)[1]]
    count_schema = schemas[references["/count"].rsplit("/", 1)[1]]
    assert books_schema["properties"]["data"] == {"$ref": "#/components/schemas/Book"}
    assert count_schema["properties"]["data"]["type"] == "integer"


def test_only_the_pagination_containers_are_described_as_generic_types() -> None:
    schema = get_schema_for_generic_type(OffsetPagination[int], [], OffsetPagination)
    assert schema.model_dump(exclude_none=True)["properties"]["items"] == {
        "type": "array",
        "items": {"type": "integer"},
    }
    with pytest.raises(
        ImproperlyConfiguredException, match="cannot generate OpenAPI schema for generic type"
    ):
        get_schema_for_generic_type(Envelope[int], [], Envelope)


def test_the_containers_are_exported_where_1_5x_exported_them() -> None:
    import starlite.datastructures as datastructures
    import starlite.datastructures.pagination as pagination

    for name in (
        "ClassicPagination",
        "OffsetPagination",
        "CursorPagination",
        "AbstractSyncClassicPaginator",
        "AbstractAsyncClassicPaginator",
        "AbstractSyncOffsetPaginator",
        "AbstractAsyncOffsetPaginator",
        "AbstractSyncCursorPaginator",
        "AbstractAsyncCursorPaginator",
    ):
        assert getattr(datastructures, name) is getattr(pagination, name)


class Row:
    """A stand-in for an ORM's model class, converted by its plugin."""

    def __init__(self, **values: Any) -> None:
        self.values = values


class RowPlugin(PluginProtocol[Row]):
    @staticmethod
    def is_plugin_supported_type(value: Any) -> TypeGuard[Row]:
        return value is Row or isinstance(value, Row)

    def to_pydantic_model_class(self, model_class: type[Row], **kwargs: Any) -> type[BaseModel]:
        return create_model("RowModel", id=(int, ...))

    def from_pydantic_model_instance(self, model_class: type[Row], pydantic_model_instance: BaseModel) -> Row:
        return model_class(**pydantic_model_instance.model_dump())

    def to_dict(self, model_instance: Row) -> Any:
        async def values() -> dict[str, Any]:  # an async ORM's conversion
            return dict(model_instance.values)

        return values()


def test_a_page_of_a_plugins_models_is_converted_by_the_plugin() -> None:
    @get("/rows", sync_to_thread=False)
    def rows() -> OffsetPagination[Row]:
        return OffsetPagination(items=[Row(id=1), Row(id=2)], limit=2, offset=0, total=9)

    with create_test_client([rows], plugins=[RowPlugin()], openapi_config=OPENAPI) as client:
        response = client.get("/rows")
        document = client.get("/schema/openapi.json").json()
    assert response.status_code == 200
    assert response.json() == {"items": [{"id": 1}, {"id": 2}], "limit": 2, "offset": 0, "total": 9}
    schema = document["paths"]["/rows"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["properties"]["items"] == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/RowModel"},
    }
