"""Hypothesis strategies for what a client controls: paths, query strings, headers, cookies, bodies of
every kind, websocket frames, and the session cookies it sends back.

Each strategy mixes values a real client sends with the bytes an attacker or a broken client sends:
percent-encoding (valid, invalid and overlong UTF-8), dot segments, non-ASCII, bytes outside Latin-1,
duplicates, truncations and sizes near the limits.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, quote_from_bytes

import msgspec
from hypothesis import strategies as st

from tests.robustness.app import MULTIPART_PART_LIMIT
from tests.robustness.driver import Request

# --- text and bytes ----------------------------------------------------------------------------------

NASTY_TEXT = st.sampled_from(
    [
        "",
        " ",
        "..",
        ".",
        "%",
        "%2",
        "%zz",
        "%00",
        "%ff",
        "%c0%ae",  # an overlong "."
        "%e0%80%ae",  # another
        "%c0%af",  # an overlong "/"
        "%ed%a0%80",  # an encoded surrogate
        "%f4%90%80%80",  # past U+10FFFF
        "%2e%2e",
        "%2E.",
        "%2f",
        "%5c",
        "\x00",
        "\r\n",
        "\u00e9",
        "\u0661\u0662",  # Arabic-Indic digits
        "\uff11\uff12",  # fullwidth digits
        "\U0001f600",
        "\u202e",
        "nan",
        "inf",
        "-0",
        "1_000",
        "1e309",
        "99999999999999999999999999999999",
        "true",
        "null",
        "[]",
        "{}",
        "'",
        '"',
        "\\",
        "<script>",
    ]
)
"""Single values that broke parsers somewhere once."""

SHORT_TEXT = st.one_of(
    NASTY_TEXT, st.text(max_size=12), st.from_regex(r"-?[0-9]{1,25}(\.[0-9]{0,5})?", fullmatch=True)
)
LONG_TEXT = st.integers(min_value=200, max_value=20_000).map(lambda size: "a" * size)
VALUE_TEXT = st.one_of(SHORT_TEXT, SHORT_TEXT.map(lambda text: text * 3), LONG_TEXT)
BYTES = st.one_of(
    st.binary(max_size=40),
    st.sampled_from([b"\xff", b"\xc0\xae", b"\xed\xa0\x80", b"\x80abc", b"caf\xc3", b"\xe2\x82", b"\x00"]),
    VALUE_TEXT.map(lambda text: text.encode("utf-8", "surrogatepass")),
)

# --- paths -------------------------------------------------------------------------------------------

ROUTE_PREFIXES = [
    "/items/1/a",
    "/items/",
    "/items/12",
    "/files/",
    "/at/2024-01-02/1.5/2.5/12345678-1234-5678-1234-567812345678",
    "/at/",
    "/json/model",
    "/upload",
    "/session",
    "/headers",
    "/ws/text",
    "/",
    "",
]


def _segment_bytes(text: str) -> bytes:
    """A path segment as a client writes it: percent sequences kept, anything else outside ASCII
    percent-encoded (UTF-8), as an HTTP/1.1 request line carries it."""
    return quote(text, safe="%/;=:@!$&'()*+,~").encode("ascii")


SEGMENTS = st.one_of(
    SHORT_TEXT, LONG_TEXT, st.binary(max_size=8).map(lambda raw: quote_from_bytes(raw, safe=""))
)


@st.composite
def raw_paths(draw: st.DrawFn) -> bytes:
    """A request target's path, ASCII on the wire (what a client can send)."""
    prefix = draw(st.sampled_from(ROUTE_PREFIXES)).encode("ascii")
    segments = [_segment_bytes(segment) for segment in draw(st.lists(SEGMENTS, max_size=4))]
    separator = draw(st.sampled_from([b"/", b"//", b"/./", b"/../"]))
    path = prefix + b"".join(separator + segment for segment in segments)
    if draw(st.booleans()):
        path += b"/"
    if not path.startswith(b"/") and draw(st.booleans()):
        path = b"/" + path
    return path


