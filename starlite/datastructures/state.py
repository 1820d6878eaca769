"""Application and connection state: a mapping whose keys are also attributes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from copy import copy, deepcopy
from typing import Any, TypeAlias

__all__ = ("ImmutableState", "InitialStateType", "State")


class ImmutableState(Mapping[str, Any]):
    """A read-only state object: ``state.key`` and ``state["key"]`` read the same value.

    Args:
        state: The initial contents: a mapping, another state object or an iterable of pairs. Without
            ``deep_copy`` a ``dict`` (or another state's contents) is used as it is, not copied.
        deep_copy: Copy the initial contents deeply, so later changes to them are not seen here.
    """

    __slots__ = ("_state",)

    _state: dict[str, Any]

    def __init__(
        self,
        state: ImmutableState | Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
        deep_copy: bool = True,
    ) -> None:
        if isinstance(state, ImmutableState):
            state = state._state
        # A plain dict is shared, not copied: ``request.state`` writes through to ``scope["state"]``.
        contents: dict[str, Any] = state if isinstance(state, dict) else dict(state or {})
        object.__setattr__(self, "_state", deepcopy(contents) if deep_copy else contents)

    def __getitem__(self, key: str) -> Any:
        return self._state[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._state)

    def __len__(self) -> int:
        return len(self._state)

    def __getattr__(self, key: str) -> Any:
        if key == "_state":
            # Not set yet: copy and pickle probe attributes on an instance before __init__ runs.
            raise AttributeError(key)
        try:
            return self._state[key]
        except KeyError as exc:
            raise AttributeError(f"{self.__class__.__name__!r} object has no attribute {key!r}") from exc

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError(f"{self.__class__.__name__} is read-only")

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self._state!r})"

    def __copy__(self) -> ImmutableState:
        return self.__class__(dict(self._state), deep_copy=False)

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuild through __init__, which deepcopy and pickle cannot otherwise do: __setattr__ is blocked.
        return self.__class__, (self._state, False)

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

    def __init__(
        self,
        state: ImmutableState | Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
        deep_copy: bool = False,
    ) -> None:
        super().__init__(state, deep_copy=deep_copy)

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
        return self.__class__(dict(self._state), deep_copy=False)

    def immutable_copy(self) -> ImmutableState:
        """Return a read-only copy of this state."""
        return ImmutableState(self._state, deep_copy=True)


InitialStateType: TypeAlias = "ImmutableState | Mapping[str, Any] | Iterable[tuple[str, Any]]"
"""What ``initial_state`` (and ``state``) accepts: a state, a mapping, or ``(key, value)`` pairs."""
