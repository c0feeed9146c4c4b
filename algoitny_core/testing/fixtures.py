"""pytest fixtures named as the toolkit's functions; each returns that function.

Django is imported when a fixture is used, not when the plugin loads.
"""

from __future__ import annotations

from typing import Any

import pytest

__all__ = [
    "assert_constant_queries",
    "assert_max_queries",
    "assert_num_queries",
    "assert_uses_index",
    "capture_queries",
    "detect_n_plus_one",
    "forbid_queries",
]


def _tool(name: str) -> Any:
    import algoitny_core.testing as toolkit

    return getattr(toolkit, name)


@pytest.fixture
def capture_queries() -> Any:
    """``with capture_queries() as log:`` records the block's queries."""
    return _tool("capture_queries")


@pytest.fixture
def assert_num_queries() -> Any:
    """``with assert_num_queries(n):`` fails unless the block runs exactly ``n`` queries."""
    return _tool("assert_num_queries")


@pytest.fixture
def assert_max_queries() -> Any:
    """``with assert_max_queries(n):`` fails if the block runs more than ``n`` queries."""
    return _tool("assert_max_queries")


@pytest.fixture
def assert_constant_queries() -> Any:
    """``assert_constant_queries(setup, action, sizes=(1, 10))``."""
    return _tool("assert_constant_queries")


@pytest.fixture
def forbid_queries() -> Any:
    """``with forbid_queries():`` fails at the first query in the block."""
    return _tool("forbid_queries")


@pytest.fixture
def assert_uses_index() -> Any:
    """``assert_uses_index(queryset, index=None)``."""
    return _tool("assert_uses_index")


@pytest.fixture
def detect_n_plus_one() -> Any:
    """``with detect_n_plus_one():`` fails on lazy loads (nplusone)."""
    return _tool("detect_n_plus_one")
