"""Where the bench writes its rows: a throwaway test database, as the test runner makes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def throwaway_database() -> Iterator[str]:
    """Create, migrate and finally drop a test database for the default alias (SQLite in
    memory, or ``test_<name>`` on PostgreSQL): the bench never touches the real one."""
    old_name = connection.settings_dict["NAME"]
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield name
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
