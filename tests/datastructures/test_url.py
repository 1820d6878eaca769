"""``URL`` and ``Address``."""

from __future__ import annotations

from typing import Any

import pytest

from starlite.datastructures import URL, Address, MultiDict
from starlite.datastructures.url import make_absolute_url


def test_components() -> None:
    url = URL("https://user:pw@Example.COM:8443/a/b?x=1&x=2&y=#frag")
    assert url.scheme == "https"
    assert url.netloc == "user:pw@Example.COM:8443"
    assert url.hostname == "example.com"
    assert url.port == 8443
    assert url.username == "user"
    assert url.password == "pw"
    assert url.path == "/a/b"
    assert url.query == "x=1&x=2&y="
    assert url.fragment == "frag"
    assert str(url) == "https://user:pw@Example.COM:8443/a/b?x=1&x=2&y=#frag"
    assert repr(url) == "URL('https://user:pw@Example.COM:8443/a/b?x=1&x=2&y=#frag')"


def test_query_params_keep_repeats_and_blanks() -> None:
    params = URL("http://h/p?x=1&x=2&y=&z=a%20b").query_params
    assert isinstance(params, MultiDict)
    assert params.getall("x") == ["1", "2"]
    assert params["y"] == ""
    assert params["z"] == "a b"


def test_from_components() -> None:
    url = URL.from_components(scheme="http", netloc="h:1", path="/p", query="a=1", fragment="f")
    assert str(url) == "http://h:1/p?a=1#f"


def test_with_replacements() -> None:
    url = URL("http://h/p?a=1#f")
    assert str(url.with_replacements(scheme="https")) == "https://h/p?a=1#f"
    assert str(url.with_replacements(path="/q", query="b=2")) == "http://h/q?b=2#f"
    assert str(url.with_replacements(query=MultiDict([("c", "1"), ("c", "2")]))) == "http://h/p?c=1&c=2#f"
    assert str(url.with_replacements(netloc="other:81", fragment="")) == "http://other:81/p?a=1"
    assert str(url) == "http://h/p?a=1#f"


def _scope(**overrides: Any) -> dict[str, Any]:
    scope: dict[str, Any] = {
        "type": "http",
        "scheme": "http",
        "server": ("example.org", 8000),
        "path": "/items",
        "root_path": "",
        "query_string": b"q=1",
        "headers": [],
    }
    scope.update(overrides)
    return scope


def test_from_scope_uses_host_header() -> None:
    url = URL.from_scope(_scope(headers=[(b"host", b"api.example.com")]))
    assert str(url) == "http://api.example.com/items?q=1"


def test_from_scope_falls_back_to_server() -> None:
    assert str(URL.from_scope(_scope())) == "http://example.org:8000/items?q=1"
    assert (
        str(URL.from_scope(_scope(scheme="https", server=("s", 443), query_string=b""))) == "https://s/items"
    )


def test_from_scope_brackets_an_ipv6_server_without_a_host_header() -> None:
    assert str(URL.from_scope(_scope(server=("::1", 8000)))) == "http://[::1]:8000/items?q=1"
    assert str(URL.from_scope(_scope(server=("fe80::2", 80)))) == "http://[fe80::2]/items?q=1"


def test_from_scope_includes_root_path() -> None:
    url = URL.from_scope(_scope(root_path="/api", headers=[(b"host", b"h")]))
    assert url.path == "/api/items"


def test_equality_with_strings_and_hash() -> None:
    assert URL("http://h/p") == "http://h/p"
    assert URL("http://h/p") == URL("http://h/p")
    assert len({URL("http://h/p"), URL("http://h/p")}) == 1


def test_address_is_a_named_tuple() -> None:
    address = Address("127.0.0.1", 5000)
    assert address.host == "127.0.0.1"
    assert address.port == 5000
    assert tuple(address) == ("127.0.0.1", 5000)


@pytest.mark.parametrize("base", ["http://example.org", "http://example.org/"])
@pytest.mark.parametrize("path", ["items/1?page=2#top", "/items/1?page=2#top"])
def test_make_absolute_url(base: str, path: str) -> None:
    assert make_absolute_url(path, base) == "http://example.org/items/1?page=2#top"


def test_make_absolute_url_keeps_the_base_path() -> None:
    assert make_absolute_url("users", URL("https://example.org/api/")) == "https://example.org/api/users"
    assert make_absolute_url("/users", "https://example.org/api") == "https://example.org/api/users"
