"""The failure raised by every budget check, and the fingerprint table it prints."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from algoitny_core.testing.log import CapturedQuery, QueryLog

__all__ = ["QueryBudgetExceeded", "clip_sql", "format_groups", "report_hooks"]

# Callables given each budgeted call's outcome (the pytest plugin's --query-report).
report_hooks: list[Callable[[dict[str, Any]], None]] = []

_SQL_WIDTH = 240
_SELECT_LIST = re.compile(r"^(SELECT(?: DISTINCT)?) .+? FROM ", re.S)


def plural(count: int, word: str) -> str:
    """``"1 query"``, ``"2 queries"``; ``word`` is the singular, ending in y or not."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {word[:-1]}ies" if word.endswith("y") else f"{count} {word}s"


def clip_sql(sql: str) -> str:
    """``sql`` short enough to read: a long column list becomes ``...``, then it is cut."""
    if len(sql) > _SQL_WIDTH:
        # The columns say least about a query; its table and WHERE clause say most.
        sql = _SELECT_LIST.sub(r"\1 ... FROM ", sql, count=1)
    return sql if len(sql) <= _SQL_WIDTH else sql[: _SQL_WIDTH - 3] + "..."


def format_groups(log: QueryLog, *, limit: int = 20) -> str:
    """One entry per fingerprint, most repeated first: count, SQL, origins, exact repeats."""
    groups = log.groups()
    lines = [
        f"{plural(log.count, 'query')} in {plural(len(groups), 'group')}, most repeated first:"
    ]
    for group in groups[:limit]:
        lines.append(f"  {group.count:>4} x {clip_sql(group.fingerprint)}")
        for origin, count in group.origins.most_common(3):
            suffix = f" ({count} x)" if group.count > 1 else ""
            lines.append(f"         at {origin}{suffix}")
        if group.exact_duplicates:
            lines.append(
                f"         duplicate: {group.exact_duplicates} ran with the same SQL and parameters"
            )
    if len(groups) > limit:
        lines.append(f"  ... and {len(groups) - limit} more groups")
    return "\n".join(lines)


class QueryBudgetExceeded(AssertionError):
    """A block ran more (or other) queries than its budget allows."""

    def __init__(
        self,
        message: str,
        *,
        budget: int | None = None,
        actual: int | None = None,
        log: QueryLog | None = None,
    ) -> None:
        super().__init__(message)
        self.budget = budget
        self.actual = actual
        self.log = log

    @classmethod
    def over_budget(
        cls, log: QueryLog, budget: int, *, exact: bool = False, label: str = ""
    ) -> QueryBudgetExceeded:
        """The error for ``log`` against ``budget`` (``exact``: an exact count was expected)."""
        aliases = ", ".join(repr(a) for a in sorted(log.aliases))
        expected = f"exactly {budget}" if exact else f"at most {budget}"
        where = f"{label}: " if label else ""
        noun = "query" if budget == 1 else "queries"
        head = f"{where}expected {expected} {noun} on {aliases}, but {log.count} ran."
        return cls(f"{head}\n\n{format_groups(log)}", budget=budget, actual=log.count, log=log)

    @classmethod
    def forbidden(cls, query: CapturedQuery) -> QueryBudgetExceeded:
        """The error for a query inside ``forbid_queries()``, raised before it runs."""
        message = (
            f"Queries are forbidden in this block, but one ran on {query.alias!r}:\n"
            f"  {clip_sql(query.sql)}\n  at {query.origin}"
        )
        return cls(message, budget=0, actual=1)
