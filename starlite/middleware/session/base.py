"""Sessions: the middleware, the backend interfaces and the configuration they share.

``SessionMiddleware`` loads the session into ``scope["session"]`` before the handler runs and, when
the response (or websocket accept) starts, asks its backend to store it. A backend is either
client-side (the data lives in the cookie, ``CookieBackend``) or server-side (the cookie holds an id,
the data lives in a store: ``ServerSideBackend`` and its subclasses).

What the middleware guarantees, whatever the backend:

- a session that was not changed is not written back, and sends no ``Set-Cookie``;
- an emptied or cleared session deletes the cookie (and the stored data);
- a cookie that does not decode to a session gives an empty session, never an error;
- a store that cannot be read fails only what uses the session: reading ``request.session``, or
  writing a session, raises the backend's ``ServiceUnavailableException`` (a 503), and a handler
  that does neither is answered as usual.
"""

from __future__ import annotations

import re
import secrets
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar

import msgspec

from starlite.connection.base import ASGIConnection
from starlite.datastructures.headers import MutableScopeHeaders
from starlite.exceptions import ImproperlyConfiguredException, ServiceUnavailableException
from starlite.exceptions.base_exceptions import SerializationException
from starlite.middleware.base import AbstractMiddleware, DefineMiddleware
from starlite.middleware.session._encoding import decoder as _decoder
from starlite.middleware.session._encoding import encoder_for as _encoder_for
from starlite.types.empty import Empty

if TYPE_CHECKING:
    from starlite.types.asgi_types import ASGIApp, Message, Receive, Scope, Send

__all__ = (
    "BaseBackendConfig",
    "BaseSessionBackend",
    "ServerSideBackend",
    "ServerSideSessionConfig",
    "SessionMiddleware",
)

ONE_DAY_IN_SECONDS = 60 * 60 * 24
# RFC 6265 section 4.1.1: a cookie name is an HTTP token.
_COOKIE_NAME = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,256}$")
_SESSION_SCOPES = frozenset({"http", "websocket"})
_SESSION_ID = re.compile(r"[A-Za-z0-9_-]+")
# The first byte of a stored server-side session: 0xc1 is the one byte MessagePack never uses.
_STORED = b"\xc1"
# A cookie attribute value: printable ASCII without ";" (RFC 6265 section 4.1.1, av-octet).
_COOKIE_ATTRIBUTE = re.compile(r"^[\x20-\x3a\x3c-\x7e]*$")

ConfigT = TypeVar("ConfigT", bound="BaseBackendConfig")
ServerConfigT = TypeVar("ServerConfigT", bound="ServerSideSessionConfig")