def path_requests() -> st.SearchStrategy[Request]:
    """GET (or another method) of a hostile path; the raw driver decodes it as some server would."""
    return st.builds(
        Request,
        method=st.sampled_from(
            ["GET", "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "get", "BREW"]
        ),
        raw_path=raw_paths(),
        path_errors=st.sampled_from(["replace", "surrogateescape"]),
    )


# --- query strings -----------------------------------------------------------------------------------

QUERY_NAMES = st.one_of(
    st.sampled_from(
        ["q", "page", "size", "tags", "when", "ratio", "flag", "ident", "room", "Q", "page[]", ""]
    ),
    SHORT_TEXT,
)


@st.composite
def query_strings(draw: st.DrawFn) -> bytes:
    """A query string: encoded pairs, repeated names, bare names, stray separators, or raw bytes."""
    if draw(st.integers(0, 5)) == 0:
        return draw(st.binary(max_size=80))
    pairs = draw(st.lists(st.tuples(QUERY_NAMES, VALUE_TEXT), max_size=6))
    parts = []
    for name, value in pairs:
        style = draw(st.integers(0, 3))
        if style == 0:  # as a browser encodes it
            parts.append(quote(name, safe="") + "=" + quote(value, safe=""))
        elif style == 1:  # percent sequences left as they are
            parts.append(_segment_bytes(name).decode() + "=" + _segment_bytes(value).decode())
        elif style == 2:
            parts.append(quote(name, safe=""))
        else:
            parts.append(quote(name, safe="") + "=" + quote(value, safe="") + "=" + quote(value, safe=""))
    separator = draw(st.sampled_from(["&", "&", ";", "&&"]))
    return separator.join(parts).encode("ascii")


# --- headers and cookies -----------------------------------------------------------------------------

HEADER_NAMES = st.one_of(
    st.sampled_from(
        [
            b"x-token",
            b"X-Token",
            b"x-user",
            b"x-limit",
            b"cookie",
            b"accept",
            b"accept-encoding",
            b"content-type",
            b"content-length",
            b"transfer-encoding",
            b"host",
            b"x-forwarded-for",
            b"authorization",
            b"if-none-match",
            b"range",
        ]
    ),
    st.binary(min_size=1, max_size=12),
    st.text(min_size=1, max_size=12).map(lambda text: text.encode("utf-8")),
)
HEADER_VALUES = st.one_of(
    BYTES,
    st.sampled_from(
        [b"-1", b"101", b"1e3", b"\xef\xbc\x91", b"7", b" 7 ", b"abc", b"\xe9t\xe9", b"bytes=0-"]
    ),
)


def header_lists() -> st.SearchStrategy[list[tuple[bytes, bytes]]]:
    """Headers with any names and values (Latin-1 and not), duplicates included."""
    return st.lists(st.tuples(HEADER_NAMES, HEADER_VALUES), max_size=8)


COOKIE_NAMES = st.one_of(
    st.sampled_from(["theme", "visits", "session-0", "session-1", "session", "Theme", ""]), SHORT_TEXT
)


@st.composite
def cookie_headers(draw: st.DrawFn) -> bytes:
    """A ``Cookie`` header value: pairs, duplicates, quotes, bare names, odd separators, non-ASCII bytes."""
    if draw(st.integers(0, 5)) == 0:
        return draw(BYTES)
    pairs = draw(st.lists(st.tuples(COOKIE_NAMES, VALUE_TEXT), max_size=6))
    parts = []
    for name, value in pairs:
        style = draw(st.integers(0, 3))
        if style == 0:
            parts.append(f"{name}={value}")
        elif style == 1:
            parts.append(f'{name}="{value}"')
        elif style == 2:
            parts.append(name)
        else:
            parts.append(f"{name}={value}=={value}")
    separator = draw(st.sampled_from(["; ", ";", ", ", ";;"]))
    return separator.join(parts).encode("utf-8", "surrogatepass")


# --- JSON --------------------------------------------------------------------------------------------

JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    NASTY_TEXT,
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=8), NASTY_TEXT), children, max_size=4),
    ),
    max_leaves=20,
)
MODEL_FIELDS = st.sampled_from(
    ["name", "quantity", "tags", "note", "x", "y", "label", "size", "ratio", "age"]
)
MODEL_LIKE = st.dictionaries(
    MODEL_FIELDS, st.one_of(JSON_SCALARS, st.lists(JSON_SCALARS, max_size=3)), max_size=6
)


