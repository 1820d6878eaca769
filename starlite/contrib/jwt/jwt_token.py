"""``Token``: the claims of a JSON Web Token (RFC 7519), encoded and decoded with PyJWT.

Every way a token can be bad (malformed, wrongly signed, signed with another algorithm or none,
expired, issued in the future, without a subject) is the same ``NotAuthorizedException("Invalid
token")``: a client learns nothing from the answer that would help it forge the next attempt.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Collection, Mapping
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from starlite.exceptions import (
    ImproperlyConfiguredException,
    MissingDependencyException,
    NotAuthorizedException,
)

try:
    import jwt
except ImportError as exc:
    raise MissingDependencyException("jwt", install_package="pyjwt[crypto]", extra="jwt") from exc

__all__ = ("Token",)

INVALID_TOKEN = "Invalid token"

# PyJWT 2.10 and later warn on every call made with a key shorter than RFC 7518 asks for; older
# versions neither check nor warn.
_SHORT_KEY_WARNING: type[Warning] = getattr(jwt, "InsecureKeyLengthWarning", UserWarning)
# ``aud`` and ``iss`` are checked on the decoded Token (``accepted_audiences``, ``accepted_issuers``),
# the same way whatever PyJWT version is installed; PyJWT checks the signature, ``exp``, ``nbf``, ``iat``.
_DECODER = jwt.PyJWT(options={"verify_aud": False})
# Tokens a key has verified, remembered so that a client sending the same token again is not
# verified again (PyJWT's checks cost several times a plain request). Only valid tokens are kept,
# keyed by their whole text, signature included; a hit still checks that the token has not expired.
_VERIFIED_TOKENS_KEPT = 1024


def _normalize_datetime(value: datetime) -> datetime:
    """The same instant in UTC, to the second (a JWT's NumericDate has no fraction here, as in 1.5x).

    A naive datetime is read as local time, as ``datetime.timestamp()`` reads it.
    """
    try:
        return value.astimezone(timezone.utc).replace(microsecond=0)
    except (OverflowError, OSError) as exc:
        # ValueError is what a validator may raise: pydantic turns it into a ValidationError.
        raise ValueError(f"{value!r} is out of range") from exc


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


class Token(BaseModel):
    """The claims of a JWT: who it is for, until when, and anything else it carries.

    Claims other than the six below are kept (``token.model_extra``, or as attributes).

    Attributes:
        exp: When the token expires; must be in the future.
        iat: When it was issued (now, by default); must not be in the future.
        sub: The subject, usually a user's id; a non-empty string.
        iss: Who issued it.
        aud: Who it is meant for.
        jti: A unique id for the token.
    """

    model_config = ConfigDict(extra="allow")

    exp: datetime
    iat: datetime = Field(default_factory=_now, validate_default=True)
    sub: str = Field(min_length=1)
    iss: str | None = None
    aud: str | None = None
    jti: str | None = None

    @field_validator("exp")
    @classmethod
    def validate_exp(cls, value: datetime) -> datetime:
        """Refuse an ``exp`` in the past; return it in UTC, to the second.

        Raises:
            ValueError: When it is in the past.
        """
        value = _normalize_datetime(value)
        if value >= _now():
            return value
        raise ValueError("exp value must be a datetime in the future")

    @field_validator("iat")
    @classmethod
    def validate_iat(cls, value: datetime) -> datetime:
        """Refuse an ``iat`` in the future; return it in UTC, to the second.

        Raises:
            ValueError: When it is in the future.
        """
        value = _normalize_datetime(value)
        if value <= _now():
            return value
        raise ValueError("iat must be a current or past time")

    @staticmethod
    def decode(
        encoded_token: str,
        secret: str | Mapping[str, str],
        algorithm: str,
        *,
        accepted_audiences: Collection[str] | None = None,
        accepted_issuers: Collection[str] | None = None,
    ) -> Token:
        """Check a token's signature and claims, and return its claims.

        Args:
            encoded_token: The encoded JWT.
            secret: The key it was signed with: a shared secret for ``HS*`` algorithms, a PEM key
                (the private key or its public half) for the others, or a JWK as a dict.
            algorithm: The one algorithm accepted; a token signed with any other (``none`` included)
                is refused.
            accepted_audiences: When given, the token's ``aud`` must be one of these.
            accepted_issuers: When given, the token's ``iss`` must be one of these.

        Returns:
            The token's claims.

        Raises:
            NotAuthorizedException: When the token is invalid, for whatever reason (always with the
                same detail, ``"Invalid token"``).
        """
        try:
            key = prepared_key(secret, algorithm)
        except ImproperlyConfiguredException as exc:
            raise NotAuthorizedException(INVALID_TOKEN) from exc
        return key.decode(encoded_token, accepted_audiences, accepted_issuers)

    def encode(self, secret: str | Mapping[str, str], algorithm: str) -> str:
        """Sign the token.

        Args:
            secret: The key to sign with: a shared secret for ``HS*`` algorithms, a PEM private key
                for the others, or a JWK as a dict.
            algorithm: The algorithm to sign with.

        Returns:
            The encoded JWT.

        Raises:
            ImproperlyConfiguredException: When the algorithm or the key cannot sign.
        """
        return prepared_key(secret, algorithm).encode(self)


class PreparedKey:
    """A secret loaded once for one algorithm: what PyJWT signs and verifies with.

    Loading a PEM key is far slower than checking a signature, so the middleware keeps one of these
    instead of handing PyJWT the text on every request.
    """

    __slots__ = ("_verified", "algorithm", "is_short", "signing_key", "verifying_key")

    def __init__(self, secret: str | bytes | Mapping[str, str], algorithm: str) -> None:
        if not isinstance(algorithm, str) or algorithm.lower() == "none":
            # "none" would accept unsigned tokens (RFC 7518 section 3.6): never allowed here.
            raise ImproperlyConfiguredException(f"JWT algorithm {algorithm!r} is not allowed")
        try:
            algorithm_object = jwt.get_algorithm_by_name(algorithm)
        except NotImplementedError as exc:
            raise ImproperlyConfiguredException(f"JWT algorithm {algorithm!r} is not supported") from exc
        if not isinstance(secret, str | bytes | Mapping) or not secret:
            raise ImproperlyConfiguredException("The JWT secret must be a non-empty string (or a JWK dict)")
        try:
            if isinstance(secret, Mapping):
                loaded: Any = jwt.PyJWK(dict(secret), algorithm).key
            else:
                loaded = algorithm_object.prepare_key(secret)
        except (jwt.PyJWTError, ValueError, TypeError) as exc:
            raise ImproperlyConfiguredException(
                f"The JWT secret cannot be used with {algorithm}: {exc}"
            ) from exc
        self.algorithm = algorithm
        self._verified: dict[str, tuple[float, Token]] = {}
        self.signing_key: Any = loaded
        self.verifying_key: Any = loaded
        if hasattr(loaded, "public_key"):
            # PyJWT verifies RSA signatures with a public key only: a config holding the private key
            # (to sign its own tokens) verifies with its public half, as 1.5x's python-jose did.
            self.verifying_key = loaded.public_key()
        elif not isinstance(loaded, bytes) and not hasattr(loaded, "sign"):
            self.signing_key = None  # a public key: it checks tokens, it cannot issue them
        check_length = getattr(algorithm_object, "check_key_length", None)
        message = check_length(loaded) if check_length is not None else None
        self.is_short = message is not None
        if message is not None:
            warnings.warn(f"The JWT secret is too weak: {message}", _SHORT_KEY_WARNING, stacklevel=3)

    def decode(
        self,
        encoded_token: str,
        accepted_audiences: Collection[str] | None = None,
        accepted_issuers: Collection[str] | None = None,
    ) -> Token:
        """The claims of ``encoded_token``, checked; see ``Token.decode``."""
        remembered = self._verified.get(encoded_token)
        if remembered is not None and remembered[0] > time.time():
            # A deep copy: a claim one request changes on its request.auth (a list of roles appended
            # to) is not seen by the next request with the same token.
            token = remembered[1].model_copy(deep=True)
        else:
            token = self._verify(encoded_token)
            verified = self._verified
            if len(verified) >= _VERIFIED_TOKENS_KEPT:
                del verified[next(iter(verified))]  # the oldest
            verified[encoded_token] = (token.exp.timestamp(), token.model_copy(deep=True))
        if accepted_audiences is not None and not _is_one_of(token.aud, accepted_audiences):
            raise NotAuthorizedException(INVALID_TOKEN)
        if accepted_issuers is not None and not _is_one_of(token.iss, accepted_issuers):
            raise NotAuthorizedException(INVALID_TOKEN)
        return token

    def _verify(self, encoded_token: str) -> Token:
        try:
            if self.is_short:
                # Warned once, when the key was prepared: not again on every request.
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", _SHORT_KEY_WARNING)
                    payload = _DECODER.decode(encoded_token, self.verifying_key, algorithms=[self.algorithm])
            else:
                payload = _DECODER.decode(encoded_token, self.verifying_key, algorithms=[self.algorithm])
            return Token.model_validate(payload)
        except (jwt.PyJWTError, ValidationError, ValueError, OverflowError, TypeError) as exc:
            # ValueError, OverflowError, TypeError: claims older PyJWT releases choke on while
            # checking them (an "exp" of 1e400 is infinity), instead of raising their own error.
            raise NotAuthorizedException(INVALID_TOKEN) from exc

    def encode(self, token: Token) -> str:
        """``token`` signed with this key; see ``Token.encode``."""
        if self.signing_key is None:
            raise ImproperlyConfiguredException(
                "Failed to encode token: the JWT secret is a public key, which cannot sign tokens"
            )
        claims = token.model_dump(exclude_none=True)
        # NumericDate (RFC 7519 section 2): whole seconds since the epoch.
        for name in ("exp", "iat"):
            claims[name] = int(claims[name].timestamp())
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", _SHORT_KEY_WARNING)
                return jwt.encode(claims, self.signing_key, algorithm=self.algorithm)
        except (jwt.PyJWTError, ValueError, TypeError) as exc:
            raise ImproperlyConfiguredException(f"Failed to encode token: {exc}") from exc


@lru_cache(maxsize=64)
def _cached_key(secret: str | bytes, algorithm: str) -> PreparedKey:
    return PreparedKey(secret, algorithm)


def prepared_key(secret: Any, algorithm: Any) -> PreparedKey:
    """The key for ``secret`` and ``algorithm``, loaded once per pair (a JWK dict every time)."""
    if isinstance(secret, str | bytes) and isinstance(algorithm, str):
        return _cached_key(secret, algorithm)
    return PreparedKey(secret, algorithm)


def _is_one_of(claim: str | None, accepted: Collection[str]) -> bool:
    # A single string names one value: "api" must not accept the audience "a" (a substring).
    return isinstance(claim, str) and claim in ((accepted,) if isinstance(accepted, str) else accepted)
