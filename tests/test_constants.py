"""``starlite.constants``: a flat module of the 1.5x constants."""

from __future__ import annotations

from inspect import Signature

from pydantic_core import PydanticUndefined

from starlite import constants
from starlite.types import Empty


def test_values() -> None:
    assert constants.SCOPE_STATE_NAMESPACE == "__starlite__"
    assert constants.DEFAULT_CHUNK_SIZE == 128 * 1024
    assert constants.ONE_MEGABYTE == 1024 * 1024
    assert constants.REDIRECT_STATUS_CODES == {301, 302, 303, 307, 308}
    assert {"request", "socket", "data"} <= constants.RESERVED_KWARGS
    assert {PydanticUndefined, Signature.empty, Empty, Ellipsis} == constants.UNDEFINED_SENTINELS
    assert constants.HTTP_RESPONSE_START == "http.response.start"
