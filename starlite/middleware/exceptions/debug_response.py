"""The 500 a debug application sends: the traceback as an HTML page, JSON or plain text.

The page escapes everything it shows (the exception's message, file names, source lines), so a
message holding markup is displayed, never run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlite.utils._debug_render import html_page, plain_text
from starlite.utils.exception import create_exception_response

if TYPE_CHECKING:
    from starlite.connection.request import Request
    from starlite.response.base import Response

__all__ = ("create_debug_response", "create_html_response_content", "create_plain_text_response_content")


def create_debug_response(request: Request[Any, Any], exc: Exception) -> Response[Any]:
    """The debug 500 for ``request``, in the form its ``Accept`` header prefers.

    HTML for a client preferring ``text/html``, JSON for one preferring ``application/json``, plain
    text otherwise.

    Args:
        request: The request that failed.
        exc: The exception.
    """
    return create_exception_response(
        exc, debug=True, accept=request.headers.get("accept", ""), scope=request.scope
    )


def create_html_response_content(exc: Exception, request: Request[Any, Any], line_limit: int = 15) -> str:
    """The HTML page of the traceback of ``exc``, innermost frame first, then its causes.

    Args:
        exc: The exception.
        request: The request that failed (its method and path title the page).
        line_limit: Lines of source shown around each frame's current line.
    """
    return html_page(exc, request.method, request.url.path, context_lines=line_limit)


def create_plain_text_response_content(exc: Exception) -> str:
    """The traceback of ``exc`` as Python prints it."""
    return plain_text(exc)
