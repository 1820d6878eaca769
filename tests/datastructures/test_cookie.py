"""``Cookie``: rendering as a ``Set-Cookie`` header."""

from __future__ import annotations

import pytest

from starlite import Cookie


def test_default_rendering() -> None:
    assert Cookie(key="k", value="v").to_header() == "Set-Cookie: k=v; Path=/; SameSite=lax"


def test_every_attribute() -> None:
    cookie = Cookie(
        key="k", value="v", max_age=10, secure=True, httponly=True, domain="x.com", samesite="strict"
    )
    assert (
        cookie.to_header(header="")
        == "k=v; Domain=x.com; HttpOnly; Max-Age=10; Path=/; SameSite=strict; Secure"
    )


def test_path_and_samesite_none() -> None:
    header = Cookie(key="k", value="v", path="/api", samesite="none").to_header(header="")
    assert header == "k=v; Path=/api; SameSite=none"


def test_expires_is_rendered() -> None:
    header = Cookie(key="k", value="v", expires=3600).to_header(header="")
    assert "expires=" in header.lower()


def test_missing_value_is_empty() -> None:
    assert Cookie(key="k").to_header(header="") == 'k=""; Path=/; SameSite=lax'


def test_value_needing_quotes_is_quoted() -> None:
    header = Cookie(key="k", value="a b;c").to_header(header="")
    assert header.startswith('k="a b\\073c"')


def test_to_encoded_header() -> None:
    assert Cookie(key="k", value="v").to_encoded_header() == (b"set-cookie", b"k=v; Path=/; SameSite=lax")


def test_dict_leaves_out_documentation_fields() -> None:
    cookie = Cookie(key="k", value="v", description="docs", documentation_only=True)
    assert cookie.dict == {
        "key": "k",
        "value": "v",
        "max_age": None,
        "expires": None,
        "path": "/",
        "domain": None,
        "secure": None,
        "httponly": None,
        "samesite": "lax",
    }


def test_equality_and_hash_use_key_path_and_domain() -> None:
    assert Cookie(key="k", value="1") == Cookie(key="k", value="2")
    assert Cookie(key="k", path="/a") != Cookie(key="k", path="/b")
    assert Cookie(key="k", domain="a.com") != Cookie(key="k")
    assert len({Cookie(key="k", value="1"), Cookie(key="k", value="2"), Cookie(key="j")}) == 2


@pytest.mark.parametrize("samesite", ["lax", "strict", "none"])
def test_samesite_values(samesite: str) -> None:
    assert f"SameSite={samesite}" in Cookie(key="k", value="v", samesite=samesite).to_header()  # type: ignore[arg-type]


def test_cookie_fields_take_1_5s_positional_order() -> None:
    # 1.5x: Cookie(key, path, value, max_age, expires, domain, ...); code that passes them in order works.
    cookie = Cookie("session", "/app", "abc", 60)
    assert (cookie.key, cookie.path, cookie.value, cookie.max_age) == ("session", "/app", "abc", 60)
    name, value = cookie.to_encoded_header()
    assert name == b"set-cookie" and value.startswith(b"session=abc;") and b"Path=/app" in value
