"""``assert_uses_index``: read the query plan and fail when it scans a whole table."""

from __future__ import annotations

import re
from typing import NamedTuple

from django.db import connections, transaction
from django.db.models import QuerySet

from algoitny_core.testing.exceptions import QueryBudgetExceeded

__all__ = ["Plan", "assert_uses_index", "plan_summary"]

# SQLite (EXPLAIN QUERY PLAN) and PostgreSQL (EXPLAIN) plan lines.
_SQLITE_SCAN = re.compile(r"\bSCAN (?:TABLE )?(\w+)(.*)$")
_SQLITE_INDEX = re.compile(r"USING (?:COVERING )?INDEX (\w+)|USING (INTEGER PRIMARY KEY)")
_PG_SCAN = re.compile(r"\bSeq Scan on (\w+)")
_PG_INDEX_SCAN = re.compile(r"Index (?:Only )?Scan (?:Backward )?using (\w+) on (\w+)")
_PG_BITMAP = re.compile(r"Bitmap Index Scan on (\w+)")


class Plan(NamedTuple):
    """What a plan says: tables read in full, indexes used, indexes read end to end."""

    scanned: list[str]
    used: list[str]
    # (table, index) read in full, in index order: a scan unless a LIMIT stops it early.
    full_index_scans: list[tuple[str, str]]


def _sqlite_plan(plan: str) -> Plan:
    result = Plan([], [], [])
    for line in plan.splitlines():
        scan = _SQLITE_SCAN.search(line)
        indexes = [a or b for a, b in _SQLITE_INDEX.findall(line)]
        result.used.extend(indexes)
        if scan and scan.group(1) != "CONSTANT":
            if indexes:
                result.full_index_scans.append((scan.group(1), indexes[0]))
            else:
                result.scanned.append(scan.group(1))
    return result


def _postgres_plan(plan: str) -> Plan:
    result = Plan([], [], [])
    open_scan: tuple[str, str] | None = None  # an index scan node not yet seen to have a condition

    def close() -> None:
        if open_scan is not None:
            result.full_index_scans.append(open_scan)

    for number, line in enumerate(plan.splitlines()):
        if number == 0 or "->" in line:  # a new plan node
            close()
            open_scan = None
            result.scanned.extend(_PG_SCAN.findall(line))
            result.used.extend(_PG_BITMAP.findall(line))
            if match := _PG_INDEX_SCAN.search(line):
                result.used.append(match.group(1))
                open_scan = (match.group(2), match.group(1))
        elif "Index Cond:" in line:
            open_scan = None
    close()
    return result


def plan_summary(plan: str, vendor: str) -> Plan:
    """Read an EXPLAIN output of ``vendor`` ("sqlite" or "postgresql")."""
    return _sqlite_plan(plan) if vendor == "sqlite" else _postgres_plan(plan)


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
    scanned, used, full_index_scans = plan_summary(plan, vendor)
    if queryset.query.high_mark is None:
        # Without a LIMIT, reading a whole index in its order reads the whole table too.
        scanned = scanned + [table for table, _ in full_index_scans]
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
