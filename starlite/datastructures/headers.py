"""Header mappings, and the typed headers handlers can set (``Cache-Control``, ``ETag``)."""

from __future__ import annotations

import builtins
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from starlite.datastructures._validation import validation_error
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
        """Wrap the headers of an ASGI message.

        Raises:
            ValueError: When the message has no headers (an ``http.response.body`` message, say).
        """
        if "headers" not in message:
            raise ValueError(f"Invalid message type: {message.get('type')!r} has no headers")
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
        """Append ``value`` to a comma-separated header (``a,b``, as 1.5x), creating it when absent."""
        existing = self.get(key)
        self[key] = f"{existing},{value}" if existing else value

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


@dataclass(kw_only=True)
class Header(ABC):
    """Base of typed response headers: ``HEADER_NAME``, ``to_header()`` and ``from_header()``.

    In 1.5x these were pydantic models; the part of that API their users call remains: keyword
    construction, a ``pydantic.ValidationError`` for invalid values, and ``dict()``.

    Attributes:
        documentation_only: Only document the header (in OpenAPI); never send it.
    """

    HEADER_NAME: ClassVar[str] = ""
    documentation_only: bool = False

    @abstractmethod
    def _get_header_value(self) -> str:
        """Render the header's value."""

    @classmethod
    @abstractmethod
    def from_header(cls, header_value: str) -> Header:
        """Parse a header value."""

    def to_header(self, include_header_name: bool = False) -> str:
        """Render the header value, prefixed with ``name: `` when asked.

        Raises:
            ImproperlyConfiguredException: When the class does not set ``HEADER_NAME``.
        """
        if not self.HEADER_NAME:
            raise ImproperlyConfiguredException(f"{type(self).__name__} does not set HEADER_NAME")
        value = self._get_header_value()
        return f"{self.HEADER_NAME}: {value}" if include_header_name else value

    def dict(  # noqa: A003 - pydantic 1's method name, which 1.5x code calls
        self,
        *,
        include: Iterable[str] | None = None,
        exclude: Iterable[str] | None = None,
        by_alias: bool = False,
        exclude_unset: bool = False,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
    ) -> builtins.dict[str, Any]:
        """Return the fields as a dict, with the keywords of pydantic 1's ``BaseModel.dict``.

        ``by_alias`` names the fields as their directives (``max-age``). A field counts as unset
        when it holds its default: ``exclude_unset`` and ``exclude_defaults`` leave out the same ones.
        """
        included = None if include is None else set(include)
        excluded = set(exclude or ())
        result: builtins.dict[str, Any] = {}
        for definition in fields(self):
            name = definition.name
            if (included is not None and name not in included) or name in excluded:
                continue
            value = getattr(self, name)
            if (exclude_none and value is None) or (
                (exclude_unset or exclude_defaults) and value == definition.default
            ):
                continue
            result[name.replace("_", "-") if by_alias else name] = value
        return result


_CACHE_CONTROL_INT_DIRECTIVES = frozenset({"max_age", "s_maxage", "stale_while_revalidate"})


@dataclass(kw_only=True)
class CacheControlHeader(Header):
    """A ``Cache-Control`` header (RFC 9111 section 5.2), one field per directive.

    Raises:
        pydantic.ValidationError: When a directive has a value of the wrong type (a number of
            seconds, a digit string, or a flag).
    """

    HEADER_NAME: ClassVar[str] = "cache-control"

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

    def __post_init__(self) -> None:
        for definition in fields(self):
            name = definition.name
            value = getattr(self, name)
            if value is None or name == "documentation_only":
                continue
            if name in _CACHE_CONTROL_INT_DIRECTIVES:
                if isinstance(value, str) and value.isdigit():
                    setattr(self, name, int(value))
                elif isinstance(value, bool) or not isinstance(value, int):
                    raise validation_error(
                        type(self).__name__, name, value, "a number of seconds is required"
                    )
            elif not isinstance(value, bool):
                raise validation_error(type(self).__name__, name, value, "this directive takes no value")

    def _get_header_value(self) -> str:
        directives = []
        for definition in fields(self):
            name = definition.name
            value = getattr(self, name)
            if name == "documentation_only" or value is None or value is False:
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
        known = {definition.name for definition in fields(cls)} - {"documentation_only"}
        kwargs: dict[str, Any] = {}
        for part in (p.strip() for p in header_value.split(",")):
            key, has_value, value = part.partition("=")
            name = key.strip().lower().replace("-", "_")
            if name not in known or "=" in value:
                raise ImproperlyConfiguredException(f"Invalid cache-control directive: {part!r}")
            kwargs[name] = value.strip() if has_value else True
        try:
            return cls(**kwargs)
        except ValueError as exc:
            raise ImproperlyConfiguredException(f"Invalid cache-control header: {header_value!r}") from exc

    @classmethod
    def prevent_storing(cls) -> CacheControlHeader:
        """Return a header that forbids any cache from storing the response."""
        return cls(no_store=True)


# RFC 9110 section 8.8.3: an entity tag is `[W/] DQUOTE *etagc DQUOTE`; 1.5x also took a lower-case `w/`.
ETAG_RE = re.compile(r'\s*(?P<weak>[Ww]/)?"(?P<value>[^"]*)"\s*')
_ETAG_VALUE_RE = re.compile(r"[!#-~]+")


@dataclass(kw_only=True)
class ETag(Header):
    """An ``ETag`` header (RFC 9110 section 8.8.3).

    Attributes:
        weak: A weak validator (``W/"..."``).
        value: The opaque tag, without quotes: visible ASCII other than ``"``.

    Raises:
        pydantic.ValidationError: When ``value`` is missing (and the header is not
            ``documentation_only``) or holds characters an entity tag cannot carry.
    """

    HEADER_NAME: ClassVar[str] = "etag"

    weak: bool = False
    value: str | None = None

    def __post_init__(self) -> None:
        if self.value is None:
            if not self.documentation_only:
                raise validation_error(
                    "ETag", "value", None, "value must be set if documentation_only is false"
                )
        elif not (isinstance(self.value, str) and _ETAG_VALUE_RE.fullmatch(self.value)):
            # A quote or a control character would end the tag early or split the header.
            raise validation_error(
                "ETag", "value", self.value, "only visible ASCII characters other than '\"' are allowed"
            )

    def _get_header_value(self) -> str:
        return f'{"W/" if self.weak else ""}"{self.value}"'

    @classmethod
    def from_header(cls, header_value: str) -> ETag:
        """Parse an ``ETag`` header value.

        Raises:
            ImproperlyConfiguredException: When the value is not a valid entity tag.
        """
        match = ETAG_RE.fullmatch(header_value)
        if match is None:
            raise ImproperlyConfiguredException(f"Invalid ETag header: {header_value!r}")
        try:
            return cls(value=match.group("value"), weak=bool(match.group("weak")))
        except ValueError as exc:
            raise ImproperlyConfiguredException(f"Invalid ETag header: {header_value!r}") from exc
