"""Prove a view's declared query budget: constant across data sizes, and exact."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache

from algoitny_core.testing import assert_constant_queries, assert_num_queries
from algoitny_core.views.base import TOKEN_LOOKUP


def prove_budget(
    client: Any,
    url: str,
    view: type,
    setup: Callable[[int], Any],
    *,
    authenticated: bool,
    sizes: tuple[int, int] = (1, 100),
) -> Any:
    """The count does not grow from ``sizes[0]`` to ``sizes[1]`` rows and equals the budget.

    With response caching on, each counted request starts from an empty cache: this proves
    the budget of a miss (a hit costs nothing; tests/views/test_caching.py proves that).
    """

    def get() -> Any:
        cache.clear()
        return client.get(url)

    assert_constant_queries(setup, get, sizes=sizes)
    setup(sizes[1])
    expected = view.query_budget - (0 if authenticated else TOKEN_LOOKUP)
    with assert_num_queries(expected):
        response = get()
    assert response.status_code == 200, response.content
    return response


def prove_post_budget(
    client: Any,
    url: str,
    view: type,
    setup: Callable[[int], Any],
    body: Callable[[], dict[str, Any]],
    *,
    status: int = 202,
    sizes: tuple[int, int] = (1, 50),
) -> Any:
    """``prove_budget`` for a write: ``body()`` is posted as JSON (by an authenticated
    client) after ``setup(n)``; the response must have ``status``."""

    def post() -> Any:
        response = client.post(url, body(), format="json")
        assert response.status_code == status, response.content
        return response

    assert_constant_queries(setup, post, sizes=sizes)
    setup(sizes[1])
    with assert_num_queries(view.query_budget):
        return post()


def sql_of(log: Any, table: str) -> str:
    """The one captured query that reads ``table``'s rows."""
    [sql] = [q.sql for q in log.queries if f'FROM "{table}"' in q.sql]
    return sql