@st.composite
def json_bodies(draw: st.DrawFn) -> bytes:
    """Valid JSON (often close to a model), or JSON broken in a way parsers disagree about."""
    kind = draw(st.integers(0, 9))
    if kind <= 3:
        return json.dumps(draw(st.one_of(MODEL_LIKE, JSON_VALUES))).encode()
    if kind == 4:  # deep nesting
        depth = draw(st.integers(50, 20_000))
        opener, closer = draw(st.sampled_from([("[", "]"), ('{"a":', "}")]))
        inner = opener * depth + "1" + closer * depth * draw(st.integers(0, 1))
        return inner.encode()
    if kind == 5:  # huge numbers
        digits = draw(st.integers(20, 5000))
        number = draw(
            st.sampled_from(
                ["9" * digits, "-" + "9" * digits, "1e" + "9" * min(digits, 400), "0." + "1" * digits]
            )
        )
        return (
            '{"name": "a", "quantity": ' + number + ', "x": ' + number + ', "y": ' + number + "}"
        ).encode()
    if kind == 6:  # a valid document cut short
        text = json.dumps(draw(MODEL_LIKE)).encode()
        return text[: draw(st.integers(0, max(len(text) - 1, 0)))]
    if kind == 7:  # JSON-ish that strict parsers refuse
        return draw(
            st.sampled_from(
                [
                    b"{'name': 'a'}",
                    b'{"name": "a",}',
                    b"[1,]",
                    b"NaN",
                    b'{"quantity": Infinity}',
                    b'{"name": "\\ud800", "quantity": 1}',
                    b'{"name": "\xff", "quantity": 1}',
                    b'{"name": "a", "name": "b", "quantity": 1}',
                    b"\xef\xbb\xbf{}",
                    b'"\\u0000"',
                    b"{} {}",
                    b"",
                    b" ",
                ]
            )
        )
    return draw(BYTES)


def json_requests() -> st.SearchStrategy[Request]:
    """A JSON body (the test sends it to every JSON handler), mostly with the JSON content type."""
    return st.builds(
        Request,
        method=st.just("POST"),
        headers=st.sampled_from(
            [
                [(b"content-type", b"application/json")],
                [(b"content-type", b"application/json")],
                [(b"content-type", b"application/json")],
                [(b"content-type", b"application/json; charset=latin-1")],
                [(b"content-type", b"text/plain")],
                [],
            ]
        ),
        body=json_bodies(),
        body_cuts=st.lists(st.integers(0, 50), max_size=3),
    )


# --- url-encoded -------------------------------------------------------------------------------------

FORM_NAMES = st.one_of(st.sampled_from(["name", "age", "newsletter", "extra", ""]), SHORT_TEXT)


@st.composite
def urlencoded_bodies(draw: st.DrawFn) -> bytes:
    """A form body: proper pairs, repeats, bare names, bad percent sequences, or raw bytes."""
    if draw(st.integers(0, 4)) == 0:
        return draw(BYTES)
    pairs = draw(st.lists(st.tuples(FORM_NAMES, VALUE_TEXT), max_size=8))
    encoded = []
    for name, value in pairs:
        if draw(st.booleans()):
            encoded.append(quote(name, safe="") + "=" + quote(value, safe=""))
        else:
            encoded.append(_segment_bytes(name).decode() + "=" + _segment_bytes(value).decode())
    return "&".join(encoded).encode("ascii")


def urlencoded_requests() -> st.SearchStrategy[Request]:
    """A url-encoded body to the form handlers."""
    return st.builds(
        Request,
        method=st.just("POST"),
        raw_path=st.sampled_from([b"/form", b"/form/dict"]),
        headers=st.sampled_from(
            [
                [(b"content-type", b"application/x-www-form-urlencoded")],
                [(b"content-type", b"application/x-www-form-urlencoded; charset=utf-8")],
                [(b"content-type", b"multipart/form-data")],
                [],
            ]
        ),
        body=urlencoded_bodies(),
        body_cuts=st.lists(st.integers(0, 30), max_size=3),
    )


# --- multipart ---------------------------------------------------------------------------------------

