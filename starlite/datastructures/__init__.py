"""Data structures of the public API.

State, headers, cookies, URLs, forms, uploads, background tasks, pagination containers and response
containers. This package only re-exports. The response containers (``File``, ``Redirect``, ``Stream``)
build responses, so they sit above ``starlite.response``, which uses the other structures here: they
load on first use (PEP 562), and importing ``starlite.datastructures.cookie`` never imports the responses.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from starlite.datastructures.background_tasks import BackgroundTask as BackgroundTask
from starlite.datastructures.background_tasks import BackgroundTasks as BackgroundTasks
from starlite.datastructures.cookie import Cookie as Cookie
from starlite.datastructures.headers import CacheControlHeader as CacheControlHeader
from starlite.datastructures.headers import ETag as ETag
from starlite.datastructures.headers import Headers as Headers
from starlite.datastructures.headers import MutableScopeHeaders as MutableScopeHeaders
from starlite.datastructures.multi_dicts import FormMultiDict as FormMultiDict
from starlite.datastructures.multi_dicts import ImmutableMultiDict as ImmutableMultiDict
from starlite.datastructures.multi_dicts import MultiDict as MultiDict
from starlite.datastructures.pagination import AbstractAsyncClassicPaginator as AbstractAsyncClassicPaginator
from starlite.datastructures.pagination import AbstractAsyncCursorPaginator as AbstractAsyncCursorPaginator
from starlite.datastructures.pagination import AbstractAsyncOffsetPaginator as AbstractAsyncOffsetPaginator
from starlite.datastructures.pagination import AbstractSyncClassicPaginator as AbstractSyncClassicPaginator
from starlite.datastructures.pagination import AbstractSyncCursorPaginator as AbstractSyncCursorPaginator
from starlite.datastructures.pagination import AbstractSyncOffsetPaginator as AbstractSyncOffsetPaginator
from starlite.datastructures.pagination import ClassicPagination as ClassicPagination
from starlite.datastructures.pagination import CursorPagination as CursorPagination
from starlite.datastructures.pagination import OffsetPagination as OffsetPagination
from starlite.datastructures.provide import Provide as Provide
from starlite.datastructures.response_header import ResponseHeader as ResponseHeader
from starlite.datastructures.state import ImmutableState as ImmutableState
from starlite.datastructures.state import State as State
from starlite.datastructures.upload_file import UploadFile as UploadFile
from starlite.datastructures.url import URL as URL
from starlite.datastructures.url import Address as Address
from starlite.datastructures.url import make_absolute_url as make_absolute_url

if TYPE_CHECKING:
    from starlite.datastructures.response_containers import File as File
    from starlite.datastructures.response_containers import Redirect as Redirect
    from starlite.datastructures.response_containers import ResponseContainer as ResponseContainer
    from starlite.datastructures.response_containers import Stream as Stream
    from starlite.datastructures.response_containers import Template as Template

_RESPONSE_CONTAINERS = frozenset({"File", "Redirect", "ResponseContainer", "Stream", "Template"})

__all__ = (
    "URL",
    "AbstractAsyncClassicPaginator",
    "AbstractAsyncCursorPaginator",
    "AbstractAsyncOffsetPaginator",
    "AbstractSyncClassicPaginator",
    "AbstractSyncCursorPaginator",
    "AbstractSyncOffsetPaginator",
    "Address",
    "BackgroundTask",
    "BackgroundTasks",
    "CacheControlHeader",
    "ClassicPagination",
    "Cookie",
    "CursorPagination",
    "ETag",
    "File",
    "FormMultiDict",
    "Headers",
    "ImmutableMultiDict",
    "ImmutableState",
    "MultiDict",
    "MutableScopeHeaders",
    "OffsetPagination",
    "Provide",
    "Redirect",
    "ResponseContainer",
    "ResponseHeader",
    "State",
    "Stream",
    "Template",
    "UploadFile",
    "make_absolute_url",
)


def __getattr__(name: str) -> Any:
    if name not in _RESPONSE_CONTAINERS:
        raise AttributeError(f"module 'starlite.datastructures' has no attribute {name!r}")
    value = getattr(import_module("starlite.datastructures.response_containers"), name)
    globals()[name] = value
    return value
