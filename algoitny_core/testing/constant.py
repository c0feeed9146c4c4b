"""``assert_constant_queries``: the count must not grow with the amount of data."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import ExitStack
from typing import Any

from django.db import transaction

from algoitny_core.testing.assertions import Using, report, validate_constant_args
from algoitny_core.testing.capture import capture_queries
from algoitny_core.testing.exceptions import QueryBudgetExceeded, clip_sql, format_groups, plural
from algoitny_core.testing.log import QueryLog

__all__ = ["assert_constant_queries"]


def _run(size: int, setup: Callable[[int], object], action: Callable[[], object], make_capture):
    capture = make_capture()
    with ExitStack() as stack:
        # One savepoint (or transaction) per alias, rolled back: each size starts clean.
        for alias in sorted(capture.log.aliases):
            stack.enter_context(transaction.atomic(using=alias))
        setup(size)
        with capture as log:
            action()
        for alias in capture.log.aliases:
            transaction.set_rollback(True, using=alias)
    return log


def _growth_table(small: QueryLog, large: QueryLog, sizes: tuple[int, int]) -> str:
    before, after = small.fingerprints(), large.fingerprints()
    origins = {g.fingerprint: g.origins.most_common(1)[0][0] for g in large.groups()}
    lines = [f"Queries whose count changed (size {sizes[0]} -> size {sizes[1]}):"]
    for fp in sorted(set(before) | set(after), key=lambda f: before.get(f, 0) - after.get(f, 0)):
        if before.get(fp, 0) != after.get(fp, 0):
            lines.append(f"  {before.get(fp, 0):>4} -> {after.get(fp, 0):<4} {clip_sql(fp)}")
            if fp in origins:
                lines.append(f"               at {origins[fp]}")
    return "\n".join(lines)


def assert_constant_queries(
    setup: Callable[[int], object],
    action: Callable[[], object],
    sizes: Iterable[int] = (1, 10),
    using: Using = None,
    **options: Any,
) -> dict[int, int]:
    """Run ``setup(n)`` then ``action()`` for each size; fail if the query counts differ.

    Each size runs inside its own rolled-back savepoint; only ``action()`` is counted.
    Returns ``{size: count}``.
    """
    __tracebackhide__ = True
    ordered = validate_constant_args(setup, action, sizes)
    capture_queries(using, **options)  # bad aliases or options fail here, before any setup
    logs = {
        size: _run(size, setup, action, lambda: capture_queries(using, **options))
        for size in ordered
    }
    counts = {size: log.count for size, log in logs.items()}
    small, large = ordered[0], ordered[-1]
    report(
        "assert_constant_queries",
        logs[large],
        counts[small],
        counts={str(size): count for size, count in counts.items()},
    )
    if len(set(counts.values())) > 1:
        steps = ", ".join(f"size {size} -> {plural(n, 'query')}" for size, n in counts.items())
        per_row = (counts[large] - counts[small]) / (large - small)
        message = (
            f"The query count depends on the data: {steps} ({per_row:+.2f} per row).\n\n"
            f"{_growth_table(logs[small], logs[large], (small, large))}\n\n"
            f"At size {large}: {format_groups(logs[large])}"
        )
        raise QueryBudgetExceeded(
            message, budget=counts[small], actual=counts[large], log=logs[large]
        )
    return counts
