"""``ASGIConnection``: what HTTP requests and websockets have in common."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import unquote_plus

from starlite._connection_state import ConnectionState
from starlite.datastructures.headers import Headers
from starlite.datastructures.multi_dicts import MultiDict
from starlite.datastructures.state import State
from starlite.datastructures.url import URL, Address
from starlite.exceptions import ImproperlyConfiguredException
from starlite.types.empty import Empty

if TYPE_CHECKING:
    from starlite.cache.base import Cache
    from starlite.types.asgi_types import Receive, Send

__all__ = ("ASGIConnection", "empty_receive", "empty_send", "parse_cookie_string")

HandlerT = TypeVar("HandlerT")
UserT = TypeVar("UserT")
AuthT = TypeVar("AuthT")


async def empty_receive() -> Any:  # pragma: no cover - only reached by misuse
    """A ``receive`` for connections built without one."""
    raise RuntimeError("this connection has no receive channel")


async def empty_send(_: Any) -> None:  # pragma: no cover - only reached by misuse
    """A ``send`` for connections built without one."""
    raise RuntimeError("this connection has no send channel")


def raw_header(scope: Any, name: bytes) -> bytes | None:
    """The first value of header ``name`` (lower-case), read from the scope without building ``Headers``.

    ASGI servers send header names lower-cased (ASGI HTTP spec, "headers"), so bytes compare directly.
    A scope built by hand without ``headers`` has none.
    """
    for key, value in scope.get("headers", ()):
        if key == name:
            return value  # type: ignore[no-any-return]
    return None


def parse_query_string(query_string: bytes) -> list[tuple[str, str]]:
    """Split a raw query string into ``(key, value)`` pairs, blank values kept.

    As ``urllib.parse.parse_qsl(..., keep_blank_values=True)``, without its per-call overhead: only
    the pairs holding ``%`` or ``+`` are unquoted.
    """
    if not query_string:
        return []
    pairs = []
    for part in query_string.decode("latin-1").split("&"):
        if part:
            key, _, value = part.partition("=")
            if "%" in part or "+" in part:
                key, value = unquote_plus(key), unquote_plus(value)
            pairs.append((key, value))
    return pairs


def parse_cookie_string(cookie_string: str) -> dict[str, str]:
    """Parse a ``Cookie`` request header into a dict, skipping malformed pairs (RFC 6265 section 5.4)."""
    cookies: dict[str, str] = {}
    for chunk in cookie_string.split(";"):
        key, sep, value = chunk.partition("=")
        key = key.strip()
        if not sep or not key:
            continue
        value = value.strip()
        if len(value) > 1 and value[0] == value[-1] == '"':
            # A quoted value (RFC 6265 allows them), unescaped as the standard library does it;
            # http.cookies is loaded only by the first request that sends one.
            from http.cookies import _unquote

            value = _unquote(value)
        cookies[key] = value
    return cookies


class ASGIConnection(Generic[HandlerT, UserT, AuthT]):
    """Read access to an ASGI connection's scope: URL, headers, cookies, query, state and more.

    Args:
        scope: The ASGI connection scope.
        receive: The ASGI receive callable.
        send: The ASGI send callable.
    """

    __slots__ = ("scope", "receive", "send", "_connection_state", "_headers", "_url", "_base_url")

    def __init__(self, scope: Any, receive: Receive = empty_receive, send: Send = empty_send) -> None:
        self.scope = scope
        self.receive = receive
        self.send = send
        self._connection_state = ConnectionState.from_scope(scope)
        self._headers: Headers | None = None
        self._url: URL | None = None
        self._base_url: URL | None = None

    @property
    def app(self) -> Any:
        """The application that received the connection (the ``Starlite`` instance).

        Typed ``Any``: the connection sits below the application in the package's layers and does
        not import it.
        """
        return self.scope["app"]

    @property
    def route_handler(self) -> HandlerT:
        """The route handler that answers this connection."""
        return self.scope["route_handler"]  # type: ignore[no-any-return]

    @property
    def url(self) -> URL:
        """The full URL of the connection."""
        if self._url is None:
            self._url = URL.from_scope(self.scope)
        return self._url

    @property
    def base_url(self) -> URL:
        """The URL of the application root (scheme, host and ``root_path``), ending with ``/``."""
        if self._base_url is None:
            url = self.url
            root = self.scope.get("root_path", "")
            self._base_url = URL.from_components(
                scheme=url.scheme, netloc=url.netloc, path=root.rstrip("/") + "/"
            )
        return self._base_url

    @property
    def headers(self) -> Headers:
        """The request headers, case-insensitive."""
        if self._headers is None:
            self._headers = Headers(self.scope["headers"])
        return self._headers

    @property
    def query_params(self) -> MultiDict[str]:
        """The parsed query string; repeated keys keep every value."""
        state = self._connection_state
        if state.query is Empty:
            state.query = MultiDict._from_pairs(parse_query_string(self.scope.get("query_string", b"")))
        return state.query  # type: ignore[no-any-return]

    @property
    def path_params(self) -> dict[str, Any]:
        """The parsed path parameters of the matched route."""
        return self.scope.get("path_params", {})  # type: ignore[no-any-return]

    @property
    def cookies(self) -> dict[str, str]:
        """The request cookies."""
        state = self._connection_state
        if state.cookies is Empty:
            header = self.headers.get("cookie")
            state.cookies = parse_cookie_string(header) if header else {}
        return state.cookies

    @property
    def client(self) -> Address | None:
        """The client's host and port, when the server knows them."""
        client = self.scope.get("client")
        return Address(*client) if client else None

    @property
    def cache(self) -> Cache:
        """The application's cache (``app.cache``), as 1.5x offered it on every connection."""
        return self.scope["app"].cache  # type: ignore[no-any-return]

    @property
    def state(self) -> State:
        """Connection-scoped state, stored in ``scope["state"]``."""
        return State(self.scope.setdefault("state", {}))

    @property
    def session(self) -> dict[str, Any]:
        """The session data, a dict; needs the session middleware.

        Raises:
            ImproperlyConfiguredException: When no session middleware is installed.
            ServiceUnavailableException: When the session store could not be read (a 503).
        """
        if "session" not in self.scope:
            raise ImproperlyConfiguredException(
                "'session' is not defined in scope, install a SessionMiddleware to set it"
            )
        state = self._connection_state
        if state.session_unavailable is not None:
            # The session store could not be read when the connection came in: a 503.
            raise state.session_unavailable
        state.session_accessed = True
        session = self.scope["session"]
        if session is Empty:  # cleared in this request: a new, empty session starts here
            session = self.scope["session"] = {}
        return session  # type: ignore[no-any-return]

    def set_session(self, value: dict[str, Any] | Any) -> None:
        """Replace the session data (a dict, or a model or dataclass that serializes to one).

        A replaced session is a new session: with a server-side backend it gets a new id and the
        old one is deleted, so an id planted before a login never carries the logged-in session.
        """
        self.scope["session"] = value
        self._connection_state.session_cleared = True

    def clear_session(self) -> None:
        """Delete the session: its cookie and its stored data go, and new data gets a new id."""
        self.scope["session"] = Empty
        self._connection_state.session_cleared = True

    @property
    def user(self) -> UserT:
        """The authenticated user; needs an authentication middleware.

        Raises:
            ImproperlyConfiguredException: When no authentication middleware is installed.
        """
        if "user" not in self.scope:
            raise ImproperlyConfiguredException(
                "'user' is not defined in scope, install an AuthMiddleware to set it"
            )
        return self.scope["user"]  # type: ignore[no-any-return]

    @property
    def auth(self) -> AuthT:
        """The authentication data; needs an authentication middleware.

        Raises:
            ImproperlyConfiguredException: When no authentication middleware is installed.
        """
        if "auth" not in self.scope:
            raise ImproperlyConfiguredException(
                "'auth' is not defined in scope, install an AuthMiddleware to set it"
            )
        return self.scope["auth"]  # type: ignore[no-any-return]

    @property
    def logger(self) -> Any:
        """The application's root logger (``app.get_logger()``).

        Raises:
            ImproperlyConfiguredException: When the application has no ``logging_config``.
        """
        return self.app.get_logger()

    def url_for(self, name: str, **path_parameters: Any) -> str:
        """Return the absolute URL of the route handler called ``name``.

        Raises:
            NoRouteMatchFoundException: When no route has that name or the parameters do not fit.
        """
        return self._absolute_url(self.app.route_reverse(name, **path_parameters))

    def url_for_static_asset(self, name: str, file_path: str) -> str:
        """Return the absolute URL of ``file_path`` served by the static files handler called ``name``.

        Raises:
            NoRouteMatchFoundException: When no static files handler has that name.
        """
        return self._absolute_url(self.app.url_for_static_asset(name, file_path))

    def _absolute_url(self, path: str) -> str:
        # The app's path below the base URL (root_path included).
        return str(self.base_url.with_replacements(path=self.base_url.path.rstrip("/") + path))
