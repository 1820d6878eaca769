"""Random input at every parameter source and body encoding never gives a 500, a hang or a non-JSON 4xx.

Each test throws hypothesis-generated text, numbers or bytes at one place a handler reads from (query
keys and values, path segments, headers, cookies, JSON, url-encoded and multipart bodies) and checks
the answer: a 2xx, or a 4xx whose body is the JSON error (``status_code`` and ``detail``). Where the
input is valid by construction, the handler's echo must be the typed value that was sent: a roundtrip
that fails when a value is coerced wrongly.

One app serves every test; one ``TestClient`` (module-scoped) sends through httpx, and the raw-ASGI
calls, for bytes httpx refuses to send, run on that client's event loop with a timeout.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import inspect
import json
import re
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, Literal, Optional, TypedDict

import anyio
import msgspec
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from starlite import Starlite, UploadFile, get, post
from starlite.enums import RequestEncodingType
from starlite.params import Body, Parameter
from starlite.testing import TestClient, create_test_client
from starlite.utils.serialization import encode_json
from tests.asgi_calls import http_scope

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ROUNDTRIP = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- the app -------------------------------------------------------------------------------------------


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"


def _echo(path: str, annotation: Any, default: Any = inspect.Parameter.empty) -> Any:
    """A GET handler at ``path`` whose one parameter ``v`` has ``annotation`` and returns ``{"v": v}``."""

    async def handler(v: Any) -> dict[str, Any]:
        return {"v": v}

    handler.__annotations__ = {"v": annotation, "return": dict[str, Any]}
    if default is not inspect.Parameter.empty:
        handler.__defaults__ = (default,)
    handler.__name__ = handler.__qualname__ = "echo" + re.sub(r"\W", "_", path)
    return get(path)(handler)


# One query endpoint per annotation: ``/query/<name>?v=...``.
QUERY_TYPES: dict[str, tuple[Any, Any]] = {
    "str": (str, inspect.Parameter.empty),
    "int": (int, inspect.Parameter.empty),
    "float": (float, inspect.Parameter.empty),
    "bool": (bool, inspect.Parameter.empty),
    "date": (datetime.date, inspect.Parameter.empty),
    "datetime": (datetime.datetime, inspect.Parameter.empty),
    "time": (datetime.time, inspect.Parameter.empty),
    "timedelta": (datetime.timedelta, inspect.Parameter.empty),
    "uuid": (uuid.UUID, inspect.Parameter.empty),
    "decimal": (Decimal, inspect.Parameter.empty),
    "bytes": (bytes, inspect.Parameter.empty),
    "literal": (Literal["red", "green"], inspect.Parameter.empty),
    "enum": (Color, inspect.Parameter.empty),
    "optional-int": (Optional[int], None),  # noqa: UP045 - the spelling 1.5x users wrote
    "int-list": (list[int], inspect.Parameter.empty),
    "bounded-int": (int, Parameter(query="n", ge=0, le=1000)),
    "short-word": (str, Parameter(min_length=2, max_length=5, regex="[a-z]+")),
    "few-words": (list[str], Parameter(min_items=1, max_items=3)),
    "positive-decimal": (Decimal, Parameter(gt=0)),
}
# One path endpoint per path type: ``/path/<type>/{v:<type>}``, the handler wanting that type.
PATH_TYPES: dict[str, Any] = {
    "str": str,
    "int": int,
    "float": float,
    "uuid": uuid.UUID,
    "decimal": Decimal,
    "date": datetime.date,
    "datetime": datetime.datetime,
    "time": datetime.time,
    "timedelta": datetime.timedelta,
    "path": str,
}


class Inner(BaseModel):
    label: str
    score: float


class Item(BaseModel):
    name: str
    count: int
    tags: list[str]
    inner: Optional[Inner] = None  # noqa: UP045


@dataclasses.dataclass
class Point:
    x: int
    y: float
    label: str = ""


class Movie(TypedDict):
    title: str
    year: int


class Event(msgspec.Struct):
    name: str
    size: int
    ratio: float
    tags: list[str] = []


class Person(BaseModel):
    name: str
    age: int
    tags: list[str] = []


class Upload(BaseModel):
    note: str
    file: UploadFile


@post("/body/model")
async def body_model(data: Item) -> Item:
    return data


@post("/body/dataclass")
async def body_dataclass(data: Point) -> Point:
    return data


@post("/body/typeddict")
async def body_typeddict(data: Movie) -> Movie:
    return data


@post("/body/struct")
async def body_struct(data: Event) -> Event:
    return data


@post("/body/dict")
async def body_dict(data: dict[str, Any]) -> dict[str, Any]:
    return data


@post("/body/int-list")
async def body_int_list(data: list[int]) -> list[int]:
    return data


@post("/body/any")
async def body_any(data: Any) -> dict[str, Any]:
    return {"data": data}


@post("/body/optional-model")
async def body_optional_model(data: Optional[Item] = None) -> dict[str, Any]:  # noqa: UP045
    return {"data": data}


@post("/body/raw")
async def body_raw(body: bytes) -> dict[str, str]:
    return {"hex": body.hex()}


@post("/body/limited", request_max_body_size=256)
async def body_limited(body: bytes) -> dict[str, int]:
    return {"length": len(body)}


@post("/form/model")
async def form_model(data: Person = Body(media_type=RequestEncodingType.URL_ENCODED)) -> Person:
    return data


@post("/form/dict")
async def form_dict(
    data: dict[str, Any] = Body(media_type=RequestEncodingType.URL_ENCODED),
) -> dict[str, Any]:
    return data


async def _describe_upload(upload: UploadFile) -> dict[str, str]:
    return {"filename": upload.filename, "content": (await upload.read()).hex()}


async def _describe_field(value: Any) -> Any:
    """A form value as JSON: a string as it is, a file as its name and content, a list item by item."""
    if isinstance(value, list):
        return [await _describe_field(item) for item in value]
    return await _describe_upload(value) if isinstance(value, UploadFile) else value


@post("/multipart/model")
async def multipart_model(data: Upload = Body(media_type=RequestEncodingType.MULTI_PART)) -> dict[str, Any]:
    return {"note": data.note, "file": await _describe_upload(data.file)}


@post("/multipart/files")
async def multipart_files(
    data: list[UploadFile] = Body(media_type=RequestEncodingType.MULTI_PART),
) -> list[dict[str, str]]:
    return [await _describe_upload(upload) for upload in data]


@post("/multipart/dict")
async def multipart_dict(
    data: dict[str, Any] = Body(media_type=RequestEncodingType.MULTI_PART),
) -> dict[str, Any]:
    return {key: await _describe_field(value) for key, value in data.items()}


@post("/multipart/three-parts")
async def multipart_three_parts(
    data: dict[str, Any] = Body(media_type=RequestEncodingType.MULTI_PART, multipart_form_part_limit=3),
) -> dict[str, int]:
    return {"fields": len(data)}


@get("/header/int")
async def header_int(number: int = Parameter(header="x-num", ge=0, le=1000)) -> dict[str, int]:
    return {"v": number}


@get("/header/str")
async def header_str(text: str = Parameter(header="x-text")) -> dict[str, str]:
    return {"v": text}


@get("/cookie/str")
async def cookie_str(session: str = Parameter(cookie="session")) -> dict[str, str]:
    return {"v": session}


@get("/cookie/int")
async def cookie_int(number: int = Parameter(cookie="n", ge=0, le=1000)) -> dict[str, int]:
    return {"v": number}


@get("/path/text-as-int/{v:str}")
async def path_text_as_int(v: int) -> dict[str, int]:
    return {"v": v}


app = Starlite(
    [
        *(
            _echo(f"/query/{name}", annotation, default)
            for name, (annotation, default) in QUERY_TYPES.items()
        ),
        *(_echo(f"/path/{name}/{{v:{name}}}", annotation) for name, annotation in PATH_TYPES.items()),
        path_text_as_int,
        body_model,
        body_dataclass,
        body_typeddict,
        body_struct,
        body_dict,
        body_int_list,
        body_any,
        body_optional_model,
        body_raw,
        body_limited,
        form_model,
        form_dict,
        multipart_model,
        multipart_files,
        multipart_dict,
        multipart_three_parts,
        header_int,
        header_str,
        cookie_str,
        cookie_int,
    ]
)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient[Starlite]]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


# --- checking answers ----------------------------------------------------------------------------------


def assert_success_or_json_client_error(status: int, body: bytes) -> Any:
    """The property every answer has: a 2xx, or a 4xx with the JSON error body. Returns the JSON."""
    assert status < 500, body
    assert 200 <= status, body
    decoded = loads(body) if body else None
    if status >= 400:
        assert isinstance(decoded, dict), body
        assert decoded["status_code"] == status
        assert isinstance(decoded["detail"], str)
        for entry in decoded.get("extra") or []:
            assert entry["source"] in ("path", "query", "header", "cookie", "body")
    return decoded


def _parse_int(text: str) -> int | Decimal:
    # Python refuses to parse ints of more than 4300 digits; the JSON is valid all the same.
    return int(text) if len(text) < 4300 else Decimal(text)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def loads(body: bytes | str) -> Any:
    """Parse strict JSON (no NaN or Infinity, which ``json.loads`` allows), however long its numbers."""
    return json.loads(body, parse_int=_parse_int, parse_constant=_refuse_constant)


def check(response: Any) -> Any:
    return assert_success_or_json_client_error(response.status_code, response.content)


def as_json(value: Any) -> Any:
    """``value`` as the app's encoder writes it, read back: what an echo of ``value`` must equal."""
    return loads(encode_json(value))


