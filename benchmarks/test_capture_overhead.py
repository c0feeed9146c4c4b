"""What ``capture_queries`` adds to each query, against Django's bare cursor on SQLite.

Run with ``python -m pytest benchmarks``; the overhead per query is
``(mean of a captured run - mean of the bare run) / QUERIES``. A benchmark, not a test:
nothing here asserts a time.
"""

from __future__ import annotations

import pytest
from django.db import connection

from algoitny_core.testing import capture_queries

QUERIES = 200

pytestmark = [pytest.mark.django_db, pytest.mark.benchmark(group="capture overhead")]


def _run(cursor) -> None:
    for _ in range(QUERIES):
        cursor.execute("SELECT %s", [1])


@pytest.fixture
def cursor():
    if connection.vendor != "sqlite":
        pytest.fail("this benchmark compares against SQLite's cursor; unset DATABASE_URL")
    with connection.cursor() as cursor:
        yield cursor


def test_bare_cursor(benchmark, cursor):
    benchmark.extra_info["queries"] = QUERIES
    benchmark(_run, cursor)


def test_capture_queries(benchmark, cursor):
    def captured() -> None:
        with capture_queries() as log:
            _run(cursor)
        assert log.count == QUERIES

    benchmark.extra_info["queries"] = QUERIES
    benchmark(captured)


def test_capture_queries_with_stacks(benchmark, cursor):
    def captured() -> None:
        with capture_queries(stacks=True) as log:
            _run(cursor)
        assert log.count == QUERIES

    benchmark.extra_info["queries"] = QUERIES
    benchmark(captured)
