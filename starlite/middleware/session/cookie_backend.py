"""``CookieBackend``: the session lives in the client's cookies, encrypted and authenticated.

The data is sealed with AES-GCM (from ``cryptography``), with a fresh random nonce for every write.
What a cookie holds is Starlite 1.5x's layout, so sessions written by 1.5x still open (with the same
secret): base64 of ``nonce + ciphertext + AAD + associated data``, where the associated data, a JSON
object with the expiry time (``expires_at``) and the cookie name (``key``), is authenticated with the
ciphertext. The client can read nothing, change nothing (its expiry included), move a value to
another cookie name, or replay it once it has expired. A sealed session longer than one cookie can
carry (about 4 KB, RFC 6265 section 6.1) is split across ``session-0``, ``session-1``, ...; chunks left
over from a longer earlier session are expired.

Anything that does not open (tampered, truncated, reordered, from another secret, expired, garbage)
is an empty session for the request, never an error.
"""

from __future__ import annotations

import binascii
import os
import re
import time
from base64 import b64decode, b64encode
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from starlite.datastructures.headers import MutableScopeHeaders
from starlite.exceptions import (
    ImproperlyConfiguredException,
    MissingDependencyException,
    SerializationException,
    SessionTooLargeException,
)
from starlite.middleware.session.base import BaseBackendConfig, BaseSessionBackend
from starlite.types.empty import Empty
from starlite.utils.serialization import decode_json, encode_json

try:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
except ImportError as exc:  # pragma: no cover - exercised by a test that hides the package
    raise MissingDependencyException(
        "The cookie session backend needs the 'cryptography' package: pip install 'starlite[cryptography]'"
    ) from exc

if TYPE_CHECKING:
    from pydantic import SecretBytes

    from starlite.connection.base import ASGIConnection
    from starlite.types.asgi_types import Message, Scope

__all__ = ("AAD", "CookieBackend", "CookieBackendConfig")

NONCE_SIZE = 12  # bytes; the size AES-GCM is specified for (NIST SP 800-38D)
AAD = b"additional_authenticated_data="
"""The marker between the ciphertext and the associated data in a sealed session (1.5x's layout)."""
# RFC 6265 section 6.1 asks browsers for at least 4096 bytes per cookie, name and attributes
# included; the value of one chunk stays well below that.
CHUNK_SIZE = 3800
# The most chunks read from a request: a client sending thousands of cookies gets no more work done.
MAX_CHUNKS = 64
MAX_SEALED_SIZE = MAX_CHUNKS * CHUNK_SIZE
"""The largest sealed session written, in bytes (base64 text): about 180 kB of session data."""
# The longest associated data read: a JSON object with an expiry time and a cookie name.
_MAX_ASSOCIATED_DATA = 512


def _secret_bytes(secret: Any) -> bytes | None:
    """The raw bytes of a secret given as bytes, text or pydantic's ``SecretBytes``/``SecretStr``."""
    unwrap = getattr(secret, "get_secret_value", None)
    if unwrap is not None:
        secret = unwrap()
    if isinstance(secret, str):
        secret = secret.encode("utf-8")
    return bytes(secret) if isinstance(secret, bytes | bytearray) else None


@dataclass(kw_only=True)
class CookieBackendConfig(BaseBackendConfig):
    """Options of client-side sessions.

    Attributes:
        secret: The AES key: 16, 24 or 32 random bytes (``os.urandom(16)``), as ``bytes`` or as
            pydantic's ``SecretBytes`` (as 1.5x wrote it), which keeps it out of reprs and logs.
            Changing it logs every client out; keep it out of the source code.
    """

    _backend_class: ClassVar[type[BaseSessionBackend[Any]]]

    secret: bytes | SecretBytes

    def __post_init__(self) -> None:
        super().__post_init__()
        raw = _secret_bytes(self.secret)
        if raw is None or len(raw) not in (16, 24, 32):
            length = "no" if raw is None else len(raw)
            raise ImproperlyConfiguredException(
                f"The cookie session secret must be 16, 24 or 32 bytes long (an AES key), got {length} bytes"
            )
        if isinstance(self.secret, str):
            self.secret = raw

    def __repr__(self) -> str:
        return f"CookieBackendConfig(key={self.key!r}, max_age={self.max_age}, secret=<hidden>)"


