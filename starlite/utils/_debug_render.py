"""The traceback of a debug application's 500, as HTML, JSON or plain text.

Only ``debug=True`` applications send these (``starlite.utils.exception`` decides). Every piece of
the exception and of the source shown in the HTML page is escaped: an exception message holding
markup is shown as text, never run.
"""

from __future__ import annotations

import inspect
import traceback
from html import escape
from typing import Any

__all__ = ("debug_body", "html_page", "json_content", "plain_text", "preferred_rendering")

_RENDERINGS = {"text/html": "html", "application/json": "json", "text/plain": "text"}

_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
    "h1{font-size:1.4em}.message{font-family:monospace;white-space:pre-wrap;background:#fee;padding:.8em}"
    ".frame{border:1px solid #ddd;margin:1em 0}"
    ".where{background:#f4f4f4;padding:.4em .8em;font-family:monospace}"
    "table{border-collapse:collapse;font-family:monospace;width:100%}td{padding:0 .8em;white-space:pre}"
    "td.line-number{color:#888;text-align:right;width:4em}tr.current{background:#ffd}"
)


def preferred_rendering(accept: str) -> str:
    """``"html"``, ``"json"`` or ``"text"``: what the ``Accept`` header prefers (text by default).

    The media types are weighed by their ``q`` value; of two with the same weight, the first listed
    wins. Wildcards (``*/*``) choose nothing, so a client that names neither HTML nor JSON gets text.
    """
    best, best_weight = "text", 0.0
    for item in accept.split(","):
        media_type, *parameters = (part.strip() for part in item.split(";"))
        rendering = _RENDERINGS.get(media_type.lower())
        if rendering is None:
            continue
        weight = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if weight > best_weight:
            best, best_weight = rendering, weight
    return best


def plain_text(exc: BaseException) -> str:
    """The traceback as Python prints it, causes and contexts included."""
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def json_content(exc: BaseException) -> dict[str, Any]:
    """The error body of a 500 with the exception's type, message and traceback lines in ``extra``."""
    return {
        "status_code": 500,
        "detail": f"{type(exc).__name__}: {exc}",
        "extra": {
            "exception_type": _qualified_name(type(exc)),
            "message": str(exc),
            "traceback": plain_text(exc).splitlines(),
        },
    }


def html_page(exc: BaseException, method: str = "", path: str = "", context_lines: int = 7) -> str:
    """A page showing the exception and each frame of its traceback, innermost first.

    Args:
        exc: The exception.
        method: The request's method, shown in the title.
        path: The request's path, shown in the title.
        context_lines: Lines of source shown around each frame's current line.
    """
    title = escape(type(exc).__name__) + (f" on {escape(method)} {escape(path)}" if method else "")
    sections = [_exception_html(exc, context_lines, open_first=True)]
    cause = _next_in_chain(exc)
    while cause is not None:
        sections.append(
            "<h2>While handling the exception above, or because of it:</h2>"
            + _exception_html(cause, context_lines, open_first=False)
        )
        cause = _next_in_chain(cause)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
        + title
        + "</title><style>"
        + _STYLE
        + "</style></head><body><h1>"
        + title
        + "</h1>"
        + "".join(sections)
        + "</body></html>"
    )


def debug_body(exc: BaseException, accept: str, method: str = "", path: str = "") -> tuple[Any, str]:
    """The body of a debug 500 for a client that sent ``accept``, and its media type."""
    rendering = preferred_rendering(accept)
    if rendering == "html":
        return html_page(exc, method, path), "text/html"
    if rendering == "json":
        return json_content(exc), "application/json"
    return plain_text(exc), "text/plain"


def _next_in_chain(exc: BaseException) -> BaseException | None:
    if exc.__cause__ is not None:
        return exc.__cause__
    return None if exc.__suppress_context__ else exc.__context__


def _qualified_name(cls: type) -> str:
    return cls.__qualname__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"


def _exception_html(exc: BaseException, context_lines: int, open_first: bool) -> str:
    frames = inspect.getinnerframes(exc.__traceback__, context_lines) if exc.__traceback__ else []
    rendered = [
        _frame_html(frame, opened=open_first and index == 0) for index, frame in enumerate(reversed(frames))
    ]
    return (
        f"<h2>{escape(_qualified_name(type(exc)))}</h2><p class='message'>{escape(str(exc))}</p>"
        + "".join(rendered)
    )


def _frame_html(frame: inspect.FrameInfo, opened: bool) -> str:
    first_line = frame.lineno - (frame.index or 0)
    rows = "".join(
        f"<tr{' class=current' if offset == frame.index else ''}>"
        f"<td class='line-number'>{first_line + offset}</td><td>{escape(line.rstrip())}</td></tr>"
        for offset, line in enumerate(frame.code_context or ())
    )
    return (
        f"<details class='frame'{' open' if opened else ''}><summary class='where'>"
        f"{escape(frame.filename)}:{frame.lineno} in {escape(frame.function)}</summary>"
        f"<table>{rows}</table></details>"
    )
