"""Compression: gzip and brotli bodies for the clients that ask for them, streams as they are produced."""

from __future__ import annotations

import gzip
import os
import sys
import zlib
from collections.abc import AsyncIterator
from typing import Any, Literal

import anyio
import brotli
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from starlite import (
    CompressionConfig,
    CORSConfig,
    MediaType,
    MissingDependencyException,
    Response,
    Router,
    Starlite,
    Stream,
    get,
    route,
    websocket,
)
from starlite.config.compression import CompressionConfig as ConfigAtItsPath
from starlite.connection import WebSocket
from starlite.constants import SCOPE_STATE_RESPONSE_COMPRESSED
from starlite.exceptions import ImproperlyConfiguredException, NotFoundException
from starlite.middleware import CompressionMiddleware, DefineMiddleware
from starlite.middleware.compression import preferred_encoding
from starlite.testing import TestClient, create_async_test_client, create_test_client
from starlite.utils import get_starlite_scope_state

TEXT = "_starlite_" * 400  # 4,000 bytes of text: well above the default minimum_size of 500
Backend = Literal["gzip", "brotli"]


@get("/text", media_type=MediaType.TEXT)
def text() -> str:
    return TEXT


@get("/sized/{size:int}", media_type=MediaType.TEXT)
def sized(size: int) -> str:
    return "a" * size


@get("/json")
def json_items() -> list[dict[str, Any]]:
    return [{"id": number, "name": f"item {number}"} for number in range(60)]


@get("/stream")
def stream() -> Stream:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(10):
            yield TEXT[:400].encode()

    return Stream(iterator=chunks())


@get("/varied", media_type=MediaType.TEXT)
def varied() -> Response[str]:
    return Response(TEXT, media_type=MediaType.TEXT, headers={"Vary": "Origin"})


@get("/excluded/text", media_type=MediaType.TEXT)
def excluded_text() -> str:
    return TEXT


@get("/opted-out", media_type=MediaType.TEXT, opt={"no_compression": True})
def opted_out() -> str:
    return TEXT


@get("/missing")
def missing() -> None:
    raise NotFoundException(detail="nothing here, " * 100)


HANDLERS = [text, sized, json_items, stream, varied, excluded_text, opted_out, missing]


def client_for(backend: Backend = "gzip", **options: Any) -> TestClient[Starlite]:
    return create_test_client(HANDLERS, compression_config=CompressionConfig(backend=backend, **options))


def fetch(
    client: TestClient[Starlite], path: str, accept: str | None, method: str = "GET"
) -> tuple[Any, bytes]:
    """The response and its body as sent, not decoded by httpx."""
    if accept is None:
        request = client.build_request(method, path)
        del request.headers["accept-encoding"]  # httpx's own: gzip, deflate and more
    else:
        request = client.build_request(method, path, headers=[(b"accept-encoding", accept.encode("latin-1"))])
    response = client.send(request, stream=True)
    try:
        return response, b"".join(response.iter_raw())
    finally:
        response.close()


def decoded(encoding: str | None, body: bytes) -> bytes:
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "br":
        return brotli.decompress(body)  # type: ignore[no-any-return]
    assert encoding is None
    return body


# --- the config ------------------------------------------------------------------------------------------


