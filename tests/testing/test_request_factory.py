from __future__ import annotations

import inspect
import io
from dataclasses import dataclass
from typing import Any

import msgspec
import pytest
from pydantic import BaseModel

from starlite import (
    ASGIConnection,
    BaseRouteHandler,
    Cookie,
    HTTPRouteHandler,
    NotAuthorizedException,
    Request,
    RequestEncodingType,
    Starlite,
    UploadFile,
    get,
    post,
)
from starlite.datastructures.url import Address
from starlite.exceptions import ClientException
from starlite.testing.request_factory import RequestFactory


class PersonModel(BaseModel):
    name: str
    age: int


@dataclass
class PersonDataclass:
    name: str
    age: int


class PersonStruct(msgspec.Struct):
    name: str
    age: int


async def close_uploads(form: Any) -> None:
    # Uploads are spooled to temporary files: close them, as the app does after a response.
    for _, value in form.multi_items():
        if isinstance(value, UploadFile):
            await value.close()


ALL_METHODS = ["get", "post", "put", "patch", "delete", "head", "options", "trace"]
BODY_METHODS = ["post", "put", "patch"]


# --- defaults and URLs -----------------------------------------------------------------------------------


def test_defaults_match_starlite_1_51() -> None:
    request = RequestFactory().get()

    assert str(request.url) == "http://test.org:3000/"
    assert str(request.base_url) == "http://test.org:3000/"
    assert request.method == "GET"
    assert request.client == Address("test.org", 3000)
    assert request.scope["http_version"] == "1.1"
    assert isinstance(request.app, Starlite)
    assert request.session == {}
    assert request.user is None
    assert request.auth is None
    assert request.path_params == {}
    assert request.query_params == {}
    assert request.cookies == {}
    assert request.state.dict() == {}


def test_path_goes_into_the_url() -> None:
    request = RequestFactory().get("/x")
    assert str(request.url) == "http://test.org:3000/x"
    assert request.url.path == "/x"


def test_server_port_scheme_and_root_path() -> None:
    factory = RequestFactory(server="example.com", port=443, scheme="https", root_path="/api/")
    request = factory.get("/items")

    # The default port of the scheme is left out, as a browser would.
    assert str(request.url) == "https://example.com/api/items"
    assert str(request.base_url) == "https://example.com/api/"


def test_percent_encoded_path() -> None:
    request = RequestFactory().get("/files/a%20b")
    assert request.scope["path"] == "/files/a b"
    assert request.scope["raw_path"] == b"/files/a%20b"


def test_host_header_overrides_the_server() -> None:
    request = RequestFactory().get("/", headers={"Host": "other.example:8080"})
    assert str(request.url) == "http://other.example:8080/"


def test_client_override() -> None:
    request = RequestFactory().get("/", client=("10.0.0.1", 1234))
    assert request.client == Address("10.0.0.1", 1234)


def test_http_version() -> None:
    assert RequestFactory().get("/", http_version="2").scope["http_version"] == "2"


# --- methods ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_METHODS)
def test_every_method(name: str) -> None:
    request = getattr(RequestFactory(), name)("/thing")
    assert request.method == name.upper()
    assert str(request.url) == "http://test.org:3000/thing"


def test_request_takes_any_method_in_any_case() -> None:
    request = RequestFactory().request("propfind", "/dav")
    assert request.method == "PROPFIND"


def test_verbs_keep_the_1_51_argument_order() -> None:
    common = ["path", "headers", "cookies", "session", "user", "auth"]
    tail = ["query_params", "state", "path_params", "http_version", "route_handler"]
    factory = RequestFactory()

    get_parameters = list(inspect.signature(factory.get).parameters)
    post_parameters = list(inspect.signature(factory.post).parameters)

    assert get_parameters[: len(common + tail)] == common + tail
    assert post_parameters[: len(common) + 2 + len(tail)] == [*common, "request_media_type", "data", *tail]
    assert inspect.signature(factory.get).parameters["path"].default == "/"
    assert (
        inspect.signature(factory.post).parameters["request_media_type"].default == RequestEncodingType.JSON
    )


