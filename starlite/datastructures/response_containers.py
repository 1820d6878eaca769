"""Values a handler can return to get a file, a redirect or a stream as its response."""

from __future__ import annotations

import logging
import os
from abc import ABC, abstractmethod
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from starlite.datastructures._validation import validation_error
from starlite.enums import MediaType
from starlite.exceptions import ImproperlyConfiguredException, TemplateNotFoundException
from starlite.response.base import Response
from starlite.response.file import FileResponse
from starlite.response.redirect import RedirectResponse
from starlite.response.streaming import StreamingResponse
from starlite.response.template import TemplateResponse
from starlite.utils.file import BaseLocalFileSystem

if TYPE_CHECKING:
    from starlite.datastructures.background_tasks import BackgroundTask, BackgroundTasks
    from starlite.datastructures.cookie import Cookie
    from starlite.datastructures.headers import ETag
    from starlite.types.file_types import FileInfo

__all__ = ("ResponseContainer", "File", "Redirect", "Stream", "Template")

_logger = logging.getLogger("starlite")

R = TypeVar("R", bound=Response[Any])


@dataclass
class ResponseContainer(ABC, Generic[R]):
    """Base of the values that describe a response instead of being its content.

    ``ResponseContainer[R]``: ``R`` is the response class ``to_response`` builds, as in 1.5x.
    """

    background: BackgroundTask | BackgroundTasks | None = field(default=None, kw_only=True)
    headers: dict[str, Any] = field(default_factory=dict, kw_only=True)
    cookies: list[Cookie] = field(default_factory=list, kw_only=True)
    media_type: MediaType | str | None = field(default=None, kw_only=True)
    encoding: str = field(default="utf-8", kw_only=True)

    @abstractmethod
    def to_response(
        self, headers: dict[str, Any], media_type: MediaType | str, status_code: int, app: Any, request: Any
    ) -> R:
        """Build the response, given the handler's resolved headers, media type and status code."""


@dataclass
class File(ResponseContainer[FileResponse]):
    """Send a file, from disk or from another file system.

    Unlike 1.5x, which sent ``filename=""`` and the handler's media type (``text/plain``) unless
    told otherwise, the file's own name is its default ``filename`` and its media type is guessed
    from that name.

    Attributes:
        path: The file's path.
        filename: The name given to the client; the file's own name by default.
        stat_result: The ``os.stat`` result, when already known.
        chunk_size: Bytes read and sent at a time.
        content_disposition_type: ``attachment`` (download) or ``inline``.
        etag: An explicit ``ETag``.
        file_system: The file system to read from: ``BaseLocalFileSystem`` by default, or any object
            with ``info`` and ``open`` (fsspec's file systems have them).
        file_info: The file's ``FileInfo``, when already known.

    Raises:
        pydantic.ValidationError: When ``file_system`` lacks ``info`` or ``open`` (1.5x's ``File``
            was a pydantic model).
    """

    path: str | os.PathLike[str]
    filename: str | None = None
    stat_result: os.stat_result | None = None
    chunk_size: int = 1024 * 128
    content_disposition_type: Literal["attachment", "inline"] = "attachment"
    etag: ETag | None = None
    file_system: Any = field(default_factory=BaseLocalFileSystem)
    file_info: FileInfo | None = None

    def __post_init__(self) -> None:
        if not (
            callable(getattr(self.file_system, "info", None))
            and callable(getattr(self.file_system, "open", None))
        ):
            raise validation_error(
                "File",
                "file_system",
                self.file_system,
                "file_system must adhere to the FileSystemProtocol type",
            )

    def to_response(
        self, headers: dict[str, Any], media_type: MediaType | str, status_code: int, app: Any, request: Any
    ) -> FileResponse:
        """Build a ``FileResponse``."""
        chosen = self.media_type
        if chosen is None and media_type not in (MediaType.JSON, MediaType.TEXT, MediaType.HTML):
            chosen = media_type
        return FileResponse(
            self.path,
            background=self.background,
            chunk_size=self.chunk_size,
            content_disposition_type=self.content_disposition_type,
            cookies=self.cookies,
            encoding=self.encoding,
            etag=self.etag,
            file_info=self.file_info,
            file_system=self.file_system,
            filename=self.filename or os.path.basename(self.path),
            # The file's own ETag (given, or derived from its size and mtime) describes this file; a
            # layer's fixed etag would let caches keep an old version after the file changes.
            headers={**{k: v for k, v in headers.items() if k.lower() != "etag"}, **self.headers},
            is_head_response=request.method == "HEAD",
            media_type=chosen,
            stat_result=self.stat_result,
            status_code=status_code,
        )