def test_the_defaults_are_those_of_1_5() -> None:
    config = CompressionConfig(backend="gzip")
    assert ConfigAtItsPath is CompressionConfig
    assert config.minimum_size == 500
    assert config.gzip_compress_level == 9
    assert (config.brotli_quality, config.brotli_mode, config.brotli_lgwin, config.brotli_lgblock) == (
        5,
        "text",
        22,
        0,
    )
    assert config.brotli_gzip_fallback is True
    assert config.middleware_class is CompressionMiddleware
    assert config.exclude is None and config.exclude_opt_key is None


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"backend": "zstd"},
        {"backend": "gzip", "minimum_size": 0},
        {"backend": "gzip", "gzip_compress_level": 10},
        {"backend": "gzip", "gzip_compress_level": -1},
        {"backend": "brotli", "brotli_quality": 12},
        {"backend": "brotli", "brotli_mode": "html"},
        {"backend": "brotli", "brotli_lgwin": 9},
        {"backend": "brotli", "brotli_lgwin": 25},
        {"backend": "brotli", "brotli_lgblock": 15},
        {"backend": "gzip", "middleware_class": object},
    ],
)
def test_values_1_5_refused_are_refused(options: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        CompressionConfig(**options)


def test_a_mapping_is_read_as_a_config_and_anything_else_is_refused() -> None:
    app = Starlite([text], compression_config={"backend": "gzip"})  # type: ignore[arg-type]
    assert app.compression_config == CompressionConfig(backend="gzip")
    with pytest.raises(ImproperlyConfiguredException, match="compression_config"):
        Starlite([text], compression_config="gzip")  # type: ignore[arg-type]


def test_a_broken_exclude_pattern_is_refused_at_start_up() -> None:
    with pytest.raises(ImproperlyConfiguredException, match="exclude"):
        Starlite([text], compression_config=CompressionConfig(backend="gzip", exclude="(unclosed"))


def test_brotli_without_its_package_is_refused_at_start_up_naming_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "brotli", None)  # "import brotli" now fails
    config = CompressionConfig(backend="brotli")
    with pytest.raises(MissingDependencyException, match=r"starlite\[brotli\]"):
        Starlite([], compression_config=config)
    # gzip needs nothing but the standard library.
    with client_for("gzip") as client:
        response, body = fetch(client, "/text", "gzip, br")
    assert response.headers["content-encoding"] == "gzip"


# --- what a client receives ------------------------------------------------------------------------------


@pytest.mark.parametrize(("backend", "encoding"), [("gzip", "gzip"), ("brotli", "br")])
@pytest.mark.parametrize("path", ["/text", "/json"])
def test_a_body_is_compressed_for_a_client_that_accepts_it(
    backend: Backend, encoding: str, path: str
) -> None:
    with client_for(backend) as client:
        plain, plain_body = fetch(client, path, None)
        response, body = fetch(client, path, encoding)
    assert response.status_code == 200
    assert response.headers["content-encoding"] == encoding
    assert response.headers["vary"] == "Accept-Encoding"
    assert int(response.headers["content-length"]) == len(body) < len(plain_body)
    assert decoded(encoding, body) == plain_body
    assert response.headers["content-type"] == plain.headers["content-type"]


def test_the_levels_and_modes_are_applied() -> None:
    data = TEXT.encode()
    with client_for("gzip", gzip_compress_level=1) as client:
        _, fast = fetch(client, "/text", "gzip")
    with client_for("gzip", gzip_compress_level=9) as client:
        _, small = fetch(client, "/text", "gzip")
    assert gzip.decompress(fast) == gzip.decompress(small) == data
    assert fast == zlib_gzip(data, 1) and small == zlib_gzip(data, 9)
    options = {"brotli_quality": 11, "brotli_mode": "generic", "brotli_lgwin": 16, "brotli_lgblock": 16}
    with client_for("brotli", **options) as client:
        _, body = fetch(client, "/text", "br")
    assert body == brotli.compress(data, quality=11, mode=brotli.MODE_GENERIC, lgwin=16, lgblock=16)


def zlib_gzip(data: bytes, level: int) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, 31)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize(
    ("backend", "accept", "expected"),
    [
        ("gzip", "gzip", "gzip"),
        ("gzip", "GZip", "gzip"),
        ("gzip", "x-gzip", "gzip"),
        ("gzip", "br", None),
        ("gzip", "deflate", None),
        ("gzip", "*", "gzip"),
        ("gzip", "*;q=0", None),
        ("gzip", "gzip;q=0", None),
        ("gzip", "gzip;q=0, *", None),  # a coding refused by name stays refused
        ("gzip", "gzip;q=0, gzip", None),  # ... also when named again
        ("gzip", "identity", None),
        ("gzip", "", None),
        ("gzip", "gzip;q=0.5, identity;q=1", None),
        ("gzip", "gzip;q=1, identity;q=0.5", "gzip"),
        ("brotli", "br", "br"),
        ("brotli", "BR", "br"),
        ("brotli", "gzip, deflate, br", "br"),  # on equal weights, brotli first
        ("brotli", "gzip;q=0.5, br;q=1", "br"),
        ("brotli", "gzip;q=1, br;q=0.5", "gzip"),
        ("brotli", "br;q=0, gzip", "gzip"),
        ("brotli", "br;q=0", None),
        ("brotli", "*", "br"),
        ("brotli", "gzip", "gzip"),  # the gzip fallback of 1.5x
        ("brotli", "gzip ; q=0.001", "gzip"),
    ],
)
def test_the_client_weights_decide(backend: Backend, accept: str, expected: str | None) -> None:
    with client_for(backend) as client:
        response, body = fetch(client, "/text", accept)
    assert response.headers.get("content-encoding") == expected
    assert decoded(expected, body) == TEXT.encode()
    assert response.headers["vary"] == "Accept-Encoding"


