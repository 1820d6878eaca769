"""``State`` and ``ImmutableState``."""

from __future__ import annotations

import pickle
from copy import copy, deepcopy

import pytest

from starlite import ImmutableState, Request, State, get
from starlite.testing import create_test_client


def test_attribute_and_item_access_read_the_same_value() -> None:
    state = State({"count": 1})
    assert state.count == 1
    assert state["count"] == 1
    state.count += 1
    assert state["count"] == 2
    state["name"] = "x"
    assert state.name == "x"


def test_missing_keys() -> None:
    state = ImmutableState({"a": 1})
    with pytest.raises(AttributeError):
        state.missing  # noqa: B018
    with pytest.raises(KeyError):
        state["missing"]


def test_delete_by_attribute_and_item() -> None:
    state = State({"a": 1, "b": 2})
    del state.a
    del state["b"]
    assert len(state) == 0
    assert not state
    with pytest.raises(AttributeError):
        del state.a
    with pytest.raises(KeyError):
        del state["b"]


def test_mapping_protocol() -> None:
    state = ImmutableState({"a": 1, "b": 2})
    assert len(state) == 2
    assert list(state) == ["a", "b"]
    assert "a" in state
    assert dict(state) == {"a": 1, "b": 2}
    assert state.dict() == {"a": 1, "b": 2}
    assert bool(state)
    assert not ImmutableState()
    assert State([("k", "v")]).k == "v"


def test_immutable_state_refuses_changes() -> None:
    state = ImmutableState({"a": 1})
    with pytest.raises(AttributeError):
        state.a = 2
    with pytest.raises(TypeError):
        state["a"] = 2  # type: ignore[index]
    assert state.a == 1


def test_immutable_state_deep_copies_by_default() -> None:
    source = {"items": [1]}
    state = ImmutableState(source)
    source["items"].append(2)
    assert state["items"] == [1]


def test_state_shares_a_dict_unless_asked_to_copy() -> None:
    source: dict[str, list[int]] = {"items": [1]}
    shared = State(source)
    shared.added = True
    assert source["added"] is True

    copied = State(source, deep_copy=True)
    copied["items"].append(2)
    assert source["items"] == [1]


def test_copy_is_independent() -> None:
    state = State({"a": 1})
    clone = state.copy()
    clone.a = 2
    clone.b = 3
    assert isinstance(clone, State)
    assert state.dict() == {"a": 1}
    assert copy(state).dict() == {"a": 1}


def test_mutable_and_immutable_copies() -> None:
    frozen = ImmutableState({"nested": {"x": 1}})
    thawed = frozen.mutable_copy()
    assert isinstance(thawed, State)
    thawed.nested["x"] = 2
    thawed.extra = 1
    assert frozen.nested == {"x": 1}
    assert "extra" not in frozen

    refrozen = thawed.immutable_copy()
    assert type(refrozen) is ImmutableState
    thawed.nested["x"] = 3
    assert refrozen.nested == {"x": 2}


def test_deepcopy_and_pickle_round_trip() -> None:
    for state in (State({"a": [1]}), ImmutableState({"a": [1]})):
        clone = deepcopy(state)
        assert type(clone) is type(state)
        assert clone.dict() == {"a": [1]}
        assert clone["a"] is not state["a"]
        assert pickle.loads(pickle.dumps(state)).dict() == {"a": [1]}


def test_app_state_is_shared_by_requests() -> None:
    @get("/")
    def handler(request: Request) -> dict[str, int]:
        request.app.state.hits += 1
        return {"hits": request.app.state.hits}

    with create_test_client([handler], state=State({"hits": 0})) as client:
        assert client.get("/").json() == {"hits": 1}
        assert client.get("/").json() == {"hits": 2}


def test_request_state_keeps_values_set_during_the_request() -> None:
    @get("/")
    def handler(request: Request) -> dict[str, object]:
        request.state.user = "ada"
        request.state["role"] = "admin"
        return {"user": request.state.user, "role": request.state.role, "scope": request.scope["state"]}

    with create_test_client([handler]) as client:
        body = client.get("/").json()
    assert body["user"] == "ada"
    assert body["role"] == "admin"
    assert body["scope"]["user"] == "ada"