async def _send_raw(scope: dict[str, Any], chunks: list[bytes], timeout: float) -> tuple[int, bytes]:
    messages = [
        {"type": "http.request", "body": chunk, "more_body": index < len(chunks) - 1}
        for index, chunk in enumerate(chunks or [b""])
    ]
    response_complete = anyio.Event()
    status = 0
    body = bytearray()

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop(0)
        # A real server blocks here until the client goes away; it does so only after the response.
        await response_complete.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))
            if not message.get("more_body", False):
                response_complete.set()

    with anyio.fail_after(timeout):
        await app(scope, receive, send)
    return status, bytes(body)


def call_raw(
    client: TestClient[Starlite],
    method: str,
    path: str,
    headers: list[tuple[bytes, bytes]] | None = None,
    query_string: bytes = b"",
    raw_path: bytes | None = None,
    chunks: list[bytes] | None = None,
    timeout: float = 5,
) -> tuple[int, bytes]:
    """Send any bytes over raw ASGI on the client's event loop; fail after ``timeout`` seconds."""
    scope = http_scope(method, path, [(b"host", b"testserver"), *(headers or [])], raw_path)
    scope["query_string"] = query_string
    assert client.blocking_portal is not None
    return client.blocking_portal.call(_send_raw, scope, chunks or [], timeout)


# --- strategies ----------------------------------------------------------------------------------------