def test_without_the_gzip_fallback_a_gzip_client_gets_the_body_as_it_is() -> None:
    with client_for("brotli", brotli_gzip_fallback=False) as client:
        response, body = fetch(client, "/text", "gzip")
    assert "content-encoding" not in response.headers
    assert body == TEXT.encode()


@pytest.mark.parametrize(
    "accept",
    [
        "gzip;q=abc",
        "gzip;q=2",
        "gzip;q=",
        "gzip;q=-1",
        "gzip;q=0.5;q",
        ";;,,;q=1",
        "gzip;level=9",
        "\t",
        "q=1",
    ],
)
def test_a_malformed_accept_encoding_never_fails(accept: str) -> None:
    with client_for("brotli") as client:
        response, body = fetch(client, "/text", accept)
    assert response.status_code == 200
    assert decoded(response.headers.get("content-encoding"), body) == TEXT.encode()


def test_the_preference_is_read_as_written() -> None:
    # Parameters other than q are ignored; an unreadable weight drops its entry only.
    assert preferred_encoding("gzip;level=1", ("gzip",)) == "gzip"
    assert preferred_encoding("gzip;q=high, br", ("br", "gzip")) == "br"
    assert preferred_encoding("gzip;q=0.8, br;q=0.9", ("gzip", "br")) == "br"


@pytest.mark.parametrize(("size", "compressed"), [(499, False), (500, True)])
def test_bodies_below_the_minimum_size_are_sent_as_they_are(size: int, compressed: bool) -> None:
    with client_for("gzip") as client:
        response, body = fetch(client, f"/sized/{size}", "gzip")
    assert ("content-encoding" in response.headers) is compressed
    assert decoded(response.headers.get("content-encoding"), body) == b"a" * size
    # A body this short is never compressed, whatever the client: there is nothing to vary.
    assert ("vary" in response.headers) is compressed


def test_the_minimum_size_is_configurable() -> None:
    with client_for("gzip", minimum_size=2000) as client:
        small, _ = fetch(client, "/sized/1999", "gzip")
        large, _ = fetch(client, "/sized/2000", "gzip")
    assert "content-encoding" not in small.headers
    assert large.headers["content-encoding"] == "gzip"


def test_an_incompressible_body_is_sent_as_it_is() -> None:
    noise = os.urandom(4000)

    @get("/noise", media_type="application/octet-stream")
    def send_noise() -> bytes:
        return noise

    with create_test_client([send_noise], compression_config=CompressionConfig(backend="gzip")) as client:
        response, body = fetch(client, "/noise", "gzip")
    assert "content-encoding" not in response.headers
    assert body == noise
    assert response.headers["vary"] == "Accept-Encoding"


def test_excluded_paths_and_handlers_are_not_compressed() -> None:
    with client_for("gzip", exclude=["^/excluded"], exclude_opt_key="no_compression") as client:
        by_path, path_body = fetch(client, "/excluded/text", "gzip")
        by_opt, opt_body = fetch(client, "/opted-out", "gzip")
        other, _ = fetch(client, "/text", "gzip")
    for response, body in ((by_path, path_body), (by_opt, opt_body)):
        assert "content-encoding" not in response.headers and "vary" not in response.headers
        assert body == TEXT.encode()
    assert other.headers["content-encoding"] == "gzip"


