"""One QuerySet per model; each model's manager is made from it with ``as_manager()``."""

from __future__ import annotations

from django.db.models import Value


def flag(value: bool) -> Value:
    """A boolean to filter on, compared with ``=`` so that SQLite can seek an index on it.

    For ``filter(flag_field=True)`` Django writes ``WHERE "flag_field"`` (and ``NOT ...``),
    which SQLite's planner never matches to an index column: it scans the table instead.
    """
    return Value(value)