# Any text a URL, header or form can carry: every code point but lone surrogates (control chars too).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
NUMBER_TEXT = st.one_of(
    st.integers().map(str),
    st.integers(min_value=-(10**80), max_value=10**80).map(str),
    st.integers(min_value=4290, max_value=5000).map(lambda digits: "9" * digits),  # past int()'s limit
    st.floats().map(str),
    st.decimals().map(str),
    st.sampled_from(
        [
            "nan",
            "NaN",
            "-nan",
            "inf",
            "-inf",
            "Infinity",
            "sNaN",
            "1e309",
            "1e-400",
            "0x10",
            "1_000",
            " 1",
            "+1",
        ]
    ),
    st.sampled_from(["١٢٣", "１２", "²", "½", "1\x00", "\u2028", "-0", "00", "1e5", "1.", ".5"]),
)
DATE_TEXT = st.one_of(
    st.dates().map(str),
    st.datetimes().map(datetime.datetime.isoformat),
    st.times().map(datetime.time.isoformat),
    st.sampled_from(
        ["2024-02-30", "2024-13-01", "0000-01-01", "24:00", "T", "P", "P1Y", "PT-1S", "-P1D", "Z"]
    ),
)
VALUE_TEXT = st.one_of(TEXT, NUMBER_TEXT, DATE_TEXT, st.uuids().map(str))

JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=15,
)
# Also strings with lone surrogates, which json.dumps writes as "\udXXX" escapes: valid JSON syntax
# that no UTF-8 text can hold.
SURROGATE_TEXT = st.text(st.characters(categories=("Cs", "Ll")), min_size=1, max_size=4)
HOSTILE_JSON_VALUES = st.recursive(
    JSON_SCALARS | SURROGATE_TEXT,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=10) | SURROGATE_TEXT, children, max_size=4)
    ),
    max_leaves=15,
)
SAFE_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=20)
INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
FINITE = st.floats(allow_nan=False, allow_infinity=False)

# Header values as a server passes them on: any bytes but the line breaks that would end the header.
HEADER_BYTES = st.binary(max_size=40).map(lambda raw: raw.replace(b"\r", b"").replace(b"\n", b""))
# Content types a body parser may trip on: the wrong kind, odd case and parameters, or noise.
CONTENT_TYPES = st.one_of(
    st.sampled_from(
        [
            b"APPLICATION/JSON",
            b"application/json; charset=utf-16",
            b"application/json;;;",
            b"application/msgpack",
            b"multipart/form-data",
            b"multipart/form-data; boundary=",
            b'multipart/form-data; boundary="',
            b"multipart/form-data; boundary=x",
            b"application/x-www-form-urlencoded",
            b";",
            b"=",
        ]
    ),
    HEADER_BYTES,
)


# --- query parameters ----------------------------------------------------------------------------------


@FUZZ
@given(name=st.sampled_from(sorted(QUERY_TYPES)), values=st.lists(VALUE_TEXT, max_size=3))
def test_random_query_values_give_a_2xx_or_a_json_400(
    client: TestClient[Starlite], name: str, values: list[str]
) -> None:
    key = "n" if name == "bounded-int" else "v"
    response = client.get(f"/query/{name}", params=[(key, value) for value in values])
    check(response)
    assert response.status_code in (200, 400)


@FUZZ
@given(name=st.sampled_from(sorted(QUERY_TYPES)), query_string=st.binary(max_size=60))
def test_random_query_string_bytes_give_a_2xx_or_a_json_400(
    client: TestClient[Starlite], name: str, query_string: bytes
) -> None:
    status, body = call_raw(client, "GET", f"/query/{name}", query_string=query_string)
    assert_success_or_json_client_error(status, body)


@FUZZ
@given(params=st.lists(st.tuples(TEXT, VALUE_TEXT), max_size=5))
def test_random_query_keys_are_ignored_or_reported(
    client: TestClient[Starlite], params: list[tuple[str, str]]
) -> None:
    response = client.get("/query/optional-int", params=params)
    body = check(response)
    if not any(key == "v" for key, _ in params):
        assert response.status_code == 200
        assert body == {"v": None}


def _query_roundtrip(client: TestClient[Starlite], name: str, text: str | list[str], expected: Any) -> None:
    response = client.get(f"/query/{name}", params={"n" if name == "bounded-int" else "v": text})
    assert check(response) == as_json({"v": expected}), (text, response.text)
    assert response.status_code == 200


@ROUNDTRIP
@given(text=SAFE_TEXT)
def test_query_str_is_echoed_exactly(client: TestClient[Starlite], text: str) -> None:
    _query_roundtrip(client, "str", text, text)


@ROUNDTRIP
@given(number=st.integers(min_value=-(10**30), max_value=10**30))
def test_query_int_roundtrips(client: TestClient[Starlite], number: int) -> None:
    _query_roundtrip(client, "int", str(number), number)


@ROUNDTRIP
@given(number=st.floats(allow_nan=False, allow_infinity=False))
def test_query_float_roundtrips(client: TestClient[Starlite], number: float) -> None:
    _query_roundtrip(client, "float", repr(number), number)


@ROUNDTRIP
@given(text=st.sampled_from(["nan", "NaN", "inf", "-inf", "Infinity", "1e309", "-1e400"]))
def test_query_float_refuses_what_is_not_a_finite_number(client: TestClient[Starlite], text: str) -> None:
    response = client.get("/query/float", params={"v": text})
    assert response.status_code == 400
    assert response.json()["extra"][0]["key"] == "v"


@ROUNDTRIP
@given(
    text=st.sampled_from(["1", "true", "t", "yes", "y", "on", "0", "false", "f", "no", "n", "off"]),
    upper=st.lists(st.booleans(), min_size=5, max_size=5),
)
def test_query_bool_accepts_every_spelling_in_any_case(
    client: TestClient[Starlite], text: str, upper: list[bool]
) -> None:
    spelled = "".join(
        char.upper() if up else char for char, up in zip(text, upper + [False] * 5, strict=False)
    )
    _query_roundtrip(client, "bool", spelled, text in ("1", "true", "t", "yes", "y", "on"))


@ROUNDTRIP
@given(value=st.dates())
def test_query_date_roundtrips(client: TestClient[Starlite], value: datetime.date) -> None:
    _query_roundtrip(client, "date", value.isoformat(), value)


