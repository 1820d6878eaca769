"""Response classes: plain, file, redirect, streaming and template."""

from starlite.response.base import Response as Response
from starlite.response.file import FileResponse as FileResponse
from starlite.response.redirect import RedirectResponse as RedirectResponse
from starlite.response.streaming import StreamingResponse as StreamingResponse
from starlite.response.template import TemplateResponse as TemplateResponse

__all__ = ("FileResponse", "RedirectResponse", "Response", "StreamingResponse", "TemplateResponse")
