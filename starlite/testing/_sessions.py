"""Session helpers of the test clients: put data into the app's session store, or read it back.

They work on the app's own backend instance (the one its ``SessionMiddleware`` uses), so what a test
writes is exactly what the next request sees, for the cookie backend and every server-side backend.
The cookie(s) go into the client's cookie jar, with the attributes the app itself would set.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING, Any

from starlite.exceptions import ImproperlyConfiguredException
from starlite.middleware.base import DefineMiddleware
from starlite.middleware.session.base import BaseSessionBackend, ServerSideBackend, SessionMiddleware

if TYPE_CHECKING:
    import httpx


def find_session_backend(app: Any) -> BaseSessionBackend[Any]:
    """The session backend the app's ``SessionMiddleware`` uses.

    Raises:
        ImproperlyConfiguredException: When the app has no session middleware.
    """

    def layers() -> Any:
        yield app
        # Session middleware may also sit on a router, controller or handler.
        for _, handler in getattr(app, "_registrations", []):
            yield from handler.ownership_layers[1:]

    for layer in layers():
        for middleware in getattr(layer, "middleware", None) or []:
            if not isinstance(middleware, DefineMiddleware):
                continue
            factory = middleware.middleware
            if isinstance(factory, type) and issubclass(factory, SessionMiddleware):
                backend = middleware.kwargs.get("backend")
                if isinstance(backend, BaseSessionBackend):
                    return backend
            # Security configs (``SessionAuth``) install the session middleware themselves.
            config = middleware.kwargs.get("config")
            backend = getattr(config, "session_backend", None)
            if isinstance(backend, BaseSessionBackend):
                return backend
    raise ImproperlyConfiguredException(
        "The app has no session middleware: add a session config's .middleware to the app's middleware "
        "(or pass session_config= to create_test_client) to use the session helpers"
    )


def _check_cookie_reaches_app(backend: BaseSessionBackend[Any], base_url: httpx.URL) -> None:
    """Refuse cookie options that would keep the session cookie from ever reaching the app."""
    config = backend.config
    if config.secure and base_url.scheme != "https":
        raise ImproperlyConfiguredException(
            f"The session cookie is secure=True, so the client will not send it to {base_url}; "
            "use an https:// base_url for the test client"
        )
    if config.domain:
        domain = config.domain.lstrip(".").lower()
        host = (base_url.host or "").lower()
        if host != domain and not host.endswith("." + domain):
            raise ImproperlyConfiguredException(
                f"The session cookie's domain {config.domain!r} does not match the test client's host "
                f"{host!r}, so the client will not send it; set base_url to a host in that domain"
            )


def _jar_options(backend: BaseSessionBackend[Any], base_url: httpx.URL) -> dict[str, str]:
    # The same domain and path the jar records for a cookie the app sets, so a later Set-Cookie from
    # the app replaces this one instead of sitting beside it.
    domain = backend.config.domain
    return {"domain": "." + domain.lstrip(".") if domain else base_url.host, "path": backend.config.path}


def _is_cookie_backend(backend: BaseSessionBackend[Any]) -> bool:
    # Checked by module first: importing the cookie backend needs ``cryptography``, which
    # server-side sessions do not.
    module = type(backend).__module__
    if module != "starlite.middleware.session.cookie_backend":
        return False
    from starlite.middleware.session.cookie_backend import CookieBackend

    return isinstance(backend, CookieBackend)


def _jar(cookies: httpx.Cookies) -> dict[str, str]:
    return {cookie.name: cookie.value or "" for cookie in cookies.jar}


def _jar_get(cookies: httpx.Cookies, name: str) -> str | None:
    return _jar(cookies).get(name)


async def set_session_data(client: Any, data: dict[str, Any]) -> None:
    """Make ``data`` the session of the client's next requests."""
    backend = find_session_backend(client.app)
    _check_cookie_reaches_app(backend, client.base_url)
    options = _jar_options(backend, client.base_url)
    key = backend.config.key
    if _is_cookie_backend(backend):
        values = backend.dump_data(data)  # type: ignore[attr-defined]
        stale = backend.chunks_from(_jar(client.cookies))[len(values) :]  # type: ignore[attr-defined]
        for index, value in enumerate(values):
            client.cookies.set(f"{key}-{index}", value.decode("ascii"), **options)
        for index in range(len(values), len(values) + len(stale)):
            with suppress(KeyError):
                client.cookies.delete(f"{key}-{index}", **options)
        return
    if isinstance(backend, ServerSideBackend):
        session_id = backend._valid_id(_jar_get(client.cookies, key)) or backend.generate_session_id()
        await backend.set(session_id, backend.pack(data))
        client.cookies.set(key, session_id, **options)
        return
    raise ImproperlyConfiguredException(
        f"The session helpers do not know the backend {type(backend).__name__}"
    )


async def get_session_data(client: Any) -> dict[str, Any]:
    """The session the client's next request would carry (``{}`` when it has none)."""
    backend = find_session_backend(client.app)
    _check_cookie_reaches_app(backend, client.base_url)
    key = backend.config.key
    if _is_cookie_backend(backend):
        chunks = backend.chunks_from(_jar(client.cookies))  # type: ignore[attr-defined]
        if not chunks:
            return {}
        from cryptography.exceptions import InvalidTag

        try:
            return backend.load_data(chunks)  # type: ignore[attr-defined,no-any-return]
        except InvalidTag:
            return {}  # what the app reads from cookies that do not open
    if isinstance(backend, ServerSideBackend):
        session_id = backend._valid_id(_jar_get(client.cookies, key))
        if session_id is None:
            return {}
        data = await backend.get(session_id)
        return backend.unpack(data)[1] if data is not None else {}
    raise ImproperlyConfiguredException(
        f"The session helpers do not know the backend {type(backend).__name__}"
    )
