"""``URL`` and ``Address``: the parts of a request's location."""

from __future__ import annotations

from typing import Any, NamedTuple
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

from starlite.datastructures.multi_dicts import MultiDict

__all__ = ("Address", "URL", "make_absolute_url")

_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


class Address(NamedTuple):
    """The host and port of a client or server."""

    host: str
    port: int


class URL:
    """An immutable, parsed URL.

    Args:
        url: The URL string (or an already split ``SplitResult``).
    """

    __slots__ = ("_url", "_parts")

    def __init__(self, url: str | SplitResult = "") -> None:
        if isinstance(url, SplitResult):
            self._parts = url
            self._url = urlunsplit(url)
        else:
            self._url = url
            self._parts = urlsplit(url)

    @classmethod
    def from_components(
        cls, scheme: str = "", netloc: str = "", path: str = "", fragment: str = "", query: str = ""
    ) -> URL:
        """Build a URL from its parts."""
        return cls(SplitResult(scheme, netloc, path, query, fragment))

    @classmethod
    def from_scope(cls, scope: Any) -> URL:
        """Build the URL an ASGI connection was made to."""
        scheme = scope.get("scheme", "http")
        server = scope.get("server")
        path = scope.get("root_path", "") + scope["path"]
        query_string = scope.get("query_string", b"")
        host = None
        for key, value in scope["headers"]:
            if key == b"host":
                host = value.decode("latin-1")
                break
        if host is None and server is not None:
            host, port = server
            if ":" in host:  # an IPv6 address is bracketed in a URL (RFC 3986 section 3.2.2)
                host = f"[{host}]"
            if port is not None and _DEFAULT_PORTS.get(scheme) != port:
                host = f"{host}:{port}"
        return cls.from_components(
            scheme=scheme, netloc=host or "", path=path, query=query_string.decode("latin-1")
        )

    @property
    def scheme(self) -> str:
        """The scheme, such as ``https``."""
        return self._parts.scheme

    @property
    def netloc(self) -> str:
        """Host and optional port (and credentials)."""
        return self._parts.netloc

    @property
    def path(self) -> str:
        """The path."""
        return self._parts.path

    @property
    def query(self) -> str:
        """The raw query string, without ``?``."""
        return self._parts.query

    @property
    def fragment(self) -> str:
        """The fragment, without ``#``."""
        return self._parts.fragment

    @property
    def hostname(self) -> str | None:
        """The host name, lower-cased."""
        return self._parts.hostname

    @property
    def port(self) -> int | None:
        """The explicit port, if any."""
        try:
            return self._parts.port
        except ValueError:
            return None

    @property
    def username(self) -> str | None:
        """The user name in the URL, if any."""
        return self._parts.username

    @property
    def password(self) -> str | None:
        """The password in the URL, if any."""
        return self._parts.password

    @property
    def query_params(self) -> MultiDict[str]:
        """The parsed query string."""
        return MultiDict(parse_qsl(self.query, keep_blank_values=True))

    def with_replacements(
        self,
        scheme: str | None = None,
        netloc: str | None = None,
        path: str | None = None,
        query: str | MultiDict[Any] | None = None,
        fragment: str | None = None,
    ) -> URL:
        """Return a copy with the given parts replaced."""
        if isinstance(query, MultiDict):
            query = urlencode(query.multi_items())
        return URL.from_components(
            scheme=self.scheme if scheme is None else scheme,
            netloc=self.netloc if netloc is None else netloc,
            path=self.path if path is None else path,
            query=self.query if query is None else query,
            fragment=self.fragment if fragment is None else fragment,
        )

    @property
    def base_url(self) -> URL:
        """The URL with only scheme and host kept."""
        return URL.from_components(scheme=self.scheme, netloc=self.netloc)

    def __str__(self) -> str:
        return self._url

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self._url!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str | URL):
            return str(self) == str(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._url)


def make_absolute_url(path: str | URL, base: str | URL) -> str:
    """Join ``path`` (with its query and fragment) to the scheme, host and path of ``base``.

    ``path`` is taken as relative to ``base``'s path, with or without a leading ``/``:
    ``make_absolute_url("users?page=2", "https://example.org/api")`` is
    ``"https://example.org/api/users?page=2"``.
    """
    base_url = base if isinstance(base, URL) else URL(base)
    relative = urlsplit(str(path))
    return str(
        URL.from_components(
            scheme=base_url.scheme,
            netloc=base_url.netloc,
            path=base_url.path.rstrip("/") + "/" + relative.path.lstrip("/"),
            query=relative.query,
            fragment=relative.fragment,
        )
    )
