"""``TemplateResponse``: a page rendered from a template, off the event loop when rendering is slow.

Template engines render synchronously. A render that takes long would stall every other connection of
the worker, so a template is rendered in a worker thread (``anyio.to_thread``) when:

- its source file is at least ``OFF_LOOP_SOURCE_BYTES`` (64 KiB) long, or
- ``SLOW_RENDERS_BEFORE_OFF_LOOP`` (3) renders in a row took longer than ``SLOW_RENDER_SECONDS``
  (1 ms) on the event loop: a short template looping over large data is caught too; it comes back to
  the loop after ``FAST_RENDERS_BEFORE_ON_LOOP`` (3) renders in a row in the thread took less than
  that (a busy machine that paused the process can make a fast template look slow);
- or it belongs to an async Jinja2 environment (``enable_async=True``): it is awaited instead.

Every other page renders where the handler returned it, as in 1.5x: its cost is a lookup of what is
known about the template (a weak dictionary keyed by the template object, which Jinja2 and Mako keep
while the file is unchanged) and two clock reads. A template rendered in a thread costs a thread hop
(0.1 to 0.3 ms on a busy two-core machine) on top of rendering it; the decision is kept per loaded
template, so editing a template file (which makes a new template object) starts over.
"""

from __future__ import annotations

import os
from functools import lru_cache
from mimetypes import guess_type
from pathlib import PurePath
from time import perf_counter
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from anyio import to_thread

from starlite.enums import MediaType
from starlite.response.base import Response
from starlite.status_codes import HTTP_200_OK

if TYPE_CHECKING:
    from starlite.datastructures.background_tasks import BackgroundTask, BackgroundTasks
    from starlite.datastructures.cookie import Cookie
    from starlite.template.base import TemplateEngineProtocol, TemplateProtocol
    from starlite.types.asgi_types import Receive, Scope, Send

__all__ = (
    "FAST_RENDERS_BEFORE_ON_LOOP",
    "OFF_LOOP_SOURCE_BYTES",
    "SLOW_RENDERS_BEFORE_OFF_LOOP",
    "SLOW_RENDER_SECONDS",
    "TemplateResponse",
)

OFF_LOOP_SOURCE_BYTES = 64 * 1024
"""A template whose source file is at least this long is rendered in a worker thread."""
SLOW_RENDER_SECONDS = 0.001
"""A render on the event loop longer than this counts as slow."""
SLOW_RENDERS_BEFORE_OFF_LOOP = 3
"""After this many slow renders in a row, a template is rendered in a worker thread from then on
(one slow render may be a garbage collection or a cold cache)."""
FAST_RENDERS_BEFORE_ON_LOOP = 3
"""After this many fast renders in a row in a worker thread, a template moved there for being slow
renders on the event loop again."""

# What is known about each loaded template, as one int: n >= 0, it renders on the loop and its last n
# renders were slow; _LARGE, it always renders off the loop (a large source, or async Jinja2);
# _MOVED - n, it moved to a thread for being slow and its last n renders there were fast.
_LARGE = -1
_MOVED = -2
_render_plans: WeakKeyDictionary[Any, int] = WeakKeyDictionary()