DISPOSITIONS = st.one_of(
    st.sampled_from(
        [
            'form-data; name="note"',
            'form-data; name="file"; filename="a.txt"',
            'form-data; name="file"; filename=""',
            "form-data; name=file; filename=a.txt",
            "form-data; name=\"file\"; filename*=UTF-8''%E2%82%AC.txt",
            'form-data; name="file"; filename="../../etc/passwd"',
            'form-data; name="note"; name="other"',
            'form-data; name="',
            "form-data",
            'attachment; name="note"',
            'form-data; filename="x"',
            "",
            'form-data; name="\xe9"',
            'form-data; name="note"; filename="\x00"',
        ]
    ),
    SHORT_TEXT.map(lambda text: f'form-data; name="{text}"'),
)


@st.composite
def multipart_parts(draw: st.DrawFn) -> tuple[bytes, bytes]:
    """The headers and content of one part."""
    disposition = draw(DISPOSITIONS).encode("utf-8", "surrogatepass")
    headers = b""
    if draw(st.integers(0, 9)) > 0:
        headers += b"Content-Disposition: " + disposition + b"\r\n"
    if draw(st.booleans()):
        headers += (
            b"Content-Type: "
            + draw(st.sampled_from([b"text/plain", b"application/octet-stream", b"", b"\xff/\xfe"]))
            + b"\r\n"
        )
    if draw(st.integers(0, 9)) == 0:
        headers += draw(
            st.sampled_from([b"Broken header line\r\n", b": no name\r\n", b"X: " + b"h" * 9000 + b"\r\n"])
        )
    return headers, draw(st.one_of(BYTES, st.binary(max_size=2000)))


VALID_BOUNDARIES = st.one_of(
    st.just(b"campaign-boundary"), st.from_regex(rb"[A-Za-z0-9'()+_,\-./:=?]{1,70}", fullmatch=True)
)
BROKEN_BOUNDARIES = st.sampled_from([b"", b'"quoted"', b"a" * 257, b"\xff\xfe", b"--", b"x y", b"a\r\nb"])


@st.composite
def multipart_requests(draw: st.DrawFn) -> Request:
    """A multipart body: half of them well framed (with odd parts inside: bad dispositions, missing
    ``note`` or ``file``, many fields up to the part limit and a little past it), the others broken (a
    bad or missing boundary, another boundary in the body, no final boundary, a body cut short)."""
    broken = draw(st.booleans())
    boundary = draw(st.one_of(VALID_BOUNDARIES, BROKEN_BOUNDARIES) if broken else VALID_BOUNDARIES)
    header_value = b'multipart/form-data; boundary="' + boundary + b'"'
    if broken:
        header_value = draw(
            st.sampled_from(
                [
                    b"multipart/form-data; boundary=" + boundary,
                    header_value,
                    b"multipart/form-data",
                    b"multipart/form-data; boundary=",
                    b"multipart/form-data; boundary=" + boundary + b"; charset=utf-8",
                    b"multipart/mixed; boundary=" + boundary,
                ]
            )
        )
    if draw(st.integers(0, 6)) == 0:  # many small fields, around the part limit
        count = draw(st.integers(MULTIPART_PART_LIMIT - 5, MULTIPART_PART_LIMIT + 5))
        parts = [(b'Content-Disposition: form-data; name="f%d"\r\n' % index, b"v") for index in range(count)]
    else:
        parts = []
        if draw(st.integers(0, 3)):
            parts.append((b'Content-Disposition: form-data; name="note"\r\n', draw(BYTES)))
        if draw(st.integers(0, 3)):
            parts.append(
                (
                    b'Content-Disposition: form-data; name="file"; filename="a.bin"\r\n',
                    draw(st.binary(max_size=3000)),
                )
            )
        parts += draw(st.lists(multipart_parts(), max_size=4))
        parts = draw(st.permutations(parts))
    body_boundary = boundary
    if broken and draw(st.integers(0, 3)) == 0:
        body_boundary = draw(st.sampled_from([b"other", boundary + b"x", b""]))
    body = b"".join(
        b"--" + body_boundary + b"\r\n" + headers + b"\r\n" + content + b"\r\n" for headers, content in parts
    )
    ending = b"--" + body_boundary + b"--\r\n"
    if broken:
        ending = draw(
            st.sampled_from([ending, b"--" + body_boundary + b"--", b"", b"--" + body_boundary, b"garbage"])
        )
    body += ending
    if broken and draw(st.integers(0, 3)) == 0:
        body = body[: draw(st.integers(0, len(body)))]
    return Request(
        method="POST",
        raw_path=draw(st.sampled_from([b"/upload", b"/upload/fields"])),
        headers=[(b"content-type", header_value)],
        body=body,
        body_cuts=draw(st.lists(st.integers(0, 500), max_size=3)),
    )