TIMEZONES = st.one_of(
    st.none(),
    st.just(datetime.timezone.utc),
    st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59).map(
        lambda minutes: datetime.timezone(datetime.timedelta(minutes=minutes))
    ),
)


@ROUNDTRIP
@given(value=st.datetimes(timezones=TIMEZONES))
def test_query_datetime_roundtrips(client: TestClient[Starlite], value: datetime.datetime) -> None:
    _query_roundtrip(client, "datetime", value.isoformat(), value)


@ROUNDTRIP
@given(value=st.times())
def test_query_time_roundtrips(client: TestClient[Starlite], value: datetime.time) -> None:
    _query_roundtrip(client, "time", value.isoformat(), value)


@ROUNDTRIP
@given(value=st.timedeltas())
def test_query_timedelta_roundtrips_in_iso_8601(
    client: TestClient[Starlite], value: datetime.timedelta
) -> None:
    _query_roundtrip(client, "timedelta", msgspec.json.decode(msgspec.json.encode(value)), value)


@ROUNDTRIP
@given(value=st.uuids(), spelling=st.sampled_from([str, lambda u: u.hex, lambda u: str(u).upper()]))
def test_query_uuid_roundtrips_in_every_spelling(
    client: TestClient[Starlite], value: uuid.UUID, spelling: Callable[[uuid.UUID], str]
) -> None:
    _query_roundtrip(client, "uuid", spelling(value), value)


@ROUNDTRIP
@given(value=st.decimals(allow_nan=False, allow_infinity=False))
def test_query_decimal_roundtrips(client: TestClient[Starlite], value: Decimal) -> None:
    _query_roundtrip(client, "decimal", str(value), value)


@ROUNDTRIP
@given(text=SAFE_TEXT)
def test_query_bytes_are_the_utf8_of_the_text(client: TestClient[Starlite], text: str) -> None:
    _query_roundtrip(client, "bytes", text, text.encode())


@ROUNDTRIP
@given(color=st.sampled_from(Color))
def test_query_literal_and_enum_roundtrip(client: TestClient[Starlite], color: Color) -> None:
    _query_roundtrip(client, "literal", color.value, color.value)
    _query_roundtrip(client, "enum", color.value, color)


@ROUNDTRIP
@given(numbers=st.lists(st.integers(min_value=-(10**20), max_value=10**20), min_size=1, max_size=5))
def test_query_int_list_collects_repeated_keys_in_order(
    client: TestClient[Starlite], numbers: list[int]
) -> None:
    _query_roundtrip(client, "int-list", [str(number) for number in numbers], numbers)


@ROUNDTRIP
@given(number=st.integers(min_value=-(10**6), max_value=10**6))
def test_query_bounded_int_is_echoed_in_range_and_refused_outside(
    client: TestClient[Starlite], number: int
) -> None:
    response = client.get("/query/bounded-int", params={"n": str(number)})
    body = check(response)
    if 0 <= number <= 1000:
        assert response.status_code == 200
        assert body == {"v": number}
    else:
        assert response.status_code == 400
        assert [(entry["key"], entry["source"]) for entry in body["extra"]] == [("n", "query")]


@ROUNDTRIP
@given(text=st.one_of(TEXT, st.from_regex(r"[a-z]{2,5}", fullmatch=True), st.from_regex(r"[a-z]{1,3}.{0,3}")))
def test_query_string_constraints_are_applied_exactly(client: TestClient[Starlite], text: str) -> None:
    response = client.get("/query/short-word", params={"v": text})
    body = check(response)
    valid = 2 <= len(text) <= 5 and re.match("[a-z]+", text) is not None
    assert response.status_code == (200 if valid else 400), (text, body)
    if valid:
        assert body == {"v": text}


@ROUNDTRIP
@given(words=st.lists(SAFE_TEXT, max_size=5))
def test_query_item_count_constraints_are_applied(client: TestClient[Starlite], words: list[str]) -> None:
    response = client.get("/query/few-words", params=[("v", word) for word in words])
    body = check(response)
    if 1 <= len(words) <= 3:
        assert response.status_code == 200
        assert body == {"v": words}
    else:
        assert response.status_code == 400


@ROUNDTRIP
@given(value=st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-1000, max_value=1000))
def test_query_decimal_gt_constraint(client: TestClient[Starlite], value: Decimal) -> None:
    response = client.get("/query/positive-decimal", params={"v": str(value)})
    body = check(response)
    assert response.status_code == (200 if value > 0 else 400)
    if value > 0:
        assert body == as_json({"v": value})


@pytest.mark.parametrize(
    "url",
    ["/query/decimal?v=NaN", "/query/decimal?v=sNaN", "/path/decimal/Infinity", "/path/decimal/-Infinity"],
)
def test_non_finite_decimals_are_refused_with_json_errors(client: TestClient[Starlite], url: str) -> None:
    # NaN and Infinity have no JSON form: a query value is a 400, a path segment matches no route.
    response = client.get(url)
    assert response.status_code == (400 if url.startswith("/query") else 404)
    assert loads(response.content)["status_code"] == response.status_code


@pytest.mark.parametrize("value", ["NaN", "sNaN", "Infinity", "-Infinity"])
def test_a_non_finite_decimal_in_a_response_is_still_json(value: str) -> None:
    @get("/")
    def handler() -> dict[str, Any]:
        return {"v": Decimal(value), "finite": Decimal("1.5"), "text": "NaN Infinity"}

    with create_test_client(handler, raise_server_exceptions=False) as test_client:
        response = test_client.get("/")
    assert response.status_code == 200
    # Every Decimal is a string, finite or not; the other values are left as they were.
    assert loads(response.content) == {"v": value, "finite": "1.5", "text": "NaN Infinity"}


# --- path parameters -----------------------------------------------------------------------------------