@dataclass
class Redirect(ResponseContainer[RedirectResponse]):
    """Redirect the client to ``path`` (the handler's ``status_code`` must be a redirect status).

    Attributes:
        path: Where to redirect to.
    """

    path: str

    def to_response(
        self, headers: dict[str, Any], media_type: MediaType | str, status_code: int, app: Any, request: Any
    ) -> RedirectResponse:
        """Build a ``RedirectResponse``."""
        return RedirectResponse(
            self.path,
            status_code=status_code,
            background=self.background,
            headers={**headers, **self.headers},
            cookies=self.cookies,
            encoding=self.encoding,
        )


@dataclass
class Stream(ResponseContainer[StreamingResponse]):
    """Stream the chunks of a sync or async iterator as the body.

    Attributes:
        iterator: An iterable, an async iterable, or a callable returning either.
    """

    iterator: Iterable[Any] | Iterator[Any] | AsyncIterable[Any] | AsyncIterator[Any] | Callable[[], Any]

    def to_response(
        self, headers: dict[str, Any], media_type: MediaType | str, status_code: int, app: Any, request: Any
    ) -> StreamingResponse:
        """Build a ``StreamingResponse``."""
        return StreamingResponse(
            self.iterator,
            status_code=status_code,
            media_type=self.media_type or media_type,
            background=self.background,
            headers={**headers, **self.headers},
            cookies=self.cookies,
            encoding=self.encoding,
            is_head_response=request.method == "HEAD",
        )


class _TrustedHTML(str):
    """Markup the framework wrote itself: template engines that escape values leave it as it is."""

    __slots__ = ()

    def __html__(self) -> str:  # the protocol of markupsafe, which Jinja2 and Mako's ``h`` follow
        return self


@dataclass
class Template(ResponseContainer[TemplateResponse]):
    """Render a template of the app's template engine (``template_config=``) as the response.

    Besides ``context``, the template receives ``request`` and ``csrf_input``: a hidden form field
    holding the CSRF token when the app has a ``csrf_config`` (an empty string otherwise), written so
    that Jinja2 does not escape it. The media type follows the template's name (``.html`` is
    ``text/html``, an unknown suffix ``text/plain``) unless this container or the handler names one.

    Attributes:
        name: The template's name, relative to the template directories, e.g. ``"index.html"``.
        context: The values the template reads, by name.

    Raises:
        ImproperlyConfiguredException: When the app has no template engine (a 500 for the request).
        TemplateNotFoundException: When the engine has no template of that name (a 500).
    """

    name: str
    context: dict[str, Any] = field(default_factory=dict)

    def to_response(
        self, headers: dict[str, Any], media_type: MediaType | str, status_code: int, app: Any, request: Any
    ) -> TemplateResponse:
        """Build a ``TemplateResponse`` with the app's template engine."""
        engine = app.template_engine
        if not engine:
            raise ImproperlyConfiguredException("Template engine is not configured")
        try:
            response = TemplateResponse(
                self.name,
                template_engine=engine,
                context=self.create_template_context(request),
                status_code=status_code,
                background=self.background,
                headers={**headers, **self.headers},
                cookies=self.cookies,
                encoding=self.encoding,
                media_type=self.media_type or media_type,
            )
        except TemplateNotFoundException:
            # The client gets 1.5x's 500; a template missing from a deploy is the operator's to see.
            (getattr(app, "logger", None) or _logger).error("Template %r not found", self.name)
            raise
        response.is_head_response = request.method == "HEAD"
        return response

    def create_template_context(self, request: Any) -> dict[str, Any]:
        """The context the template is rendered with: ``context``, ``request`` and ``csrf_input``.

        Args:
            request: The request being answered.
        """
        # The CSRF middleware keeps the connection's token under this scope key, as 1.5x's did.
        token = request.scope.get("_csrf_token")
        csrf_input = (
            _TrustedHTML(f'<input type="hidden" name="_csrf_token" value="{escape(token)}" />')
            if token
            else ""
        )
        return {**self.context, "request": request, "csrf_input": csrf_input}