# --- MessagePack -------------------------------------------------------------------------------------

MSGPACK_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**64 - 1),
    st.floats(),
    st.text(max_size=20),
    st.binary(max_size=20),
    st.builds(msgspec.msgpack.Ext, st.integers(-128, 127), st.binary(max_size=10)),
)
MSGPACK_VALUES = st.recursive(
    MSGPACK_SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(MODEL_FIELDS, st.text(max_size=6)), children, max_size=4),
        st.dictionaries(
            st.one_of(st.integers(-5, 5), st.binary(max_size=4), st.floats()), children, max_size=2
        ),
    ),
    max_leaves=15,
)
MSGPACK_MODEL_LIKE = st.dictionaries(
    MODEL_FIELDS, st.one_of(MSGPACK_SCALARS, st.lists(MSGPACK_SCALARS, max_size=3)), max_size=6
)
MSGPACK_ODD_KEYS = [
    b"\x81\xc0\x01",
    b"\x81\xc3\x01",
    b"\x81\x92\x01\x02\x01",
    b"\x81\xa1a\x81\xc2\x00",
    b"\x81\x81\x01\x01\x01",
]
"""Maps keyed by nil, true, an array, a nested false, and a map."""


@st.composite
def msgpack_bodies(draw: st.DrawFn) -> bytes:
    """MessagePack: encoded values (binary, ext types, non-string keys), truncations, deep nesting, junk."""
    kind = draw(st.integers(0, 5))
    if kind <= 2:
        return msgspec.msgpack.encode(draw(st.one_of(MSGPACK_MODEL_LIKE, MSGPACK_VALUES)))
    if kind == 3:
        encoded = msgspec.msgpack.encode(draw(MSGPACK_MODEL_LIKE))
        return encoded[: draw(st.integers(0, max(len(encoded) - 1, 0)))]
    if kind == 4:
        depth = draw(st.integers(50, 20_000))
        return b"\x91" * depth + b"\x01"  # fixarrays of one element, nested
    return draw(
        st.one_of(
            BYTES,
            st.sampled_from(
                [
                    *MSGPACK_ODD_KEYS,
                    b"\xc7\x00\x00",
                    b"\xc1",
                    b"\xdd\xff\xff\xff\xff",
                    b"\xdf\xff\xff\xff\xff",
                    b"\xdb\xff\xff\xff\x7f",
                    b"\xc6\xff\xff\xff\xff",
                ]
            ),
        )
    )


def msgpack_requests() -> st.SearchStrategy[Request]:
    """A MessagePack body to the MessagePack handlers."""
    return st.builds(
        Request,
        method=st.just("POST"),
        raw_path=st.sampled_from([b"/msgpack", b"/msgpack/any"]),
        headers=st.sampled_from(
            [
                [(b"content-type", b"application/x-msgpack")],
                [(b"content-type", b"application/vnd.msgpack")],
                [],
            ]
        ),
        body=msgpack_bodies(),
        body_cuts=st.lists(st.integers(0, 30), max_size=2),
    )


# --- raw bodies and whole requests -------------------------------------------------------------------


def parameter_requests() -> st.SearchStrategy[Request]:
    """A request to the handler reading path, query, header, cookie and dependency parameters."""
    return st.builds(
        _parameter_request,
        raw_path=st.one_of(
            st.sampled_from([b"/items/1/a", b"/items/007/%C3%A9", b"/items/-3/x"]),
            st.tuples(VALUE_TEXT, SHORT_TEXT).map(
                lambda pair: b"/items/" + _segment_bytes(pair[0]) + b"/" + _segment_bytes(pair[1])
            ),
        ),
        query=query_strings(),
        headers=header_lists(),
        cookie=st.one_of(st.none(), cookie_headers()),
        body=st.one_of(st.just(b""), BYTES),
    )


def _parameter_request(
    raw_path: bytes, query: bytes, headers: list[tuple[bytes, bytes]], cookie: bytes | None, body: bytes
) -> Request:
    if cookie is not None:
        headers = [*headers, (b"cookie", cookie)]
    return Request(method="GET", raw_path=raw_path, query_string=query, headers=headers, body=body)