class TemplateResponse(Response[bytes]):
    """A response whose body is a template rendered with a context.

    The media type follows the template's name when the handler's is the default (JSON): the first of
    its suffixes that names a type (``index.html.jinja2`` is ``text/html``), else ``text/plain``.

    Args:
        template_name: The template's name, e.g. ``"index.html"``.
        template_engine: The engine that loads and renders it.
        context: The values the template reads, by name.
        status_code: The HTTP status code.
        background: Work to run after the response is sent.
        headers: Response headers.
        cookies: Cookies to set.
        encoding: The text encoding of the body.
        media_type: The media type; ``MediaType.JSON`` means "from the template's name".

    Raises:
        TemplateNotFoundException: When the engine has no template of that name.
    """

    __slots__ = ("template", "context", "_pending")

    def __init__(
        self,
        template_name: str,
        *,
        template_engine: TemplateEngineProtocol[Any],
        context: dict[str, Any],
        status_code: int = HTTP_200_OK,
        background: BackgroundTask | BackgroundTasks | None = None,
        headers: dict[str, Any] | None = None,
        cookies: list[Cookie] | None = None,
        encoding: str = "utf-8",
        media_type: MediaType | str = MediaType.HTML,
    ) -> None:
        if media_type == MediaType.JSON:  # the handler's default: the template's name says better
            media_type = media_type_of(template_name)
        template = template_engine.get_template(template_name)
        self.template: TemplateProtocol = template
        self.context = context
        # True while the template is still to be rendered (when sent, in a thread or awaited).
        self._pending = _renders_off_loop(template)
        content = b"" if self._pending else _render_timed(template, context).encode(encoding)
        super().__init__(
            content,
            status_code=status_code,
            media_type=media_type,
            background=background,
            headers=headers,
            cookies=cookies,
            encoding=encoding,
        )

    def render(self, content: Any) -> bytes:
        """The body: the rendered template (rendered here, on the caller's thread, if still pending)."""
        if self._pending:
            self._set_rendered(self.template.render(**self.context))
            content = self.content
        return super().render(content)

    @property
    def is_pending(self) -> bool:
        """Whether the template is still to be rendered (off the event loop, or awaited)."""
        return self._pending and self._body is None

    async def render_pending(self) -> None:
        """Render the template now if it is still pending: in a worker thread, or awaited when async.

        The handler pipeline calls this as soon as the response is built, so that the template is
        rendered while the handler's dependencies are still open and before ``after_request`` sees
        the response.
        """
        if self.is_pending:
            render_async = _async_renderer(self.template)
            if render_async is not None:
                text = await render_async(**self.context)
            else:
                text, seconds = await to_thread.run_sync(_render_measured, self.template, self.context)
                _note_threaded_render(self.template, seconds)
            self._set_rendered(text)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Render the template if it is still pending (off the event loop), then send the response."""
        await self.render_pending()
        await super().__call__(scope, receive, send)

    def _set_rendered(self, text: str) -> None:
        self.content = text.encode(self.encoding)
        self._pending = False


@lru_cache(maxsize=1024)
def media_type_of(template_name: str) -> str:
    """The media type of a template's output, from its name: ``text/plain`` when no suffix names one.

    Args:
        template_name: The template's name.
    """
    for suffix in PurePath(template_name).suffixes:
        guessed = guess_type("name" + suffix)[0]
        if guessed:
            return guessed
    return MediaType.TEXT.value


def _renders_off_loop(template: Any) -> bool:
    try:
        plan = _render_plans.get(template)
    except TypeError:  # a template object that cannot be weakly referenced: judged each time
        return _async_renderer(template) is not None or _source_size(template) >= OFF_LOOP_SOURCE_BYTES
    if plan is None:
        large = _async_renderer(template) is not None or _source_size(template) >= OFF_LOOP_SOURCE_BYTES
        plan = _render_plans[template] = _LARGE if large else 0
    return plan < 0


def _render_timed(template: Any, context: dict[str, Any]) -> str:
    start = perf_counter()
    text = template.render(**context)
    slow = perf_counter() - start > SLOW_RENDER_SECONDS
    try:
        count = _render_plans.get(template, 0)
        if slow:
            _render_plans[template] = _MOVED if count + 1 >= SLOW_RENDERS_BEFORE_OFF_LOOP else count + 1
        elif count:
            _render_plans[template] = 0
    except TypeError:
        pass  # not weakly referenceable: rendered on the loop
    return str(text)


def _render_measured(template: Any, context: dict[str, Any]) -> tuple[str, float]:
    start = perf_counter()
    text = template.render(**context)
    return str(text), perf_counter() - start


def _note_threaded_render(template: Any, seconds: float) -> None:
    # On the event loop's thread, after the render: only the loop's thread changes the plans.
    try:
        plan = _render_plans.get(template)
        if plan is None or plan > _MOVED:
            return  # a large template, or one not judged by its speed
        if seconds > SLOW_RENDER_SECONDS:
            _render_plans[template] = _MOVED
        else:
            fast = _MOVED - plan + 1
            _render_plans[template] = 0 if fast >= FAST_RENDERS_BEFORE_ON_LOOP else _MOVED - fast
    except TypeError:
        pass  # not weakly referenceable: judged by its size only


def _source_size(template: Any) -> int:
    filename = getattr(template, "filename", None)
    if not isinstance(filename, str):
        return 0
    try:
        return os.path.getsize(filename)
    except OSError:
        return 0


def _async_renderer(template: Any) -> Any:
    # A Jinja2 template of an ``enable_async`` environment: its ``render`` would start an event loop
    # of its own, which fails inside ours.
    if getattr(getattr(template, "environment", None), "is_async", False):
        return getattr(template, "render_async", None)
    return None
