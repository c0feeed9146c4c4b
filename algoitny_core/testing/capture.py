"""Capture the queries run inside a block, through Django's execute wrappers."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from time import perf_counter
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created

from algoitny_core.testing.exceptions import QueryBudgetExceeded
from algoitny_core.testing.log import CapturedQuery, QueryLog

__all__ = ["QueryCapture", "capture_queries", "resolve_aliases"]

ALL = "__all__"
_TRANSACTION = re.compile(
    r"\s*(?:SAVEPOINT|RELEASE\b|ROLLBACK\b|BEGIN\b|COMMIT\b|START\s+TRANSACTION|END\b)", re.I
)

# Logs of the captures active in this context. Context variables follow a request into
# the threads that asgiref's sync_to_async runs it in, so each request counts its own.
_active: ContextVar[tuple[QueryLog, ...]] = ContextVar("algoitny_query_logs", default=())
# Logs of ``threads=True`` captures: they also count queries from threads that did not
# inherit the context (a plain ``threading.Thread``).
_global: list[QueryLog] = []
_lock = threading.Lock()


def _iterable(value: object) -> bool:
    return isinstance(value, Iterable)


def resolve_aliases(using: str | Iterable[str] | None) -> frozenset[str]:
    """``None`` (the default database), an alias, several, or ``"__all__"``; checked now."""
    if using is None:
        return frozenset([DEFAULT_DB_ALIAS])
    if using == ALL:
        return frozenset(connections.settings)
    aliases = [using] if isinstance(using, str) else list(using) if _iterable(using) else []
    if not aliases or not all(isinstance(a, str) for a in aliases):
        raise TypeError(f"using must be an alias, a list of aliases or '__all__', not {using!r}")
    unknown = sorted(set(aliases) - set(connections.settings))
    if unknown:
        known = ", ".join(sorted(connections.settings))
        raise ValueError(f"Unknown database alias {', '.join(unknown)} (known: {known})")
    return frozenset(aliases)


def _dispatch(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict):
    logs = _active.get()
    if _global:
        logs = logs + tuple(log for log in _global if log not in logs)
    if not logs:
        return execute(sql, params, many, context)
    alias = context["connection"].alias
    is_transaction = _TRANSACTION.match(sql) is not None
    targets = [
        log
        for log in logs
        if alias in log.aliases and (log.include_transactions or not is_transaction)
    ]
    if not targets:
        return execute(sql, params, many, context)
    stack = any(log.stacks for log in targets)
    forbidding = [log for log in targets if log.forbid]
    if forbidding:
        # Raised before the query runs; only the forbidding logs keep it, as it never ran.
        query = CapturedQuery.record(sql, params, alias, 0.0, many, stack=stack)
        for log in forbidding:
            log.queries.append(query)
        raise QueryBudgetExceeded.forbidden(query)
    start = perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        query = CapturedQuery.record(sql, params, alias, perf_counter() - start, many, stack=stack)
        for log in targets:
            log.queries.append(query)


def _install(connection: BaseDatabaseWrapper) -> None:
    # Not ``connection.execute_wrapper()``: its exit pops the *last* wrapper, which is
    # wrong when captures start and stop out of order (middleware, nested async requests).
    # First in the list means outermost, so other wrappers' append/pop stay balanced.
    if _dispatch not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _dispatch)


def _on_connection_created(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    # A connection opened in another thread (a thread pool, sync_to_async) gets the
    # wrapper too; when no capture is active it costs one context-variable lookup.
    _install(connection)


class QueryCapture:
    """Start and stop a capture; a context manager yielding its :class:`QueryLog`."""

    def __init__(self, log: QueryLog) -> None:
        self.log = log

    def start(self) -> QueryLog:
        connection_created.connect(_on_connection_created, dispatch_uid="algoitny_capture")
        for alias in self.log.aliases:
            _install(connections[alias])
        # Set and filtered, not token-reset: a middleware may start in one context copy
        # (Django runs sync hooks of async middleware through sync_to_async) and stop in another.
        _active.set((*_active.get(), self.log))
        if self.log.threads:
            with _lock:
                _global.append(self.log)
        return self.log

    def stop(self) -> QueryLog:
        _active.set(tuple(log for log in _active.get() if log is not self.log))
        if self.log.threads:
            with _lock:
                if self.log in _global:
                    _global.remove(self.log)
        return self.log

    def __enter__(self) -> QueryLog:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, *exc_info: object) -> None:
        self.stop()


def capture_queries(
    using: str | Iterable[str] | None = None,
    *,
    include_transactions: bool = False,
    threads: bool = False,
    stacks: bool = False,
) -> QueryCapture:
    """Record the queries run in the block on ``using`` (default database, a list, ``"__all__"``).

    SAVEPOINT/RELEASE/BEGIN/COMMIT are left out unless ``include_transactions``;
    ``threads=True`` also counts threads that did not inherit the caller's context;
    ``stacks=True`` keeps each query's whole stack, not only its origin.
    """
    log = QueryLog(
        resolve_aliases(using),
        include_transactions=include_transactions,
        threads=threads,
        stacks=stacks,
    )
    return QueryCapture(log)
