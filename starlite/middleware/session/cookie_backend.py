"""``CookieBackend``: the session lives in the client's cookies, encrypted and authenticated.

The data is sealed with AES-GCM (from ``cryptography``): a fresh random nonce for every write, and
the expiry time and cookie name bound in as associated data, so the client can read nothing, change
nothing, move a value to another cookie name, or replay it once it has expired. A sealed session
longer than one cookie can carry (about 4 KB, RFC 6265 section 6.1) is split across ``session-0``,
``session-1``, ...; chunks left over from a longer earlier session are expired.

Anything that does not open (tampered, truncated, reordered, from another secret, expired, garbage)
is an empty session, never an error.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from starlite.datastructures.headers import MutableScopeHeaders
from starlite.exceptions import (
    ImproperlyConfiguredException,
    MissingDependencyException,
    SerializationException,
)
from starlite.middleware.session.base import BaseBackendConfig, BaseSessionBackend
from starlite.types.empty import Empty

try:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
except ImportError as exc:  # pragma: no cover - exercised by a test that hides the package
    raise MissingDependencyException(
        "The cookie session backend needs the 'cryptography' package: pip install 'starlite[cryptography]'"
    ) from exc

if TYPE_CHECKING:
    from starlite.connection.base import ASGIConnection
    from starlite.types.asgi_types import Message

__all__ = ("CookieBackend", "CookieBackendConfig")

NONCE_SIZE = 12  # bytes; the size AES-GCM is specified for (NIST SP 800-38D)
_EXPIRY_SIZE = 8
# RFC 6265 section 6.1 asks browsers for at least 4096 bytes per cookie, name and attributes
# included; the value of one chunk stays well below that.
CHUNK_SIZE = 3800
# The most chunks read from a request: a client sending thousands of cookies gets no more work done.
MAX_CHUNKS = 64


@dataclass(kw_only=True)
class CookieBackendConfig(BaseBackendConfig):
    """Options of client-side sessions.

    Attributes:
        secret: The AES key: 16, 24 or 32 random bytes (``os.urandom(16)``). Changing it logs every
            client out; keep it out of the source code.
    """

    _backend_class: ClassVar[type[BaseSessionBackend[Any]]]

    secret: bytes

    def __post_init__(self) -> None:
        super().__post_init__()
        if isinstance(self.secret, str):
            self.secret = self.secret.encode("utf-8")
        if not isinstance(self.secret, bytes | bytearray) or len(self.secret) not in (16, 24, 32):
            length = len(self.secret) if isinstance(self.secret, bytes | bytearray) else "no"
            raise ImproperlyConfiguredException(
                f"The cookie session secret must be 16, 24 or 32 bytes long (an AES key), got {length} bytes"
            )

    def __repr__(self) -> str:
        return f"CookieBackendConfig(key={self.key!r}, max_age={self.max_age}, secret=<hidden>)"


class CookieBackend(BaseSessionBackend[CookieBackendConfig]):
    """Stores the session, encrypted, in the cookies ``{key}-0``, ``{key}-1``, ...

    Args:
        config: The backend's configuration.
    """

    def __init__(self, config: CookieBackendConfig) -> None:
        super().__init__(config)
        self.aesgcm = AESGCM(bytes(config.secret))

    def cookie_names(self, count: int) -> list[str]:
        """The names of the first ``count`` chunk cookies."""
        return [f"{self.config.key}-{index}" for index in range(count)]

    def _associated_data(self, expiry: bytes) -> bytes:
        return self.config.key.encode("latin-1") + b"\x00" + expiry

    def dump_data(self, data: Any, now: float | None = None, scope: Any = None) -> list[str]:
        """Seal session data into the values of the chunk cookies, in order.

        Raises:
            SerializationException: When the sealed session needs more than ``MAX_CHUNKS`` cookies.
        """
        expires_at = int(now if now is not None else time.time()) + self.config.max_age
        expiry = expires_at.to_bytes(_EXPIRY_SIZE, "big")
        nonce = os.urandom(NONCE_SIZE)
        sealed = self.aesgcm.encrypt(nonce, self.serialize_data(data, scope), self._associated_data(expiry))
        token = base64.urlsafe_b64encode(expiry + nonce + sealed).decode("ascii").rstrip("=")
        chunks = [token[start : start + CHUNK_SIZE] for start in range(0, len(token), CHUNK_SIZE)]
        if len(chunks) > MAX_CHUNKS:
            # Written, it could never be read back, and the client would drag the cookies along on
            # every request: refuse it here, where the cause is visible.
            raise SerializationException(
                f"The session is too large for cookies ({len(token)} bytes sealed, more than {MAX_CHUNKS} "
                "cookies); keep large data server-side and only a reference in the session"
            )
        return chunks

    def load_data(self, chunks: list[str], now: float | None = None) -> dict[str, Any]:
        """Open the chunk values written by ``dump_data``; ``{}`` for anything that does not open."""
        token = "".join(chunks)
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (binascii.Error, ValueError):
            return {}
        if len(raw) <= _EXPIRY_SIZE + NONCE_SIZE:
            return {}
        expiry, nonce, sealed = (
            raw[:_EXPIRY_SIZE],
            raw[_EXPIRY_SIZE : _EXPIRY_SIZE + NONCE_SIZE],
            raw[_EXPIRY_SIZE + NONCE_SIZE :],
        )
        if int.from_bytes(expiry, "big") <= (now if now is not None else time.time()):
            return {}  # expired: the bytes are authentic, but the session is over
        try:
            plain = self.aesgcm.decrypt(nonce, sealed, self._associated_data(expiry))
        except InvalidTag:
            return {}
        return self.deserialize_data(plain)

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

    async def load_from_connection(self, connection: ASGIConnection[Any, Any, Any]) -> dict[str, Any]:
        """Open the session from the request's chunk cookies.

        A session past half its ``max_age`` is marked for renewal: sealed again with a new expiry
        at the end of the request even if unchanged, so it expires only after ``max_age`` of
        inactivity (as in 1.5x, which rewrote it on every response).
        """
        chunks = self.chunks_from(connection.cookies)
        if not chunks:
            return {}
        session = self.load_data(chunks)
        expires_at = _expiry_of(chunks[0])
        if session and expires_at is not None and expires_at - time.time() < self.config.max_age / 2:
            connection._connection_state.session_renew = True
        return session

    async def store_in_message(
        self, scope_session: Any, message: Message, connection: ASGIConnection[Any, Any, Any]
    ) -> None:
        """Set the chunk cookies of the session, and expire those it no longer needs."""
        headers = MutableScopeHeaders.from_message(message)
        sent = [name for name in connection.cookies if _is_chunk_name(name, self.config.key)]
        values = (
            []
            if scope_session is Empty or not scope_session
            else self.dump_data(scope_session, scope=connection.scope)
        )
        names = self.cookie_names(len(values))
        for name, value in zip(names, values, strict=True):
            headers.add("set-cookie", self.config.set_cookie_header(name, value))
        for name in sorted(set(sent) - set(names)):
            headers.add("set-cookie", self.config.expired_cookie_header(name))


def _expiry_of(first_chunk: str) -> int | None:
    """The expiry time sealed at the start of the first chunk (authenticated by ``load_data``)."""
    head = first_chunk[:12]  # 12 base64 characters hold the 8 expiry bytes
    try:
        raw = base64.urlsafe_b64decode(head + "=" * (-len(head) % 4))
    except (binascii.Error, ValueError):
        return None
    return int.from_bytes(raw[:_EXPIRY_SIZE], "big") if len(raw) >= _EXPIRY_SIZE else None


_CHUNK_INDEX = re.compile(r"[0-9]{1,6}")


def _is_chunk_name(name: str, key: str) -> bool:
    # ASCII digits only: str.isdigit() also takes "²", which int() refuses.
    prefix, _, index = name.rpartition("-")
    return prefix == key and _CHUNK_INDEX.fullmatch(index) is not None


CookieBackendConfig._backend_class = CookieBackend
