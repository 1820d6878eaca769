"""``MultiDict``, ``ImmutableMultiDict`` and ``FormMultiDict``."""

from __future__ import annotations

import pytest

from starlite import UploadFile
from starlite.datastructures import FormMultiDict, ImmutableMultiDict, MultiDict


def test_first_value_getall_and_multi_items() -> None:
    data = ImmutableMultiDict([("a", "1"), ("b", "2"), ("a", "3")])
    assert data["a"] == "1"
    assert data.getall("a") == ["1", "3"]
    assert data.getlist("b") == ["2"]
    assert data.multi_items() == [("a", "1"), ("b", "2"), ("a", "3")]
    assert data.dict() == {"a": ["1", "3"], "b": ["2"]}
    assert len(data) == 2
    assert list(data) == ["a", "b"]
    assert dict(data) == {"a": "1", "b": "2"}


def test_built_from_a_mapping_with_list_values() -> None:
    data = ImmutableMultiDict({"a": ["1", "2"], "b": "3"})
    assert data.multi_items() == [("a", "1"), ("a", "2"), ("b", "3")]


def test_getall_missing_key() -> None:
    data: ImmutableMultiDict[str] = ImmutableMultiDict()
    with pytest.raises(KeyError):
        data.getall("x")
    assert data.getall("x", []) == []
    with pytest.raises(KeyError):
        data["x"]


def test_immutable_cannot_be_changed() -> None:
    data = ImmutableMultiDict([("a", "1")])
    with pytest.raises(TypeError):
        data["a"] = "2"  # type: ignore[index]


def test_mutable_add_set_delete() -> None:
    data = MultiDict([("a", "1")])
    data.add("a", "2")
    assert data.getall("a") == ["1", "2"]
    data["a"] = "3"
    assert data.getall("a") == ["3"]
    data.add("b", "4")
    del data["a"]
    assert data.multi_items() == [("b", "4")]
    with pytest.raises(KeyError):
        del data["a"]


def test_copies_between_mutable_and_immutable() -> None:
    frozen = ImmutableMultiDict([("a", "1"), ("a", "2")])
    thawed = frozen.mutable_copy()
    assert isinstance(thawed, MultiDict)
    thawed.add("a", "3")
    assert frozen.getall("a") == ["1", "2"]
    refrozen = thawed.immutable()
    assert type(refrozen) is ImmutableMultiDict
    assert refrozen.getall("a") == ["1", "2", "3"]


def test_equality_ignores_order_of_pairs() -> None:
    assert ImmutableMultiDict([("a", "1"), ("b", "2")]) == ImmutableMultiDict([("b", "2"), ("a", "1")])
    assert ImmutableMultiDict([("a", "1")]) != ImmutableMultiDict([("a", "1"), ("a", "1")])
    assert ImmutableMultiDict([("a", "1")]) == {"a": "1"}


@pytest.mark.anyio
async def test_form_multi_dict_close_closes_uploads() -> None:
    upload = UploadFile(content_type="text/plain", filename="a.txt", file_data=b"x")
    form = FormMultiDict([("field", "value"), ("file", upload)])
    await form.close()
    assert upload.file.closed
