"""Parsers for query strings, url-encoded forms, cookies and ASGI headers, as Starlite 1.5x offered them.

These are helpers for application code that has raw values in hand (a query string from a log, a
``Cookie`` header from a websocket scope). The framework's own request parsing does not go through
them: ``Request.query_params``, ``Request.cookies`` and ``Request.form()`` keep the text the client
sent, while these follow 1.5x's conversions (``"true"`` to ``True`` in a query string, JSON values in
a url-encoded form, percent-decoding of cookie values).
"""

from __future__ import annotations

from collections.abc import Iterable
from http.cookies import _unquote as _unquote_cookie
from typing import Any
from urllib.parse import parse_qsl, unquote

import msgspec

__all__ = ("parse_cookie_string", "parse_headers", "parse_query_string", "parse_url_encoded_form_data")

_BOOLEANS = {"true": True, "false": False, "True": True, "False": False}


def _pairs(encoded: bytes) -> list[tuple[str, str]]:
    # ASGI hands the query string (and a form body) over percent-encoded: its bytes are ASCII.
    return parse_qsl(encoded.decode("latin-1"), keep_blank_values=True)


def parse_query_string(query_string: bytes) -> tuple[tuple[str, Any], ...]:
    """Split a query string into ``(key, value)`` pairs, repeated keys kept, in order.

    ``true``/``false`` (and ``True``/``False``) become booleans; every other value stays text.

    Args:
        query_string: The raw query string, as in ``scope["query_string"]``.

    Returns:
        The pairs, as a tuple.
    """
    return tuple((key, _BOOLEANS.get(value, value)) for key, value in _pairs(query_string))


def _json_or_text(value: str) -> Any:
    try:
        return msgspec.json.decode(value)
    except msgspec.DecodeError:
        return value


def parse_url_encoded_form_data(encoded_data: bytes) -> dict[str, Any]:
    """Parse a url-encoded form into a dict, each value read as JSON where it is JSON.

    ``"10"`` gives ``10``, ``"true"`` gives ``True``, ``'["a"]'`` gives a list; other text stays text.
    A repeated key gives the list of its values.

    Args:
        encoded_data: The form body.

    Returns:
        The values by key.
    """
    collected: dict[str, list[Any]] = {}
    for key, raw in _pairs(encoded_data):
        collected.setdefault(key, []).append(_json_or_text(raw))
    return {key: values if len(values) > 1 else values[0] for key, values in collected.items()}


def parse_cookie_string(cookie_string: str) -> dict[str, str]:
    """Parse a ``Cookie`` header into a dict, as 1.5x did.

    Pairs are split at ``;`` and the first ``=``; a chunk without ``=`` is a value with the empty name;
    names and values are stripped; a quoted value is unquoted, then every value is percent-decoded.
    A name given twice keeps its last value.

    Args:
        cookie_string: The header's value.

    Returns:
        The values by cookie name.
    """
    cookies: dict[str, str] = {}
    for chunk in cookie_string.split(";"):
        name, separator, value = chunk.partition("=")
        if not separator:
            name, value = "", chunk
        name, value = name.strip(), value.strip()
        if name or value:
            cookies[name] = unquote(_unquote_cookie(value))
    return cookies


def _parse_headers(headers: tuple[tuple[bytes, bytes], ...]) -> dict[str, str]:
    return {name.decode("latin-1"): value.decode("latin-1") for name, value in headers}


def parse_headers(headers: Iterable[tuple[bytes, bytes] | list[bytes]]) -> dict[str, str]:
    """Turn ASGI headers (pairs of bytes) into a dict of text, names as given.

    A name given twice keeps its last value. Header bytes are read as Latin-1, as ASGI specifies.

    Args:
        headers: The headers, as in ``scope["headers"]``.

    Returns:
        The values by header name.
    """
    return _parse_headers(tuple((bytes(name), bytes(value)) for name, value in headers))


# Unlike 1.5x, nothing here is memoised: each call returns a dict of its own, which the caller may
# change without changing what the next caller gets.