def raw_body_requests() -> st.SearchStrategy[Request]:
    """Raw bytes to the handler reading ``body: bytes``, with honest, lying or odd headers."""
    return st.builds(
        _raw_body_request,
        body=st.one_of(BYTES, st.integers(60_000, 70_000).map(lambda size: b"x" * size)),
        length=st.sampled_from(
            [None, "honest", b"0", b"-1", b"abc", b"99999999999999999999", b"1, 2", b"\xff"]
        ),
        cuts=st.lists(st.integers(0, 30_000), max_size=3),
    )


def _raw_body_request(body: bytes, length: Any, cuts: list[int]) -> Request:
    headers: list[tuple[bytes, bytes]] = []
    if length == "honest":
        headers.append((b"content-length", str(len(body)).encode()))
    elif length is not None:
        headers.append((b"content-length", length))
    return Request(method="POST", raw_path=b"/raw", headers=headers, body=body, body_cuts=cuts)


# --- websocket frames --------------------------------------------------------------------------------

FRAMES = st.one_of(
    st.tuples(
        st.just("text"), st.one_of(st.text(max_size=30), NASTY_TEXT, st.builds(json.dumps, JSON_VALUES))
    ),
    st.tuples(
        st.just("bytes"), st.one_of(BYTES, st.builds(lambda value: json.dumps(value).encode(), JSON_VALUES))
    ),
)
CLOSE_CODES = st.one_of(
    st.sampled_from(
        [1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 3000, 4000, 4999]
    ),
    st.integers(1000, 4999),
)


def websocket_scripts() -> st.SearchStrategy[tuple[str, list[tuple[str, Any]], int | None]]:
    """(path, frames the client sends, close code it ends with or ``None`` to leave it to the server)."""
    paths = st.one_of(
        st.sampled_from(
            [
                "/ws/text",
                "/ws/bytes",
                "/ws/json",
                "/ws/json?room=2",
                "/ws/json?room=x",
                "/ws/other",
                "/ws/",
                "/nope",
            ]
        ),
        st.tuples(st.sampled_from(["text", "bytes", "json"]), query_strings()).map(
            lambda pair: f"/ws/{pair[0]}?{pair[1].decode('latin-1')}"
        ),
    )
    return st.tuples(paths, st.lists(FRAMES, max_size=6), st.one_of(st.none(), CLOSE_CODES))


def _add_headers(pair: tuple[Request, list[tuple[bytes, bytes]]]) -> Request:
    request, extra = pair
    request.headers = [*request.headers, *extra]
    return request


def hostile_header_requests() -> st.SearchStrategy[Request]:
    """A body or parameter request with extra headers of any bytes (content type and length included)."""
    return st.tuples(
        st.one_of(json_requests(), parameter_requests(), multipart_requests()), header_lists()
    ).map(_add_headers)


# --- session cookies ---------------------------------------------------------------------------------

SESSION_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
SESSION_DATA = st.dictionaries(
    st.text(min_size=1, max_size=10),
    st.one_of(SESSION_SCALARS, st.lists(SESSION_SCALARS, max_size=3)),
    min_size=1,
    max_size=5,
)
BIG_SESSION_DATA = st.integers(4000, 12_000).map(lambda size: {"blob": "z" * size})
"""Sessions that need two to four chunk cookies."""

TAMPERINGS = [
    "intact",  # the control: the session must open
    "flip a bit of the sealed bytes",
    "flip a bit of the cookie text",
    "truncate a chunk",
    "drop a chunk",
    "swap two chunks",
    "reverse the chunks",
    "duplicate a chunk",
    "append a stray chunk",
    "sealed with another secret",
    "sealed for another cookie name",
    "replayed after expiry",
    "replace a chunk with junk",
]


def session_cases() -> st.SearchStrategy[tuple[dict[str, Any], int, int]]:
    """(session data, two numbers that pick the positions each tampering works on).

    Each case tries every one of ``TAMPERINGS`` on the same data, so that every run covers them all.
    """
    return st.tuples(
        st.one_of(SESSION_DATA, BIG_SESSION_DATA),
        st.integers(min_value=0, max_value=2**32),
        st.integers(min_value=0, max_value=2**32),
    )