@pytest.mark.anyio
async def test_positional_arguments_as_in_1_51() -> None:
    factory = RequestFactory()
    request = factory.post(
        "/form", {"x-token": "t"}, None, None, None, None, RequestEncodingType.URL_ENCODED, {"a": "1"}
    )
    assert request.headers["x-token"] == "t"
    assert dict(await request.form()) == {"a": "1"}


def test_unknown_argument_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        RequestFactory().get("/", not_an_argument=1)  # type: ignore[call-arg]


# --- bodies ----------------------------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("name", BODY_METHODS)
async def test_json_body(name: str) -> None:
    request = getattr(RequestFactory(), name)("/people", data={"name": "Ada", "tags": ["x"]})

    assert request.headers["content-type"] == "application/json"
    body = await request.body()
    assert request.headers["content-length"] == str(len(body))
    assert await request.json() == {"name": "Ada", "tags": ["x"]}


@pytest.mark.anyio
@pytest.mark.parametrize(
    "data",
    [PersonModel(name="Ada", age=36), PersonDataclass(name="Ada", age=36), PersonStruct(name="Ada", age=36)],
    ids=["pydantic", "dataclass", "msgspec"],
)
async def test_models_as_json(data: Any) -> None:
    request = RequestFactory().post("/people", data=data)
    assert await request.json() == {"name": "Ada", "age": 36}


@pytest.mark.anyio
@pytest.mark.parametrize(
    "data",
    [PersonModel(name="Ada", age=36), PersonDataclass(name="Ada", age=36), PersonStruct(name="Ada", age=36)],
    ids=["pydantic", "dataclass", "msgspec"],
)
async def test_models_as_url_encoded_form(data: Any) -> None:
    request = RequestFactory().post("/people", data=data, request_media_type=RequestEncodingType.URL_ENCODED)
    assert dict(await request.form()) == {"name": "Ada", "age": "36"}


@pytest.mark.anyio
async def test_url_encoded_form() -> None:
    request = RequestFactory().post(
        "/form",
        data={"name": "Ada Lovelace", "tag": ["a", "b"], "admin": True, "note": None},
        request_media_type=RequestEncodingType.URL_ENCODED,
    )

    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert await request.body() == b"name=Ada+Lovelace&tag=a&tag=b&admin=true&note="
    form = await request.form()
    assert form.getall("tag") == ["a", "b"]
    assert form["name"] == "Ada Lovelace"
    assert form["admin"] == "true"
    assert form["note"] == ""


@pytest.mark.anyio
async def test_multipart_form_without_files() -> None:
    request = RequestFactory().put(
        "/form", data={"name": "Ada", "tag": ["a", "b"]}, request_media_type=RequestEncodingType.MULTI_PART
    )

    media_type, options = request.content_type
    assert media_type == "multipart/form-data"
    assert options["boundary"]
    form = await request.form()
    assert form["name"] == "Ada"
    assert form.getall("tag") == ["a", "b"]


@pytest.mark.anyio
async def test_multipart_with_files() -> None:
    named_file = io.BytesIO(b"from a file object")
    named_file.name = "/tmp/report.csv"  # only the base name is sent, as httpx does
    request = RequestFactory().post(
        "/upload",
        data={"title": "notes"},
        files={
            "text": ("a.txt", b"data", "text/plain"),
            "guessed": ("picture.png", b"\x89PNG"),
            "file_object": named_file,
            "bare": b"raw bytes",
            "with_headers": ("b.bin", "text content", "application/x-custom", {"X-Extra": "1"}),
        },
    )

    assert request.content_type[0] == "multipart/form-data"
    form = await request.form()
    assert form["title"] == "notes"

    text = form["text"]
    assert isinstance(text, UploadFile)
    assert (text.filename, text.content_type) == ("a.txt", "text/plain")
    assert await text.read() == b"data"

    assert form["guessed"].content_type == "image/png"
    assert await form["guessed"].read() == b"\x89PNG"

    assert form["file_object"].filename == "report.csv"
    assert form["file_object"].content_type == "text/csv"
    assert await form["file_object"].read() == b"from a file object"

    assert form["bare"].filename == "upload"
    assert form["bare"].content_type == "application/octet-stream"
    assert await form["bare"].read() == b"raw bytes"

    assert form["with_headers"].content_type == "application/x-custom"
    assert form["with_headers"].headers["x-extra"] == "1"
    assert await form["with_headers"].read() == b"text content"
    await close_uploads(form)


