"""Context managers that fail a block running more (or other) queries than allowed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from algoitny_core.testing.capture import QueryCapture, capture_queries
from algoitny_core.testing.exceptions import QueryBudgetExceeded, report_hooks
from algoitny_core.testing.log import QueryLog

__all__ = [
    "QueryCountAssertion",
    "assert_max_queries",
    "assert_num_queries",
    "check_budget",
    "forbid_queries",
    "report",
]

Using = str | Iterable[str] | None


def check_budget(n: object, name: str = "budget") -> int:
    """``n`` if it is a non-negative ``int``; else a TypeError or ValueError naming it."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"{name} must be a non-negative int, not {type(n).__name__} {n!r}")
    if n < 0:
        raise ValueError(f"{name} must be a non-negative int, not {n}")
    return n


def report(kind: str, log: QueryLog, budget: int, **extra: Any) -> None:
    """Hand a budgeted call's outcome to the report hooks (the pytest ``--query-report``)."""
    if report_hooks:
        record = {
            "kind": kind,
            "budget": budget,
            "actual": log.count,
            "fingerprints": log.fingerprints(),
            **extra,
        }
        for hook in list(report_hooks):
            hook(record)


class QueryCountAssertion:
    """A capture checked against ``budget`` when the block ends without an exception."""

    def __init__(self, kind: str, budget: int, capture: QueryCapture, *, exact: bool) -> None:
        self.kind = kind
        self.budget = budget
        self.capture = capture
        self.exact = exact

    @property
    def log(self) -> QueryLog:
        return self.capture.log

    def __enter__(self) -> QueryLog:
        return self.capture.start()

    def __exit__(self, exc_type: type[BaseException] | None, *exc_info: object) -> None:
        __tracebackhide__ = True  # pytest: show the test's line, not this one
        log = self.capture.stop()
        if exc_type is not None:
            return  # the block's own error says more than a count would
        report(self.kind, log, self.budget)
        failed = log.count != self.budget if self.exact else log.count > self.budget
        if failed:
            raise QueryBudgetExceeded.over_budget(log, self.budget, exact=self.exact)


def assert_num_queries(n: int, using: Using = None, **options: Any) -> QueryCountAssertion:
    """Fail unless the block runs exactly ``n`` queries (transaction statements not counted)."""
    check_budget(n, "n")
    return QueryCountAssertion(
        "assert_num_queries", n, capture_queries(using, **options), exact=True
    )


def assert_max_queries(n: int, using: Using = None, **options: Any) -> QueryCountAssertion:
    """Fail if the block runs more than ``n`` queries."""
    check_budget(n, "n")
    return QueryCountAssertion(
        "assert_max_queries", n, capture_queries(using, **options), exact=False
    )


class _Forbid(QueryCapture):
    def __exit__(self, exc_type: type[BaseException] | None, *exc_info: object) -> None:
        __tracebackhide__ = True
        self.stop()
        # The query already raised; this catches code that swallowed that error.
        if exc_type is None and self.log.queries:
            raise QueryBudgetExceeded.forbidden(self.log.queries[0])


def forbid_queries(using: Using = None, **options: Any) -> QueryCapture:
    """Fail at the first query run in the block, before it reaches the database."""
    capture = capture_queries(using, **options)
    capture.log.forbid = True
    return _Forbid(capture.log)


def _sizes(sizes: Iterable[int]) -> tuple[int, ...]:
    values = tuple(sizes)
    for value in values:
        check_budget(value, "each size")
    if len(set(values)) < 2:
        raise ValueError(f"sizes needs at least two different values, got {values!r}")
    return tuple(sorted(set(values)))


def validate_constant_args(
    setup: Callable[[int], object], action: Callable[[], object], sizes: Iterable[int]
) -> tuple[int, ...]:
    """The sorted distinct sizes, after checking that setup and action are callables."""
    for name, value in (("setup", setup), ("action", action)):
        if not callable(value):
            raise TypeError(f"{name} must be callable, not {type(value).__name__}")
    return _sizes(sizes)
