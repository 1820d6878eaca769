# ruff: noqa: UP045 - the typing.Optional spelling is what many 1.5x apps use, so it is tested as written
"""``data``: JSON, MessagePack, url-encoded and multipart bodies into typed values; the body size limit."""

from dataclasses import dataclass
from typing import Any, Optional, TypedDict

import msgspec
import pytest
from pydantic import BaseModel, Field

from starlite import Body, Controller, Request, RequestEncodingType, Router, UploadFile, post
from starlite.testing import create_test_client


class Person(BaseModel):
    name: str
    age: int = Field(ge=0)
    tags: list[str] = []


@dataclass
class PersonDataclass:
    name: str
    age: int


class PersonDict(TypedDict):
    name: str
    age: int


class PersonStruct(msgspec.Struct):
    name: str
    age: int


def _errors(response: Any) -> dict[str, dict[str, str]]:
    assert response.status_code == 400, response.text
    return {error["key"]: error for error in response.json()["extra"]}


@pytest.mark.parametrize("model", [Person, PersonDataclass, PersonDict, PersonStruct])
def test_json_bodies_into_models_dataclasses_typeddicts_and_structs(model: Any) -> None:
    @post("/")
    def handler(data: model) -> dict[str, Any]:  # type: ignore[valid-type]
        assert type(data) is (dict if model is PersonDict else model)
        return {"type": type(data).__name__, "age": data["age"] if isinstance(data, dict) else data.age}

    with create_test_client(handler) as client:
        response = client.post("/", json={"name": "Ada", "age": 36})
        assert response.status_code == 201
        assert response.json()["age"] == 36
        errors = _errors(client.post("/", json={"age": "old"}))
    assert set(errors) == {"name", "age"}  # every failing field, not just the first
    assert {error["source"] for error in errors.values()} == {"body"}


def test_json_bodies_into_dicts_lists_and_nested_models() -> None:
    @post("/dict")
    def as_dict(data: dict[str, int]) -> int:
        return sum(data.values())

    @post("/list")
    def as_list(data: list[Person]) -> list[str]:
        return [person.name for person in data]

    @post("/any")
    def untyped(data: Any) -> Any:
        return data

    with create_test_client([as_dict, as_list, untyped]) as client:
        assert client.post("/dict", json={"a": 1, "b": 2}).json() == 3
        assert _errors(client.post("/dict", json={"a": "x"}))["a"]["source"] == "body"
        assert client.post("/list", json=[{"name": "a", "age": 1}, {"name": "b", "age": 2}]).json() == [
            "a",
            "b",
        ]
        errors = _errors(client.post("/list", json=[{"name": "a", "age": 1}, {"name": "b", "age": -1}]))
        assert list(errors) == ["1.age"]
        assert client.post("/any", json={"nested": [1, None, "x"]}).json() == {"nested": [1, None, "x"]}


def test_malformed_json_wrong_content_type_and_missing_body_are_400s() -> None:
    @post("/")
    def handler(data: Person) -> str:
        return data.name

    @post("/optional")
    def optional(data: Optional[Person] = None) -> Optional[str]:
        return data.name if data else None

    @post("/struct")
    def struct(data: PersonStruct) -> str:
        return data.name

    with create_test_client([handler, optional, struct]) as client:
        for path in ("/", "/struct"):
            response = client.post(
                path, content=b'{"name": "x",', headers={"content-type": "application/json"}
            )
            assert response.status_code == 400
            assert response.json()["detail"].startswith("Malformed JSON request body")
        response = client.post("/", data={"name": "x", "age": "1"})
        assert response.status_code == 400
        assert "Unsupported content type 'application/x-www-form-urlencoded'" in response.json()["detail"]
        assert _errors(client.post("/"))["data"]["message"] == "A request body is required"
        assert client.post("/optional").json() is None
        # Without a content type the body is still read as JSON; vendor "+json" types are JSON too.
        assert client.post("/", content=b'{"name": "n", "age": 1}').text == "n"
        typed = client.post(
            "/", content=b'{"name": "v", "age": 1}', headers={"content-type": "application/vnd.a+json"}
        )
        assert typed.text == "v"


def test_messagepack_bodies() -> None:
    @post("/")
    def handler(data: Person = Body(media_type=RequestEncodingType.MESSAGEPACK)) -> int:
        return data.age

    with create_test_client(handler) as client:
        payload = msgspec.msgpack.encode({"name": "a", "age": 7})
        assert (
            client.post("/", content=payload, headers={"content-type": "application/x-msgpack"}).json() == 7
        )
        assert (
            client.post("/", content=b"\xc1", headers={"content-type": "application/x-msgpack"}).status_code
            == 400
        )
        bad = msgspec.msgpack.encode({"name": "a", "age": "x"})
        assert _errors(client.post("/", content=bad))["age"]["source"] == "body"


