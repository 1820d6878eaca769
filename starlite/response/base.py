"""``Response``: content plus status, headers and cookies, rendered and sent over ASGI."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import partial
from itertools import chain
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

import msgspec

from starlite.datastructures.cookie import Cookie
from starlite.enums import MediaType
from starlite.exceptions import ImproperlyConfiguredException, SerializationException
from starlite.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT, HTTP_304_NOT_MODIFIED
from starlite.utils.serialization import default_serializer, encode_json, encode_msgpack

if TYPE_CHECKING:
    from starlite.datastructures.background_tasks import BackgroundTask, BackgroundTasks
    from starlite.datastructures.headers import ETag
    from starlite.types.asgi_types import Receive, Scope, Send

__all__ = ("Response",)

_FORBIDDEN_IN_HEADERS = re.compile(rb"[\r\n\0]")

T = TypeVar("T")


def status_allows_body(status_code: int) -> bool:
    """Tell whether a response with this status may carry a body (RFC 9110 sections 15.2, 15.3.5, 15.4.5)."""
    return not (status_code < 200 or status_code in (HTTP_204_NO_CONTENT, HTTP_304_NOT_MODIFIED))


def render_content(
    content: Any,
    media_type: str,
    encoding: str = "utf-8",
    type_encoders: Mapping[Any, Callable[[Any], Any]] | None = None,
    serializer: Callable[[Any], Any] | None = None,
) -> bytes:
    """Turn a response's content into its body, as ``Response.render`` does.

    Bytes are sent as they are, text media types encode strings (an empty content gives an empty
    body), MessagePack and everything else are encoded with msgspec.

    Args:
        content: The content.
        media_type: The response's media type.
        encoding: The text encoding.
        type_encoders: Encoders for types msgspec cannot serialize, keyed by type.
        serializer: A hook that replaces the default one (and ``type_encoders``) for such types.

    Raises:
        ImproperlyConfiguredException: When the content cannot be serialized.
    """
    if isinstance(content, bytes):
        return content
    try:
        if media_type.startswith("text/"):
            if not content:
                return b""
            return (content if isinstance(content, str) else str(content)).encode(encoding)
        if serializer is not None:
            json_encoder, msgpack_encoder = _encoders_with(serializer)
            encoder = msgpack_encoder if media_type == MediaType.MESSAGEPACK else json_encoder
            return encoder.encode(content)
        if media_type == MediaType.MESSAGEPACK:
            return encode_msgpack(content, type_encoders)
        return encode_json(content, type_encoders)
    except (SerializationException, TypeError, msgspec.EncodeError) as exc:
        raise ImproperlyConfiguredException("Unable to serialize response content") from exc


# The encoders of each overridden ``Response.serializer``, made once per response class.
_hook_encoders: dict[Any, tuple[msgspec.json.Encoder, msgspec.msgpack.Encoder]] = {}


def _encoders_with(serializer: Callable[[Any], Any]) -> tuple[msgspec.json.Encoder, msgspec.msgpack.Encoder]:
    # A bound classmethod is a new object on each access, but equal (and hashable) to the others.
    encoders = _hook_encoders.get(serializer)
    if encoders is None:
        encoders = (msgspec.json.Encoder(enc_hook=serializer), msgspec.msgpack.Encoder(enc_hook=serializer))
        if len(_hook_encoders) < 256:
            _hook_encoders[serializer] = encoders
    return encoders


def _overridden_serializer(cls: type[Response[Any]]) -> Callable[[Any], Any] | None:
    """The ``serializer`` a subclass defines (1.5x's deprecated hook), else ``None``."""
    for klass in cls.__mro__:
        if klass is Response:
            return None
        if "serializer" in klass.__dict__:
            return cls.serializer
    return None  # pragma: no cover - every response class derives from Response


def content_type_of(media_type: str, encoding: str = "utf-8") -> str:
    """The ``Content-Type`` value of a media type: text types name their charset.

    Args:
        media_type: The media type.
        encoding: The text encoding.
    """
    if media_type.startswith("text/") and "charset" not in media_type:
        return f"{media_type}; charset={encoding}"
    return media_type


# Merged class and instance encoders, per pair of mappings: a handler passes the same mapping to every
# response it makes, and serialization caches its encoders per mapping (a new dict per response would
# build new encoders each time).
_merged_encoders: dict[tuple[int, int], tuple[Mapping[Any, Any], Mapping[Any, Any], Mapping[Any, Any]]] = {}


def _merge_encoders(
    class_encoders: Mapping[Any, Callable[[Any], Any]], given: Mapping[Any, Callable[[Any], Any]] | None
) -> Mapping[Any, Callable[[Any], Any]]:
    if not given:
        return class_encoders
    key = (id(class_encoders), id(given))
    entry = _merged_encoders.get(key)
    if entry is None or entry[0] is not class_encoders or entry[1] is not given:
        entry = (class_encoders, given, {**class_encoders, **given})
        if len(_merged_encoders) < 1024:  # bounded: mappings made per response would not be reused
            _merged_encoders[key] = entry
    return entry[2]


class Response(Generic[T]):
    """An HTTP response.

    The content is rendered by media type: bytes are sent as they are, strings are encoded for ``text/*``
    media types, anything else is encoded as JSON (or MessagePack) with msgspec.

    Args:
        content: The body's content.
        status_code: The HTTP status code.
        media_type: The media type, sent as ``Content-Type`` (with a charset for ``text/*``).
        background: Work to run after the response is sent.
        headers: Response headers.
        cookies: Cookies to set.
        encoding: The text encoding.
        is_head_response: Send the headers only, as for a ``HEAD`` request.
        type_encoders: Encoders for types msgspec cannot serialize, keyed by type.
    """

    __slots__ = (
        "content",
        "status_code",
        "media_type",
        "background",
        "headers",
        "cookies",
        "encoding",
        "is_head_response",
        "_type_encoders",
        "_body",
    )

    type_encoders: Mapping[Any, Callable[[Any], Any]] | None = None
    """Encoders a ``Response`` subclass declares for all its instances; those given to an instance
    (or by the handler's layers) win over them."""

    def __init__(
        self,
        content: T,
        *,
        status_code: int = HTTP_200_OK,
        media_type: MediaType | str = MediaType.JSON,
        background: BackgroundTask | BackgroundTasks | None = None,
        headers: dict[str, Any] | None = None,
        cookies: list[Cookie] | None = None,
        encoding: str = "utf-8",
        is_head_response: bool = False,
        type_encoders: Mapping[Any, Callable[[Any], Any]] | None = None,
    ) -> None:
        self.content = content
        self.status_code = status_code
        self.media_type = media_type.value if isinstance(media_type, MediaType) else media_type
        self.background = background
        self.headers: dict[str, Any] = dict(headers) if headers else {}
        self.cookies: list[Cookie] = list(cookies) if cookies else []
        self.encoding = encoding
        self.is_head_response = is_head_response
        class_encoders = type(self).type_encoders
        self._type_encoders = (
            _merge_encoders(class_encoders, type_encoders) if class_encoders else type_encoders
        )
        self._body: bytes | None = None

    @property
    def status_allows_body(self) -> bool:
        """Whether this status may carry a body."""
        return status_allows_body(self.status_code)

    @property
    def body(self) -> bytes:
        """The rendered body (rendered once, on first access)."""
        if self._body is None:
            if not self.status_allows_body:
                if self.content:
                    raise ImproperlyConfiguredException(
                        f"A response with status code {self.status_code} cannot have a body"
                    )
                self._body = b""
            else:
                self._body = self.render(self.content)
        return self._body

    @body.setter
    def body(self, value: bytes) -> None:
        # As in 1.5x, an ``after_request`` hook (or anything else) may replace the rendered body.
        self._body = value

    def render(self, content: Any) -> bytes:
        """Turn ``content`` into bytes according to the media type.

        Raises:
            ImproperlyConfiguredException: When the content cannot be serialized.
        """
        return render_content(
            content, self.media_type, self.encoding, self._type_encoders, _overridden_serializer(type(self))
        )

    @property
    def content_length(self) -> int | None:
        """The length of the rendered body."""
        return len(self.body)

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` header value."""
        return content_type_of(self.media_type, self.encoding)

    @classmethod
    def serializer(cls, value: Any) -> Any:
        """Turn a value msgspec cannot encode into one it can (deprecated since 1.48, as in 1.5x).

        A subclass that overrides it gets it as the hook of all its responses, in place of the
        default one and of ``type_encoders``; set ``type_encoders`` instead.
        """
        return default_serializer(value, cls.type_encoders)

    @classmethod
    def get_serializer(
        cls, type_encoders: Mapping[Any, Callable[[Any], Any]] | None = None
    ) -> Callable[[Any], Any]:
        """Return the hook that encodes the values msgspec cannot, for the given ``type_encoders``.

        An overridden ``serializer``, else ``default_serializer`` with the class's encoders and the
        given ones (an instance's or a handler's layers', which win), else ``default_serializer``.
        """
        overridden = _overridden_serializer(cls)
        if overridden is not None:
            return overridden
        merged = {**(cls.type_encoders or {}), **(type_encoders or {})}
        return partial(default_serializer, type_encoders=merged) if merged else default_serializer

    def set_header(self, key: str, value: Any) -> None:
        """Set a response header."""
        self.headers[key] = value

    def set_etag(self, etag: str | ETag) -> None:
        """Set the ``ETag`` header from a string or an ``ETag``."""
        self.headers["etag"] = etag if isinstance(etag, str) else etag.to_header()

    def set_cookie(
        self,
        key: str | Cookie,
        value: str | None = None,
        max_age: int | None = None,
        expires: int | None = None,
        path: str = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: Literal["lax", "strict", "none"] = "lax",
    ) -> None:
        """Set a cookie on the response.

        ``key`` may be a ``Cookie``, set as it is (the other arguments are then ignored).
        """
        if isinstance(key, Cookie):
            self.cookies.append(key)
            return
        self.cookies.append(
            Cookie(
                key=key,
                value=value,
                max_age=max_age,
                expires=expires,
                path=path,
                domain=domain,
                secure=secure,
                httponly=httponly,
                samesite=samesite,
            )
        )

    def delete_cookie(self, key: str, path: str = "/", domain: str | None = None) -> None:
        """Expire a cookie on the client."""
        self.cookies = [
            c for c in self.cookies if not (c.key == key and c.path == path and c.domain == domain)
        ]
        self.cookies.append(Cookie(key=key, path=path, domain=domain, expires=0, max_age=0))

    def encode_headers(self, content_length: int | None = None) -> list[tuple[bytes, bytes]]:
        """Render headers and cookies as raw ASGI header pairs."""
        # Header names are case-insensitive (RFC 9110 section 5.1): "Content-Type" set by the user and a
        # "content-type" added by a layer or by us are the same header, and the first one set wins.
        headers: list[tuple[bytes, bytes]] = []
        seen: set[bytes] = set()
        for key, value in self.headers.items():
            name = key.lower().encode("latin-1")
            if name not in seen:
                seen.add(name)
                headers.append((name, str(value).encode("latin-1")))
        headers.extend(cookie.to_encoded_header() for cookie in self.cookies)
        if b"content-type" not in seen and (self.status_allows_body or self.is_head_response):
            headers.append((b"content-type", self.content_type.encode("latin-1")))
        if content_length is not None and b"content-length" not in seen:
            headers.append((b"content-length", str(content_length).encode("latin-1")))
        # RFC 9110 section 5.5: CR, LF and NUL never appear in a field; letting them through would let a
        # value (a file name, a cookie domain) inject headers of its own. One search over all of them
        # is cheap; only a hit looks for the culprit.
        if _FORBIDDEN_IN_HEADERS.search(b"".join(chain.from_iterable(headers))):
            name = next(n for n, v in headers if _FORBIDDEN_IN_HEADERS.search(n + v))
            raise ImproperlyConfiguredException(
                f"Invalid character in response header {name.decode('latin-1')!r}"
            )
        return headers

    async def start_response(self, send: Send) -> None:
        """Send the status line and headers.

        ``Content-Length`` is sent for a body that is not empty, as 1.5x sent it (an empty body goes
        without one); a ``HEAD`` response gives the length of the body it leaves out.
        """
        content_length = self.content_length if self.status_allows_body else None
        await send(
            {
                "type": "http.response.start",
                "status": self.status_code,
                "headers": self.encode_headers(content_length or None),
            }
        )

    async def send_body(self, send: Send, receive: Receive) -> None:
        """Send the body (empty for a ``HEAD`` response)."""
        await send({"type": "http.response.body", "body": b"" if self.is_head_response else self.body})

    async def after_response(self) -> None:
        """Run the background tasks, once the response is sent."""
        if self.background is not None:
            await self.background()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Send the response over ASGI."""
        body = self.body  # render first: a serialization error must surface before anything is sent
        await self.start_response(send)
        await send({"type": "http.response.body", "body": b"" if self.is_head_response else body})
        await self.after_response()