@FUZZ
@given(name=st.sampled_from([*PATH_TYPES, "text-as-int"]), segment=st.one_of(VALUE_TEXT, TEXT))
def test_random_path_segments_give_a_2xx_or_a_json_4xx(
    client: TestClient[Starlite], name: str, segment: str
) -> None:
    response = client.get(f"/path/{name}/" + urllib.parse.quote(segment, safe=""))
    check(response)
    if name == "text-as-int" and response.status_code == 400:
        assert [entry["source"] for entry in response.json()["extra"]] == ["path"]


@FUZZ
@given(name=st.sampled_from([*PATH_TYPES, "text-as-int"]), segment=st.binary(min_size=1, max_size=30))
def test_random_path_bytes_over_raw_asgi_give_a_2xx_or_a_json_4xx(
    client: TestClient[Starlite], name: str, segment: bytes
) -> None:
    # As a server decodes the request target (ASGI: ``path`` is UTF-8 decoded text, ``raw_path`` the
    # bytes); unlike httpx, nothing is normalized away (".", "..", "#", "?").
    raw_path = f"/path/{name}/".encode() + urllib.parse.quote_from_bytes(segment, safe="/").encode()
    scope_path = f"/path/{name}/" + segment.decode("utf-8", "replace")
    status, body = call_raw(client, "GET", scope_path, raw_path=raw_path)
    assert_success_or_json_client_error(status, body)


def _path_roundtrip(client: TestClient[Starlite], name: str, segment: str, expected: Any) -> None:
    response = client.get(f"/path/{name}/" + urllib.parse.quote(segment, safe=""))
    assert check(response) == as_json({"v": expected}), (segment, response.text)
    assert response.status_code == 200


# A single path segment that survives URL normalization: no slash, not "." or "..".
SEGMENT_TEXT = SAFE_TEXT.filter(lambda text: text not in ("", ".", "..") and "/" not in text)


@ROUNDTRIP
@given(text=SEGMENT_TEXT)
def test_path_str_segment_is_echoed_exactly(client: TestClient[Starlite], text: str) -> None:
    _path_roundtrip(client, "str", text, text)


@ROUNDTRIP
@given(parts=st.lists(SEGMENT_TEXT, min_size=1, max_size=4))
def test_path_path_parameter_is_the_rest_of_the_path(client: TestClient[Starlite], parts: list[str]) -> None:
    response = client.get("/path/path/" + "/".join(urllib.parse.quote(part, safe="") for part in parts))
    assert check(response) == {"v": "/" + "/".join(parts)}


@ROUNDTRIP
@given(
    value=st.one_of(
        st.integers(min_value=-(10**30), max_value=10**30).map(lambda n: ("int", str(n), n)),
        st.floats(allow_nan=False, allow_infinity=False).map(lambda f: ("float", repr(f), f)),  # finite only
        st.uuids().map(lambda u: ("uuid", str(u), u)),
        st.decimals(allow_nan=False, allow_infinity=False).map(lambda d: ("decimal", str(d), d)),
        st.dates().map(lambda d: ("date", d.isoformat(), d)),
        st.datetimes(timezones=TIMEZONES).map(lambda d: ("datetime", d.isoformat(), d)),
        st.times().map(lambda t: ("time", t.isoformat(), t)),
        st.timedeltas().map(lambda t: ("timedelta", msgspec.json.decode(msgspec.json.encode(t)), t)),
        st.integers(min_value=-(10**18), max_value=10**18).map(lambda n: ("text-as-int", str(n), n)),
    )
)
def test_typed_path_parameters_roundtrip(client: TestClient[Starlite], value: tuple[str, str, Any]) -> None:
    name, segment, expected = value
    _path_roundtrip(client, name, segment, expected)


@ROUNDTRIP
# A float has microsecond precision for up to 2**32 seconds (~136 years); the path parser goes through one.
@given(
    value=st.timedeltas(min_value=-datetime.timedelta(days=49_000), max_value=datetime.timedelta(days=49_000))
)
def test_path_timedelta_accepts_seconds(client: TestClient[Starlite], value: datetime.timedelta) -> None:
    microseconds = value // datetime.timedelta(microseconds=1)
    whole, fraction = divmod(abs(microseconds), 1_000_000)
    text = f"{'-' if microseconds < 0 else ''}{whole}.{fraction:06d}"
    response = client.get(f"/path/timedelta/{text}")
    assert check(response) == as_json({"v": value}), text


@pytest.mark.parametrize("url", ["/path/timedelta/8589974400.000001", "/query/timedelta?v=8589974400.000001"])
def test_long_durations_in_seconds_keep_their_microseconds(client: TestClient[Starlite], url: str) -> None:
    expected = datetime.timedelta(seconds=8589974400, microseconds=1)
    assert check(client.get(url)) == as_json({"v": expected})


# --- headers and cookies -------------------------------------------------------------------------------


@FUZZ
@given(
    name=st.sampled_from(["/header/int", "/header/str"]),
    values=st.lists(st.one_of(HEADER_BYTES, VALUE_TEXT.map(lambda text: text.encode())), max_size=3),
    key=st.sampled_from([b"x-num", b"x-text", b"X-Num"]),
)
def test_random_header_bytes_give_a_2xx_or_a_json_400(
    client: TestClient[Starlite], name: str, values: list[bytes], key: bytes
) -> None:
    status, body = call_raw(client, "GET", name, headers=[(key, value) for value in values])
    decoded = assert_success_or_json_client_error(status, body)
    if status == 400:
        assert {entry["source"] for entry in decoded["extra"]} == {"header"}


@ROUNDTRIP
@given(value=HEADER_BYTES)
def test_header_str_is_the_latin_1_text_of_the_bytes(client: TestClient[Starlite], value: bytes) -> None:
    status, body = call_raw(client, "GET", "/header/str", headers=[(b"x-text", value)])
    assert (status, loads(body)) == (200, {"v": value.decode("latin-1")})


