"""CSRF tokens: a random value followed by its HMAC under the application's secret.

A token is 64 hexadecimal characters of randomness, then the 64 hexadecimal characters of its
HMAC-SHA256 under ``CSRFConfig.secret``, 128 characters in all: the format of 1.5x, so a token that a
1.5x application issued with the same secret is still accepted.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ("CSRF_SECRET_BYTES", "generate_csrf_hash", "generate_csrf_token")

CSRF_SECRET_BYTES = 32
"""How many random bytes a token carries (written as twice as many hexadecimal characters)."""


def generate_csrf_hash(token: str, secret: str) -> str:
    """Sign ``token`` with ``secret``.

    Args:
        token: The random part of a CSRF token.
        secret: The application's CSRF secret.

    Returns:
        The hexadecimal HMAC-SHA256 of ``token`` under ``secret``.
    """
    return hmac.new(secret.encode(), token.encode(), hashlib.sha256).hexdigest()


def generate_csrf_token(secret: str) -> str:
    """Make a new CSRF token: fresh randomness followed by its signature under ``secret``.

    Args:
        secret: The application's CSRF secret.

    Returns:
        A 128-character token.
    """
    token = secrets.token_hex(CSRF_SECRET_BYTES)
    return token + generate_csrf_hash(token, secret)
