"""``RedirectResponse``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from starlite.enums import MediaType
from starlite.exceptions import ImproperlyConfiguredException
from starlite.response.base import Response
from starlite.status_codes import HTTP_307_TEMPORARY_REDIRECT

if TYPE_CHECKING:
    from starlite.datastructures.background_tasks import BackgroundTask, BackgroundTasks
    from starlite.datastructures.cookie import Cookie

__all__ = ("RedirectResponse", "REDIRECT_STATUS_CODES")

REDIRECT_STATUS_CODES = frozenset({301, 302, 303, 307, 308})


class RedirectResponse(Response[Any]):
    """A redirect to ``url``, sent with a ``Location`` header.

    Args:
        url: Where to redirect to; characters not allowed in a URL are percent-encoded.
        status_code: A redirect status: 301, 302, 303, 307 (default) or 308.
        background: Work to run after the response is sent.
        headers: More response headers.
        cookies: Cookies to set.
        encoding: The text encoding.

    Raises:
        ImproperlyConfiguredException: When ``status_code`` is not a redirect status.
    """

    __slots__ = ()

    def __init__(
        self,
        url: str,
        *,
        status_code: int = HTTP_307_TEMPORARY_REDIRECT,
        background: BackgroundTask | BackgroundTasks | None = None,
        headers: dict[str, Any] | None = None,
        cookies: list[Cookie] | None = None,
        encoding: str = "utf-8",
    ) -> None:
        if status_code not in REDIRECT_STATUS_CODES:
            raise ImproperlyConfiguredException(
                f"{status_code} is not a valid redirect status code, "
                f"use one of {sorted(REDIRECT_STATUS_CODES)}"
            )
        super().__init__(
            content=b"",
            status_code=status_code,
            media_type=MediaType.TEXT,
            background=background,
            headers={**(headers or {}), "location": quote(url, safe="/#%[]=:;$&()+,!?*@'~")},
            cookies=cookies,
            encoding=encoding,
        )
