"""Bytes fetched from the database: the sizes of the values the cursor returned.

An execute wrapper sees the SQL but not the rows, so the connection's cursors are wrapped
instead (``make_cursor`` is the one place Django builds them) and every row that a
``fetchone``/``fetchmany``/``fetchall`` or an iteration hands back is weighed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper


def value_size(value: Any) -> int:
    """A value's size as the driver hands it over: text and bytes by length (UTF-8),
    numbers as 8 bytes, NULL as nothing, decoded JSON and dates by their text form."""
    if value is None:
        return 0
    if isinstance(value, str):
        return len(value.encode())
    if isinstance(value, bytes | bytearray | memoryview):
        return len(value)
    if isinstance(value, bool):
        return 1
    if isinstance(value, int | float):
        return 8
    if isinstance(value, dict | list):  # PostgreSQL's jsonb arrives decoded
        return len(json.dumps(value).encode())
    return len(str(value).encode())


class Tally:
    """Rows and bytes fetched so far."""

    def __init__(self) -> None:
        self.rows = 0
        self.bytes = 0

    def add(self, rows: Iterable[Any]) -> None:
        for row in rows:
            self.rows += 1
            self.bytes += sum(value_size(v) for v in row)


class _WeighingCursor(CursorWrapper):
    tally: Tally

    def fetchone(self) -> Any:
        with self.db.wrap_database_errors:
            row = self.cursor.fetchone()
        if row is not None:
            self.tally.add([row])
        return row

    def fetchmany(self, size: int | None = None) -> Any:
        with self.db.wrap_database_errors:
            rows = self.cursor.fetchmany(size) if size is not None else self.cursor.fetchmany()
        self.tally.add(rows)
        return rows

    def fetchall(self) -> Any:
        with self.db.wrap_database_errors:
            rows = self.cursor.fetchall()
        self.tally.add(rows)
        return rows

    def __iter__(self) -> Iterator[Any]:
        with self.db.wrap_database_errors:
            for row in self.cursor:
                self.tally.add([row])
                yield row


@contextmanager
def weigh_fetched(connection: BaseDatabaseWrapper) -> Iterator[Tally]:
    """Count the rows and bytes every cursor of ``connection`` returns inside the block."""
    tally = Tally()

    def make(cursor: Any) -> CursorWrapper:
        wrapped = _WeighingCursor(cursor, connection)
        wrapped.tally = tally
        return wrapped

    # Instance attributes shadow the methods; debug cursors are weighed the same way.
    connection.make_cursor = make  # type: ignore[method-assign]
    connection.make_debug_cursor = make  # type: ignore[method-assign]
    try:
        yield tally
    finally:
        del connection.make_cursor
        del connection.make_debug_cursor
