"""What a capture records: each query with its fingerprint, duration and origin."""

from __future__ import annotations

import os
import sys
import traceback
from collections import Counter
from dataclasses import dataclass, field
from types import CodeType, FrameType
from typing import Any

from algoitny_core.testing.fingerprints import fingerprint

__all__ = ["IGNORED_MODULES", "CapturedQuery", "QueryGroup", "QueryLog"]

# A query's origin is the first frame whose module is not one of these (or inside one).
IGNORED_MODULES: tuple[str, ...] = (
    "django",
    "rest_framework",
    "celery",
    "kombu",
    "asgiref",
    "nplusone",
    "blinker",
    "algoitny_core.testing",
    "contextlib",
    "functools",
    "threading",
    "concurrent",
    "asyncio",
)

# Per code object, whether its frames are skipped: a frame walk per query stays cheap.
_skip_cache: dict[CodeType, bool] = {}


def _skipped(code: CodeType, module: str) -> bool:
    skip = _skip_cache.get(code)
    if skip is None:
        skip = any(module == name or module.startswith(name + ".") for name in IGNORED_MODULES)
        _skip_cache[code] = skip
    return skip


def find_origin(frame: FrameType | None) -> FrameType | None:
    """The first frame from ``frame`` outwards that is not Django's, DRF's, ... code."""
    while frame is not None and _skipped(frame.f_code, frame.f_globals.get("__name__", "")):
        frame = frame.f_back
    return frame


def short_path(path: str) -> str:
    cwd = os.getcwd() + os.sep
    return path[len(cwd) :] if path.startswith(cwd) else path


@dataclass(slots=True, eq=False)
class CapturedQuery:
    """One executed statement. ``stack`` is kept only when the capture asked for stacks."""

    sql: str
    params: Any
    alias: str
    duration: float
    many: bool = False
    # (filename, line, function) of the origin frame; the frame itself is not kept.
    where: tuple[str, int, str] | None = None
    stack: traceback.StackSummary | None = None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sql)

    @property
    def origin(self) -> str:
        """``path.py:42 in function`` of the code that caused the query, or ``"?"``."""
        if self.where is None:
            return "?"
        filename, line, function = self.where
        return f"{short_path(filename)}:{line} in {function}"

    @classmethod
    def record(
        cls, sql: str, params: Any, alias: str, duration: float, many: bool, *, stack: bool
    ) -> CapturedQuery:
        """Build the entry for a query run by the caller of the caller of this method."""
        caller = sys._getframe(2)
        frame = find_origin(caller)
        where = None
        if frame is not None:
            where = (frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name)
        summary = traceback.extract_stack(caller) if stack else None
        return cls(sql, params, alias, duration, many, where, summary)


@dataclass(slots=True)
class QueryGroup:
    """Queries sharing a fingerprint."""

    fingerprint: str
    queries: list[CapturedQuery]

    @property
    def count(self) -> int:
        return len(self.queries)

    @property
    def origins(self) -> Counter[str]:
        return Counter(q.origin for q in self.queries)

    @property
    def exact_duplicates(self) -> int:
        """How many of the queries repeat an earlier one's SQL and parameters exactly."""
        seen = {(q.sql, repr(q.params)) for q in self.queries}
        return self.count - len(seen)


@dataclass(eq=False)
class QueryLog:
    """The queries a capture counted (transaction statements only when asked for)."""

    aliases: frozenset[str]
    include_transactions: bool = False
    threads: bool = False
    stacks: bool = False
    forbid: bool = False
    queries: list[CapturedQuery] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.queries)

    def __len__(self) -> int:
        return len(self.queries)

    def groups(self) -> list[QueryGroup]:
        """Queries grouped by fingerprint, the most repeated first (ties in first-run order)."""
        by_fp: dict[str, list[CapturedQuery]] = {}
        for query in self.queries:
            by_fp.setdefault(query.fingerprint, []).append(query)
        groups = [QueryGroup(fp, qs) for fp, qs in by_fp.items()]
        return sorted(groups, key=lambda g: -g.count)

    def duplicates(self) -> list[QueryGroup]:
        """The groups whose fingerprint ran more than once: the usual sign of an N+1."""
        return [group for group in self.groups() if group.count > 1]

    def fingerprints(self) -> dict[str, int]:
        """``{fingerprint: count}``, as written to the JSON report."""
        return {group.fingerprint: group.count for group in self.groups()}