def test_the_opt_key_may_be_set_on_a_router() -> None:
    quiet = Router("/quiet", route_handlers=[text], opt={"no_compression": True})
    config = CompressionConfig(backend="gzip", exclude_opt_key="no_compression")
    with create_test_client([quiet, json_items], compression_config=config) as client:
        excluded, _ = fetch(client, "/quiet/text", "gzip")
        compressed, _ = fetch(client, "/json", "gzip")
    assert "content-encoding" not in excluded.headers
    assert compressed.headers["content-encoding"] == "gzip"


def test_error_responses_are_compressed_too() -> None:
    with client_for("gzip") as client:
        response, body = fetch(client, "/missing", "gzip")
    assert response.status_code == 404
    assert response.headers["content-encoding"] == "gzip"
    assert b'"detail":"nothing here, nothing here' in gzip.decompress(body)


def test_vary_is_merged_with_the_response_s_own() -> None:
    with client_for("gzip") as client:
        response, _ = fetch(client, "/varied", "gzip")
        plain, _ = fetch(client, "/varied", None)
    assert response.headers["vary"] == "Origin, Accept-Encoding"
    assert plain.headers["vary"] == "Origin, Accept-Encoding"


def test_vary_holds_both_cors_and_compression() -> None:
    cors = CORSConfig(allow_origins=["https://app.example.com"])
    compression = CompressionConfig(backend="gzip")
    with create_test_client([text], cors_config=cors, compression_config=compression) as client:
        response = client.get(
            "/text", headers={"Origin": "https://app.example.com", "Accept-Encoding": "gzip"}
        )
    assert response.text == TEXT
    assert {part.strip() for part in response.headers["vary"].split(",")} == {"Accept-Encoding", "Origin"}


def test_a_strong_etag_becomes_weak_when_the_body_is_compressed() -> None:
    @get("/tagged", media_type=MediaType.TEXT)
    def tagged() -> Response[str]:
        return Response(TEXT, media_type=MediaType.TEXT, headers={"ETag": '"v1"'})

    with create_test_client([tagged], compression_config=CompressionConfig(backend="gzip")) as client:
        compressed, _ = fetch(client, "/tagged", "gzip")
        plain, _ = fetch(client, "/tagged", None)
    assert compressed.headers["etag"] == 'W/"v1"'
    assert plain.headers["etag"] == '"v1"'


def test_a_body_already_encoded_is_left_alone() -> None:
    payload = gzip.compress(TEXT.encode(), mtime=0)

    @get("/archive", media_type=MediaType.TEXT)
    def archive() -> Response[bytes]:
        return Response(payload, media_type=MediaType.TEXT, headers={"Content-Encoding": "gzip"})

    with create_test_client([archive], compression_config=CompressionConfig(backend="brotli")) as client:
        response, body = fetch(client, "/archive", "br, gzip")
    assert response.headers["content-encoding"] == "gzip"
    assert body == payload
    assert "vary" not in response.headers


def test_a_response_is_never_compressed_twice() -> None:
    config = CompressionConfig(backend="gzip")
    with create_test_client(
        [text], compression_config=config, middleware=[DefineMiddleware(CompressionMiddleware, config=config)]
    ) as client:
        response, body = fetch(client, "/text", "gzip")
    assert response.headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == TEXT.encode()
    assert response.headers["vary"] == "Accept-Encoding"


def test_head_gets_the_headers_of_the_uncompressed_answer() -> None:
    @route("/text", http_method=["GET", "HEAD"], media_type=MediaType.TEXT)
    def text_head() -> str:
        return TEXT

    with create_test_client([text_head], compression_config=CompressionConfig(backend="gzip")) as client:
        response, body = fetch(client, "/text", "gzip", method="HEAD")
    assert body == b""
    assert "content-encoding" not in response.headers
    assert response.headers["content-length"] == str(len(TEXT))
    assert response.headers["vary"] == "Accept-Encoding"


@pytest.mark.parametrize("status", [204, 304])
def test_answers_without_a_body_are_left_alone(status: int) -> None:
    @get("/empty", status_code=status)
    def empty() -> None:
        return None

    with create_test_client([empty], compression_config=CompressionConfig(backend="gzip")) as client:
        response, body = fetch(client, "/empty", "gzip")
    assert response.status_code == status
    assert body == b""
    assert "content-encoding" not in response.headers and "vary" not in response.headers