@dataclass(kw_only=True)
class BaseBackendConfig:
    """Options shared by every session backend: mostly those of the session cookie.

    Attributes:
        key: The cookie name (a chunked cookie backend appends ``-0``, ``-1``, ...).
        max_age: Seconds the session lives, in the cookie and in the store.
        scopes: The connection types that get a session: ``"http"``, ``"websocket"`` or both.
        path: The cookie's ``Path``.
        domain: The cookie's ``Domain``.
        secure: Send the cookie over HTTPS only.
        httponly: Hide the cookie from JavaScript.
        samesite: The cookie's ``SameSite``: ``"lax"``, ``"strict"`` or ``"none"``.
        exclude: A regex, or list of them: matching paths get no session.
        exclude_opt_key: A handler ``opt`` key: handlers with a truthy value get no session.
    """

    _backend_class: ClassVar[type[BaseSessionBackend[Any]]]

    key: str = "session"
    max_age: int = ONE_DAY_IN_SECONDS * 14
    scopes: set[Literal["http", "websocket"]] = field(default_factory=lambda: {"http", "websocket"})
    path: str = "/"
    domain: str | None = None
    secure: bool = False
    httponly: bool = True
    samesite: Literal["lax", "strict", "none"] = "lax"
    exclude: str | list[str] | None = None
    exclude_opt_key: str = "skip_session"

    def __post_init__(self) -> None:
        if not isinstance(self.key, str) or not _COOKIE_NAME.match(self.key):
            raise ImproperlyConfiguredException(
                f"Session cookie key {self.key!r} must be 1 to 256 characters of an HTTP token (RFC 6265)"
            )
        if not isinstance(self.max_age, int) or self.max_age < 1:
            raise ImproperlyConfiguredException(
                f"Session max_age must be a positive number of seconds, not {self.max_age!r}"
            )
        if self.samesite not in ("lax", "strict", "none"):
            raise ImproperlyConfiguredException(
                f"samesite must be 'lax', 'strict' or 'none', not {self.samesite!r}"
            )
        if self.samesite == "none" and not self.secure:
            # Browsers drop SameSite=None cookies that are not Secure.
            raise ImproperlyConfiguredException("samesite='none' needs secure=True")
        if (
            not isinstance(self.path, str)
            or not self.path.startswith("/")
            or not _COOKIE_ATTRIBUTE.match(self.path)
        ):
            raise ImproperlyConfiguredException(
                f"Session cookie path {self.path!r} must start with '/' and hold no ';' or control characters"
            )
        if self.domain is not None and not _COOKIE_ATTRIBUTE.match(self.domain):
            raise ImproperlyConfiguredException(
                f"Session cookie domain {self.domain!r} holds characters a cookie attribute cannot"
            )
        if not set(self.scopes) <= _SESSION_SCOPES:
            raise ImproperlyConfiguredException(
                f"Session scopes must be 'http' and/or 'websocket', not {self.scopes!r}"
            )

    @property
    def middleware(self) -> DefineMiddleware:
        """The ``SessionMiddleware`` to add to an app's ``middleware``, with a new backend.

        Each access builds a new backend: an app built from it has its own store (for the memory
        backend), so two apps, or two tests, never share sessions.
        """
        # Read on the instance: a config may choose its backend class from its options (SQLAlchemy's
        # sync or async engine).
        backend_class = getattr(self, "_backend_class", None)
        if backend_class is None:
            raise ImproperlyConfiguredException(
                f"{type(self).__name__} is a base class: use a backend's config, such as CookieBackendConfig"
            )
        return DefineMiddleware(SessionMiddleware, backend=backend_class(config=self))

    def set_cookie_header(self, name: str, value: str, max_age: int | None = None) -> str:
        """The ``Set-Cookie`` value for ``name=value`` with this configuration's attributes.

        Formatted directly (the values are URL-safe base64 or session ids, which need no quoting):
        ``http.cookies`` costs several microseconds per cookie on every response.
        """
        attributes = [f"{name}={value}"]
        if self.domain:
            attributes.append(f"Domain={self.domain}")
        if max_age == 0:
            attributes.append("expires=Thu, 01 Jan 1970 00:00:00 GMT")
        if self.httponly:
            attributes.append("HttpOnly")
        attributes.append(f"Max-Age={self.max_age if max_age is None else max_age}")
        attributes.append(f"Path={self.path}")
        attributes.append(f"SameSite={self.samesite}")
        if self.secure:
            attributes.append("Secure")
        return "; ".join(attributes)

    def expired_cookie_header(self, name: str) -> str:
        """The ``Set-Cookie`` value that makes the client delete ``name`` (same path and domain)."""
        return self.set_cookie_header(name, "null", max_age=0)


class BaseSessionBackend(ABC, Generic[ConfigT]):
    """Loads a connection's session and stores it in the response; subclass it for a new backend.

    Args:
        config: The backend's configuration.
    """

    def __init__(self, config: ConfigT) -> None:
        self.config = config

    @staticmethod
    def serialize_data(data: Any, scope: Scope | None = None) -> bytes:
        """Encode session data (a dict of anything msgspec or the type encoders handle) as bytes.

        With the connection's ``scope``, the route's ``type_encoders`` apply, as for responses, or
        the ``serializer`` of its response class when that class defines one (as in 1.5x).
        MessagePack keeps ``bytes`` and ``str`` apart, and timezone-aware datetimes come back as
        datetimes; other values come back as their JSON-like form (dates, UUIDs and decimals as
        strings, tuples and sets as lists).

        Raises:
            SerializationException: A value nothing encodes (an int past 64 bits, say), as in 1.5x.
        """
        try:
            return _encoder_for(scope).encode(data)
        except (TypeError, OverflowError, msgspec.EncodeError) as exc:
            raise SerializationException(f"The session cannot be serialized: {exc}") from exc

    # 1.5x spelled it this way; kept so subclasses and callers written for 1.5x keep working.
    serlialize_data = serialize_data

    @staticmethod
    def deserialize_data(data: Any) -> dict[str, Any]:
        """Decode what ``serialize_data`` wrote; anything that is not a session gives ``{}``.

        Also reads what 1.5x stored (JSON text) and what a 1.5x-style custom backend's ``get`` may
        return (a dict, or JSON as ``str``), so sessions survive an upgrade.
        """
        if isinstance(data, dict):
            return data
        if isinstance(data, str):
            data = data.encode("utf-8")
        try:
            # A MessagePack map never starts with "{" (0x7b is the integer 123): that is JSON.
            decoded = msgspec.json.decode(data) if data[:1] == b"{" else _decoder.decode(data)
        except (msgspec.DecodeError, TypeError, RecursionError):
            return {}
        return decoded if isinstance(decoded, dict) else {}

    @abstractmethod
    async def load_from_connection(self, connection: ASGIConnection[Any, Any, Any]) -> dict[str, Any]:
        """Return the connection's session, ``{}`` when it has none (or an unreadable one)."""

    @abstractmethod
    async def store_in_message(
        self, scope_session: Any, message: Message, connection: ASGIConnection[Any, Any, Any]
    ) -> None:
        """Store ``scope_session`` and add the cookie(s) it needs to ``message``'s headers.

        Args:
            scope_session: The session at the end of the request: a dict, or ``Empty`` after
                ``clear_session()`` (an empty dict is deleted the same way).
            message: The ``http.response.start`` or ``websocket.accept`` message.
            connection: The connection.
        """


