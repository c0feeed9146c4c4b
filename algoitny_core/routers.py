"""``ReadReplicaRouter``: reads on replicas, writes on the primary, and a request's (or a
task's) reads back on the primary once it has written, so it always sees its own writes.

Settings::

    DATABASES = {"default": {...}, "replica": {...}}
    DATABASE_ROUTERS = ["algoitny_core.routers.ReadReplicaRouter"]
    ALGOITNY = {"READ_REPLICAS": ["replica"]}

The "wrote" flag lives in a context variable, so threads, ASGI requests and tasks each
keep their own: a request starts on the replicas; a Celery task reads what it is about
to write, so it stays on the primary throughout (receivers in ``algoitny_core.signals``).
"""

from __future__ import annotations

import contextvars
import random
from typing import Any

from django.db import DEFAULT_DB_ALIAS

from algoitny_core.conf import app_settings

_wrote: contextvars.ContextVar[bool] = contextvars.ContextVar("algoitny_wrote", default=False)


def use_replicas(**kwargs: Any) -> None:
    """Send this context's reads to the replicas until it writes (a request starts so)."""
    _wrote.set(False)


def use_primary(**kwargs: Any) -> None:
    """Send this context's reads to the primary (a task starts so)."""
    _wrote.set(True)


def pinned() -> bool:
    """Whether this request or task has written, and so reads from the primary."""
    return _wrote.get()


class ReadReplicaRouter:
    """Route reads to ``ALGOITNY["READ_REPLICAS"]`` (chosen at random per query) until the
    request writes; writes and migrations go to the primary (``default``)."""

    primary = DEFAULT_DB_ALIAS

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        replicas = app_settings.READ_REPLICAS
        if not replicas or _wrote.get():
            return self.primary
        return random.choice(replicas)

    def db_for_write(self, model: type, **hints: Any) -> str:
        _wrote.set(True)
        return self.primary

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # Replicas hold the primary's rows: objects read from any of them may be related.
        pool = {self.primary, *app_settings.READ_REPLICAS}
        if obj1._state.db in pool and obj2._state.db in pool:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # A replica follows the primary's schema by replication, never by migrate.
        return False if db in app_settings.READ_REPLICAS else None
