from __future__ import annotations

import threading

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.contrib.auth.models import User
from django.db import connection, connections, transaction

from algoitny_core.models import Problem
from algoitny_core.testing import capture_queries
from tests.testing.data import case_counts_naive, make_problems

pytestmark = pytest.mark.django_db


def test_counts_each_query_with_its_sql_and_alias():
    make_problems(2)
    with capture_queries() as log:
        case_counts_naive()
    assert log.count == 3
    assert [q.alias for q in log.queries] == ["default"] * 3
    assert 'FROM "algoitny_core_problem"' in log.queries[0].sql
    assert all(q.duration >= 0 for q in log.queries)


def test_origin_is_the_first_frame_outside_django():
    with capture_queries() as log:
        list(Problem.objects.all())  # the origin line
    [query] = log.queries
    assert query.origin.startswith("tests/testing/test_capture.py:")
    assert query.origin.endswith(" in test_origin_is_the_first_frame_outside_django")
    assert query.stack is None  # stacks are trimmed to the origin unless asked for


def test_origin_points_into_the_helper_that_ran_the_query():
    make_problems(2)
    with capture_queries() as log:
        case_counts_naive()
    assert {q.origin.split(":")[0] for q in log.queries} == {"tests/testing/data.py"}
    assert log.queries[1].origin.endswith("in <listcomp>") or "case_counts_naive" in (
        log.queries[1].origin
    )


def test_stacks_are_kept_when_asked_for():
    with capture_queries(stacks=True) as log:
        list(Problem.objects.all())
    [query] = log.queries
    assert query.stack is not None
    assert any(frame.name == "test_stacks_are_kept_when_asked_for" for frame in query.stack)


def test_duplicates_group_repeated_fingerprints_most_repeated_first():
    make_problems(3)
    with capture_queries() as log:
        case_counts_naive()
    [group] = log.duplicates()
    assert group.count == 3
    assert 'FROM "algoitny_core_testcase"' in group.fingerprint
    assert group.exact_duplicates == 0  # same shape, different problem ids
    assert [g.count for g in log.groups()] == [3, 1]
    assert log.fingerprints()[group.fingerprint] == 3


def test_exact_duplicates_are_counted():
    problem = Problem.objects.create(platform="baekjoon", problem_id="1")
    with capture_queries() as log:
        for _ in range(3):
            Problem.objects.get(pk=problem.pk)
    [group] = log.duplicates()
    assert group.exact_duplicates == 2


def test_savepoints_are_left_out_unless_asked_for():
    full_capture = capture_queries(include_transactions=True)
    with capture_queries() as plain, full_capture as full, transaction.atomic():
        Problem.objects.count()
    assert plain.count == 1
    assert full.count == 3  # SAVEPOINT, the query, RELEASE SAVEPOINT
    assert full.queries[0].sql.startswith("SAVEPOINT")
    assert full.queries[2].sql.startswith("RELEASE SAVEPOINT")


def test_captures_nest_and_each_counts_its_own_block():
    with capture_queries() as outer:
        Problem.objects.count()
        with capture_queries() as inner:
            Problem.objects.count()
    assert (outer.count, inner.count) == (2, 1)


def test_nothing_is_recorded_after_the_block():
    with capture_queries() as log:
        pass
    Problem.objects.count()
    assert log.count == 0


def test_using_takes_an_alias_a_list_or_all():
    assert capture_queries("default").log.aliases == {"default"}
    assert capture_queries(["default"]).log.aliases == {"default"}
    assert capture_queries("__all__").log.aliases == set(connections.settings)
    with capture_queries("__all__") as log:
        Problem.objects.count()
    assert log.count == 1


def test_unknown_alias_is_a_value_error_at_the_call():
    with pytest.raises(ValueError, match="Unknown database alias nowhere"):
        capture_queries("nowhere")
    with pytest.raises(ValueError, match="Unknown database alias other"):
        capture_queries(["default", "other"])


@pytest.mark.parametrize("using", [[], [1], 3])
def test_malformed_using_is_a_type_error(using):
    with pytest.raises(TypeError, match="using must be"):
        capture_queries(using)


def test_existing_execute_wrappers_keep_working_around_a_capture():
    seen = []

    def wrapper(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with capture_queries() as log:
        with connection.execute_wrapper(wrapper):
            Problem.objects.count()
        Problem.objects.count()
    assert (len(seen), log.count) == (1, 2)
    assert wrapper not in connection.execute_wrappers


def _count_and_close() -> int:
    try:
        return Problem.objects.count()
    finally:
        connections.close_all()  # this worker thread's own connection


def test_queries_in_sync_to_async_threads_count_for_the_caller():
    async def view() -> int:
        await sync_to_async(Problem.objects.count, thread_sensitive=True)()
        return await sync_to_async(_count_and_close, thread_sensitive=False)()

    with capture_queries() as log:
        async_to_sync(view)()
    assert log.count == 2


def _count_in_a_new_thread() -> None:
    def work() -> None:
        try:
            User.objects.count()
        finally:
            connections.close_all()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()


@pytest.mark.django_db(transaction=True)
def test_plain_threads_count_only_with_threads_true():
    with capture_queries() as context_only, capture_queries(threads=True) as everywhere:
        _count_in_a_new_thread()
        User.objects.count()
    assert context_only.count == 1
    assert everywhere.count == 2
    assert everywhere.queries[0].alias == "default"
