from __future__ import annotations

import contextlib

import pytest

from algoitny_core.models import Problem
from algoitny_core.testing import (
    QueryBudgetExceeded,
    assert_max_queries,
    assert_num_queries,
    capture_queries,
    forbid_queries,
)
from tests.testing import data

pytestmark = pytest.mark.django_db

# (make rows, naive code, fixed code, queries of the fixed code)
RELATIONS = {
    "reverse_fk": (data.make_problems, data.case_counts_naive, data.case_counts_prefetched, 2),
    "reverse_fk_annotate": (
        data.make_problems,
        data.case_counts_naive,
        data.case_counts_annotated,
        1,
    ),
    "fk": (data.make_histories, data.history_owners_naive, data.history_owners_joined, 1),
    "m2m": (data.make_members, data.group_names_naive, data.group_names_prefetched, 2),
}


@pytest.mark.parametrize("relation", RELATIONS)
def test_assert_num_queries_passes_on_the_fixed_code(relation):
    make, _, fixed, expected = RELATIONS[relation]
    make(5)
    with assert_num_queries(expected) as log:
        fixed()
    assert log.count == expected


@pytest.mark.parametrize("relation", RELATIONS)
def test_assert_num_queries_fails_on_the_n_plus_one(relation):
    make, naive, _, expected = RELATIONS[relation]
    make(5)
    with pytest.raises(QueryBudgetExceeded) as caught, assert_num_queries(expected):
        naive()
    assert (caught.value.budget, caught.value.actual) == (expected, 6)
    noun = "query" if expected == 1 else "queries"
    assert f"expected exactly {expected} {noun} on 'default', but 6 ran." in str(caught.value)


def test_assert_num_queries_fails_on_fewer_queries_too():
    expected = "expected exactly 2 queries on 'default', but 1"
    with pytest.raises(QueryBudgetExceeded, match=expected), assert_num_queries(2):
        Problem.objects.count()


@pytest.mark.parametrize("relation", RELATIONS)
def test_assert_max_queries_passes_at_or_under_the_budget(relation):
    make, _, fixed, expected = RELATIONS[relation]
    make(5)
    with assert_max_queries(expected):
        fixed()
    with assert_max_queries(expected + 1):
        fixed()


@pytest.mark.parametrize("relation", RELATIONS)
def test_assert_max_queries_fails_over_the_budget(relation):
    make, naive, _, _ = RELATIONS[relation]
    make(5)
    expected = "expected at most 5 queries on 'default', but 6"
    with pytest.raises(QueryBudgetExceeded, match=expected), assert_max_queries(5):
        naive()


def test_failure_message_lists_fingerprints_most_repeated_first_with_origins():
    data.make_problems(3)
    with pytest.raises(QueryBudgetExceeded) as caught, assert_max_queries(2):
        data.case_counts_naive()
    lines = str(caught.value).splitlines()
    assert lines[0] == "expected at most 2 queries on 'default', but 4 ran."
    assert lines[2] == "4 queries in 2 groups, most repeated first:"
    assert lines[3] == (
        '     3 x SELECT ... FROM "algoitny_core_testcase" '
        'WHERE "algoitny_core_testcase"."problem_id" = ? '
        'ORDER BY "algoitny_core_testcase"."created_at" ASC, "algoitny_core_testcase"."id" ASC'
    )
    assert lines[4].startswith("         at tests/testing/data.py:")
    assert lines[4].endswith(" (3 x)")
    assert lines[5].startswith('     1 x SELECT ... FROM "algoitny_core_problem" ORDER BY')


def test_failure_message_marks_exact_duplicates():
    problem = Problem.objects.create(platform="baekjoon", problem_id="1")
    with pytest.raises(QueryBudgetExceeded) as caught, assert_max_queries(1):
        [Problem.objects.get(pk=problem.pk) for _ in range(3)]
    assert "duplicate: 2 ran with the same SQL and parameters" in str(caught.value)


def test_an_error_in_the_block_is_not_hidden_by_the_count():
    with pytest.raises(ZeroDivisionError), assert_num_queries(0):
        Problem.objects.count() / 0


def test_forbid_queries_passes_without_queries():
    problems = list(Problem.objects.all())
    with forbid_queries():
        assert [p.pk for p in problems] == []


def test_forbid_queries_fails_at_the_query_before_it_runs():
    data.make_histories(1)
    history = data.SearchHistory.objects.get()
    with pytest.raises(QueryBudgetExceeded) as caught, forbid_queries():
        history.user  # noqa: B018  (a lazy foreign-key load)
    message = str(caught.value)
    assert message.startswith("Queries are forbidden in this block, but one ran on 'default':")
    assert 'FROM "auth_user"' in message
    assert "test_assertions.py" in message


def test_forbid_queries_fails_even_when_the_code_swallows_the_error():
    swallowed = contextlib.suppress(AssertionError)
    with pytest.raises(QueryBudgetExceeded, match="forbidden"), forbid_queries(), swallowed:
        Problem.objects.count()


def test_forbid_queries_allows_savepoints():
    from django.db import transaction

    with forbid_queries(), transaction.atomic():
        pass


@pytest.mark.parametrize(
    ("n", "error"),
    [(-1, ValueError), ("3", TypeError), (2.0, TypeError), (True, TypeError), (None, TypeError)],
)
@pytest.mark.parametrize("assertion", [assert_num_queries, assert_max_queries])
def test_a_bad_budget_fails_at_the_call(assertion, n, error):
    with pytest.raises(error, match="n must be a non-negative int"):
        assertion(n)


@pytest.mark.parametrize("assertion", [assert_num_queries, assert_max_queries])
def test_an_unknown_alias_fails_at_the_call(assertion):
    with pytest.raises(ValueError, match="Unknown database alias nope"):
        assertion(1, using="nope")
    with pytest.raises(ValueError, match="Unknown database alias nope"):
        forbid_queries(using="nope")


def test_a_forbidden_query_is_not_counted_by_an_outer_capture():
    with capture_queries() as outer:
        with pytest.raises(QueryBudgetExceeded), forbid_queries():
            Problem.objects.count()
        Problem.objects.exists()
    assert outer.count == 1