@ROUNDTRIP
@given(number=st.integers(min_value=-(10**6), max_value=10**6))
def test_header_bounded_int_roundtrips(client: TestClient[Starlite], number: int) -> None:
    response = client.get("/header/int", headers={"x-num": str(number)})
    body = check(response)
    assert response.status_code == (200 if 0 <= number <= 1000 else 400)
    if response.status_code == 200:
        assert body == {"v": number}


@FUZZ
@given(
    cookie=st.one_of(
        HEADER_BYTES,
        st.lists(st.tuples(TEXT, VALUE_TEXT)).map(
            lambda pairs: "; ".join(f"{key}={value}" for key, value in pairs).encode("utf-8")
        ),
    )
)
def test_random_cookie_headers_give_a_2xx_or_a_json_400(client: TestClient[Starlite], cookie: bytes) -> None:
    for path in ("/cookie/str", "/cookie/int"):
        status, body = call_raw(client, "GET", path, headers=[(b"cookie", cookie)])
        decoded = assert_success_or_json_client_error(status, body)
        if status == 400:
            assert {entry["source"] for entry in decoded["extra"]} == {"cookie"}


# RFC 6265 cookie-octets: no whitespace, quote, comma, semicolon or backslash.
COOKIE_VALUE = st.text(
    st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters='",;\\'), min_size=1, max_size=30
)


@ROUNDTRIP
@given(value=COOKIE_VALUE, number=st.integers(min_value=0, max_value=1000))
def test_cookie_values_roundtrip(client: TestClient[Starlite], value: str, number: int) -> None:
    cookie = f"other=1; session={value}; n={number}".encode()
    assert call_raw(client, "GET", "/cookie/str", headers=[(b"cookie", cookie)]) == (
        200,
        encode_json({"v": value}),
    )
    status, body = call_raw(client, "GET", "/cookie/int", headers=[(b"cookie", cookie)])
    assert (status, loads(body)) == (200, {"v": number})


# --- JSON bodies ---------------------------------------------------------------------------------------

JSON_BODY_PATHS = [
    "/body/model",
    "/body/dataclass",
    "/body/typeddict",
    "/body/struct",
    "/body/dict",
    "/body/int-list",
    "/body/any",
    "/body/optional-model",
    "/body/raw",
]


@FUZZ
@given(path=st.sampled_from(JSON_BODY_PATHS), value=HOSTILE_JSON_VALUES)
def test_random_json_values_give_a_2xx_or_a_json_400(
    client: TestClient[Starlite], path: str, value: Any
) -> None:
    response = client.post(path, content=json.dumps(value), headers={"content-type": "application/json"})
    check(response)
    assert response.status_code in (201, 400)


@FUZZ
@given(
    path=st.sampled_from(JSON_BODY_PATHS),
    body=st.one_of(
        st.binary(max_size=60),
        HOSTILE_JSON_VALUES.map(lambda value: json.dumps(value).encode()).flatmap(
            lambda raw: st.integers(0, len(raw)).map(lambda cut: raw[:cut])  # truncated JSON
        ),
        st.sampled_from(
            [b"NaN", b"[Infinity]", b'{"a": -Infinity}', b"1e999", b"\xef\xbb\xbf{}", b'"\\ud800"']
        ),
    ),
    content_type=st.sampled_from([b"application/json", b"application/vnd.api+json", b"text/plain", b""])
    | CONTENT_TYPES,
)
def test_random_bytes_as_a_body_give_a_2xx_or_a_json_400(
    client: TestClient[Starlite], path: str, body: bytes, content_type: bytes
) -> None:
    headers = [(b"content-type", content_type)] if content_type else []
    status, answer = call_raw(client, "POST", path, headers=headers, chunks=[body])
    assert_success_or_json_client_error(status, answer)
    assert status in (201, 400)


ITEMS = st.builds(
    Item,
    name=SAFE_TEXT,
    count=st.integers(min_value=-(10**30), max_value=10**30),
    tags=st.lists(SAFE_TEXT, max_size=3),
    inner=st.none() | st.builds(Inner, label=SAFE_TEXT, score=FINITE),
)


@ROUNDTRIP
@given(item=ITEMS)
def test_json_model_roundtrips(client: TestClient[Starlite], item: Item) -> None:
    response = client.post(
        "/body/model", content=item.model_dump_json(), headers={"content-type": "application/json"}
    )
    assert check(response) == item.model_dump(mode="json")
    assert response.status_code == 201


@ROUNDTRIP
@given(item=st.none() | ITEMS)
def test_json_optional_model_roundtrips(client: TestClient[Starlite], item: Item | None) -> None:
    content = b"" if item is None else item.model_dump_json().encode()
    response = client.post(
        "/body/optional-model", content=content, headers={"content-type": "application/json"}
    )
    assert check(response) == {"data": None if item is None else item.model_dump(mode="json")}


@ROUNDTRIP
@given(
    value=st.one_of(
        st.builds(Point, x=INT64, y=FINITE, label=SAFE_TEXT).map(lambda p: ("/body/dataclass", p)),
        st.fixed_dictionaries({"title": SAFE_TEXT, "year": INT64}).map(lambda m: ("/body/typeddict", m)),
        st.builds(Event, name=SAFE_TEXT, size=INT64, ratio=FINITE, tags=st.lists(SAFE_TEXT, max_size=3)).map(
            lambda e: ("/body/struct", e)
        ),
        st.lists(st.integers(min_value=-(10**30), max_value=10**30), max_size=5).map(
            lambda n: ("/body/int-list", n)
        ),
        st.dictionaries(SAFE_TEXT, JSON_SCALARS.filter(lambda v: not isinstance(v, str)), max_size=4).map(
            lambda d: ("/body/dict", d)
        ),
    )
)
def test_json_bodies_of_every_kind_roundtrip(client: TestClient[Starlite], value: tuple[str, Any]) -> None:
    path, data = value
    response = client.post(path, content=encode_json(data), headers={"content-type": "application/json"})
    assert check(response) == as_json(data)
    assert response.status_code == 201