@dataclass(kw_only=True)
class ServerSideSessionConfig(BaseBackendConfig):
    """Options of server-side sessions: the cookie holds a random id, the store holds the data.

    Attributes:
        session_id_bytes: Random bytes in a session id (from ``secrets``; 32 by default).
    """

    session_id_bytes: int = 32

    def __post_init__(self) -> None:
        super().__post_init__()
        if not isinstance(self.session_id_bytes, int) or self.session_id_bytes < 16:
            raise ImproperlyConfiguredException(
                "session_id_bytes must be an int of at least 16 (guessable ids otherwise), "
                f"not {self.session_id_bytes!r}"
            )


class ServerSideBackend(BaseSessionBackend[ServerConfigT], Generic[ServerConfigT]):
    """A backend keeping session data in a store, keyed by a random id sent in the cookie.

    Subclasses implement the store: ``get``, ``set``, ``delete`` and ``delete_all``. Every entry
    expires after ``config.max_age`` seconds. A store that cannot be reached raises
    ``ServiceUnavailableException`` (a 503) rather than losing or corrupting the session.

    Ids never come from the client: a cookie naming an id that the store does not hold (forged,
    expired, deleted) gives an empty session, and data written later gets a new id. A session that
    is replaced (``set_session``, as a login does) or cleared and written again gets a new id, and
    the old one is deleted (no session fixation).
    """

    def __init__(self, config: ServerConfigT) -> None:
        super().__init__(config)

    @abstractmethod
    async def get(self, session_id: str) -> bytes | str | None:
        """Return the stored data of ``session_id``, or ``None`` when absent or expired.

        ``bytes`` from the backends of this package; 1.5x-style stores may also return text (JSON).
        """

    @abstractmethod
    async def set(self, session_id: str, data: bytes) -> None:
        """Store ``data`` under ``session_id`` for ``config.max_age`` seconds."""

    async def replace(self, session_id: str, data: bytes) -> bool:
        """Store ``data`` under ``session_id`` only if the id still exists; return whether it did.

        A request that loaded a session writes it back with this, so a logout (or ``delete_all``)
        that ran meanwhile is not undone by a slower request of the same session. Backends with an
        atomic "replace" (Redis ``SET XX``, memcached ``replace``) override it; this default checks
        first, which narrows the race to the time between the check and the write.
        """
        if await self.get(session_id) is None:
            return False
        await self.set(session_id, data)
        return True

    @abstractmethod
    async def delete(self, session_id: str) -> None:
        """Delete ``session_id``'s data; a missing id is not an error."""

    @abstractmethod
    async def delete_all(self) -> None:
        """Delete every session of this backend."""

    def generate_session_id(self) -> str:
        """A new random session id (URL-safe text)."""
        return secrets.token_urlsafe(self.config.session_id_bytes)

    def _valid_id(self, value: str | None) -> str | None:
        # An id we generated is URL-safe base64 of a known length: anything else is not even looked up.
        if (
            value
            and len(value) <= 4 * self.config.session_id_bytes
            and re.fullmatch(r"[A-Za-z0-9_-]+", value)
        ):
            return value
        return None

    async def load_from_connection(self, connection: ASGIConnection[Any, Any, Any]) -> dict[str, Any]:
        """Read the id from the cookie and the data from the store."""
        state = connection._connection_state
        session_id = self._valid_id(connection.cookies.get(self.config.key))
        if session_id is None:
            return {}
        data = await self.get(session_id)
        if data is None:
            return {}
        state.session_id = session_id
        written_at, session = self.unpack(data)
        if session and (written_at is None or time.time() - written_at > self.config.max_age / 2):
            # Past half its life: written again at the end of the request even if unchanged, so an
            # active session expires only after max_age of inactivity (as in 1.5x).
            state.session_renew = True
        return session

    def pack(self, data: Any, scope: Scope | None = None) -> bytes:
        """What is stored for a session: when it was written, then its serialized data."""
        return _STORED + int(time.time()).to_bytes(8, "big") + self.serialize_data(data, scope)

    def unpack(self, stored: Any) -> tuple[int | None, dict[str, Any]]:
        """Read what ``pack`` stored: ``(written at, session)``.

        Data stored otherwise (by 1.5x, or by a custom backend) has no write time.
        """
        if isinstance(stored, bytes) and stored[:1] == _STORED and len(stored) > 9:
            return int.from_bytes(stored[1:9], "big"), self.deserialize_data(stored[9:])
        return None, self.deserialize_data(stored)

    async def store_in_message(
        self, scope_session: Any, message: Message, connection: ASGIConnection[Any, Any, Any]
    ) -> None:
        """Write the session to the store under its id (a new one when needed) and set the cookie."""
        state = connection._connection_state
        headers = MutableScopeHeaders.from_message(message)
        session_id = state.session_id
        if scope_session is Empty or not scope_session:
            if session_id is not None:
                await self.delete(session_id)
            if self.config.key in connection.cookies:
                headers.add("set-cookie", self.config.expired_cookie_header(self.config.key))
            return
        data = self.pack(scope_session, connection.scope)
        if session_id is not None and not state.session_cleared:
            if not await self.replace(session_id, data):
                # Deleted while this request ran (a logout, or a login that rotated the id): keep it
                # deleted. No Set-Cookie either way: an unknown id reads as an empty session, and
                # expiring the cookie here could delete the new one a concurrent login just set.
                return
        else:
            if session_id is not None:
                await self.delete(session_id)
            session_id = self.generate_session_id()
            await self.set(session_id, data)
            state.session_id = session_id
            state.session_cleared = False
        headers.add("set-cookie", self.config.set_cookie_header(self.config.key, session_id))

    async def store_after_accept(self, scope_session: Any, connection: ASGIConnection[Any, Any, Any]) -> None:
        """Save what a websocket handler changed after ``accept()``.

        No cookie can go out any more, but the store can still be written under the id the client
        holds (an emptied session is deleted).
        """
        session_id = connection._connection_state.session_id
        if session_id is None:
            return
        if scope_session is Empty or not scope_session:
            await self.delete(session_id)
        else:
            await self.replace(session_id, self.pack(scope_session, connection.scope))


