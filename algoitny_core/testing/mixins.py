"""The same assertions as unittest-style methods, for Django's test runner."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import Any

from django.db.models import QuerySet

from algoitny_core.testing.assertions import (
    QueryCountAssertion,
    assert_max_queries,
    assert_num_queries,
    forbid_queries,
)
from algoitny_core.testing.capture import QueryCapture, capture_queries
from algoitny_core.testing.constant import assert_constant_queries
from algoitny_core.testing.explain import assert_uses_index
from algoitny_core.testing.n_plus_one import detect_n_plus_one

__all__ = ["QueryAssertionsMixin"]

Using = str | Iterable[str] | None


class QueryAssertionsMixin:
    """Mix into a ``TestCase``: ``with self.assertMaxQueries(3): ...`` and friends.

    Named apart from Django's ``assertNumQueries``, which this leaves untouched.
    """

    def captureQueries(self, using: Using = None, **options: Any) -> QueryCapture:
        return capture_queries(using, **options)

    def assertQueryCount(self, n: int, using: Using = None, **options: Any) -> QueryCountAssertion:
        """Exactly ``n`` queries in the block (transaction statements left out)."""
        return assert_num_queries(n, using, **options)

    def assertMaxQueries(self, n: int, using: Using = None, **options: Any) -> QueryCountAssertion:
        """At most ``n`` queries in the block."""
        return assert_max_queries(n, using, **options)

    def assertNoQueries(self, using: Using = None, **options: Any) -> QueryCapture:
        """No query at all in the block; the first one fails before it runs."""
        return forbid_queries(using, **options)

    def assertConstantQueries(
        self,
        setup: Callable[[int], object],
        action: Callable[[], object],
        sizes: Iterable[int] = (1, 10),
        using: Using = None,
        **options: Any,
    ) -> dict[int, int]:
        """The same count at each size of data ``setup(n)`` makes."""
        return assert_constant_queries(setup, action, sizes, using, **options)

    def assertUsesIndex(self, queryset: QuerySet, index: str | None = None) -> str:
        """The query's plan uses an index (``index``, when named) and scans no whole table."""
        return assert_uses_index(queryset, index)

    def assertNoNPlusOne(self, **options: Any) -> AbstractContextManager[None]:
        """No lazy load of related rows (or, on Django 6.1+, deferred fields) in the block."""
        return detect_n_plus_one(**options)