@pytest.mark.parametrize("model", [Person, PersonDataclass, PersonDict, PersonStruct])
def test_url_encoded_forms_into_the_same_types(model: Any) -> None:
    @post("/")
    def handler(data: model = Body(media_type=RequestEncodingType.URL_ENCODED)) -> list[Any]:  # type: ignore[valid-type]
        return [data["name"], data["age"]] if isinstance(data, dict) else [data.name, data.age]

    with create_test_client(handler) as client:
        assert client.post("/", data={"name": "Ada", "age": "36"}).json() == ["Ada", 36]
        assert set(_errors(client.post("/", data={"age": "x"}))) == {"name", "age"}
        wrong = client.post("/", json={"name": "Ada", "age": 1})
        assert wrong.status_code == 400
        assert "expects a form" in wrong.json()["detail"]


def test_form_values_keep_their_text_and_repeated_keys_fill_list_fields() -> None:
    @post("/model")
    def model(data: Person = Body(media_type=RequestEncodingType.URL_ENCODED)) -> Person:
        return data

    @post("/dict")
    def untyped(data: dict[str, Any] = Body(media_type=RequestEncodingType.URL_ENCODED)) -> dict[str, Any]:
        return data

    with create_test_client([model, untyped]) as client:
        response = client.post("/model", data={"name": "007", "age": "7", "tags": ["a", "b"]})
        # "007" stays a string: 1.5x JSON-decoded form values, which turned it into the number 7.
        assert response.json() == {"name": "007", "age": 7, "tags": ["a", "b"]}
        assert client.post("/model", data={"name": "x", "age": "1", "tags": "solo"}).json()["tags"] == [
            "solo"
        ]
        assert client.post("/dict", data={"a": "1", "b": ["x", "y"]}).json() == {"a": "1", "b": ["x", "y"]}


class Profile(BaseModel):
    name: str
    avatar: UploadFile


@dataclass
class Attachments:
    title: str
    files: list[UploadFile]


def test_multipart_uploads_alone_in_lists_and_in_models() -> None:
    @post("/single")
    async def single(data: UploadFile = Body(media_type=RequestEncodingType.MULTI_PART)) -> list[Any]:
        return [data.filename, data.content_type, (await data.read()).decode()]

    @post("/many")
    async def many(data: list[UploadFile] = Body(media_type=RequestEncodingType.MULTI_PART)) -> list[str]:
        return [f"{upload.filename}={(await upload.read()).decode()}" for upload in data]

    @post("/model")
    async def model(data: Profile = Body(media_type=RequestEncodingType.MULTI_PART)) -> list[Any]:
        return [data.name, data.avatar.filename, len(await data.avatar.read())]

    @post("/dataclass")
    async def dataclass_(data: Attachments = Body(media_type=RequestEncodingType.MULTI_PART)) -> list[Any]:
        return [data.title, [upload.filename for upload in data.files]]

    @post("/mapping")
    async def mapping(
        data: dict[str, UploadFile] = Body(media_type=RequestEncodingType.MULTI_PART),
    ) -> list[str]:
        return sorted(data)

    with create_test_client([single, many, model, dataclass_, mapping]) as client:
        response = client.post("/single", files={"file": ("a.txt", b"hello", "text/plain")})
        assert response.json() == ["a.txt", "text/plain", "hello"]
        files = [("f", ("a.txt", b"1")), ("f", ("b.txt", b"2"))]
        assert client.post("/many", files=files).json() == ["a.txt=1", "b.txt=2"]
        response = client.post("/model", data={"name": "ada"}, files={"avatar": ("me.png", b"\x89PNG" * 10)})
        assert response.json() == ["ada", "me.png", 40]
        assert _errors(client.post("/model", data={"name": "ada"}))["avatar"]["source"] == "body"
        named = [("files", ("a.txt", b"1")), ("files", ("b.txt", b"2"))]
        assert client.post("/dataclass", data={"title": "t"}, files=named).json() == ["t", ["a.txt", "b.txt"]]
        assert client.post("/mapping", files={"x": ("x", b""), "y": ("y", b"")}).json() == ["x", "y"]
        assert (
            _errors(client.post("/single", data={"not": "a file"}))["data"]["message"]
            == "Expected a file upload"
        )


def test_large_uploads_are_spooled_to_disk() -> None:
    seen: dict[str, Any] = {}

    @post("/")
    async def handler(data: UploadFile = Body(media_type=RequestEncodingType.MULTI_PART)) -> int:
        seen["on_disk"] = data.rolled_to_disk
        return len(await data.read())

    with create_test_client(handler) as client:
        assert client.post("/", files={"f": ("big.bin", b"\0" * (3 * 1024 * 1024))}).json() == 3 * 1024 * 1024
    assert seen["on_disk"] is True