def test_a_range_is_left_alone() -> None:
    # The bytes of a 206 are a range of the body as it is (RFC 9110 section 14.4).
    @get("/part", media_type=MediaType.TEXT, status_code=206)
    def part() -> Response[str]:
        return Response(
            TEXT,
            media_type=MediaType.TEXT,
            status_code=206,
            headers={"Content-Range": f"bytes 0-3999/{2 * len(TEXT)}"},
        )

    with create_test_client([part], compression_config=CompressionConfig(backend="gzip")) as client:
        response, body = fetch(client, "/part", "gzip")
    assert response.status_code == 206
    assert body == TEXT.encode()
    assert "content-encoding" not in response.headers


def test_an_event_stream_is_left_alone() -> None:
    @get("/events", media_type="text/event-stream")
    def events() -> Stream:
        async def generate() -> AsyncIterator[bytes]:
            for number in range(100):
                yield f"data: {number}\n\n".encode()

        return Stream(iterator=generate(), media_type="text/event-stream")

    with create_test_client([events], compression_config=CompressionConfig(backend="gzip")) as client:
        response, body = fetch(client, "/events", "gzip")
    assert "content-encoding" not in response.headers
    assert body.startswith(b"data: 0\n\n")


def test_websockets_are_left_alone() -> None:
    @websocket("/echo")
    async def echo(socket: WebSocket[Any, Any]) -> None:
        await socket.accept()
        await socket.send_text(await socket.receive_text())
        await socket.close()

    config = CompressionConfig(backend="gzip", brotli_gzip_fallback=False)
    with (
        create_test_client([echo], compression_config=config) as client,
        client.websocket_connect("/echo") as ws,
    ):
        ws.send_text(TEXT)
        assert ws.receive_text() == TEXT


def test_a_subclass_named_as_middleware_class_is_used() -> None:
    class Tagging(CompressionMiddleware):
        def compress(self, encoding: str, body: bytes) -> bytes:
            return super().compress(encoding, body + b"!")

    with client_for("gzip", middleware_class=Tagging) as client:
        _, body = fetch(client, "/text", "gzip")
    assert gzip.decompress(body) == TEXT.encode() + b"!"


# --- streams ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("backend", "encoding"), [("gzip", "gzip"), ("brotli", "br")])
def test_a_stream_is_compressed_without_a_content_length(backend: Backend, encoding: str) -> None:
    with client_for(backend) as client:
        response, body = fetch(client, "/stream", encoding)
    assert response.headers["content-encoding"] == encoding
    assert "content-length" not in response.headers
    assert decoded(encoding, body) == TEXT.encode()


def test_a_stream_whose_first_chunk_is_short_is_compressed_too() -> None:
    # A stream's length is unknown when it starts: it is compressed whatever its first chunk.
    @get("/trickle")
    def trickle() -> Stream:
        return Stream(iterator=iter([b"a", b"b" * 10]))

    with create_test_client([trickle], compression_config=CompressionConfig(backend="gzip")) as client:
        response, body = fetch(client, "/trickle", "gzip")
    assert response.headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == b"a" + b"b" * 10


class _Decoder:
    def __init__(self, encoding: str) -> None:
        self.gzip = zlib.decompressobj(31) if encoding == "gzip" else None
        self.brotli = brotli.Decompressor() if encoding == "br" else None

    def feed(self, data: bytes) -> bytes:
        if self.gzip is not None:
            return self.gzip.decompress(data)
        assert self.brotli is not None
        return self.brotli.process(data)  # type: ignore[no-any-return]


