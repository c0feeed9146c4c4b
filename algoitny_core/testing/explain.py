"""``assert_uses_index``: read the query plan and fail when it scans a whole table."""

from __future__ import annotations

import re

from django.db import connections, transaction
from django.db.models import QuerySet

from algoitny_core.testing.exceptions import QueryBudgetExceeded

__all__ = ["assert_uses_index", "plan_summary"]

# SQLite (EXPLAIN QUERY PLAN) and PostgreSQL (EXPLAIN) plan lines.
_SQLITE_SCAN = re.compile(r"\bSCAN (?:TABLE )?(\w+)(.*)$")
_SQLITE_INDEX = re.compile(r"USING (?:COVERING )?INDEX (\w+)|USING (INTEGER PRIMARY KEY)")
_PG_SCAN = re.compile(r"\bSeq Scan on (\w+)")
_PG_INDEX = re.compile(r"Index (?:Only )?Scan (?:Backward )?using (\w+)|Bitmap Index Scan on (\w+)")


def plan_summary(plan: str, vendor: str) -> tuple[list[str], list[str]]:
    """``(tables scanned in full, indexes used)`` read from an EXPLAIN output."""
    scanned, used = [], []
    for line in plan.splitlines():
        if vendor == "sqlite":
            scan = _SQLITE_SCAN.search(line)
            if scan and "USING" not in scan.group(2) and scan.group(1) not in ("CONSTANT",):
                scanned.append(scan.group(1))
            used += [a or b for a, b in _SQLITE_INDEX.findall(line)]
        else:
            scanned += _PG_SCAN.findall(line)
            used += [a or b for a, b in _PG_INDEX.findall(line)]
    return scanned, used


def _explain(queryset: QuerySet) -> str:
    connection = connections[queryset.db]
    if connection.vendor == "sqlite":
        return queryset.explain()  # Django runs EXPLAIN QUERY PLAN here
    if connection.vendor != "postgresql":
        raise NotImplementedError(
            f"assert_uses_index supports SQLite and PostgreSQL, not {connection.vendor}"
        )
    # Test tables are tiny, and on tiny tables the planner rightly prefers a sequential
    # scan; discouraging it shows whether an index *could* serve the query. Rolled back.
    with transaction.atomic(using=queryset.db):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
        transaction.set_rollback(True, using=queryset.db)
    return plan


def _known_indexes(queryset: QuerySet) -> set[str]:
    connection = connections[queryset.db]
    tables = {join.table_name for join in queryset.query.alias_map.values()}
    tables.add(queryset.model._meta.db_table)
    names: set[str] = set()
    with connection.cursor() as cursor:
        for table in tables:
            names.update(connection.introspection.get_constraints(cursor, table))
    return names


def assert_uses_index(queryset: QuerySet, index: str | None = None) -> str:
    """Fail if the query's plan scans a table in full, or (given ``index``) does not use it.

    Returns the plan. On PostgreSQL sequential scans are discouraged for the check.
    """
    __tracebackhide__ = True
    if not isinstance(queryset, QuerySet):
        raise TypeError(f"queryset must be a QuerySet, not {type(queryset).__name__}")
    if index is not None and not isinstance(index, str):
        raise TypeError(f"index must be an index name (str) or None, not {index!r}")
    if index is not None and index not in _known_indexes(queryset):
        raise ValueError(f"No index named {index!r} on the tables of this query")
    vendor = connections[queryset.db].vendor
    plan = _explain(queryset)
    scanned, used = plan_summary(plan, vendor)
    if scanned:
        tables = ", ".join(sorted(set(scanned)))
        raise QueryBudgetExceeded(
            f"The query scans {tables} instead of using an index.\n\n"
            f"SQL: {queryset.query}\n\nPlan:\n{plan}"
        )
    if index is not None and index not in used:
        raise QueryBudgetExceeded(
            f"The query does not use index {index!r} (uses: {', '.join(used) or 'none'}).\n\n"
            f"SQL: {queryset.query}\n\nPlan:\n{plan}"
        )
    return plan