class Address(BaseModel):
    city: str


class Signup(BaseModel):
    model_config = {"arbitrary_types_allowed": True}

    photo: UploadFile
    tags: list[str]
    address: Address
    history: list[Address] = []


def test_multipart_fields_of_structured_types_are_read_as_json() -> None:
    @post("/")
    async def signup(data: Signup = Body(media_type=RequestEncodingType.MULTI_PART)) -> list[Any]:
        return [
            data.tags,
            data.address.city,
            [a.city for a in data.history],
            (await data.photo.read()).decode(),
        ]

    with create_test_client(signup) as client:
        response = client.post(
            "/",
            files={"photo": ("p.png", b"png")},
            data={"tags": ["1", "[2]"], "address": '{"city": "Oslo"}', "history": '[{"city": "Rome"}]'},
        )
        # A str item keeps the text as sent, even when it looks like JSON.
        assert response.json() == [["1", "[2]"], "Oslo", ["Rome"], "png"]
        bad = client.post("/", files={"photo": ("p.png", b"png")}, data={"tags": "a", "address": "{oops"})
        assert _errors(bad)["address"]["source"] == "body"


def _multipart(part_headers: bytes, content: bytes = b"<content>") -> dict[str, Any]:
    body = b"--b0\r\n" + part_headers + b"\r\n\r\n" + content + b"\r\n--b0--\r\n"
    return {"content": body, "headers": {"content-type": "multipart/form-data; boundary=b0"}}


def test_multipart_parts_as_1_5x_read_them() -> None:
    @post("/")
    async def echo(request: Request) -> dict[str, Any]:
        form = await request.form()
        result: dict[str, Any] = {}
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                result[key] = [
                    value.filename,
                    value.content_type,
                    value.headers,
                    (await value.read()).decode(),
                ]
            else:
                result[key] = value
        return result

    with create_test_client(echo) as client:
        # RFC 5987 ``filename*``, which python-multipart alone drops.
        extended = _multipart(
            b"Content-Disposition: form-data; name=\"f\"; filename*=utf-8''Na%C3%AFve%20file.jpg"
        )
        assert client.post("/", **extended).json()["f"][0] == "Naïve file.jpg"
        # UploadFile.headers as 1.5x gave them: values without their parameters, lower-cased.
        typed = _multipart(
            b'Content-Disposition: form-data; name="f"; filename="a.txt"\r\n'
            b"Content-Type: Text/Plain; charset=utf-8\r\nX-Custom: F2"
        )
        assert client.post("/", **typed).json()["f"][:3] == [
            "a.txt",
            "text/plain",
            {"content-disposition": "form-data", "content-type": "text/plain", "x-custom": "f2"},
        ]
        # RFC 7578 section 4.4: a part without a Content-Type is text/plain.
        bare = _multipart(b'Content-Disposition: form-data; name="f"; filename="a.bin"')
        assert client.post("/", **bare).json()["f"][1] == "text/plain"
        # A text part is decoded with its own charset.
        latin = _multipart(
            b'Content-Disposition: form-data; name="v"\r\nContent-Type: text/plain; charset=latin-1',
            b"caf\xe9",
        )
        assert client.post("/", **latin).json() == {"v": "café"}


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data", b"--x\r\n"),  # no boundary parameter
        ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data; name=a\r\n\r\nvalue"),
        ("multipart/form-data; boundary=x", b"\x00\xff garbage \r\n--"),
        (
            "multipart/form-data; boundary=x",
            b"--y\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--y--\r\n",
        ),
    ],
    ids=["missing-boundary", "truncated", "garbage", "other-boundary"],
)
def test_broken_multipart_bodies_are_400s(content_type: str, body: bytes) -> None:
    @post("/")
    def handler(data: dict[str, Any] = Body(media_type=RequestEncodingType.MULTI_PART)) -> dict[str, Any]:
        return data

    with create_test_client(handler) as client:
        response = client.post("/", content=body, headers={"content-type": content_type})
    assert response.status_code == 400, response.text
    assert response.json()["detail"]


def test_body_multipart_form_part_limit() -> None:
    @post("/")
    def handler(
        data: dict[str, Any] = Body(media_type=RequestEncodingType.MULTI_PART, multipart_form_part_limit=2),
    ) -> int:
        return len(data)

    with create_test_client(handler) as client:
        assert client.post("/", files={"a": ("a", b"1"), "b": ("b", b"2")}).json() == 2
        response = client.post("/", files={"a": ("a", b"1"), "b": ("b", b"2"), "c": ("c", b"3")})
    assert response.status_code == 400
    assert "maximum number of multipart parts (2)" in response.json()["detail"]