@pytest.mark.anyio
@pytest.mark.parametrize(("backend", "encoding"), [("gzip", "gzip"), ("brotli", "br")])
async def test_each_chunk_reaches_the_client_before_the_next_is_produced(
    backend: Backend, encoding: str
) -> None:
    # The handler produces a chunk only once the client has decoded the one before: a middleware that
    # held the body back, or did not flush each chunk, would leave both waiting until the timeout.
    parts = [f"part {number}: ".encode() + b"x" * 2000 for number in range(4)]
    read = anyio.Event()
    count = 0

    @get("/gated")
    def gated() -> Stream:
        async def generate() -> AsyncIterator[bytes]:
            nonlocal read
            for part in parts:
                yield part
                await read.wait()
                read = anyio.Event()

        return Stream(iterator=generate())

    config = CompressionConfig(backend=backend)
    received: list[bytes] = []
    async with create_async_test_client([gated], compression_config=config) as client:
        with anyio.fail_after(5):
            async with client.stream("GET", "/gated", headers={"Accept-Encoding": encoding}) as response:
                assert response.headers["content-encoding"] == encoding
                decoder = _Decoder(encoding)
                pending = b""
                async for raw in response.aiter_raw():
                    pending += decoder.feed(raw)
                    while count < len(parts) and pending.startswith(parts[count]):
                        received.append(parts[count])
                        pending = pending[len(parts[count]) :]
                        count += 1
                        read.set()
    assert received == parts


# --- whatever a client sends -----------------------------------------------------------------------------

_header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=60)
_entries = st.lists(
    st.tuples(
        st.sampled_from(["gzip", "br", "GZIP", "Br", "*", "identity", "x-gzip", "deflate", "", "zstd"]),
        st.one_of(st.none(), _header_text, st.floats(allow_nan=True).map(str), st.decimals().map(str)),
    ),
    max_size=6,
).map(lambda entries: ", ".join(coding if q is None else f"{coding};q={q}" for coding, q in entries))


@settings(max_examples=150, deadline=None)
@given(accept=st.one_of(_header_text, _entries), backend=st.sampled_from(["gzip", "brotli"]))
def test_any_accept_encoding_gets_the_body_back(accept: str, backend: Backend) -> None:
    app = Starlite([text, stream], compression_config=CompressionConfig(backend=backend))
    # The read timeout turns a hang into a failure.
    with TestClient(app, timeout=5) as client:
        for path in ("/text", "/stream"):
            response, body = fetch(client, path, accept)
            assert response.status_code == 200
            assert decoded(response.headers.get("content-encoding"), body) == TEXT.encode()


@pytest.mark.parametrize(("backend", "encoding"), [("gzip", "gzip"), ("brotli", "br")])
def test_a_large_body_is_compressed_whole(backend: Backend, encoding: str) -> None:
    # Large enough to be compressed away from the event loop.
    big = ("".join(f"line {number}\n" for number in range(40_000))).encode()

    @get("/big", media_type=MediaType.TEXT)
    def send_big() -> bytes:
        return big

    with create_test_client([send_big], compression_config=CompressionConfig(backend=backend)) as client:
        response, body = fetch(client, "/big", encoding)
    assert len(big) > 256 * 1024
    assert response.headers["content-encoding"] == encoding
    assert int(response.headers["content-length"]) == len(body)
    assert decoded(encoding, body) == big


def test_a_long_accept_encoding_is_read_each_time() -> None:
    # Only short values are remembered; a long one is still read right.
    padding = ", ".join(f"coding-{number};q=0.1" for number in range(30))
    with client_for("brotli") as client:
        first, _ = fetch(client, "/text", f"{padding}, gzip")
        second, _ = fetch(client, "/text", f"{padding}, br")
    assert first.headers["content-encoding"] == "gzip"
    assert second.headers["content-encoding"] == "br"


def test_the_scope_says_whether_the_body_was_compressed() -> None:
    # 1.5x's request logging reads this to tell a compressed body from the handler's own.
    seen: list[bool] = []

    def recorder(app: Any) -> Any:
        async def record(scope: Any, receive: Any, send: Any) -> None:
            await app(scope, receive, send)
            seen.append(get_starlite_scope_state(scope, SCOPE_STATE_RESPONSE_COMPRESSED, default=False))

        return record

    config = CompressionConfig(backend="gzip")
    with create_test_client(HANDLERS, compression_config=config, middleware=[recorder]) as client:
        fetch(client, "/text", "gzip")
        fetch(client, "/stream", "gzip")
        fetch(client, "/text", None)
        fetch(client, "/sized/10", "gzip")
    assert seen == [True, True, False, False]