@ROUNDTRIP
@given(value=JSON_VALUES)
def test_any_json_value_is_echoed(client: TestClient[Starlite], value: Any) -> None:
    response = client.post(
        "/body/any", content=json.dumps(value), headers={"content-type": "application/json"}
    )
    assert check(response) == {"data": value}


@ROUNDTRIP
@given(body=st.binary(max_size=200))
def test_raw_body_is_the_bytes_sent(client: TestClient[Starlite], body: bytes) -> None:
    response = client.post("/body/raw", content=body)
    assert check(response) == {"hex": body.hex()}


@FUZZ
@given(
    body=st.binary(max_size=600),
    chunk_size=st.integers(min_value=1, max_value=300),
    declare_length=st.booleans(),
)
def test_bodies_over_the_limit_are_a_json_413(
    client: TestClient[Starlite], body: bytes, chunk_size: int, declare_length: bool
) -> None:
    chunks = [body[start : start + chunk_size] for start in range(0, len(body), chunk_size)]
    headers = [(b"content-length", str(len(body)).encode())] if declare_length else []
    status, answer = call_raw(client, "POST", "/body/limited", headers=headers, chunks=chunks)
    decoded = assert_success_or_json_client_error(status, answer)
    if len(body) > 256:
        assert status == 413
    else:
        assert (status, decoded) == (201, {"length": len(body)})


@FUZZ
@given(
    body=st.binary(max_size=300),
    declared=st.one_of(
        st.integers(min_value=0, max_value=10**30).map(lambda n: str(n).encode()),
        st.binary(max_size=6).map(lambda raw: raw.replace(b"\r", b"").replace(b"\n", b"")),
        st.sampled_from([b"-1", b" 12", b"1e3", b"0x10", b"\xd9\xa3", b"", b"00", b"\xb9", b"1\xb2"]),
    ),
)
def test_any_content_length_header_gives_a_2xx_a_json_413_or_a_json_400(
    client: TestClient[Starlite], body: bytes, declared: bytes
) -> None:
    status, answer = call_raw(
        client, "POST", "/body/limited", headers=[(b"content-length", declared)], chunks=[body]
    )
    assert_success_or_json_client_error(status, answer)
    if len(body) > 256:
        assert status == 413


# "\xb9".decode("latin-1") is "¹": str.isdigit() says yes, int() says no.
@pytest.mark.parametrize("declared", [b"\xb9", b"\xb2", b"1\xb3"])
def test_superscript_digits_in_content_length_are_not_a_500(
    client: TestClient[Starlite], declared: bytes
) -> None:
    status, answer = call_raw(client, "POST", "/body/limited", headers=[(b"content-length", declared)])
    assert status in (201, 400)
    assert loads(answer)


# --- url-encoded forms ---------------------------------------------------------------------------------


@FUZZ
@given(
    path=st.sampled_from(["/form/model", "/form/dict"]),
    fields=st.lists(st.tuples(st.sampled_from(["name", "age", "tags"]) | TEXT, VALUE_TEXT), max_size=6),
)
def test_random_url_encoded_fields_give_a_2xx_or_a_json_400(
    client: TestClient[Starlite], path: str, fields: list[tuple[str, str]]
) -> None:
    response = client.post(
        path,
        content=urllib.parse.urlencode(fields),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    check(response)
    assert response.status_code in (201, 400)


@FUZZ
@given(
    path=st.sampled_from(["/form/model", "/form/dict", "/multipart/dict"]),
    body=st.binary(max_size=80),
    content_type=st.sampled_from(
        [
            b"application/x-www-form-urlencoded",
            b"application/x-www-form-urlencoded; charset=latin-1",
            b"text/plain",
        ]
    )
    | CONTENT_TYPES,
)
def test_random_bytes_as_a_url_encoded_body_give_a_2xx_or_a_json_400(
    client: TestClient[Starlite], path: str, body: bytes, content_type: bytes
) -> None:
    status, answer = call_raw(client, "POST", path, headers=[(b"content-type", content_type)], chunks=[body])
    assert_success_or_json_client_error(status, answer)
    assert status in (201, 400)


@ROUNDTRIP
@given(
    person=st.builds(
        Person,
        name=SAFE_TEXT,
        age=st.integers(min_value=-(10**30), max_value=10**30),
        tags=st.lists(SAFE_TEXT, max_size=4),
    )
)
def test_url_encoded_model_roundtrips(client: TestClient[Starlite], person: Person) -> None:
    fields = [("name", person.name), ("age", str(person.age)), *(("tags", tag) for tag in person.tags)]
    response = client.post(
        "/form/model",
        content=urllib.parse.urlencode(fields),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert check(response) == person.model_dump(mode="json")
    assert response.status_code == 201


# --- multipart forms -----------------------------------------------------------------------------------

BOUNDARY = st.text(
    # RFC 2046 bchars; a space may not end the boundary.
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'()+_,-./:=? "),
    min_size=1,
    max_size=70,
).filter(lambda boundary: not boundary.endswith(" "))
FIELD_NAME = st.text(st.characters(exclude_categories=("Cs",), exclude_characters='"\r\n\\'), max_size=12)
# httpx leaves out an empty ``filename`` (the part is then a plain field) and percent-escapes control
# characters in it, as browsers do (HTML5 form encoding).
FILENAME = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), exclude_characters='"\\%'), min_size=1, max_size=12
)


@dataclasses.dataclass
class Part:
    name: str
    content: bytes
    filename: str | None = None


PARTS = st.lists(
    st.builds(
        Part,
        name=FIELD_NAME,
        content=st.binary(max_size=40),
        filename=st.none() | FIELD_NAME,
    ),
    max_size=4,
)


