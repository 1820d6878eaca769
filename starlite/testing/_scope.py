"""The ASGI scope of an httpx request: what the app sees of a request the test built with httpx.

The test clients' transport, their websocket sessions and ``RequestFactory`` all build their scopes
here, so a handler sees the same URL, headers and server whichever of them made the request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

if TYPE_CHECKING:
    import httpx

__all__ = ("build_scope",)

_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def build_scope(
    request: httpx.Request,
    scope_type: str,
    root_path: str = "",
    client: tuple[str, int] = ("testclient", 50000),
    state: dict[str, Any] | None = None,
    http_version: str = "1.1",
) -> dict[str, Any]:
    """Build the ASGI scope of an httpx request (``http`` or ``websocket``).

    Args:
        request: The request; its URL gives the scheme, server, path and query string.
        scope_type: ``"http"`` or ``"websocket"`` (whose scheme becomes ``ws`` or ``wss``).
        root_path: The ASGI ``root_path``: the prefix the app is mounted under, outside the URL's path.
        client: The ``(host, port)`` the app sees as the client.
        state: The lifespan state, copied into the scope.
        http_version: The HTTP version the app sees.

    Returns:
        The scope: the path unquoted, header names lower-cased (ASGI), and a ``Host`` header.
    """
    url = request.url
    scheme = url.scheme
    if scope_type == "websocket":
        scheme = {"http": "ws", "https": "wss"}.get(scheme, scheme)
    port = url.port or _DEFAULT_PORTS.get(scheme, 80)
    raw_path = url.raw_path.split(b"?", 1)[0]
    headers = [(key.lower(), value) for key, value in request.headers.raw]
    if not any(key == b"host" for key, _ in headers):  # httpx adds Host; a hand-built request may not
        host = url.host if url.port is None else f"{url.host}:{url.port}"
        headers.insert(0, (b"host", host.encode("latin-1")))
    scope: dict[str, Any] = {
        "type": scope_type,
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": http_version,
        "scheme": scheme,
        "path": unquote(path) if "%" in (path := raw_path.decode("latin-1")) else path,
        "raw_path": raw_path,
        "root_path": root_path,
        "query_string": url.query,
        "headers": headers,
        "client": client,
        "server": (url.host, port),
        "extensions": {},
        "state": dict(state or {}),
    }
    if scope_type == "http":
        scope["method"] = request.method
        scope["extensions"]["http.response.debug"] = {}
    else:
        protocols = request.headers.get("sec-websocket-protocol")
        scope["subprotocols"] = [p.strip() for p in protocols.split(",")] if protocols else []
    return scope
