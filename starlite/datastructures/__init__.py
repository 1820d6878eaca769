"""Data structures of the public API: state, headers, cookies, URLs, forms, background tasks and
response containers."""

from starlite.datastructures.background_tasks import (
    BackgroundTask as BackgroundTask,
    BackgroundTasks as BackgroundTasks,
)
from starlite.datastructures.cookie import Cookie as Cookie
from starlite.datastructures.headers import (
    CacheControlHeader as CacheControlHeader,
    ETag as ETag,
    Headers as Headers,
    MutableScopeHeaders as MutableScopeHeaders,
)
from starlite.datastructures.multi_dicts import (
    FormMultiDict as FormMultiDict,
    ImmutableMultiDict as ImmutableMultiDict,
    MultiDict as MultiDict,
)
from starlite.datastructures.response_containers import (
    File as File,
    Redirect as Redirect,
    ResponseContainer as ResponseContainer,
    Stream as Stream,
)
from starlite.datastructures.response_header import ResponseHeader as ResponseHeader
from starlite.datastructures.state import ImmutableState as ImmutableState, State as State
from starlite.datastructures.upload_file import UploadFile as UploadFile
from starlite.datastructures.url import URL as URL, Address as Address

__all__ = (
    "URL",
    "Address",
    "BackgroundTask",
    "BackgroundTasks",
    "CacheControlHeader",
    "Cookie",
    "ETag",
    "File",
    "FormMultiDict",
    "Headers",
    "ImmutableMultiDict",
    "ImmutableState",
    "MultiDict",
    "MutableScopeHeaders",
    "Redirect",
    "ResponseContainer",
    "ResponseHeader",
    "State",
    "Stream",
    "UploadFile",
)