def encode_multipart(boundary: str, parts: list[Part]) -> bytes:
    """A ``multipart/form-data`` body as RFC 7578 describes it."""
    out = bytearray()
    for part in parts:
        out += b"--" + boundary.encode() + b"\r\n"
        disposition = f'form-data; name="{part.name}"'
        if part.filename is not None:
            disposition += f'; filename="{part.filename}"'
        out += b"Content-Disposition: " + disposition.encode() + b"\r\n"
        if part.filename is not None:
            out += b"Content-Type: application/octet-stream\r\n"
        out += b"\r\n" + part.content + b"\r\n"
    out += b"--" + boundary.encode() + b"--\r\n"
    return bytes(out)


def split(body: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({0, len(body), *(cut % (len(body) + 1) for cut in cuts)})
    return [body[start:end] for start, end in zip(points, points[1:], strict=False)] or [b""]


MULTIPART_PATHS = ["/multipart/model", "/multipart/files", "/multipart/dict"]


@FUZZ
@given(
    path=st.sampled_from(MULTIPART_PATHS),
    boundary=BOUNDARY,
    parts=PARTS,
    cut=st.none() | st.integers(min_value=0),
    cuts=st.lists(st.integers(min_value=0), max_size=4),
)
def test_random_multipart_bodies_give_a_2xx_or_a_json_400(
    client: TestClient[Starlite],
    path: str,
    boundary: str,
    parts: list[Part],
    cut: int | None,
    cuts: list[int],
) -> None:
    body = encode_multipart(boundary, parts)
    if cut is not None:
        body = body[: cut % (len(body) + 1)]
    content_type = f'multipart/form-data; boundary="{boundary}"'.encode()
    status, answer = call_raw(
        client, "POST", path, headers=[(b"content-type", content_type)], chunks=split(body, cuts)
    )
    assert_success_or_json_client_error(status, answer)
    assert status in (201, 400)


@FUZZ
@given(
    path=st.sampled_from(MULTIPART_PATHS),
    body=st.binary(max_size=120),
    boundary=st.binary(max_size=20),
)
def test_random_bytes_with_a_multipart_content_type_give_a_2xx_or_a_json_400(
    client: TestClient[Starlite], path: str, body: bytes, boundary: bytes
) -> None:
    headers = [
        (
            b"content-type",
            b"multipart/form-data; boundary=" + boundary.replace(b"\r", b"").replace(b"\n", b""),
        )
    ]
    status, answer = call_raw(client, "POST", path, headers=headers, chunks=[body])
    assert_success_or_json_client_error(status, answer)
    assert status in (201, 400)


@ROUNDTRIP
@given(boundary=BOUNDARY, parts=PARTS, cuts=st.lists(st.integers(min_value=0), max_size=4))
def test_multipart_fields_and_files_roundtrip_in_any_chunking(
    client: TestClient[Starlite], boundary: str, parts: list[Part], cuts: list[int]
) -> None:
    # The boundary must not occur in the content (RFC 2046 section 5.1.1); the encoder picks it so.
    assume(all(b"--" + boundary.encode() not in part.content for part in parts))
    content_type = f'multipart/form-data; boundary="{boundary}"'.encode()
    body = encode_multipart(boundary, parts)
    status, answer = call_raw(
        client, "POST", "/multipart/dict", headers=[(b"content-type", content_type)], chunks=split(body, cuts)
    )
    expected: dict[str, Any] = {}
    for part in parts:
        if part.filename is None:
            value: Any = part.content.decode("utf-8", errors="replace")
        else:
            value = {"filename": part.filename, "content": part.content.hex()}
        expected.setdefault(part.name, []).append(value)
    # A key sent once is a value; a key sent more than once, the list of its values.
    expected = {key: values[0] if len(values) == 1 else values for key, values in expected.items()}
    assert status == 201, answer
    assert loads(answer) == expected


@FUZZ
@given(
    boundary=BOUNDARY,
    parts=st.lists(st.builds(Part, name=FIELD_NAME, content=st.binary(max_size=10)), max_size=8),
)
def test_multipart_part_limit_of_the_body_declaration_is_enforced(
    client: TestClient[Starlite], boundary: str, parts: list[Part]
) -> None:
    assume(all(b"--" + boundary.encode() not in part.content for part in parts))
    content_type = f'multipart/form-data; boundary="{boundary}"'.encode()
    status, answer = call_raw(
        client,
        "POST",
        "/multipart/three-parts",
        headers=[(b"content-type", content_type)],
        chunks=[encode_multipart(boundary, parts)],
    )
    decoded = assert_success_or_json_client_error(status, answer)
    if len(parts) <= 3:
        assert (status, decoded) == (201, {"fields": len({part.name for part in parts})})
    else:
        assert status == 400
        assert "maximum number of multipart parts" in decoded["detail"]


@ROUNDTRIP
@given(note=SAFE_TEXT, filename=FILENAME, content=st.binary(max_size=200))
def test_multipart_model_with_an_upload_roundtrips(
    client: TestClient[Starlite], note: str, filename: str, content: bytes
) -> None:
    response = client.post(
        "/multipart/model",
        data={"note": note},
        files={"file": (filename, content, "application/octet-stream")},
    )
    assert check(response) == {"note": note, "file": {"filename": filename, "content": content.hex()}}


@ROUNDTRIP
@given(files=st.lists(st.tuples(FILENAME, st.binary(max_size=50)), max_size=4))
def test_multipart_file_list_keeps_every_file_in_order(
    client: TestClient[Starlite], files: list[tuple[str, bytes]]
) -> None:
    response = client.post(
        "/multipart/files",
        files=[("upload", (name, content, "application/octet-stream")) for name, content in files],
        data={"field": "not a file"},
    )
    assert check(response) == [{"filename": name, "content": content.hex()} for name, content in files]