@pytest.mark.anyio
async def test_files_as_pairs_repeat_a_field() -> None:
    request = RequestFactory().post(
        "/upload", files=[("docs", ("one.txt", b"1")), ("docs", ("résumé.txt", b"2"))]
    )
    form = await request.form()
    uploads = form.getall("docs")
    assert [upload.filename for upload in uploads] == ["one.txt", "résumé.txt"]
    assert [await upload.read() for upload in uploads] == [b"1", b"2"]
    await close_uploads(form)


def test_files_need_a_multipart_body() -> None:
    with pytest.raises(ValueError, match="multipart"):
        RequestFactory().post("/", files={"f": b"x"}, request_media_type=RequestEncodingType.URL_ENCODED)


@pytest.mark.anyio
async def test_msgpack_body() -> None:
    request = RequestFactory().post(
        "/", data={"name": "Ada", "age": 36}, request_media_type=RequestEncodingType.MESSAGEPACK
    )
    assert request.headers["content-type"] == "application/x-msgpack"
    assert await request.msgpack() == {"name": "Ada", "age": 36}


@pytest.mark.anyio
async def test_raw_content() -> None:
    request = RequestFactory().post("/", content=b"\x00\x01binary")
    assert await request.body() == b"\x00\x01binary"
    assert request.headers["content-length"] == "8"
    assert "content-type" not in request.headers


@pytest.mark.anyio
async def test_raw_content_with_its_content_type() -> None:
    request = RequestFactory().patch("/", content='{"a": 1}', headers={"Content-Type": "application/json"})
    assert await request.json() == {"a": 1}


@pytest.mark.anyio
async def test_content_in_chunks_is_streamed_chunk_by_chunk() -> None:
    request = RequestFactory().post("/", content=[b"first,", b"second,", b"third"])

    assert request.headers["content-length"] == str(len(b"first,second,third"))
    chunks = [chunk async for chunk in request.stream() if chunk]
    assert chunks == [b"first,", b"second,", b"third"]


@pytest.mark.anyio
async def test_body_arrives_through_receive() -> None:
    request = RequestFactory().post("/", content=[b"a", b"b"])

    assert await request.receive() == {"type": "http.request", "body": b"a", "more_body": True}
    assert await request.receive() == {"type": "http.request", "body": b"b", "more_body": False}
    assert await request.receive() == {"type": "http.disconnect"}


@pytest.mark.anyio
async def test_body_can_be_read_in_every_way() -> None:
    request = RequestFactory().post("/", data={"a": 1})
    assert await request.body() == b'{"a":1}'
    assert await request.json() == {"a": 1}
    assert [chunk async for chunk in request.stream()] == [b'{"a":1}']


def test_content_and_data_together_are_refused() -> None:
    with pytest.raises(ValueError, match="not both"):
        RequestFactory().post("/", content=b"x", data={"a": 1})


@pytest.mark.anyio
async def test_no_body() -> None:
    factory = RequestFactory()
    get_request = factory.get("/")
    post_request = factory.post("/")

    assert "content-length" not in get_request.headers
    # A POST without a body still says so (RFC 9110 section 8.6), as httpx does.
    assert post_request.headers["content-length"] == "0"
    assert await get_request.body() == b""
    assert await post_request.json() is None