class CookieBackend(BaseSessionBackend[CookieBackendConfig]):
    """Stores the session, encrypted, in the cookies ``{key}-0``, ``{key}-1``, ...

    Args:
        config: The backend's configuration.
    """

    def __init__(self, config: CookieBackendConfig) -> None:
        super().__init__(config)
        self.aesgcm = AESGCM(_secret_bytes(config.secret) or b"")
        # The names of this backend's chunk cookies, the index in group 1 (ASCII digits only: a name
        # such as "session-\u00b2" is not a chunk).
        self.cookie_re = re.compile(rf"{re.escape(config.key)}-([0-9]{{1,6}})")

    def cookie_names(self, count: int) -> list[str]:
        """The names of the first ``count`` chunk cookies."""
        return [f"{self.config.key}-{index}" for index in range(count)]

    def _associated_data(self, expires_at: int) -> bytes:
        return encode_json({"expires_at": expires_at, "key": self.config.key})

    def dump_data(self, data: Any, scope: Scope | None = None, *, now: float | None = None) -> list[bytes]:
        """Seal session data into the values of the chunk cookies, in order.

        Args:
            data: The session.
            scope: The connection's scope: its route's serializer and type encoders apply.
            now: The time the session is sealed at (``time.time()`` when ``None``).

        Returns:
            The chunks (ASCII bytes, at most ``CHUNK_SIZE`` each) of the sealed session.

        Raises:
            SessionTooLargeException: When the sealed session is larger than ``MAX_SEALED_SIZE``
                (it would need more than ``MAX_CHUNKS`` cookies).
        """
        expires_at = int(now if now is not None else time.time()) + self.config.max_age
        associated_data = self._associated_data(expires_at)
        nonce = os.urandom(NONCE_SIZE)
        sealed = self.aesgcm.encrypt(nonce, self.serialize_data(data, scope), associated_data)
        token = b64encode(nonce + sealed + AAD + associated_data)
        chunks = [token[start : start + CHUNK_SIZE] for start in range(0, len(token), CHUNK_SIZE)]
        if len(token) > MAX_SEALED_SIZE:
            # Written, it could never be read back, and the client would drag the cookies along on
            # every request: refuse it here, before the response starts, where the cause is visible.
            raise SessionTooLargeException(size=len(token), limit=MAX_SEALED_SIZE)
        return chunks

    def load_data(self, data: Sequence[bytes | str], *, now: float | None = None) -> dict[str, Any]:
        """Open the chunks written by ``dump_data`` (bytes, or the cookies' text).

        Returns:
            The session; ``{}`` when it has expired.

        Raises:
            InvalidTag: When the chunks are not a session sealed by this backend: tampered with,
                truncated, reordered, sealed with another secret or for another cookie name.
        """
        return self._open(data, now)[1]

    def _open(self, data: Sequence[bytes | str], now: float | None = None) -> tuple[int, dict[str, Any]]:
        """``(expires_at, session)`` of the sealed chunks; the session is ``{}`` once expired."""
        try:
            token = b"".join(chunk.encode("ascii") if isinstance(chunk, str) else chunk for chunk in data)
            raw = b64decode(token, validate=True)
        except (binascii.Error, ValueError) as exc:  # UnicodeEncodeError is a ValueError
            raise InvalidTag from exc
        marker = raw.rfind(AAD)  # the associated data is JSON: it cannot hold the marker itself
        associated_data = raw[marker + len(AAD) :]
        if marker < NONCE_SIZE or len(associated_data) > _MAX_ASSOCIATED_DATA:
            raise InvalidTag
        try:
            claims = decode_json(associated_data)
        except SerializationException as exc:
            raise InvalidTag from exc
        expires_at = claims.get("expires_at") if isinstance(claims, dict) else None
        # A session sealed by 1.5x names no key; any other must name this backend's cookie.
        if not isinstance(expires_at, int) or claims.get("key", self.config.key) != self.config.key:
            raise InvalidTag
        plain = self.aesgcm.decrypt(raw[:NONCE_SIZE], raw[NONCE_SIZE:marker], associated_data)
        if expires_at <= (now if now is not None else time.time()):
            return expires_at, {}  # authentic, but the session is over
        return expires_at, self.deserialize_data(plain)

    def chunks_from(self, cookies: Mapping[str, str]) -> list[str]:
        """The values of the chunk cookies among ``cookies``, in order, up to the first one missing."""
        chunks = []
        key = self.config.key
        for index in range(MAX_CHUNKS):
            value = cookies.get(f"{key}-{index}")
            if value is None:
                break
            chunks.append(value)
        return chunks

    def get_cookie_keys(self, connection: ASGIConnection[Any, Any, Any]) -> list[str]:
        """The names of the connection's chunk cookies of this backend, in chunk order."""
        indexed = []
        for name in connection.cookies:
            match = self.cookie_re.fullmatch(name)
            if match is not None:
                indexed.append((int(match.group(1)), name))
        return [name for _, name in sorted(indexed)]

    async def load_from_connection(self, connection: ASGIConnection[Any, Any, Any]) -> dict[str, Any]:
        """Open the session from the request's chunk cookies; ``{}`` when they do not open.

        A session past half its ``max_age`` is marked for renewal: sealed again with a new expiry
        at the end of the request even if unchanged, so it expires only after ``max_age`` of
        inactivity (as in 1.5x, which rewrote it on every response).
        """
        chunks = self.chunks_from(connection.cookies)
        if not chunks:
            return {}
        try:
            expires_at, session = self._open(chunks)
        except InvalidTag:
            return {}
        if session and expires_at - time.time() < self.config.max_age / 2:
            connection._connection_state.session_renew = True
        return session

    async def store_in_message(
        self, scope_session: Any, message: Message, connection: ASGIConnection[Any, Any, Any]
    ) -> None:
        """Set the chunk cookies of the session, and expire those it no longer needs."""
        headers = MutableScopeHeaders.from_message(message)
        sent = self.get_cookie_keys(connection)
        values = (
            []
            if scope_session is Empty or not scope_session
            else self.dump_data(scope_session, scope=connection.scope)
        )
        names = self.cookie_names(len(values))
        for name, value in zip(names, values, strict=True):
            headers.add("set-cookie", self.config.set_cookie_header(name, value.decode("ascii")))
        for name in sorted(set(sent) - set(names)):
            headers.add("set-cookie", self.config.expired_cookie_header(name))


CookieBackendConfig._backend_class = CookieBackend
