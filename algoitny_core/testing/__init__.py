"""Query-count assertions for any Django project: budgets, N+1 detection, index checks.

Names load on first use, so importing this package (as the pytest plugin does) imports
no Django module until a tool is actually used.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from algoitny_core.testing.assertions import (
        assert_max_queries,
        assert_num_queries,
        forbid_queries,
    )
    from algoitny_core.testing.budget import query_budget
    from algoitny_core.testing.capture import capture_queries
    from algoitny_core.testing.constant import assert_constant_queries
    from algoitny_core.testing.exceptions import QueryBudgetExceeded
    from algoitny_core.testing.explain import assert_uses_index
    from algoitny_core.testing.fingerprints import fingerprint
    from algoitny_core.testing.log import CapturedQuery, QueryLog
    from algoitny_core.testing.middleware import QueryBudgetMiddleware
    from algoitny_core.testing.mixins import QueryAssertionsMixin
    from algoitny_core.testing.n_plus_one import LazyLoadDetected, detect_n_plus_one

__all__ = [
    "CapturedQuery",
    "LazyLoadDetected",
    "QueryAssertionsMixin",
    "QueryBudgetExceeded",
    "QueryBudgetMiddleware",
    "QueryLog",
    "assert_constant_queries",
    "assert_max_queries",
    "assert_num_queries",
    "assert_uses_index",
    "capture_queries",
    "detect_n_plus_one",
    "fingerprint",
    "forbid_queries",
    "query_budget",
]

_MODULES = {
    "CapturedQuery": "log",
    "LazyLoadDetected": "n_plus_one",
    "QueryAssertionsMixin": "mixins",
    "QueryBudgetExceeded": "exceptions",
    "QueryBudgetMiddleware": "middleware",
    "QueryLog": "log",
    "assert_constant_queries": "constant",
    "assert_max_queries": "assertions",
    "assert_num_queries": "assertions",
    "assert_uses_index": "explain",
    "capture_queries": "capture",
    "detect_n_plus_one": "n_plus_one",
    "fingerprint": "fingerprints",
    "forbid_queries": "assertions",
    "query_budget": "budget",
}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_MODULES[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
