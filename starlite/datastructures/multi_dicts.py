"""Mappings that keep every value of a repeated key (query strings, form data)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Generic, TypeVar

from typing_extensions import Self

__all__ = ("ImmutableMultiDict", "MultiDict", "FormMultiDict")

T = TypeVar("T")


class ImmutableMultiDict(Mapping[str, T], Generic[T]):
    """A read-only mapping where a key may hold several values; ``[key]`` gives the first.

    Args:
        args: A mapping (values may be lists) or an iterable of ``(key, value)`` pairs.
    """

    __slots__ = ("_items", "_dict")

    _items: list[tuple[str, T]]
    _dict: dict[str, list[T]]

    def __init__(self, args: Mapping[str, Any] | Iterable[tuple[str, T]] | None = None) -> None:
        items: list[tuple[str, T]] = []
        if isinstance(args, ImmutableMultiDict):
            items = list(args._items)
        elif isinstance(args, Mapping):
            for key, value in args.items():
                if isinstance(value, list | tuple):
                    items.extend((key, v) for v in value)
                else:
                    items.append((key, value))
        elif args is not None:
            items = list(args)
        self._items = items
        self._dict = {}
        for key, value in items:
            self._dict.setdefault(key, []).append(value)

    @classmethod
    def _from_pairs(cls, pairs: list[tuple[str, T]]) -> Self:
        """Build from a list of pairs the new mapping may keep (no copy): the parsers' fast path."""
        multi = cls.__new__(cls)
        multi._items = pairs
        index: dict[str, list[T]] = {}
        for key, value in pairs:
            values = index.get(key)
            if values is None:
                index[key] = [value]
            else:
                values.append(value)
        multi._dict = index
        return multi

    def __getitem__(self, key: str) -> T:
        return self._dict[key][0]

    def __iter__(self) -> Iterator[str]:
        return iter(self._dict)

    def __len__(self) -> int:
        return len(self._dict)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ImmutableMultiDict):
            return sorted(self._items) == sorted(other._items)
        return super().__eq__(other)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self._items!r})"

    def getall(self, key: str, default: list[T] | None = None) -> list[T]:
        """Return every value of ``key``, in order.

        Raises:
            KeyError: When the key is absent and no default is given.
        """
        if key in self._dict:
            return list(self._dict[key])
        if default is not None:
            return default
        raise KeyError(key)

    getlist = getall

    def mutable_copy(self) -> MultiDict[T]:
        """Return a ``MultiDict`` holding the same items."""
        return MultiDict(self._items)

    def multi_items(self) -> list[tuple[str, T]]:
        """Return every ``(key, value)`` pair, repeated keys included."""
        return list(self._items)

    def dict(self) -> dict[str, list[T]]:
        """Return a plain dict mapping each key to the list of its values."""
        return {key: list(values) for key, values in self._dict.items()}


class MultiDict(ImmutableMultiDict[T]):
    """A multi-value mapping that can be changed."""

    __slots__ = ()

    def __setitem__(self, key: str, value: T) -> None:
        self._items = [(k, v) for k, v in self._items if k != key] + [(key, value)]
        self._dict[key] = [value]

    def __delitem__(self, key: str) -> None:
        del self._dict[key]
        self._items = [(k, v) for k, v in self._items if k != key]

    def add(self, key: str, value: T) -> None:
        """Add ``value`` to ``key``, keeping the values it had."""
        self._items.append((key, value))
        self._dict.setdefault(key, []).append(value)

    def immutable(self) -> ImmutableMultiDict[T]:
        """Return an ``ImmutableMultiDict`` holding the same items."""
        return ImmutableMultiDict(self._items)


class FormMultiDict(ImmutableMultiDict[Any]):
    """Parsed form data: strings for fields, ``UploadFile`` objects for files."""

    __slots__ = ()

    async def close(self) -> None:
        """Close every uploaded file held by this form."""
        for _, value in self._items:
            close = getattr(value, "close", None)
            if close is not None:
                result = close()
                if hasattr(result, "__await__"):
                    await result