@pytest.mark.anyio
async def test_delete_with_a_body() -> None:
    request = RequestFactory().delete("/items", data={"ids": [1, 2]})
    assert await request.json() == {"ids": [1, 2]}


@pytest.mark.anyio
async def test_given_content_type_wins() -> None:
    request = RequestFactory().post("/", data={"a": 1}, headers={"Content-Type": "text/plain"})
    assert request.headers.getall("content-type") == ["text/plain"]
    assert await request.body() == b'{"a":1}'


# --- query, cookies, headers -----------------------------------------------------------------------------


def test_query_params() -> None:
    request = RequestFactory().get("/search", query_params={"q": "a b", "page": 2, "tag": ["x", "y"]})

    assert str(request.url) == "http://test.org:3000/search?q=a+b&page=2&tag=x&tag=y"
    assert request.query_params["q"] == "a b"
    assert request.query_params["page"] == "2"
    assert request.query_params.getall("tag") == ["x", "y"]


def test_query_string_written_in_the_path() -> None:
    request = RequestFactory().get("/search?q=python&tag=x", query_params={"tag": "y"})

    assert request.url.path == "/search"
    assert request.query_params["q"] == "python"
    assert request.query_params.getall("tag") == ["x", "y"]


@pytest.mark.parametrize(
    "cookies",
    [
        [Cookie(key="theme", value="dark"), Cookie(key="greeting", value="hello world")],
        {"theme": "dark", "greeting": "hello world"},
        'theme=dark; greeting="hello world"',
    ],
    ids=["cookie-objects", "dict", "header-string"],
)
def test_cookies(cookies: Any) -> None:
    request = RequestFactory().get("/", cookies=cookies)
    assert request.cookies == {"theme": "dark", "greeting": "hello world"}


def test_headers() -> None:
    request = RequestFactory().get("/", headers={"X-Token": "secret", "Accept": "text/html"})
    assert request.headers["x-token"] == "secret"
    assert request.headers["Accept"] == "text/html"
    # As in 1.5x: only the headers given (and those a body needs), no Host added.
    assert sorted(request.headers.keys()) == ["accept", "x-token"]


def test_a_body_adds_only_its_own_headers() -> None:
    request = RequestFactory().post("/", headers={"X-Token": "secret"}, data={"a": 1})
    assert sorted(request.headers.keys()) == ["content-length", "content-type", "x-token"]


def test_repeated_headers_as_pairs() -> None:
    request = RequestFactory().get(
        "/", headers=[("X-Forwarded-For", "1.1.1.1"), ("X-Forwarded-For", "2.2.2.2")]
    )
    assert request.headers.getall("x-forwarded-for") == ["1.1.1.1", "2.2.2.2"]


# --- session, user, auth, state --------------------------------------------------------------------------


def test_session_user_auth_and_state() -> None:
    user = {"id": 1, "name": "Ada"}
    state: dict[str, Any] = {"request_id": "abc"}
    request = RequestFactory().get("/", session={"cart": [1]}, user=user, auth="token", state=state)

    assert request.session == {"cart": [1]}
    assert request.user is user
    assert request.auth == "token"
    assert request.state.request_id == "abc"
    request.state.seen = True
    request.session["cart"].append(2)
    assert request.state.seen is True
    # Like a server's per-request copy of the state: one request does not change the next one's.
    assert "seen" not in state
    assert RequestFactory().get("/", state=state).state.dict() == {"request_id": "abc"}


# --- app, route handlers, guards and dependencies --------------------------------------------------------


@get("/items/{item_id:int}", opt={"role": "admin"})
def get_item(item_id: int) -> int:
    return item_id


@post("/small", request_max_body_size=4)
async def small_upload(request: Request[Any, Any]) -> bytes:
    return await request.body()


app = Starlite(route_handlers=[get_item, small_upload])


