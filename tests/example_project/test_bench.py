"""``manage.py bench`` at tiny sizes: every endpoint and task measured, optimized counts flat."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from example_project.demo.bench.endpoints import ENDPOINTS
from example_project.demo.bench.fetched import value_size, weigh_fetched
from example_project.demo.bench.tasks import TASKS

pytestmark = pytest.mark.django_db

SIZES = ("2", "5")


@pytest.fixture(scope="module")
def results(tmp_path_factory, django_db_setup, django_db_blocker):
    # One run for the module: the bench builds its rows in a transaction it rolls back.
    out = tmp_path_factory.mktemp("bench")
    with django_db_blocker.unblock():
        call_command(
            "bench",
            "--sizes",
            ",".join(SIZES),
            "--samples",
            "1",
            "--in-place",
            "--no-plot",
            "--out",
            str(out),
            stdout=io.StringIO(),
        )
    return json.loads((out / "bench.json").read_text()), (out / "bench.md").read_text()


def test_every_endpoint_and_task_is_measured_at_every_size(results):
    data, markdown = results
    assert set(data["endpoints"]) == {e.route for e in ENDPOINTS}
    assert set(data["tasks"]) == {t.name for t in TASKS}
    for item in [*data["endpoints"].values(), *data["tasks"].values()]:
        assert tuple(item["sizes"]) == SIZES
        assert item["label"] in markdown


def test_optimized_query_counts_do_not_grow_with_n(results):
    data, _ = results
    for route, endpoint in data["endpoints"].items():
        counts = {endpoint["sizes"][n]["optimized"]["queries"] for n in SIZES}
        assert len(counts) == 1, (route, counts)
    for name, task in data["tasks"].items():
        counts = {task["sizes"][n]["queries"] for n in SIZES}
        assert len(counts) == 1, (name, counts)


def test_the_naive_lists_grow_a_query_per_row(results):
    data, _ = results
    for route in ("problem-list", "history-list", "draft-problems"):
        naive = [data["endpoints"][route]["sizes"][n]["naive"]["queries"] for n in SIZES]
        assert naive == [int(n) + 1 for n in SIZES], route


def test_the_floor_reads_the_same_rows_in_one_query(results):
    data, _ = results
    for route in ("problem-list", "history-list", "job-list", "draft-problems"):
        for n in SIZES:
            measured = data["endpoints"][route]["sizes"][n]
            assert measured["floor"]["queries"] == 1
            assert measured["floor"]["db_rows"] == int(n)
            # The API may read more: the next page's first row, the token's row.
            assert measured["optimized"]["db_rows"] >= int(n)
            assert measured["optimized"]["response_bytes"] > measured["floor"]["response_bytes"] > 0


def test_the_tasks_did_their_work(results):
    data, _ = results
    outcomes = {name: task["sizes"]["5"]["outcome"] for name, task in data["tasks"].items()}
    assert outcomes["execute_code_task"]["result_summary"] == "AC (5/5)"
    assert outcomes["generate_outputs_task"]["ok"] is True
    assert outcomes["generate_script_task"]["status"] == "COMPLETED"
    assert outcomes["extract_problem_info_task"]["status"] == "COMPLETED"
    assert outcomes["generate_hints_task"]["error"] == ""


def test_fetched_bytes_are_the_sizes_of_the_values_returned():
    assert [value_size(v) for v in (None, "é", b"ab", True, 7, 1.5, [1])] == [0, 2, 2, 1, 8, 8, 3]
    with weigh_fetched(connection) as tally, connection.cursor() as cursor:
        cursor.execute("SELECT 'abc', 1, NULL UNION ALL SELECT 'de', 2, NULL")
        assert len(cursor.fetchall()) == 2
    assert (tally.rows, tally.bytes) == (2, 3 + 8 + 2 + 8)
    with connection.cursor() as cursor:  # outside the block: nothing more is weighed
        cursor.execute("SELECT 1")
        cursor.fetchone()
    assert tally.rows == 2
