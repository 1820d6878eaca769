"""``Headers``, ``MutableScopeHeaders``, ``CacheControlHeader`` and ``ETag``."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from starlite import ImproperlyConfiguredException
from starlite.datastructures import CacheControlHeader, ETag, Headers, MutableScopeHeaders
from starlite.datastructures.headers import Header


class TestHeaders:
    def test_case_insensitive_lookup(self) -> None:
        headers = Headers({"Content-Type": "text/plain", "X-Token": "abc"})
        assert headers["content-type"] == "text/plain"
        assert headers["CONTENT-TYPE"] == "text/plain"
        assert "x-token" in headers
        assert "X-TOKEN" in headers
        assert headers.get("missing") is None
        assert 1 not in headers

    def test_repeated_headers_from_raw_pairs(self) -> None:
        headers = Headers([(b"accept", b"text/html"), (b"Accept", b"application/json"), (b"host", b"x")])
        assert headers["accept"] == "text/html"
        assert headers.getall("ACCEPT") == ["text/html", "application/json"]
        assert headers.getlist("accept") == ["text/html", "application/json"]
        assert headers.multi_items() == [
            ("accept", "text/html"),
            ("Accept", "application/json"),
            ("host", "x"),
        ]
        assert headers.dict() == {"accept": ["text/html", "application/json"], "host": ["x"]}
        assert len(headers) == 2
        assert sorted(headers) == ["accept", "host"]

    def test_getall_missing(self) -> None:
        headers = Headers()
        with pytest.raises(KeyError):
            headers.getall("x")
        assert headers.getall("x", []) == []
        assert headers.getall("x", ["d"]) == ["d"]

    def test_from_scope_and_to_header_list(self) -> None:
        scope: dict[str, Any] = {"headers": [(b"X-Raw", b"1"), (b"x-raw", b"2")]}
        headers = Headers.from_scope(scope)
        assert headers.getall("x-raw") == ["1", "2"]
        assert headers.to_header_list() == [(b"x-raw", b"1"), (b"x-raw", b"2")]

    def test_latin1_values_never_fail(self) -> None:
        headers = Headers([(b"x-bytes", "é".encode("latin-1"))])
        assert headers["x-bytes"] == "é"

    def test_is_read_only(self) -> None:
        headers = Headers({"a": "1"})
        with pytest.raises(TypeError):
            headers["a"] = "2"  # type: ignore[index]


class TestMutableScopeHeaders:
    def test_getitem_returns_first_value(self) -> None:
        scope: dict[str, Any] = {"headers": [(b"x-a", b"1"), (b"x-a", b"2")]}
        headers = MutableScopeHeaders(scope)
        assert headers["X-A"] == "1"
        assert headers.getall("x-a") == ["1", "2"]
        with pytest.raises(KeyError):
            headers["missing"]
        with pytest.raises(KeyError):
            headers.getall("missing")
        assert headers.getall("missing", ["fallback"]) == ["fallback"]

    def test_add_keeps_existing_values_and_edits_the_scope(self) -> None:
        scope: dict[str, Any] = {"headers": [(b"vary", b"accept")]}
        headers = MutableScopeHeaders(scope)
        headers.add("Vary", "cookie")
        assert scope["headers"] == [(b"vary", b"accept"), (b"vary", b"cookie")]

    def test_setitem_replaces_every_value(self) -> None:
        scope: dict[str, Any] = {"headers": [(b"x-a", b"1"), (b"x-b", b"keep"), (b"X-A", b"2")]}
        headers = MutableScopeHeaders(scope)
        headers["x-a"] = "3"
        assert scope["headers"] == [(b"x-b", b"keep"), (b"x-a", b"3")]

    def test_delitem_removes_every_value(self) -> None:
        scope: dict[str, Any] = {"headers": [(b"x-a", b"1"), (b"x-a", b"2"), (b"x-b", b"3")]}
        headers = MutableScopeHeaders(scope)
        del headers["X-A"]
        assert scope["headers"] == [(b"x-b", b"3")]
        with pytest.raises(KeyError):
            del headers["x-a"]

    def test_extend_header_value(self) -> None:
        headers = MutableScopeHeaders()
        headers.extend_header_value("vary", "accept")
        headers.extend_header_value("Vary", "cookie")
        # Joined without a space, as 1.5x joins them.
        assert headers["vary"] == "accept,cookie"
        assert headers.headers == [(b"vary", b"accept,cookie")]

    def test_from_message_needs_a_message_with_headers(self) -> None:
        with pytest.raises(ValueError, match="http.response.body"):
            MutableScopeHeaders.from_message({"type": "http.response.body", "body": b""})

    def test_from_message_wraps_a_response_start_message(self) -> None:
        message: dict[str, Any] = {"type": "http.response.start", "status": 200, "headers": ((b"a", b"1"),)}
        headers = MutableScopeHeaders.from_message(message)
        headers["b"] = "2"
        assert message["headers"] == [(b"a", b"1"), (b"b", b"2")]
        assert "a" in headers
        assert len(headers) == 2
        assert list(headers) == ["a", "b"]


class TestCacheControlHeader:
    def test_to_header(self) -> None:
        header = CacheControlHeader(max_age=10, public=True)
        assert header.to_header() == "max-age=10, public"
        assert (
            CacheControlHeader(no_store=True).to_header(include_header_name=True) == "cache-control: no-store"
        )
        assert (
            CacheControlHeader(
                s_maxage=5, must_revalidate=True, stale_while_revalidate=30, private=False
            ).to_header()
            == "s-maxage=5, must-revalidate, stale-while-revalidate=30"
        )
        assert CacheControlHeader.HEADER_NAME == "cache-control"

    def test_from_header_round_trip(self) -> None:
        header = CacheControlHeader.from_header("max-age=60, No-Cache, immutable")
        assert header.max_age == 60
        assert header.no_cache is True
        assert header.immutable is True
        assert header.public is None
        assert CacheControlHeader.from_header(header.to_header()) == header

    @pytest.mark.parametrize(
        "value",
        [
            "max-age=abc",
            "unknown-directive",
            "documentation-only",
            "no-cache=10",
            "max-age",
            "a=b=c",
            "public, ",
        ],
    )
    def test_from_header_rejects_invalid_values(self, value: str) -> None:
        with pytest.raises(ImproperlyConfiguredException):
            CacheControlHeader.from_header(value)

    def test_constructor_checks_the_directive_types(self) -> None:
        assert CacheControlHeader(max_age="30").max_age == 30  # type: ignore[arg-type]
        for invalid in ({"max_age": True}, {"max_age": "soon"}, {"no_cache": 10}):
            with pytest.raises(ValidationError):
                CacheControlHeader(**invalid)  # type: ignore[arg-type]

    def test_dict_takes_the_pydantic_1_keywords(self) -> None:
        # 1.5x's headers were pydantic models: code calls ``.dict()`` on them.
        header = CacheControlHeader.from_header("no-cache, max-age=5")
        assert header.dict()["no_cache"] is True
        assert header.dict()["documentation_only"] is False
        assert header.dict(exclude_unset=True, exclude_none=True, by_alias=True) == {
            "max-age": 5,
            "no-cache": True,
        }
        assert header.dict(include={"max_age", "public"}) == {"max_age": 5, "public": None}
        assert "max_age" not in header.dict(exclude={"max_age"})
        assert CacheControlHeader.prevent_storing().dict(exclude_defaults=True) == {"no_store": True}

    def test_prevent_storing(self) -> None:
        assert CacheControlHeader.prevent_storing().to_header() == "no-store"


class TestETag:
    def test_to_header(self) -> None:
        assert ETag(value="abc").to_header() == '"abc"'
        assert ETag(value="abc", weak=True).to_header(include_header_name=True) == 'etag: W/"abc"'
        assert ETag.HEADER_NAME == "etag"

    def test_from_header(self) -> None:
        weak = ETag.from_header('W/"x"')
        assert weak.value == "x"
        assert weak.weak is True
        assert ETag.from_header('w/"x"') == weak  # 1.5x took the lower-case prefix too
        strong = ETag.from_header('"y-1"')
        assert (strong.value, strong.weak) == ("y-1", False)

    @pytest.mark.parametrize("value", ["no-quotes", 'W/"unterminated', '"a"b"', ""])
    def test_from_header_rejects_invalid_values(self, value: str) -> None:
        with pytest.raises(ImproperlyConfiguredException):
            ETag.from_header(value)

    @pytest.mark.parametrize("value", [None, "", "with space", 'quo"te', "f\u2193o"])
    def test_invalid_value_is_rejected(self, value: str | None) -> None:
        # A pydantic ValidationError, as 1.5x's pydantic ETag raised.
        with pytest.raises(ValidationError):
            ETag(value=value)
        with pytest.raises(ValidationError):
            ETag(value=value, weak=True)

    def test_documentation_only_needs_no_value(self) -> None:
        assert ETag(documentation_only=True).value is None


class TestHeaderBase:
    def test_a_header_class_without_a_name_cannot_render(self) -> None:
        class Nameless(Header):
            def _get_header_value(self) -> str:
                return "x"

            @classmethod
            def from_header(cls, header_value: str) -> Nameless:
                return cls()

        with pytest.raises(ImproperlyConfiguredException, match="HEADER_NAME"):
            Nameless().to_header()