def test_app_and_route_found_like_the_router() -> None:
    request = RequestFactory(app=app).get("/items/3")

    assert request.app is app
    assert request.route_handler is get_item
    assert request.path_params == {"item_id": 3}


def test_explicit_route_handler_and_path_params_win() -> None:
    @get("/other")
    def other() -> None:
        return None

    request = RequestFactory(app=app).get("/items/3", route_handler=other, path_params={"item_id": 7})
    assert request.route_handler is other
    assert request.path_params == {"item_id": 7}


def test_unmatched_path_gets_a_placeholder_handler() -> None:
    # The method matters: the app's GET handler does not answer a POST.
    request = RequestFactory(app=app).post("/items/3")

    assert isinstance(request.route_handler, HTTPRouteHandler)
    assert request.route_handler is not get_item
    assert request.route_handler.http_methods == {"POST"}
    assert request.path_params == {}


@pytest.mark.anyio
async def test_route_body_limit_applies() -> None:
    request = RequestFactory(app=app).post("/small", content=b"far too long")
    with pytest.raises(ClientException) as error:
        await request.body()
    assert error.value.status_code == 413


def admin_only(connection: ASGIConnection[Any, Any, Any], route_handler: BaseRouteHandler[Any]) -> None:
    required_role = route_handler.opt.get("role")
    if required_role and (connection.user or {}).get("role") != required_role:
        raise NotAuthorizedException("admins only")


def test_guard_called_directly() -> None:
    factory = RequestFactory(app=app)

    admin_request = factory.get("/items/1", user={"role": "admin"})
    admin_only(admin_request, admin_request.route_handler)  # passes

    visitor_request = factory.get("/items/1", user={"role": "visitor"})
    with pytest.raises(NotAuthorizedException):
        admin_only(visitor_request, visitor_request.route_handler)


async def load_person(request: Request[Any, Any]) -> PersonModel:
    return PersonModel.model_validate(await request.json())


@pytest.mark.anyio
async def test_dependency_called_directly() -> None:
    request = RequestFactory().post("/people", data=PersonModel(name="Ada", age=36))
    assert await load_person(request) == PersonModel(name="Ada", age=36)


@pytest.mark.anyio
async def test_handler_function_called_directly() -> None:
    request = RequestFactory(app=app).post("/small", content=b"tiny")
    assert small_upload.fn is not None
    assert await small_upload.fn.value(request) == b"tiny"


# --- routes as the router finds them: mounts, limits ----------------------------------------------


def test_a_mounted_app_gets_the_path_below_its_mount_point() -> None:
    from starlite import asgi
    from starlite.types import Receive, Scope, Send

    @asgi("/static", is_mount=True)
    async def static_files(scope: Scope, receive: Receive, send: Send) -> None:
        raise AssertionError("not called")  # pragma: no cover

    request = RequestFactory(app=Starlite([static_files])).get("/static/css/site.css")
    assert request.route_handler is static_files
    assert (request.scope["path"], request.scope["root_path"]) == ("/css/site.css", "/static")
    assert str(request.url) == "http://test.org:3000/static/css/site.css"


@pytest.mark.anyio
async def test_a_request_no_route_matches_keeps_the_apps_body_limit() -> None:
    request = RequestFactory(app=Starlite([], request_max_body_size=5)).post("/nowhere", content=b"x" * 10)
    with pytest.raises(ClientException) as info:
        await request.body()
    assert info.value.status_code == 413


def test_multidict_query_params_keep_every_value() -> None:
    from starlite.datastructures import MultiDict

    request = RequestFactory().get("/", query_params=MultiDict([("tag", "a"), ("tag", "b")]))
    assert request.query_params.getall("tag") == ["a", "b"]


def test_an_ipv6_server_is_bracketed_in_the_host_and_url() -> None:
    request = RequestFactory(server="::1").get("/x")
    assert str(request.url) == "http://[::1]:3000/x"