def test_body_size_limit_gives_413_whether_declared_or_streamed() -> None:
    @post("/small", request_max_body_size=10)
    def small(body: bytes) -> int:
        return len(body)

    @post("/unlimited", request_max_body_size=None)
    def unlimited(body: bytes) -> int:
        return len(body)

    def chunks() -> Any:
        yield b"x" * 6
        yield b"x" * 6

    with create_test_client([small, unlimited]) as client:
        assert client.post("/small", content=b"x" * 10).json() == 10
        response = client.post("/small", content=b"x" * 11)
        assert response.status_code == 413
        assert response.json() == {
            "status_code": 413,
            "detail": "Request body is larger than the limit of 10 bytes",
        }
        # No Content-Length: the limit is enforced as the chunks arrive.
        assert client.post("/small", content=chunks()).status_code == 413
        assert client.post("/unlimited", content=b"x" * (11 * 1024 * 1024)).json() == 11 * 1024 * 1024


def test_default_body_limit_is_ten_mebibytes() -> None:
    @post("/")
    def handler(body: bytes) -> int:
        return len(body)

    with create_test_client(handler) as client:
        assert client.post("/", content=b"x" * (10 * 1024 * 1024)).status_code == 201
        assert client.post("/", content=b"x" * (10 * 1024 * 1024 + 1)).status_code == 413


def test_body_limit_is_layered_closest_wins() -> None:
    class Uploads(Controller):
        path = "/uploads"
        request_max_body_size = 20

        @post()
        def upload(self, body: bytes) -> int:
            return len(body)

        @post("/tiny", request_max_body_size=5)
        def tiny(self, body: bytes) -> int:
            return len(body)

    @post("/other")
    def other(body: bytes) -> int:
        return len(body)

    router = Router(path="/r", route_handlers=[Uploads, other], request_max_body_size=8)
    with create_test_client(router) as client:
        assert client.post("/r/uploads", content=b"x" * 20).status_code == 201
        assert client.post("/r/uploads", content=b"x" * 21).status_code == 413
        assert client.post("/r/uploads/tiny", content=b"x" * 6).status_code == 413
        assert client.post("/r/other", content=b"x" * 8).status_code == 201
        assert client.post("/r/other", content=b"x" * 9).status_code == 413


def test_the_limit_applies_to_forms_too() -> None:
    @post("/", request_max_body_size=1000)
    def handler(data: dict[str, Any] = Body(media_type=RequestEncodingType.MULTI_PART)) -> int:
        return len(data)

    with create_test_client(handler) as client:
        assert client.post("/", files={"f": ("f", b"x" * 100)}).status_code == 201
        assert client.post("/", files={"f": ("f", b"x" * 2000)}).status_code == 413


def test_app_level_body_limit_and_a_handler_override() -> None:
    @post("/")
    def default(body: bytes) -> int:
        return len(body)

    @post("/big", request_max_body_size=100)
    def big(body: bytes) -> int:
        return len(body)

    with create_test_client([default, big], request_max_body_size=50) as client:
        assert client.post("/", content=b"x" * 50).status_code == 201
        assert client.post("/", content=b"x" * 51).status_code == 413
        assert client.post("/big", content=b"x" * 100).status_code == 201


def test_parameter_and_body_errors_are_listed_in_one_400() -> None:
    @post("/{shop_id:int}")
    def handler(shop_id: int, page: int, data: Person) -> None:
        return None

    with create_test_client(handler) as client:
        errors = _errors(client.post("/1?page=x", json={"name": "a", "age": -1}))
        assert {(key, error["source"]) for key, error in errors.items()} == {
            ("page", "query"),
            ("age", "body"),
        }
        malformed = _errors(
            client.post("/1?page=x", content=b"{", headers={"content-type": "application/json"})
        )
        assert malformed["data"]["message"].startswith("Malformed JSON request body")


def test_body_errors_are_validation_exceptions_for_exception_handlers() -> None:
    from starlite import Request, Response
    from starlite.exceptions import ValidationException

    def as_422(request: Request, exc: ValidationException) -> Response:
        return Response({"problem": exc.detail}, status_code=422)

    @post("/")
    def handler(data: Person) -> None:
        return None

    with create_test_client(handler, exception_handlers={ValidationException: as_422}) as client:
        for content, content_type in (
            (b"{", "application/json"),
            (b"a=1", "application/x-www-form-urlencoded"),
        ):
            response = client.post("/", content=content, headers={"content-type": content_type})
            assert response.status_code == 422, content
