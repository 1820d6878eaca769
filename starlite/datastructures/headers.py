"""Header mappings, and the typed headers handlers can set (``Cache-Control``, ``ETag``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from starlite.exceptions import ImproperlyConfiguredException

__all__ = ("Headers", "MutableScopeHeaders", "CacheControlHeader", "ETag", "Header")


def _latin1(value: bytes) -> str:
    # RFC 9110 section 5.5: field values are octets; latin-1 maps every byte, so decoding never fails.
    return value.decode("latin-1")


class Headers(Mapping[str, str]):
    """Read-only, case-insensitive request or response headers.

    ``headers["x"]`` gives the first value of a repeated header; ``getall`` gives all of them.

    Args:
        headers: A mapping, or raw ASGI ``(name, value)`` byte pairs.
    """

    __slots__ = ("_raw", "_dict")

    def __init__(self, headers: Mapping[str, str] | Iterable[tuple[bytes, bytes]] | None = None) -> None:
        if headers is None:
            raw: list[tuple[bytes, bytes]] = []
        elif isinstance(headers, Mapping):
            raw = [(k.lower().encode("latin-1"), str(v).encode("latin-1")) for k, v in headers.items()]
        else:
            raw = list(headers)
        self._raw = raw
        self._dict: dict[str, str] | None = None

    @classmethod
    def from_scope(cls, scope: Mapping[str, Any]) -> Headers:
        """Build the headers of an ASGI connection scope."""
        return cls(scope["headers"])

    def _mapping(self) -> dict[str, str]:
        if self._dict is None:
            mapping: dict[str, str] = {}
            for key, value in self._raw:
                mapping.setdefault(_latin1(key).lower(), _latin1(value))
            self._dict = mapping
        return self._dict

    def __getitem__(self, key: str) -> str:
        return self._mapping()[key.lower()]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.lower() in self._mapping()

    def __iter__(self) -> Iterator[str]:
        return iter(self._mapping())

    def __len__(self) -> int:
        return len(self._mapping())

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self.multi_items()!r})"

    def getall(self, key: str, default: list[str] | None = None) -> list[str]:
        """Return every value of header ``key``.

        Raises:
            KeyError: When the header is absent and no default is given.
        """
        name = key.lower().encode("latin-1")
        values = [_latin1(v) for k, v in self._raw if k.lower() == name]
        if values:
            return values
        if default is not None:
            return default
        raise KeyError(key)

    getlist = getall

    def multi_items(self) -> list[tuple[str, str]]:
        """Return every header as a ``(name, value)`` pair, repeats included."""
        return [(_latin1(k), _latin1(v)) for k, v in self._raw]

    def dict(self) -> dict[str, list[str]]:
        """Return a plain dict mapping each lower-case name to the list of its values."""
        result: dict[str, list[str]] = {}
        for key, value in self._raw:
            result.setdefault(_latin1(key).lower(), []).append(_latin1(value))
        return result

    def to_header_list(self) -> list[tuple[bytes, bytes]]:
        """Return the headers as ASGI byte pairs with lower-case names."""
        return [(k.lower(), v) for k, v in self._raw]

    @property
    def raw(self) -> list[tuple[bytes, bytes]]:
        """The headers as raw ASGI byte pairs."""
        return list(self._raw)


class MutableScopeHeaders(MutableMapping[str, str]):
    """Edit the headers of an ASGI scope or ``http.response.start`` message in place.

    Middleware uses this to add or change response headers before they are sent.

    Args:
        scope: A mapping with a ``headers`` list (a scope or a message); a fresh one when omitted.
    """

    def __init__(self, scope: MutableMapping[str, Any] | None = None) -> None:
        if scope is None:
            scope = {"headers": []}
        scope.setdefault("headers", [])
        if not isinstance(scope["headers"], list):
            scope["headers"] = list(scope["headers"])
        self.headers: list[tuple[bytes, bytes]] = scope["headers"]

    @classmethod
    def from_message(cls, message: MutableMapping[str, Any]) -> MutableScopeHeaders:
        """Wrap the headers of an ASGI message."""
        return cls(message)

    def add(self, key: str, value: str) -> None:
        """Add a header, keeping any existing one of the same name."""
        self.headers.append((key.lower().encode("latin-1"), value.encode("latin-1")))

    def getall(self, key: str, default: list[str] | None = None) -> list[str]:
        """Return every value of header ``key``."""
        name = key.lower().encode("latin-1")
        values = [_latin1(v) for k, v in self.headers if k.lower() == name]
        if values or default is not None:
            return values or list(default or [])
        raise KeyError(key)

    def extend_header_value(self, key: str, value: str) -> None:
        """Append ``value`` to a comma-separated header, creating it when absent."""
        existing = self.get(key)
        self[key] = f"{existing}, {value}" if existing else value

    def __getitem__(self, key: str) -> str:
        name = key.lower().encode("latin-1")
        for k, v in self.headers:
            if k.lower() == name:
                return _latin1(v)
        raise KeyError(key)

    def __setitem__(self, key: str, value: str) -> None:
        name = key.lower().encode("latin-1")
        self.headers[:] = [(k, v) for k, v in self.headers if k.lower() != name]
        self.headers.append((name, value.encode("latin-1")))

    def __delitem__(self, key: str) -> None:
        name = key.lower().encode("latin-1")
        kept = [(k, v) for k, v in self.headers if k.lower() != name]
        if len(kept) == len(self.headers):
            raise KeyError(key)
        self.headers[:] = kept

    def __iter__(self) -> Iterator[str]:
        return (_latin1(k) for k, _ in self.headers)

    def __len__(self) -> int:
        return len(self.headers)


class Header:
    """Base of typed response headers: ``HEADER_NAME`` plus a ``to_header()`` that renders the value."""

    HEADER_NAME: str = ""
    documentation_only: bool = False

    def to_header(self, include_header_name: bool = False) -> str:
        """Render the header value, prefixed with ``Name: `` when asked."""
        value = self._get_header_value()
        return f"{self.HEADER_NAME}: {value}" if include_header_name else value

    def _get_header_value(self) -> str:  # pragma: no cover - every subclass defines it
        raise NotImplementedError


@dataclass
class CacheControlHeader(Header):
    """A ``Cache-Control`` header (RFC 9111 section 5.2), one field per directive."""

    HEADER_NAME = "cache-control"

    max_age: int | None = None
    s_maxage: int | None = None
    no_cache: bool | None = None
    no_store: bool | None = None
    private: bool | None = None
    public: bool | None = None
    no_transform: bool | None = None
    must_revalidate: bool | None = None
    proxy_revalidate: bool | None = None
    must_understand: bool | None = None
    immutable: bool | None = None
    stale_while_revalidate: int | None = None
    documentation_only: bool = field(default=False)

    def _get_header_value(self) -> str:
        directives = []
        for name in self.__dataclass_fields__:
            if name == "documentation_only":
                continue
            value = getattr(self, name)
            if value is None or value is False:
                continue
            directive = name.replace("_", "-")
            directives.append(directive if value is True else f"{directive}={value}")
        return ", ".join(directives)

    @classmethod
    def from_header(cls, header_value: str) -> CacheControlHeader:
        """Parse a ``Cache-Control`` header value.

        Raises:
            ImproperlyConfiguredException: On an unknown directive or a malformed value.
        """
        kwargs: dict[str, Any] = {}
        for part in filter(None, (p.strip() for p in header_value.split(","))):
            key, _, value = part.partition("=")
            name = key.strip().lower().replace("-", "_")
            if name not in cls.__dataclass_fields__ or name == "documentation_only":
                raise ImproperlyConfiguredException(f"Invalid cache-control directive: {key!r}")
            try:
                kwargs[name] = int(value) if value else True
            except ValueError as exc:
                raise ImproperlyConfiguredException(f"Invalid cache-control value: {part!r}") from exc
        return cls(**kwargs)

    @classmethod
    def prevent_storing(cls) -> CacheControlHeader:
        """Return a header that forbids any cache from storing the response."""
        return cls(no_store=True)


_ETAG_RE = re.compile(r'\s*(?P<weak>W/)?"(?P<value>[!#-~]+)"\s*')


@dataclass
class ETag(Header):
    """An ``ETag`` header (RFC 9110 section 8.8.3)."""

    HEADER_NAME = "etag"

    value: str | None = None
    weak: bool = False
    documentation_only: bool = False

    def __post_init__(self) -> None:
        if not self.documentation_only and (self.value is None or not re.fullmatch(r"[!#-~]+", self.value)):
            raise ImproperlyConfiguredException(
                "ETag value must be given and contain only visible ASCII characters other than '\"'"
            )

    def _get_header_value(self) -> str:
        return f'{"W/" if self.weak else ""}"{self.value}"'

    @classmethod
    def from_header(cls, header_value: str) -> ETag:
        """Parse an ``ETag`` header value.

        Raises:
            ImproperlyConfiguredException: When the value is not a valid entity tag.
        """
        match = _ETAG_RE.fullmatch(header_value)
        if match is None:
            raise ImproperlyConfiguredException(f"Invalid ETag header: {header_value!r}")
        return cls(value=match.group("value"), weak=bool(match.group("weak")))