class SessionMiddleware(AbstractMiddleware, Generic[ConfigT]):
    """Load the session before the handler, store it when the response starts.

    Args:
        app: The next ASGI app.
        backend: The session backend.
    """

    def __init__(self, app: ASGIApp, backend: BaseSessionBackend[Any]) -> None:
        config = backend.config
        super().__init__(
            app=app, exclude=config.exclude, exclude_opt_key=config.exclude_opt_key, scopes=config.scopes
        )
        self.backend = backend

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Give the connection its session, and store it once the handler is done with it."""
        connection: ASGIConnection[Any, Any, Any] = ASGIConnection(scope, receive=receive, send=send)
        state = connection._connection_state
        try:
            session = await self.backend.load_from_connection(connection)
        except ServiceUnavailableException as exc:
            # The store is down. Only what uses the session fails (with this 503): reading
            # ``request.session``, or writing a session; a handler that never does still answers.
            state.session_unavailable = exc
            session = {}
        scope["session"] = session
        # What the session was at the start, to tell at the end whether it changed at all.
        state.session_snapshot = self.backend.serialize_data(session, scope)
        backend = self.backend

        stored = False

        async def send_wrapper(message: Message) -> None:
            nonlocal stored
            if not stored and message["type"] in ("http.response.start", "websocket.accept"):
                # Once per connection: when storing fails, the error response that follows comes
                # through here too, and must not try the store a second time.
                stored = True
                current = scope.get("session", Empty)
                if (
                    current is Empty
                    or state.session_cleared
                    or (state.session_renew and state.session_accessed and bool(current))
                    or _changed(backend, current, scope, state.session_snapshot)
                ):
                    if state.session_unavailable is not None:
                        # A session replaced or cleared without being read, while the store could
                        # not be read: writing it could leave the old one behind (a logout that
                        # keeps the stored data), so this is the same 503.
                        raise state.session_unavailable
                    await backend.store_in_message(current, message, connection)
                if message["type"] == "websocket.accept":
                    # What later changes are measured against (see store_after_accept).
                    accepted = scope.get("session", Empty)
                    state.session_snapshot = backend.serialize_data(
                        {} if accepted is Empty else accepted, scope
                    )
            await send(message)

        await self.app(scope, receive, send_wrapper)
        websocket_write = scope["type"] == "websocket" and stored and state.session_unavailable is None
        if websocket_write and isinstance(backend, ServerSideBackend):
            current = scope.get("session", Empty)
            if current is Empty or _changed(backend, current, scope, state.session_snapshot):
                await backend.store_after_accept(current, connection)


def _changed(backend: BaseSessionBackend[Any], session: Any, scope: Scope, snapshot: bytes | None) -> bool:
    try:
        return backend.serialize_data(session, scope) != snapshot
    except SerializationException:
        return True  # let store_in_message raise the serialization error where it is understood
