"""``starlite.parsers``: 1.5x's helpers for raw query strings, forms, cookies and headers."""

from urllib.parse import urlencode

from starlite import Cookie
from starlite.parsers import (
    parse_cookie_string,
    parse_headers,
    parse_query_string,
    parse_url_encoded_form_data,
)


def test_a_query_string_keeps_repeats_and_reads_booleans() -> None:
    query = urlencode(
        [("id", "1"), ("id", "2"), ("q", "a b&c"), ("flag", "true"), ("off", "False"), ("e", "")]
    )
    assert parse_query_string(query.encode()) == (
        ("id", "1"),
        ("id", "2"),
        ("q", "a b&c"),
        ("flag", True),
        ("off", False),
        ("e", ""),
    )


def test_a_form_reads_json_values_and_collects_repeats() -> None:
    form = urlencode(
        [("n", "10"), ("n", "12"), ("list", '["a", "b"]'), ("obj", '{"k": 1}'), ("price", "1.5")]
        + [("yes", "true"), ("text", "äüß"), ("code", "007")]
    )
    assert parse_url_encoded_form_data(form.encode()) == {
        "n": [10, 12],
        "list": ["a", "b"],
        "obj": {"k": 1},
        "price": 1.5,
        "yes": True,
        "text": "äüß",
        "code": "007",
    }


def test_each_call_returns_its_own_dict() -> None:
    parse_url_encoded_form_data(b"a=1")["a"] = 2
    parse_cookie_string("a=1")["a"] = "2"
    assert parse_url_encoded_form_data(b"a=1") == {"a": 1}
    assert parse_cookie_string("a=1") == {"a": "1"}


def test_a_cookie_header_as_1_5x_read_it() -> None:
    assert parse_cookie_string("ABC    = 123;   efg  =   456") == {"ABC": "123", "efg": "456"}
    assert parse_cookie_string('quoted="a=1&b=2"; empty=') == {"quoted": "a=1&b=2", "empty": ""}
    assert parse_cookie_string("email=%20%22%2c%3b%2f; bad=%1") == {"email": ' ",;/', "bad": "%1"}
    # A chunk without "=" is a value of the empty name; a repeated name keeps its last value.
    assert parse_cookie_string("a=1;lone ; a=2") == {"a": "2", "": "lone"}
    header = Cookie(key="abc", value="123", path="/head", domain="localhost").to_header(header="")
    assert parse_cookie_string(header)["abc"] == "123"


def test_asgi_headers_become_text() -> None:
    headers = [(b"Host", b"example.com"), [b"X-Name", b"caf\xe9"], (b"host", b"other")]
    assert parse_headers(headers) == {"Host": "example.com", "X-Name": "café", "host": "other"}
