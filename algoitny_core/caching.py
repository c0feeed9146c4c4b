"""Cached API responses for the hottest reads, and their invalidation.

Three responses are cached (when ``ALGOITNY["CACHE_TIMEOUT"]`` is above 0): a published
problem's detail, a user's account stats and the first page of the public history list.
Each write that changes one of them deletes its key, twice: at once, and again when the
write's transaction commits, so that a request reading the old rows between the two
cannot leave them cached after the commit. Model saves and deletes reach here through
signals (``algoitny_core.signals``); the ``.update()`` paths of the tasks and managers call
the ``invalidate_*`` functions themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.db import transaction

from algoitny_core.conf import app_settings

T = TypeVar("T")
PREFIX = "algoitny:v1"
PUBLIC_HISTORY = f"{PREFIX}:history:public"
PUBLIC_HISTORY_VERSION = f"{PUBLIC_HISTORY}:version"


def cache() -> BaseCache:
    return caches[app_settings.CACHE_ALIAS]


def enabled() -> bool:
    return app_settings.CACHE_TIMEOUT > 0


def problem_key(pk: Any) -> str:
    return f"{PREFIX}:problem:{pk}"


def stats_key(user_pk: Any) -> str:
    return f"{PREFIX}:stats:{user_pk}"


def public_history_key(host: str) -> str:
    """The page's links are absolute, so it is cached per host; the version in the key is
    bumped by every change to a run, which retires every host's copy at once."""
    version = cache().get(PUBLIC_HISTORY_VERSION) or 0
    return f"{PUBLIC_HISTORY}:{version}:{host}"


def get(key: str) -> Any:
    """The cached value, or None (always None when caching is off)."""
    return cache().get(key) if enabled() else None


def set(key: str, value: Any) -> None:
    if enabled():
        cache().set(key, value, app_settings.CACHE_TIMEOUT)


def cached(key: str, build: Callable[[], T]) -> T:
    """``build()``'s value, from the cache when there."""
    value = get(key)
    if value is None:
        value = build()
        set(key, value)
    return value


def invalidate(keys: Iterable[str]) -> None:
    """Delete ``keys`` now and again once the current transaction (if any) commits."""
    keys = list(keys)
    if not keys or not enabled():
        return
    store = cache()
    store.delete_many(keys)
    transaction.on_commit(lambda: store.delete_many(keys))


def invalidate_problems(*pks: Any) -> None:
    invalidate(problem_key(pk) for pk in pks if pk is not None)


def invalidate_history(*user_pks: Any) -> None:
    """A run was written, changed or deleted: its owners' stats and the public first page."""
    invalidate(stats_key(pk) for pk in user_pks if pk is not None)
    if enabled():
        _bump_public_history()
        transaction.on_commit(_bump_public_history)


def _bump_public_history() -> None:
    store = cache()
    try:
        store.incr(PUBLIC_HISTORY_VERSION)
    except ValueError:  # no version yet: the first write starts one
        store.add(PUBLIC_HISTORY_VERSION, 1, None)
