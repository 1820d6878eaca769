"""Containers for one page of results, and the paginators that fill them.

A handler annotated to return ``ClassicPagination[Model]``, ``OffsetPagination[Model]`` or
``CursorPagination[CursorType, Model]`` is serialised as a JSON object of the container's fields, and the
OpenAPI document describes it with the schema of ``Model`` for ``items``. A paginator is an object that
knows where the data lives: subclass one of the abstract paginators, implement ``get_items`` (and
``get_total``), and call the instance to get the filled container.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Generic, TypeVar
from uuid import UUID

__all__ = (
    "AbstractAsyncClassicPaginator",
    "AbstractAsyncCursorPaginator",
    "AbstractAsyncOffsetPaginator",
    "AbstractSyncClassicPaginator",
    "AbstractSyncCursorPaginator",
    "AbstractSyncOffsetPaginator",
    "ClassicPagination",
    "CursorPagination",
    "OffsetPagination",
)

T = TypeVar("T")
C = TypeVar("C", int, str, UUID)


@dataclass
class ClassicPagination(Generic[T]):
    """One page of results, addressed by page number and page size.

    Attributes:
        items: The results on this page.
        page_size: How many results a page holds.
        current_page: The number of this page (the first page is 1).
        total_pages: How many pages there are.
    """

    __slots__ = ("items", "page_size", "current_page", "total_pages")

    items: list[T]
    page_size: int
    current_page: int
    total_pages: int


@dataclass
class OffsetPagination(Generic[T]):
    """A slice of results, addressed by a limit and an offset.

    Attributes:
        items: The results in this slice.
        limit: The most results a slice holds.
        offset: The index of the first result of this slice in the whole result set.
        total: How many results there are in all.
    """

    __slots__ = ("items", "limit", "offset", "total")

    items: list[T]
    limit: int
    offset: int
    total: int


@dataclass
class CursorPagination(Generic[C, T]):
    """A batch of results following a cursor.

    Attributes:
        items: The results in this batch.
        results_per_page: The most results a batch holds.
        cursor: The identifier of the last result of this batch: a client sends it back to get the next
            batch; ``None`` when there is nothing to continue from.
    """

    __slots__ = ("items", "results_per_page", "cursor")

    items: list[T]
    results_per_page: int
    cursor: C | None


class AbstractSyncClassicPaginator(ABC, Generic[T]):
    """A paginator by page number, reading its data synchronously.

    Implement ``get_total`` and ``get_items``; calling the instance returns a ``ClassicPagination``.
    """

    @abstractmethod
    def get_total(self, page_size: int) -> int:
        """The number of pages the data fills.

        Args:
            page_size: How many results a page holds.

        Returns:
            The number of pages (it becomes ``total_pages``).
        """
        raise NotImplementedError

    @abstractmethod
    def get_items(self, page_size: int, current_page: int) -> list[T]:
        """The results on one page.

        Args:
            page_size: How many results a page holds.
            current_page: The number of the page (the first page is 1).

        Returns:
            At most ``page_size`` results.
        """
        raise NotImplementedError

    def __call__(self, page_size: int, current_page: int) -> ClassicPagination[T]:
        """Read one page.

        Args:
            page_size: How many results a page holds.
            current_page: The number of the page (the first page is 1).

        Returns:
            The page, with the number of pages.
        """
        total_pages = self.get_total(page_size=page_size)
        items = self.get_items(page_size=page_size, current_page=current_page)
        return ClassicPagination(
            items=items, page_size=page_size, current_page=current_page, total_pages=total_pages
        )


class AbstractAsyncClassicPaginator(ABC, Generic[T]):
    """A paginator by page number, reading its data asynchronously.

    Implement ``get_total`` and ``get_items`` as coroutines; awaiting a call to the instance returns a
    ``ClassicPagination``.
    """

    @abstractmethod
    async def get_total(self, page_size: int) -> int:
        """The number of pages the data fills.

        Args:
            page_size: How many results a page holds.

        Returns:
            The number of pages (it becomes ``total_pages``).
        """
        raise NotImplementedError

    @abstractmethod
    async def get_items(self, page_size: int, current_page: int) -> list[T]:
        """The results on one page.

        Args:
            page_size: How many results a page holds.
            current_page: The number of the page (the first page is 1).

        Returns:
            At most ``page_size`` results.
        """
        raise NotImplementedError

    async def __call__(self, page_size: int, current_page: int) -> ClassicPagination[T]:
        """Read one page.

        Args:
            page_size: How many results a page holds.
            current_page: The number of the page (the first page is 1).

        Returns:
            The page, with the number of pages.
        """
        total_pages = await self.get_total(page_size=page_size)
        items = await self.get_items(page_size=page_size, current_page=current_page)
        return ClassicPagination(
            items=items, page_size=page_size, current_page=current_page, total_pages=total_pages
        )


class AbstractSyncOffsetPaginator(ABC, Generic[T]):
    """A paginator by limit and offset, reading its data synchronously.

    Implement ``get_total`` and ``get_items``; calling the instance returns an ``OffsetPagination``.
    """

    @abstractmethod
    def get_total(self) -> int:
        """The number of results in the whole data set.

        Returns:
            The count (it becomes ``total``).
        """
        raise NotImplementedError

    @abstractmethod
    def get_items(self, limit: int, offset: int) -> list[T]:
        """The results of one slice.

        Args:
            limit: The most results to return.
            offset: The index of the first result to return (the first result is 0).

        Returns:
            At most ``limit`` results.
        """
        raise NotImplementedError

    def __call__(self, limit: int, offset: int) -> OffsetPagination[T]:
        """Read one slice.

        Args:
            limit: The most results to return.
            offset: The index of the first result to return (the first result is 0).

        Returns:
            The slice, with the total number of results.
        """
        total = self.get_total()
        items = self.get_items(limit=limit, offset=offset)
        return OffsetPagination(items=items, limit=limit, offset=offset, total=total)


class AbstractAsyncOffsetPaginator(ABC, Generic[T]):
    """A paginator by limit and offset, reading its data asynchronously.

    Implement ``get_total`` and ``get_items`` as coroutines; awaiting a call to the instance returns an
    ``OffsetPagination``.
    """

    @abstractmethod
    async def get_total(self) -> int:
        """The number of results in the whole data set.

        Returns:
            The count (it becomes ``total``).
        """
        raise NotImplementedError

    @abstractmethod
    async def get_items(self, limit: int, offset: int) -> list[T]:
        """The results of one slice.

        Args:
            limit: The most results to return.
            offset: The index of the first result to return (the first result is 0).

        Returns:
            At most ``limit`` results.
        """
        raise NotImplementedError

    async def __call__(self, limit: int, offset: int) -> OffsetPagination[T]:
        """Read one slice.

        Args:
            limit: The most results to return.
            offset: The index of the first result to return (the first result is 0).

        Returns:
            The slice, with the total number of results.
        """
        total = await self.get_total()
        items = await self.get_items(limit=limit, offset=offset)
        return OffsetPagination(items=items, limit=limit, offset=offset, total=total)


class AbstractSyncCursorPaginator(ABC, Generic[C, T]):
    """A paginator by cursor, reading its data synchronously.

    Implement ``get_items``; calling the instance returns a ``CursorPagination``.
    """

    @abstractmethod
    def get_items(self, cursor: C | None, results_per_page: int) -> tuple[list[T], C | None]:
        """The batch of results after a cursor.

        Args:
            cursor: The identifier of the last result the client has, or ``None`` to start from the beginning.
            results_per_page: The most results to return.

        Returns:
            The results, and the cursor to continue from (the identifier of the last of them).
        """
        raise NotImplementedError

    def __call__(self, cursor: C | None, results_per_page: int) -> CursorPagination[C, T]:
        """Read the batch after a cursor.

        Args:
            cursor: The identifier of the last result the client has, or ``None`` to start from the beginning.
            results_per_page: The most results to return.

        Returns:
            The batch, with the cursor a client sends to get the next one.
        """
        items, next_cursor = self.get_items(cursor=cursor, results_per_page=results_per_page)
        return CursorPagination(items=items, results_per_page=results_per_page, cursor=next_cursor)


class AbstractAsyncCursorPaginator(ABC, Generic[C, T]):
    """A paginator by cursor, reading its data asynchronously.

    Implement ``get_items`` as a coroutine; awaiting a call to the instance returns a ``CursorPagination``.
    """

    @abstractmethod
    async def get_items(self, cursor: C | None, results_per_page: int) -> tuple[list[T], C | None]:
        """The batch of results after a cursor.

        Args:
            cursor: The identifier of the last result the client has, or ``None`` to start from the beginning.
            results_per_page: The most results to return.

        Returns:
            The results, and the cursor to continue from (the identifier of the last of them).
        """
        raise NotImplementedError

    async def __call__(self, cursor: C | None, results_per_page: int) -> CursorPagination[C, T]:
        """Read the batch after a cursor.

        Args:
            cursor: The identifier of the last result the client has, or ``None`` to start from the beginning.
            results_per_page: The most results to return.

        Returns:
            The batch, with the cursor a client sends to get the next one.
        """
        items, next_cursor = await self.get_items(cursor=cursor, results_per_page=results_per_page)
        return CursorPagination(items=items, results_per_page=results_per_page, cursor=next_cursor)
