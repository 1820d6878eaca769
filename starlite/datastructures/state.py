"""Application and connection state: a mapping whose keys are also attributes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from copy import copy, deepcopy
from typing import Any

__all__ = ("ImmutableState", "State")


class ImmutableState(Mapping[str, Any]):
    """A read-only state object: ``state.key`` and ``state["key"]`` read the same value.

    Args:
        state: The initial contents: a mapping, another state object or an iterable of pairs.
        deep_copy: Copy the initial contents deeply, so later changes to them are not seen here.
    """

    __slots__ = ("_state",)

    _state: dict[str, Any]

    def __init__(
        self, state: ImmutableState | Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None, deep_copy: bool = False
    ) -> None:
        if isinstance(state, ImmutableState):
            state = state._state
        contents: dict[str, Any] = dict(state or {})
        object.__setattr__(self, "_state", deepcopy(contents) if deep_copy else contents)

    def __getitem__(self, key: str) -> Any:
        return self._state[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._state)

    def __len__(self) -> int:
        return len(self._state)

    def __getattr__(self, key: str) -> Any:
        try:
            return self._state[key]
        except KeyError as exc:
            raise AttributeError(f"{self.__class__.__name__!r} object has no attribute {key!r}") from exc

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError(f"{self.__class__.__name__} is read-only")

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self._state!r})"

    def __copy__(self) -> ImmutableState:
        return self.__class__(self._state)

    def copy(self) -> ImmutableState:
        """Return a shallow copy of this state."""
        return copy(self)

    def dict(self) -> dict[str, Any]:
        """Return the contents as a new plain ``dict``."""
        return dict(self._state)

    def mutable_copy(self) -> State:
        """Return a mutable ``State`` holding a deep copy of these contents."""
        return State(self._state, deep_copy=True)


class State(ImmutableState, MutableMapping[str, Any]):
    """A mutable state object, as ``app.state`` and ``request.state`` are.

    Example:
        >>> state = State({"count": 1})
        >>> state.count += 1
        >>> state["count"]
        2
    """

    __slots__ = ()

    def __setitem__(self, key: str, value: Any) -> None:
        self._state[key] = value

    def __delitem__(self, key: str) -> None:
        del self._state[key]

    def __setattr__(self, key: str, value: Any) -> None:
        self._state[key] = value

    def __delattr__(self, key: str) -> None:
        try:
            del self._state[key]
        except KeyError as exc:
            raise AttributeError(key) from exc

    def copy(self) -> State:
        """Return a shallow copy of this state."""
        return self.__class__(self._state)

    def immutable_copy(self) -> ImmutableState:
        """Return a read-only copy of this state."""
        return ImmutableState(self._state, deep_copy=True)
